package io.ltvlake.jobs.gold.deal_metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ConformTransforms;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** The repeat-deal mart, pure: metrics by deal number. */
public final class DealMetricsTransforms {

    private static final String MONEY = ConformTransforms.MONEY;

    private DealMetricsTransforms() {}

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
