package io.ltvlake.jobs.gold.deals;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: DealsJob, DealInflationJob write them, everyone else reads them from here. */
public final class DealsTables {

    /** The purchase kinds of gold.order_deals; a deal's deal_kind in gold.deals is first or repeat. */
    public static final String FIRST = "first";
    public static final String REPEAT = "repeat";
    public static final String IMMEDIATE_UPSELL = "immediate_upsell";
    public static final String DEFERRED_UPSELL = "deferred_upsell";

    private DealsTables() {}

    public static final TableSpec ORDER_DEALS = TableSpec.of("gold.order_deals", "one row per purchase of a known customer",
            List.of("source", "order_id"),
            "The order-to-deal map: each purchase's deal (deal_id = the opening order's source:order_id, deal_seq, "
                    + "deal_job) and purchase_kind: first, repeat, immediate_upsell or deferred_upsell. Cancelled, returned and "
                    + "anonymous orders are not in deals.");

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
                    "revenue", "the deal's check: the opening order and all its upsells",
                    "check_depth", "distinct positions (products) in the deal's orders: the method's check depth",
                    "units", "items in the deal: the sum of quantities of its positive lines (was item_count)");

    public static final TableSpec DEAL_INFLATION = TableSpec.of("gold.deal_inflation", "one row per business month",
            List.of("month"),
            "Raw orders against deals per month: exported, cancelled/returned, purchase and anonymous orders; deals "
                    + "opened (first, repeat); immediate and deferred upsells; upsell_share, orders_per_deal, revenue, "
                    + "average order value against average deal check.");
}
