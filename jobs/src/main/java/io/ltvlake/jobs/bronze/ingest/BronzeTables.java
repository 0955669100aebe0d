package io.ltvlake.jobs.bronze.ingest;

import io.ltvlake.common.lake.Refresh;
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
                    + "and the fingerprint of its files and its folder's time, so unchanged days are neither read nor listed again.")
            .documented(
                    "source", "the source system (profile name)",
                    "entity", "the canonical entity: order_lines, calls, sessions, ad_costs or products",
                    "export_date", "the export day (landing folder date)",
                    "fingerprint", "hash of the day's file names, sizes and times: an unchanged day is not read again",
                    "file_count", "export files of the day for the entity",
                    "rows_read", "rows read from the files",
                    "rows_loaded", "rows loaded into bronze",
                    "rows_quarantined", "rows sent to quarantine.rejected_rows; rows_read = rows_loaded + rows_quarantined",
                    "run_date", "the run date of the ingest that read the day",
                    "ingested_at", "when that ingest ran (UTC)",
                    "previous_rows_read", "rows_read of the delivery this one replaced; null for a first delivery",
                    "is_shrink_accepted", "true when a re-delivery shrinking by more than ingest.max-shrink was applied with --accept-shrink",
                    "unknown_columns", "per export file, the file's columns no profile expression reads",
                    "folder_modified_at", "the export day folder's modification time when ingest last listed it (UTC), on file systems "
                            + "ingest.trust-folder-times names; a later night does not list the folder while its time stays the same. "
                            + "Null when unknown (object stores, a folder changed just before the listing, an audit older than the column): "
                            + "the folder is listed")
            .refreshed(Refresh.Kind.EXPORT_DAY, "a row per new or changed export day, replaced");

    /** The columns ingest adds to every bronze row: where it came from and when it was loaded. */
    public static final String[] LINEAGE_DOCS = {
            "_source", "the source system the export came from (its profile name)",
            "_source_file", "path of the export file the row was read from",
            "_source_row", "the row's number within its file (1 = first data row) for profiles with line-key = position; null otherwise",
            "_export_date", "the export day (landing folder date) the row was delivered in",
            "_export_month", "_export_date's month, yyyy-MM: the partition",
            "_ingested_at", "when ingest loaded the row (UTC)"};

    /** The canonical order-line columns, as bronze types them; silver.order_lines keeps them. */
    public static final String[] ORDER_LINE_DOCS = {
            "order_id", "the order's id in its source system",
            "ordered_at", "when the order was placed (UTC)",
            "product_id", "the product's id in its source's catalogue",
            "quantity", "units of the product on the line",
            "unit_price", "price of one unit, in the currency of the source",
            "customer_id", "the customer's id in the source's CRM, when it has one",
            "phone", "the customer's phone as exported",
            "email", "the customer's e-mail as exported",
            "client_id", "the web analytics cookie id that placed the order, when known",
            "status", "completed, cancelled or returned (completed when the export has no status)",
            "line_no", "the line's number within the order, when the source numbers lines",
            "product_name", "the product's name as exported",
            "category", "the product's category",
            "unit_cost", "cost of one unit, in the currency of the source; null when unknown",
            "manager_id", "the sales manager who took the order, when known",
            "guests", "number of guests the order served (restaurants), when known",
            "jtbd", "the CRM's job (JTBD) label for the order, when it has one",
            "store", "the store or outlet the order was placed in",
            "country", "the customer's country as exported",
            "updated_at", "when the source last changed the order (UTC): the latest version wins in silver",
            "marketing_consent", "true when the customer agreed to marketing messages on the order; missing or null = no"};

    /** The canonical call columns; silver.calls keeps them. */
    public static final String[] CALL_DOCS = {
            "call_id", "the call's id in the telephony system",
            "started_at", "when the call started (UTC)",
            "caller_phone", "the customer's phone (in silver normalised to E.164)",
            "direction", "in (the customer called) or out (the business called); null counts as in",
            "status", "answered or missed",
            "duration_s", "talk time in seconds",
            "wait_s", "seconds the caller waited before an answer or hanging up",
            "utm_source", "utm_source of the call tracking number or session",
            "utm_medium", "utm_medium of the call tracking",
            "utm_campaign", "utm_campaign of the call tracking",
            "landing_page", "the page the caller saw the number on, when tracked",
            "client_id", "the web analytics cookie id of the caller, when tracked",
            "manager_id", "the manager who answered or made the call, when known"};

    /** The canonical web session columns; silver.sessions keeps them. */
    public static final String[] SESSION_DOCS = {
            "session_id", "the session's id in web analytics",
            "started_at", "when the session started (UTC)",
            "client_id", "the web analytics cookie id",
            "customer_id", "the customer's CRM id when the visitor logged in",
            "email", "an e-mail the visitor left in the session, when any",
            "phone", "a phone the visitor left in the session, when any",
            "utm_source", "the session's utm_source tag",
            "utm_medium", "the session's utm_medium tag",
            "utm_campaign", "the session's utm_campaign tag",
            "referrer", "the referring URL or host",
            "landing_page", "the session's first page",
            "marketing_consent", "true when the visitor agreed to marketing messages in the session; missing or null = no"};

    /** The canonical ad cost columns; silver.ad_costs keeps them. */
    public static final String[] AD_COST_DOCS = {
            "date", "the business day the cost was spent on",
            "utm_source", "the campaign's utm_source",
            "utm_medium", "the campaign's utm_medium",
            "utm_campaign", "the campaign's utm_campaign",
            "cost", "spend on the day, in the currency of the source",
            "impressions", "times the ads were shown on the day, when the export has them (the journey's reach); null otherwise"};

    /** The canonical product columns; silver.products keeps them. */
    public static final String[] PRODUCT_DOCS = {
            "product_id", "the product's id in its source's catalogue",
            "product_name", "the product's name",
            "category", "the product's category",
            "price_tier", "the product's price tier within its category, as exported",
            "role", "main, addon or lead_magnet: what the product does in a basket",
            "unit_price", "list price of one unit, in the currency of the source",
            "unit_cost", "cost of one unit, in the currency of the source; null when unknown"};

    /** The canonical message columns; silver.messages keeps them. */
    public static final String[] MESSAGE_DOCS = {
            "message_id", "the message's id in the CRM or e-mail service",
            "sent_at", "when it was sent (UTC); on a control row, when the person was held out",
            "channel", "email, sms, push, messenger or other",
            "campaign", "the campaign the message belongs to",
            "trigger", "the trigger that sent it, when a trigger did",
            "customer_id", "the recipient's id in the source, when exported",
            "email", "the recipient's e-mail address (personal data: bronze and silver only)",
            "phone", "the recipient's phone number (personal data: bronze and silver only)",
            "client_id", "the recipient's web analytics cookie id, when exported",
            "status", "sent, delivered, bounced or failed; empty on a control row",
            "opened_at", "when the recipient first opened it (UTC); null if never",
            "clicked_at", "when the recipient first clicked in it (UTC); null if never",
            "unsubscribed_at", "when the recipient unsubscribed through it (UTC); null if not",
            "is_control", "true for a person held out of the campaign: a row with no send",
            "cost", "the message's cost as exported; null when the export has none (messages.cost-per-channel applies)"};

    /** The bronze table of each canonical entity, by entity name (order_lines, calls, ...). */
    public static final Map<String, TableSpec> BY_ENTITY;

    static {
        Map<String, TableSpec> bronze = new LinkedHashMap<>();
        bronze.put("order_lines", TableSpec.of("bronze.order_lines",
                "one row per order line as exported: a re-exported order appears once per export, duplicates kept",
                List.of(), "Order lines from every source, typed to the canonical schema, with source file and export day.")
                .partitionedBy("_export_month").documented(ORDER_LINE_DOCS).documented(LINEAGE_DOCS));
        bronze.put("calls", TableSpec.of("bronze.calls", "one row per call as exported", List.of(),
                "Calls from telephony exports, typed, with source file and export day.").partitionedBy("_export_month")
                .documented(CALL_DOCS).documented(LINEAGE_DOCS));
        bronze.put("sessions", TableSpec.of("bronze.sessions", "one row per web session as exported", List.of(),
                "Web sessions (touches) with UTM tags, typed, with source file and export day.").partitionedBy("_export_month")
                .documented(SESSION_DOCS).documented(LINEAGE_DOCS));
        bronze.put("ad_costs", TableSpec.of("bronze.ad_costs", "one row per day and campaign as exported", List.of(),
                "Advertising costs by day, source, medium and campaign.").documented(AD_COST_DOCS).documented(LINEAGE_DOCS));
        bronze.put("products", TableSpec.of("bronze.products", "one row per product as exported", List.of(),
                "Product catalogue exports: category, price tier and role (main, addon, lead magnet).")
                .documented(PRODUCT_DOCS).documented(LINEAGE_DOCS));
        bronze.put("messages", TableSpec.of("bronze.messages", "one row per outbound message (or control row) as exported",
                List.of(), "Outbound CRM/ESP messages and control-group rows, typed, with source file and export day.")
                .partitionedBy("_export_month").documented(MESSAGE_DOCS).documented(LINEAGE_DOCS));
        bronze.replaceAll((entity, table) -> table.refreshed(Refresh.Kind.EXPORT_DAY,
                "only new or changed export days are read: each replaces its slice"));
        BY_ENTITY = Collections.unmodifiableMap(bronze);
    }
}
