package io.ltvlake.jobs.gold.deals;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;

/** The tables of this mart, declared once: DealsJob, DealInflationJob write them, everyone else reads them from here. */
public final class DealsTables {

    /** The purchase kinds of gold.order_deals; a deal's deal_kind in gold.deals is first or repeat. */
    public static final String FIRST = "first";
    public static final String REPEAT = "repeat";
    public static final String IMMEDIATE_UPSELL = "immediate_upsell";
    public static final String DEFERRED_UPSELL = "deferred_upsell";

    private DealsTables() {}

    /** The columns of gold.deals that other code names: a renamed column is a compile error there. */
    public static final class Deals {
        public static final String DEAL_ID = "deal_id";
        public static final String CUSTOMER_KEY = "customer_key";
        public static final String JOB = "job";
        public static final String DEAL_SEQ = "deal_seq";
        public static final String DEAL_KIND = "deal_kind";
        public static final String OPENED_AT = "opened_at";
        public static final String CLOSED_AT = "closed_at";
        public static final String OPENED_DATE = "opened_date";
        public static final String ORDER_COUNT = "order_count";
        public static final String IMMEDIATE_UPSELL_COUNT = "immediate_upsell_count";
        public static final String IMMEDIATE_UPSELL_REVENUE = "immediate_upsell_revenue";
        public static final String DEFERRED_UPSELL_COUNT = "deferred_upsell_count";
        public static final String DEFERRED_UPSELL_REVENUE = "deferred_upsell_revenue";
        public static final String REVENUE = "revenue";
        public static final String COST = "cost";
        public static final String MARGIN = "margin";
        public static final String UNITS = "units";
        public static final String CHECK_DEPTH = "check_depth";
        public static final String CHECK_WIDTH = "check_width";
        public static final String IS_LEAD_MAGNET_DEAL = "is_lead_magnet_deal";
        public static final String MANAGER_ID = "manager_id";
        public static final String STORE = "store";

        private Deals() {}
    }

    /** The columns of gold.order_deals that other code names. */
    public static final class OrderDeals {
        public static final String SOURCE = "source";
        public static final String ORDER_ID = "order_id";
        public static final String CUSTOMER_KEY = "customer_key";
        public static final String ORDERED_AT = "ordered_at";
        public static final String ORDER_DATE = "order_date";
        public static final String JOB = "job";
        public static final String JOB_SOURCE = "job_source";
        public static final String DEAL_ID = "deal_id";
        public static final String DEAL_SEQ = "deal_seq";
        public static final String DEAL_JOB = "deal_job";
        public static final String DEAL_OPENED_AT = "deal_opened_at";
        public static final String PURCHASE_KIND = "purchase_kind";
        public static final String REVENUE = "revenue";
        public static final String ORDER_COST = "order_cost";
        public static final String ITEM_COUNT = "item_count";
        public static final String IS_LEAD_MAGNET_ORDER = "is_lead_magnet_order";
        public static final String MANAGER_ID = "manager_id";
        public static final String STORE = "store";

        private OrderDeals() {}
    }


    public static final TableSpec DEALS = TableSpec.of("gold.deals", "one row per deal", List.of("deal_id"),
            "Deals: a customer's main purchase with its upsells. Job, deal_seq and deal_kind (first or repeat), opened_at/"
                    + "closed_at, orders, immediate and deferred upsells (count, revenue), revenue (the deal's check), "
                    + "cost and margin when known, check depth (check_depth: distinct products), units (items) and width "
                    + "(check_width: average price position of the items in their category, 0 cheapest .. 1 dearest).")
            .documented(
                    "deal_id", "source:order_id of the order that opened the deal",
                    "customer_key", "the customer (identity component)",
                    "job", "the job (JTBD) the deal serves",
                    "deal_seq", "1 for the customer's first deal, 2 for the second, ...",
                    "deal_kind", "first or repeat; upsells never open a deal",
                    "opened_at", "when the opening order was placed (UTC)",
                    "closed_at", "when the deal's last order was placed (UTC)",
                    "opened_date", "the business day the deal opened",
                    "order_count", "orders of the deal: the opening order and its upsells",
                    "immediate_upsell_count", "immediate upsells (within deals.immediate-window)",
                    "immediate_upsell_revenue", "their revenue, in the currency of the source",
                    "deferred_upsell_count", "deferred upsells (later, within deals.deferred-window)",
                    "deferred_upsell_revenue", "their revenue, in the currency of the source",
                    "revenue", "the deal's check: the opening order and all its upsells, in the currency of the source",
                    "cost", "the orders' cost; null when an order has no cost",
                    "margin", "revenue - cost; null when the cost is unknown",
                    "check_depth", "distinct positions (products) in the deal's orders: the method's check depth",
                    "units", "items in the deal: the sum of quantities of its positive lines (was item_count)",
                    "check_width", "average price position of the deal's items in their category, 0 cheapest .. 1 dearest",
                    "is_lead_magnet_deal", "the opening order holds lead-magnet products only",
                    "manager_id", "the opening order's manager",
                    "store", "the opening order's store")
            .check(Expectation.notNull("customer_key", "job", "deal_seq", "deal_kind", "opened_at", "closed_at", "opened_date", "revenue"))
            .check(Expectation.acceptedValues("deal_kind", FIRST, REPEAT))
            .check(Expectation.expression("orders_add_up", "order_count = immediate_upsell_count + deferred_upsell_count + 1"))
            .check(Expectation.expression("revenue_non_negative", "revenue >= 0"))
            .check(Expectation.expression("upsells_within_revenue", "immediate_upsell_revenue + deferred_upsell_revenue <= revenue"))
            .check(Expectation.expression("first_deal_is_number_one", "(deal_seq = 1) = (deal_kind = 'first')"))
            .check(Expectation.expression("closes_after_opening", "closed_at >= opened_at"))
            .check(Expectation.expression("check_width_is_a_share", "check_width between 0 and 1"))
            .check(Expectation.relationship("customer_key", SilverTables.CUSTOMERS, "customer_key"))
            .refreshed(Refresh.Kind.CUSTOMER, "rewritten; check_width ranks each product's average price in its category "
                    + "over every order, so one customer's new order can move other customers' deals");

    // declared after gold.deals, which its relationship check refers to
    public static final TableSpec ORDER_DEALS = TableSpec.of("gold.order_deals", "one row per purchase of a known customer",
            List.of("source", "order_id"),
            "The order-to-deal map: each purchase's deal (deal_id = the opening order's source:order_id, deal_seq, "
                    + "deal_job) and purchase_kind: first, repeat, immediate_upsell or deferred_upsell. Cancelled, returned and "
                    + "anonymous orders are not in deals.")
            .documented(
                    "source", "the source system (profile name)",
                    "order_id", "the order's id in its source",
                    "customer_key", "the customer (identity component); never null",
                    "ordered_at", "when the order was placed (UTC)",
                    "order_date", "the business day of ordered_at",
                    "job", "the order's own job (JTBD)",
                    "job_source", "crm, rule or default: where the order's job came from",
                    "deal_id", "the deal the order belongs to: source:order_id of its opening order",
                    "deal_seq", "the deal's number for the customer, 1 = first",
                    "deal_job", "the job of the deal (its opening order's)",
                    "deal_opened_at", "when the deal's opening order was placed (UTC)",
                    "purchase_kind", "first, repeat, immediate_upsell or deferred_upsell",
                    "revenue", "the order's revenue, in the currency of the source",
                    "order_cost", "the order's cost, in the currency of the source; null when a line has no cost",
                    "item_count", "units on the order's revenue lines",
                    "is_lead_magnet_order", "every revenue line is a lead-magnet product",
                    "manager_id", "the manager who took the order, when known",
                    "store", "the store or outlet")
            .check(Expectation.notNull("customer_key", "revenue", "deal_id", "deal_seq", "deal_job", "deal_opened_at", "purchase_kind"))
            .check(Expectation.acceptedValues("purchase_kind", FIRST, REPEAT, IMMEDIATE_UPSELL, DEFERRED_UPSELL))
            .check(Expectation.expression("revenue_non_negative", "revenue >= 0"))
            // a deal is named after its opening order, which is its first or repeat purchase; upsells join it
            .check(Expectation.expression("opening_order_names_the_deal",
                    "(purchase_kind in ('first', 'repeat')) = (deal_id = concat(source, ':', order_id))"))
            .check(Expectation.expression("upsells_follow_the_opening", "ordered_at >= deal_opened_at"))
            .check(Expectation.relationship("deal_id", DEALS, "deal_id"))
            .refreshed(Refresh.Kind.CUSTOMER);

    public static final TableSpec DEAL_INFLATION = TableSpec.of("gold.deal_inflation", "one row per business month",
            List.of("month"),
            "Raw orders against deals per month: exported, cancelled/returned, purchase and anonymous orders; deals "
                    + "opened (first, repeat); immediate and deferred upsells; upsell_share, orders_per_deal, revenue, "
                    + "average order value against average deal check.")
            .documented(
                    "month", "the business month (its first day)",
                    "exported_orders", "orders placed in the month, any status",
                    "cancelled_or_returned_orders", "orders cancelled or returned",
                    "purchase_orders", "purchases (completed with a revenue line)",
                    "anonymous_purchase_orders", "purchases without a known customer: in no deal",
                    "customer_purchase_orders", "purchases of known customers (gold.order_deals)",
                    "deals_opened", "deals opened in the month",
                    "first_deals", "deals with deal_seq 1",
                    "repeat_deals", "deals with deal_seq > 1",
                    "immediate_upsell_orders", "orders that were immediate upsells",
                    "deferred_upsell_orders", "orders that were deferred upsells",
                    "upsell_share", "upsell orders / customer_purchase_orders, 0-1",
                    "orders_per_deal", "customer_purchase_orders / deals_opened",
                    "revenue", "revenue of the month's purchases, in the currency of the source",
                    "average_order_value", "revenue of customer purchases / customer_purchase_orders",
                    "average_deal_check", "average revenue of the deals opened in the month")
            .check(Expectation.expression("purchases_add_up", "purchase_orders = anonymous_purchase_orders + customer_purchase_orders"))
            .check(Expectation.expression("deals_add_up", "deals_opened = first_deals + repeat_deals"))
            .check(Expectation.expression("upsell_share_is_a_share", "upsell_share between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);
}
