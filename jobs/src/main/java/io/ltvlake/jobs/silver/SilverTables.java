package io.ltvlake.jobs.silver;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import java.util.List;

/** The tables of this silver layer, declared once: ConformJob writes them, everyone else reads them from here. */
public final class SilverTables {

    private SilverTables() {}

    /** The columns of silver.orders that other code names: a renamed column is a compile error there. */
    public static final class Orders {
        public static final String SOURCE = "source";
        public static final String ORDER_ID = "order_id";
        public static final String CUSTOMER_KEY = "customer_key";
        public static final String ORDERED_AT = "ordered_at";
        public static final String ORDER_DATE = "order_date";
        public static final String STATUS = "status";
        public static final String ITEM_COUNT = "item_count";
        public static final String ORDER_VALUE = "order_value";
        public static final String ORDER_COST = "order_cost";
        public static final String MANAGER_ID = "manager_id";
        public static final String STORE = "store";
        public static final String IS_PURCHASE = "is_purchase";
        public static final String REVENUE = "revenue";

        private Orders() {}
    }

    /** The columns of silver.customers that other code names. */
    public static final class Customers {
        public static final String CUSTOMER_KEY = "customer_key";
        public static final String FIRST_SEEN_AT = "first_seen_at";
        public static final String PHONE = "phone";
        public static final String EMAIL = "email";
        public static final String FIRST_ORDER_AT = "first_order_at";
        public static final String LAST_ORDER_AT = "last_order_at";
        public static final String PURCHASE_COUNT = "purchase_count";
        public static final String REVENUE = "revenue";
        public static final String IS_BUYER = "is_buyer";

        private Customers() {}
    }


    public static final TableSpec ORDER_LINES = TableSpec.of("silver.order_lines", "one row per order line of the latest version of each order",
            List.of("source", "order_id", "line_key"),
            "Order lines, deduplicated (latest export of an order wins, exact duplicates once unless the profile keys "
                    + "lines by position), with customer_key, "
                    + "line_value (positive quantity and price only) and the business-day order_date.")
            .documented(BronzeTables.ORDER_LINE_DOCS)
            .documented(
                    "source", "the source system (profile name); with order_id it names the order",
                    "line_key", "the line within the order: line_no, else the line's position or content (per profile)",
                    "order_date", "the business day of ordered_at (ltvlake.business-time-zone)",
                    "is_revenue_line", "true for a line with a positive quantity and price (a zero price too for the sources listed as selling at zero): only these count as sales",
                    "line_value", "quantity x unit_price of a revenue line, in the currency of the source; 0 otherwise",
                    "line_cost", "quantity x unit_cost of a revenue line, in the currency of the source; null when the cost is unknown",
                    "customer_key", "the customer (identity component) the order's identifiers belong to; null for anonymous orders")
            .check(Expectation.acceptedValues("status", "completed", "cancelled", "returned"))
            .check(Expectation.notNull("ordered_at", "order_date", "is_revenue_line"))
            .check(Expectation.expression("line_value_only_on_revenue_lines", "is_revenue_line or line_value = 0"))
            .check(Expectation.expression("line_value_non_negative", "line_value >= 0"))
            .refreshed(Refresh.Kind.BUSINESS_KEY,
                    "rewritten; only the business keys of the export days changed since the last run are conformed again");

    public static final TableSpec ORDERS = TableSpec.of("silver.orders", "one row per order", List.of("source", "order_id"),
            "Orders with status, items, order_value and revenue (purchases only: completed with a positive line), "
                    + "is_purchase, manager, CRM job label and customer_key; is_header_consistent is false where the order's "
                    + "lines disagree on its header (a warning counts them).")
            .documented(
                    "source", "the source system (profile name)",
                    "order_id", "the order's id in its source system",
                    "customer_key", "the customer (identity component); null for an anonymous order",
                    "customer_id", "the customer's id in the source's CRM, when it has one",
                    "phone", "the customer's phone in E.164 (personal data: silver only)",
                    "email", "the customer's e-mail, lower case (personal data: silver only)",
                    "client_id", "the web analytics cookie id that placed the order, when known",
                    "ordered_at", "when the order was placed (UTC)",
                    "order_date", "the business day of ordered_at",
                    "status", "completed, cancelled or returned",
                    "line_count", "lines of the order",
                    "item_count", "units on the order's revenue lines",
                    "category_count", "distinct categories on the order's revenue lines",
                    "order_value", "sum of line_value, in the currency of the source; 0 without revenue lines",
                    "order_cost", "sum of line_cost, in the currency of the source; null when a revenue line has no cost",
                    "manager_id", "the sales manager who took the order, when known",
                    "guests", "number of guests the order served, when known",
                    "jtbd", "the CRM's job (JTBD) label, when it has one",
                    "store", "the store or outlet",
                    "country", "the customer's country as exported",
                    "updated_at", "when the source last changed the order (UTC): the version kept",
                    "marketing_consent", "the latest consent to marketing messages on the order's lines; null when none was exported",
                    "is_purchase", "true for a completed order with a revenue line: a sale",
                    "revenue", "order_value of a purchase, 0 otherwise, in the currency of the source",
                    "is_header_consistent", "false when the order's lines disagree on a header field (customer_id, phone, email, "
                            + "client_id, status, manager_id, guests, jtbd, store, country, marketing_consent): each field then "
                            + "holds the smallest of its lines' values, the status completed only when every line says so")
            .check(Expectation.acceptedValues("status", "completed", "cancelled", "returned"))
            .check(Expectation.notNull("ordered_at", "order_date", "is_purchase", "revenue", "order_value"))
            .check(Expectation.expression("revenue_non_negative", "revenue >= 0"))
            .check(Expectation.expression("revenue_only_on_purchases", "revenue = if(is_purchase, order_value, 0)"))
            .check(Expectation.expression("purchases_are_completed", "not is_purchase or status = 'completed'"))
            .check(Expectation.expression("lines_agree_on_the_header", "is_header_consistent").warn())
            .refreshed(Refresh.Kind.BUSINESS_KEY,
                    "rewritten from silver.order_lines; only the orders of the lines conformed again are aggregated");

    public static final TableSpec CALLS = TableSpec.of("silver.calls", "one row per call", List.of("source", "call_id"),
            "Calls, latest export wins, caller_phone in E.164, with customer_key, the business-day call_date and the "
                    + "flags is_unique, is_target, is_missed, is_called_back and is_lost_lead (inbound calls; windows in "
                    + "ltvlake.calls).")
            .documented(BronzeTables.CALL_DOCS)
            .documented(
                    "source", "the telephony source (profile name); with call_id it names the call",
                    "call_date", "the business day of started_at",
                    "customer_key", "the customer (identity component) of the caller's phone",
                    "is_unique", "inbound, and no inbound call from the same number in the calls.uniqueness-days before it",
                    "is_target", "inbound, answered and at least calls.target-min-duration-s long: a lead",
                    "is_missed", "inbound and not answered",
                    "is_called_back", "missed, and an outbound call to the number started within calls.callback-hours",
                    "is_lost_lead", "missed, not called back, and no order of the caller within calls.lost-lead-days")
            .check(Expectation.acceptedValues("direction", "in", "out"))
            .check(Expectation.acceptedValues("status", "answered", "missed"))
            .check(Expectation.notNull("started_at", "call_date", "is_unique", "is_target", "is_missed", "is_called_back", "is_lost_lead"))
            .check(Expectation.expression("only_missed_calls_are_called_back_or_lost", "is_missed or not (is_called_back or is_lost_lead)"))
            .refreshed(Refresh.Kind.BUSINESS_KEY,
                    "rewritten; only the business keys of the export days changed since the last run are conformed again");

    public static final TableSpec SESSIONS = TableSpec.of("silver.sessions", "one row per web session", List.of("source", "session_id"),
            "Web sessions with UTM tags, latest export wins, contacts normalised, with customer_key.")
            .documented(BronzeTables.SESSION_DOCS)
            .documented(
                    "source", "the web analytics source (profile name); with session_id it names the session",
                    "session_date", "the business day of started_at",
                    "customer_key", "the customer (identity component) of the session's cookie and contacts")
            .check(Expectation.notNull("started_at", "session_date"))
            .refreshed(Refresh.Kind.BUSINESS_KEY,
                    "rewritten; only the business keys of the export days changed since the last run are conformed again");

    public static final TableSpec AD_COSTS = TableSpec.of("silver.ad_costs", "one row per source, day and campaign",
            List.of("source", "date", "utm_source", "utm_medium", "utm_campaign"), "Advertising costs, latest export wins.")
            // medium and campaign are optional in the export: a cost booked to a whole source is a row of its own
            .keyMayBeNull("utm_medium", "utm_campaign")
            .documented(BronzeTables.AD_COST_DOCS).documented("source", "the advertising source (profile name)")
            .refreshed(Refresh.Kind.BUSINESS_KEY);

    public static final TableSpec PRODUCTS = TableSpec.of("silver.products", "one row per product", List.of("source", "product_id"),
            "Product catalogue, latest export wins.")
            .documented(BronzeTables.PRODUCT_DOCS).documented("source", "the catalogue's source (profile name)")
            .refreshed(Refresh.Kind.BUSINESS_KEY);

    public static final TableSpec MESSAGES = TableSpec.of("silver.messages", "one row per outbound message or control row",
            List.of("source", "message_id"),
            "Outbound CRM/ESP messages (e-mail, SMS, push, messenger) and control-group rows (is_control: a person held "
                    + "out, nothing sent), latest export wins, contacts normalised, with customer_key (null when the "
                    + "message names no readable identifier), the business-day sent_date and sent_month.")
            .partitionedBy("sent_month")
            .documented(BronzeTables.MESSAGE_DOCS)
            .documented(
                    "source", "the CRM or e-mail service (profile name); with message_id it names the message",
                    "status", "sent, delivered, bounced or failed; null on a control row",
                    "customer_key", "the recipient (identity component); null when the message names no readable identifier",
                    "sent_date", "the business day of sent_at",
                    "sent_month", "yyyy-MM of sent_date: the table's partition")
            .refreshed(Refresh.Kind.BUSINESS_KEY,
                    "rewritten; only the business keys of the export days changed since the last run are conformed again");

    public static final TableSpec IDENTITY_MAP = TableSpec.of("silver.identity_map", "one row per identifier",
            List.of("identifier_type", "identifier_value"),
            "Every identifier (customer_id, phone, email, client_id) and the customer it belongs to: connected "
                    + "components over identifiers seen together on an order, call or session.")
            .documented(
                    "identifier_type", "customer_id, phone, email or client_id",
                    "identifier_value", "the identifier, normalised (phone in E.164, e-mail lower case; personal data: silver only)",
                    "customer_key", "the customer (identity component) the identifier belongs to",
                    "identifier_count", "identifiers of that customer")
            .check(Expectation.acceptedValues("identifier_type", "customer_id", "phone", "email", "client_id"))
            .check(Expectation.notNull("customer_key"))
            .refreshed(Refresh.Kind.CUSTOMER, "rewritten; only the components whose edges changed are labelled again");

    public static final TableSpec CUSTOMERS = TableSpec.of("silver.customers", "one row per customer (identity component)",
            List.of("customer_key"),
            "Customers with identifier counts, latest phone and e-mail (personal data: silver only), first/last "
                    + "activity, purchases and revenue, and marketing_consent: the latest opt-in given on an order or a session "
                    + "(false when never given), the latest unsubscribe, and is_contactable (consent and no unsubscribe), which every "
                    + "contact extract requires.")
            .documented(
                    "customer_key", "the customer: a stable key of the identity component",
                    "identifier_count", "identifiers of the customer in silver.identity_map, all types",
                    "phone_count", "distinct phones",
                    "email_count", "distinct e-mails",
                    "client_id_count", "distinct web analytics cookies",
                    "first_seen_at", "the customer's first order, call or session (UTC)",
                    "last_seen_at", "the customer's last order, call or session (UTC)",
                    "phone", "the latest phone seen, E.164 (personal data: silver only)",
                    "email", "the latest e-mail seen (personal data: silver only)",
                    "customer_id", "the smallest CRM customer id seen on the customer's activity",
                    "first_order_at", "the customer's first purchase (UTC); null for a non-buyer",
                    "last_order_at", "the customer's last purchase (UTC); null for a non-buyer",
                    "purchase_count", "purchases (completed orders with a revenue line)",
                    "revenue", "sum of the purchases' revenue, in the currency of the source",
                    "is_buyer", "true when purchase_count > 0",
                    "marketing_consent", "the latest opt-in given on an order or a session; false when never given",
                    "unsubscribed_at", "the latest unsubscribe from a message, any channel (UTC); null when none",
                    "is_contactable", "marketing_consent and never unsubscribed: every contact extract keeps only these people "
                            + "(ContactRule)")
            .check(Expectation.notNull("purchase_count", "revenue", "is_buyer", "is_contactable"))
            .check(Expectation.expression("revenue_non_negative", "revenue >= 0"))
            .check(Expectation.expression("buyers_have_purchases", "is_buyer = (purchase_count > 0)"))
            .check(Expectation.expression("identifiers_add_up", "identifier_count >= phone_count + email_count + client_id_count"))
            .refreshed(Refresh.Kind.CUSTOMER);
}
