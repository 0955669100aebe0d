package io.ltvlake.jobs.silver;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this silver layer, declared once: ConformJob writes them, everyone else reads them from here. */
public final class SilverTables {

    private SilverTables() {}

    public static final TableSpec ORDER_LINES = TableSpec.of("silver.order_lines", "one row per order line of the latest version of each order",
            List.of("source", "order_id", "line_key"),
            "Order lines, deduplicated (latest export of an order wins, exact duplicates once unless the profile keys "
                    + "lines by position), with customer_key, "
                    + "line_value (positive quantity and price only) and the business-day order_date.");

    public static final TableSpec ORDERS = TableSpec.of("silver.orders", "one row per order", List.of("source", "order_id"),
            "Orders with status, items, order_value and revenue (purchases only: completed with a positive line), "
                    + "is_purchase, manager, CRM job label and customer_key.");

    public static final TableSpec CALLS = TableSpec.of("silver.calls", "one row per call", List.of("source", "call_id"),
            "Calls, latest export wins, caller_phone in E.164, with customer_key, the business-day call_date and the "
                    + "flags is_unique, is_target, is_missed, is_called_back and is_lost_lead (inbound calls; windows in "
                    + "ltvlake.calls).");

    public static final TableSpec SESSIONS = TableSpec.of("silver.sessions", "one row per web session", List.of("source", "session_id"),
            "Web sessions with UTM tags, latest export wins, contacts normalised, with customer_key.");

    public static final TableSpec AD_COSTS = TableSpec.of("silver.ad_costs", "one row per source, day and campaign",
            List.of("source", "date", "utm_source", "utm_medium", "utm_campaign"), "Advertising costs, latest export wins.")
            // medium and campaign are optional in the export: a cost booked to a whole source is a row of its own
            .keyMayBeNull("utm_medium", "utm_campaign");

    public static final TableSpec PRODUCTS = TableSpec.of("silver.products", "one row per product", List.of("source", "product_id"),
            "Product catalogue, latest export wins.");

    public static final TableSpec IDENTITY_MAP = TableSpec.of("silver.identity_map", "one row per identifier",
            List.of("identifier_type", "identifier_value"),
            "Every identifier (customer_id, phone, email, client_id) and the customer it belongs to: connected "
                    + "components over identifiers seen together on an order, call or session.");

    public static final TableSpec CUSTOMERS = TableSpec.of("silver.customers", "one row per customer (identity component)",
            List.of("customer_key"),
            "Customers with identifier counts, latest phone and e-mail (personal data: silver only), first/last "
                    + "activity, purchases and revenue, and marketing_consent: the latest opt-in given on an order or a session "
                    + "(false when never given), which contact extracts require.");
}
