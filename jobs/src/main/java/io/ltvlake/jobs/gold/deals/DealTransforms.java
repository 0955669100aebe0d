package io.ltvlake.jobs.gold.deals;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.common.spark.Rows;
import io.ltvlake.jobs.gold.deals.DealsTables.Deals;
import io.ltvlake.jobs.gold.deals.DealsTables.OrderDeals;
import io.ltvlake.jobs.silver.ConformTransforms;
import io.ltvlake.jobs.silver.SilverTables.Orders;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Deal deduplication, pure: which deal each purchase belongs to, and one row per deal. */
public final class DealTransforms {

    /** The kind of an order that is not part of any deal: cancelled, returned, no positive line or no customer. */
    public static final String NOT_A_DEAL = "not_a_deal";

    private static final String MONEY = ConformTransforms.MONEY;

    private DealTransforms() {}

    /**
     * Adds {@code deal_id}, {@code deal_seq}, {@code deal_job}, {@code deal_opened_at} and
     * {@code purchase_kind} to purchases (one row per order with {@code customer_key, source,
     * order_id, ordered_at, job, is_lead_magnet_order, has_main_product}). Only orders that count
     * belong here: completed purchases of a known customer. A customer's orders are sequenced
     * together on one executor; the deal id is the opening order's {@code source:order_id}.
     */
    public static Dataset<Row> assignDeals(Dataset<Row> purchases, Duration immediateWindow, Duration deferredWindow) {
        StructType input = purchases.schema();
        StructType output = input
                .add(OrderDeals.DEAL_ID, DataTypes.StringType, false)
                .add(OrderDeals.DEAL_SEQ, DataTypes.IntegerType, false)
                .add(OrderDeals.DEAL_JOB, DataTypes.StringType, false)
                .add(OrderDeals.DEAL_OPENED_AT, DataTypes.TimestampType, false)
                .add(OrderDeals.PURCHASE_KIND, DataTypes.StringType, false);
        int customer = input.fieldIndex(Orders.CUSTOMER_KEY);
        int source = input.fieldIndex(Orders.SOURCE);
        int orderId = input.fieldIndex(Orders.ORDER_ID);
        int orderedAt = input.fieldIndex(Orders.ORDERED_AT);
        int job = input.fieldIndex(OrderDeals.JOB);
        int leadMagnet = input.fieldIndex("is_lead_magnet_order");
        int mainProduct = input.fieldIndex("has_main_product");
        DealSequence rules = new DealSequence(immediateWindow.toSeconds(), deferredWindow.toSeconds());
        FlatMapGroupsFunction<String, Row, Row> perCustomer = (key, rows) -> {
            Map<String, Row> byOrder = new HashMap<>();
            List<DealSequence.Purchase> list = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                DealSequence.Purchase purchase = new DealSequence.Purchase(row.getString(source), row.getString(orderId),
                        row.getTimestamp(orderedAt).getTime() / 1000, row.getString(job), row.getBoolean(leadMagnet),
                        row.getBoolean(mainProduct));
                byOrder.put(purchase.source() + "\u0000" + purchase.orderId(), row);
                list.add(purchase);
            }
            List<Row> result = new ArrayList<>(list.size());
            for (DealSequence.Assignment a : rules.assign(list)) {
                Row row = byOrder.get(a.purchase().source() + "\u0000" + a.purchase().orderId());
                result.add(Rows.appended(row, a.dealId(), a.dealSeq(), a.dealJob(), new Timestamp(a.dealOpenedAt() * 1000),
                        a.purchaseKind()));
            }
            return result.iterator();
        };
        return purchases.filter(col(Orders.CUSTOMER_KEY).isNotNull())
                .groupByKey((MapFunction<Row, String>) row -> row.getString(customer), Encoders.STRING())
                .flatMapGroups(perCustomer, Encoders.row(output));
    }

    /**
     * Where each order's items sit in the price range of their category, for the deals' check
     * width, and which products it holds, for their check depth: {@code (source, order_id,
     * priced_items, price_position_total, product_ids)}. A product's price is its average selling
     * price; its position is 0 for the cheapest product of its category and 1 for the dearest (0.5
     * when the category has one product). The total is quantity-weighted.
     */
    public static Dataset<Row> orderPricePositions(Dataset<Row> orderLines) {
        Dataset<Row> revenueLines = orderLines.filter(col("is_revenue_line"));
        Dataset<Row> productPrices = revenueLines
                .withColumn("category", coalesce(col("category"), lit("")))
                .groupBy("source", "category", "product_id")
                .agg(org.apache.spark.sql.functions.avg("unit_price").as("average_price"));
        org.apache.spark.sql.expressions.WindowSpec inCategory = Window.partitionBy("source", "category");
        Dataset<Row> positions = productPrices
                .withColumn("__rank", org.apache.spark.sql.functions.rank().over(inCategory.orderBy("average_price")))
                .withColumn("__products", count(lit(1)).over(inCategory))
                .withColumn("price_position", when(col("__products").equalTo(1), lit(0.5))
                        .otherwise(col("__rank").minus(1).divide(col("__products").minus(1))))
                .select("source", "product_id", "price_position");
        return revenueLines.join(positions, new String[] {"source", "product_id"})
                .groupBy("source", "order_id")
                .agg(sum("quantity").cast("long").as("priced_items"),
                        sum(col("price_position").multiply(col("quantity"))).as("price_position_total"),
                        org.apache.spark.sql.functions.collect_set("product_id").as("product_ids"));
    }

    /**
     * One row per deal from the order→deal map: its customer, job and number, opening and
     * closing times, orders, immediate and deferred upsells (count and value), revenue (the
     * deal's check, upsells included), cost and margin when every order has a cost, check depth
     * ({@code check_depth}: distinct positions, i.e. products, over all the deal's orders, as the
     * method defines it), {@code units} (items: the sum of quantities) and check width
     * ({@code check_width}, the average price position of its items within their category), and
     * the manager and store of the opening order.
     */
    public static Dataset<Row> deals(Dataset<Row> orderDeals, Dataset<Row> pricePositions) {
        Column opening = col("purchase_kind").isin(DealsTables.FIRST, DealsTables.REPEAT);
        Column immediate = col("purchase_kind").equalTo(DealsTables.IMMEDIATE_UPSELL);
        Column deferred = col("purchase_kind").equalTo(DealsTables.DEFERRED_UPSELL);
        return orderDeals.join(pricePositions, new String[] {"source", "order_id"}, "left")
                .groupBy("deal_id")
                .agg(first("customer_key").as("customer_key"),
                        first("deal_job").as("job"),
                        first("deal_seq").as("deal_seq"),
                        min("ordered_at").as("opened_at"),
                        max("ordered_at").as("closed_at"),
                        min("order_date").as("opened_date"),
                        count(lit(1)).as("order_count"),
                        count(when(immediate, 1)).as("immediate_upsell_count"),
                        coalesce(sum(when(immediate, col("revenue"))), lit(0)).cast(MONEY).as("immediate_upsell_revenue"),
                        count(when(deferred, 1)).as("deferred_upsell_count"),
                        coalesce(sum(when(deferred, col("revenue"))), lit(0)).cast(MONEY).as("deferred_upsell_revenue"),
                        sum("revenue").cast(MONEY).as("revenue"),
                        when(count(when(col("order_cost").isNull(), 1)).equalTo(0), sum("order_cost")).cast(MONEY).as("cost"),
                        sum("item_count").cast("long").as("units"),
                        org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.array_distinct(
                                org.apache.spark.sql.functions.flatten(org.apache.spark.sql.functions.collect_list(
                                        coalesce(col("product_ids"), org.apache.spark.sql.functions.array())))))
                                .cast("long").as("check_depth"),
                        sum("price_position_total").divide(sum("priced_items")).as("check_width"),
                        max(when(opening, col("is_lead_magnet_order"))).as("is_lead_magnet_deal"),
                        max(when(opening, col("manager_id"))).as("manager_id"),
                        max(when(opening, col("store"))).as("store"))
                .withColumn("deal_kind", when(col("deal_seq").equalTo(1), lit(DealsTables.FIRST)).otherwise(lit(DealsTables.REPEAT)))
                .withColumn("margin", col("revenue").minus(col("cost")).cast(MONEY))
                .select("deal_id", "customer_key", "job", "deal_seq", "deal_kind", "opened_at", "closed_at", "opened_date",
                        "order_count", "immediate_upsell_count", "immediate_upsell_revenue", "deferred_upsell_count",
                        "deferred_upsell_revenue", "revenue", "cost", "margin", "check_depth", "units", "check_width",
                        "is_lead_magnet_deal", "manager_id", "store");
    }

    /**
     * The generator's truth against what the rules found: one row per (true kind, found kind)
     * with its order count. Orders outside any deal are {@value #NOT_A_DEAL}; the truth calls
     * those cancelled or returned.
     */
    public static Dataset<Row> purchaseKindConfusion(Dataset<Row> orders, Dataset<Row> orderDeals, Dataset<Row> truth) {
        Dataset<Row> found = orders.select(Orders.SOURCE, Orders.ORDER_ID)
                .join(orderDeals.select(OrderDeals.SOURCE, OrderDeals.ORDER_ID, OrderDeals.PURCHASE_KIND),
                        new String[] {OrderDeals.SOURCE, OrderDeals.ORDER_ID}, "left")
                .select(col(OrderDeals.ORDER_ID), coalesce(col(OrderDeals.PURCHASE_KIND), lit(NOT_A_DEAL)).as("found_kind"));
        return truth.select(col(OrderDeals.ORDER_ID), col(OrderDeals.PURCHASE_KIND).as("true_kind"))
                .join(found, new String[] {OrderDeals.ORDER_ID}, "full")
                .groupBy(coalesce(col("true_kind"), lit("missing_from_truth")).as("true_kind"),
                        coalesce(col("found_kind"), lit("missing_from_lake")).as("found_kind"))
                .agg(count(lit(1)).as("orders"))
                .orderBy("true_kind", "found_kind");
    }

    /** Whether a found kind is the right answer for a true kind. */
    public static boolean agrees(String trueKind, String foundKind) {
        if (trueKind.equals("cancelled") || trueKind.equals("returned")) {
            return foundKind.equals(NOT_A_DEAL);
        }
        return trueKind.equals(foundKind);
    }

    /** Orders that take part in deals: purchases (completed, with a positive line) of a known customer. */
    public static Column isDealCandidate() {
        return col(Orders.IS_PURCHASE).and(col(Orders.CUSTOMER_KEY).isNotNull());
    }

    /**
     * Per business month: what the raw export shows (every order, then the ones that count)
     * beside the deals behind them. Orders are counted in the month they were placed, deals in
     * the month they opened. {@code orders_per_deal} and {@code upsell_share} are over orders of
     * known customers, since only those can be grouped into deals; cancelled and returned orders
     * never count as purchases.
     */
    public static Dataset<Row> inflation(Dataset<Row> orders, Dataset<Row> orderDeals, Dataset<Row> deals) {
        Dataset<Row> exported = orders.groupBy(trunc(col(Orders.ORDER_DATE), "MM").as("month")).agg(
                count(lit(1)).as("exported_orders"),
                count(when(col(Orders.STATUS).isin("cancelled", "returned"), 1)).as("cancelled_or_returned_orders"),
                count(when(col(Orders.IS_PURCHASE), 1)).as("purchase_orders"),
                count(when(col(Orders.IS_PURCHASE).and(col(Orders.CUSTOMER_KEY).isNull()), 1)).as("anonymous_purchase_orders"),
                coalesce(sum(when(col(Orders.IS_PURCHASE), col(Orders.REVENUE))), lit(0)).cast(MONEY).as(Orders.REVENUE));
        Dataset<Row> grouped = orderDeals.groupBy(trunc(col(OrderDeals.ORDER_DATE), "MM").as("month")).agg(
                count(lit(1)).as("customer_purchase_orders"),
                count(when(col(OrderDeals.PURCHASE_KIND).equalTo(DealsTables.IMMEDIATE_UPSELL), 1)).as("immediate_upsell_orders"),
                count(when(col(OrderDeals.PURCHASE_KIND).equalTo(DealsTables.DEFERRED_UPSELL), 1)).as("deferred_upsell_orders"),
                sum(OrderDeals.REVENUE).as("__customer_revenue"));
        Dataset<Row> opened = deals.groupBy(trunc(col(Deals.OPENED_DATE), "MM").as("month")).agg(
                count(lit(1)).as("deals_opened"),
                count(when(col(Deals.DEAL_SEQ).equalTo(1), 1)).as("first_deals"),
                count(when(col(Deals.DEAL_SEQ).gt(1), 1)).as("repeat_deals"),
                avg(Deals.REVENUE).cast(MONEY).as("average_deal_check"));
        Column upsells = col("immediate_upsell_orders").plus(col("deferred_upsell_orders"));
        return exported.join(grouped, new String[] {"month"}, "full").join(opened, new String[] {"month"}, "full")
                .na().fill(0L, new String[] {"exported_orders", "cancelled_or_returned_orders", "purchase_orders",
                        "anonymous_purchase_orders", "customer_purchase_orders", "immediate_upsell_orders",
                        "deferred_upsell_orders", "deals_opened", "first_deals", "repeat_deals"})
                .withColumn("revenue", coalesce(col("revenue"), lit(0).cast(MONEY)))
                .withColumn("orders_per_deal", when(col("deals_opened").gt(0),
                        col("customer_purchase_orders").divide(col("deals_opened"))))
                .withColumn("upsell_share", when(col("customer_purchase_orders").gt(0),
                        upsells.divide(col("customer_purchase_orders"))))
                .withColumn("average_order_value", when(col("customer_purchase_orders").gt(0),
                        col("__customer_revenue").divide(col("customer_purchase_orders")).cast(MONEY)))
                .select("month", "exported_orders", "cancelled_or_returned_orders", "purchase_orders",
                        "anonymous_purchase_orders", "customer_purchase_orders", "deals_opened", "first_deals",
                        "repeat_deals", "immediate_upsell_orders", "deferred_upsell_orders", "upsell_share",
                        "orders_per_deal", "revenue", "average_order_value", "average_deal_check")
                .orderBy("month");
    }
}
