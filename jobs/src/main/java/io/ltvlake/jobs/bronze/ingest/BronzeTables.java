package io.ltvlake.jobs.bronze.ingest;

import io.ltvlake.common.lake.TableSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bronze tables, declared once: the ingest job writes them, conform reads them from here. */
public final class BronzeTables {

    private BronzeTables() {}

    public static final TableSpec AUDIT = TableSpec.of("bronze.ingest_audit",
            "one row per source, entity and export day", List.of("source", "entity", "export_date"),
            "What each ingest of an export day read, loaded and quarantined (read = loaded + quarantined), "
                    + "and the fingerprint of its files, so unchanged days are not read again.");

    /** The bronze table of each canonical entity, by entity name (order_lines, calls, ...). */
    public static final Map<String, TableSpec> BY_ENTITY;

    static {
        Map<String, TableSpec> bronze = new LinkedHashMap<>();
        bronze.put("order_lines", TableSpec.of("bronze.order_lines",
                "one row per order line as exported: a re-exported order appears once per export, duplicates kept",
                List.of(), "Order lines from every source, typed to the canonical schema, with source file and export day.")
                .partitionedBy("_export_month"));
        bronze.put("calls", TableSpec.of("bronze.calls", "one row per call as exported", List.of(),
                "Calls from telephony exports, typed, with source file and export day.").partitionedBy("_export_month"));
        bronze.put("sessions", TableSpec.of("bronze.sessions", "one row per web session as exported", List.of(),
                "Web sessions (touches) with UTM tags, typed, with source file and export day.").partitionedBy("_export_month"));
        bronze.put("ad_costs", TableSpec.of("bronze.ad_costs", "one row per day and campaign as exported", List.of(),
                "Advertising costs by day, source, medium and campaign."));
        bronze.put("products", TableSpec.of("bronze.products", "one row per product as exported", List.of(),
                "Product catalogue exports: category, price tier and role (main, addon, lead magnet)."));
        bronze.put("messages", TableSpec.of("bronze.messages", "one row per outbound message (or control row) as exported",
                List.of(), "Outbound CRM/ESP messages and control-group rows, typed, with source file and export day.")
                .partitionedBy("_export_month"));
        BY_ENTITY = Collections.unmodifiableMap(bronze);
    }
}
