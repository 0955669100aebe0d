package io.ltvlake.jobs.gold.deal_metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.deals.DealTransforms;
import io.ltvlake.jobs.silver.ConformTransforms;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** The deal marts, pure: raw orders against deals per month, and metrics by deal number. */
public final class DealMetricsTransforms {

    private static final String MONEY = ConformTransforms.MONEY;

    private DealMetricsTransforms() {}

    /**
     * Per business month: what the raw export shows (every order, then the ones that count)
     * beside the deals behind them. Orders are counted in the month they were placed, deals in
     * the month they opened. {@code orders_per_deal} and {@code upsell_share} are over orders of
     * known customers, since only those can be grouped into deals; cancelled and returned orders
     * never count as purchases.
     */
    public static Dataset<Row> inflation(Dataset<Row> orders, Dataset<Row> orderDeals, Dataset<Row> deals) {
        Dataset<Row> exported = orders.groupBy(trunc(col("order_date"), "MM").as("month")).agg(
                count(lit(1)).as("exported_orders"),
                count(when(col("status").isin("cancelled", "returned"), 1)).as("cancelled_or_returned_orders"),
                count(when(col("is_purchase"), 1)).as("purchase_orders"),
                count(when(col("is_purchase").and(col("customer_key").isNull()), 1)).as("anonymous_purchase_orders"),
                coalesce(sum(when(col("is_purchase"), col("revenue"))), lit(0)).cast(MONEY).as("revenue"));
        Dataset<Row> grouped = orderDeals.groupBy(trunc(col("order_date"), "MM").as("month")).agg(
                count(lit(1)).as("customer_purchase_orders"),
                count(when(col("purchase_kind").equalTo(DealTransforms.IMMEDIATE_UPSELL), 1)).as("immediate_upsell_orders"),
                count(when(col("purchase_kind").equalTo(DealTransforms.DEFERRED_UPSELL), 1)).as("deferred_upsell_orders"),
                sum("revenue").as("__customer_revenue"));
        Dataset<Row> opened = deals.groupBy(trunc(col("opened_date"), "MM").as("month")).agg(
                count(lit(1)).as("deals_opened"),
                count(when(col("deal_seq").equalTo(1), 1)).as("first_deals"),
                count(when(col("deal_seq").gt(1), 1)).as("repeat_deals"),
                avg("revenue").cast(MONEY).as("average_deal_check"));
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

    /**
     * One row per deal number (1 = first deal): how many customers got that far, the
     * conversion from the previous number, days since the previous deal opened (p25, median,
     * p75), the average check and its change from the previous number, revenue, and margin over
     * the deals whose orders all have costs.
     */
    public static Dataset<Row> repeatDealMetrics(Dataset<Row> deals) {
        Dataset<Row> withGap = deals.withColumn("__days_since_previous", datediff(col("opened_date"),
                lag(col("opened_date"), 1).over(Window.partitionBy("customer_key").orderBy("deal_seq"))));
        Dataset<Row> byNumber = withGap.groupBy("deal_seq").agg(
                count(lit(1)).as("customers"),
                sum("revenue").cast(MONEY).as("revenue"),
                avg("revenue").cast(MONEY).as("average_check"),
                expr("percentile(__days_since_previous, 0.25)").as("days_since_previous_p25"),
                expr("percentile(__days_since_previous, 0.5)").as("days_since_previous_median"),
                expr("percentile(__days_since_previous, 0.75)").as("days_since_previous_p75"),
                count(col("margin")).as("deals_with_cost"),
                sum("margin").cast(MONEY).as("margin"),
                avg("margin").cast(MONEY).as("margin_per_deal"));
        Dataset<Row> previous = byNumber.select(col("deal_seq").plus(1).as("deal_seq"),
                col("customers").as("__previous_customers"), col("average_check").as("__previous_check"));
        return byNumber.join(previous, new String[] {"deal_seq"}, "left")
                .withColumn("conversion_from_previous", col("customers").divide(col("__previous_customers")))
                .withColumn("average_check_change", col("average_check").minus(col("__previous_check")).cast(MONEY))
                .withColumn("average_check_change_percent", when(col("__previous_check").gt(0),
                        col("average_check").minus(col("__previous_check")).divide(col("__previous_check")).multiply(100).cast("double")))
                .select("deal_seq", "customers", "conversion_from_previous", "days_since_previous_p25",
                        "days_since_previous_median", "days_since_previous_p75", "average_check", "average_check_change",
                        "average_check_change_percent", "revenue", "deals_with_cost", "margin", "margin_per_deal")
                .orderBy("deal_seq");
    }
}
