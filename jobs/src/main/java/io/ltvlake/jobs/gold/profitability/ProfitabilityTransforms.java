package io.ltvlake.jobs.gold.profitability;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ConformTransforms;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Customer profitability and the non-target flag (DESIGN §4 "Cycles and triggers"). */
public final class ProfitabilityTransforms {

    /** Days in an average month (365.25 / 12), for deals a month. */
    static final double DAYS_PER_MONTH = 30.4375;
    private static final String MONEY = ConformTransforms.MONEY;

    private static final StructType AS_OF_DATES = new StructType().add("as_of_date", "date", false);

    private ProfitabilityTransforms() {}

    /**
     * One row per customer with a deal up to {@code asOf} ({@code gold.customer_profitability}).
     * Input: {@code gold.deals} ({@code customer_key, opened_date, revenue, margin}; margin is null
     * when a deal's cost is unknown). The rules, in order: {@code low_average_check} when the rule is
     * on, the average check is below {@code targeting.min-average-check} and the customer makes at
     * least {@code targeting.min-deals-per-month}; {@code negative_margin} when that rule is on, the
     * margin of every deal in the lookback is known and the margin after the cost to serve is below 0.
     */
    public static Dataset<Row> customerProfitability(Dataset<Row> deals, LocalDate asOf, TargetingConfig targeting) {
        return customerProfitability(deals, List.of(asOf), targeting);
    }

    /**
     * {@code customerProfitability} as of several dates in one pass: one row per {@code as_of_date} and customer with a
     * deal up to it, each date measured from the deals opened up to that date only. RFM flags the non-target customers
     * of each snapshot it scores with it, so a month end's segment is the one its own night would have written.
     */
    public static Dataset<Row> customerProfitability(Dataset<Row> deals, List<LocalDate> asOfDates, TargetingConfig targeting) {
        Dataset<Row> dates = deals.sparkSession().createDataFrame(asOfDates.stream().distinct()
                .map(d -> RowFactory.create(java.sql.Date.valueOf(d))).toList(), AS_OF_DATES);
        Column asOf = col("as_of_date");
        Column inLookback = col("opened_date").gt(date_sub(asOf, targeting.lookbackDays()));
        // the dates are a handful: a broadcast range join, no shuffle of the deals
        Dataset<Row> perCustomer = deals.filter(col("customer_key").isNotNull())
                .join(broadcast(dates), col("opened_date").leq(asOf))
                .groupBy("as_of_date", "customer_key").agg(
                        count(lit(1)).as("deals"),
                        sum("revenue").cast(MONEY).as("revenue"),
                        min("opened_date").as("first_deal_date"),
                        count(when(inLookback, 1)).as("deals_in_lookback"),
                        coalesce(sum(when(inLookback, col("revenue"))), lit(0)).cast(MONEY).as("revenue_in_lookback"),
                        count(when(inLookback.and(col("margin").isNull()), 1)).as("__unknown_margins"),
                        sum(when(inLookback, col("margin"))).as("__margin"));
        // a customer of three weeks has been one for a month at least: one deal is then one a month, not more
        Column months = greatest(lit(1.0), least(lit(targeting.lookbackDays()),
                datediff(asOf, col("first_deal_date")).plus(1)).divide(DAYS_PER_MONTH));
        Dataset<Row> measured = perCustomer
                .withColumn("average_check", when(col("deals_in_lookback").gt(0),
                        col("revenue_in_lookback").divide(col("deals_in_lookback"))).cast(MONEY))
                .withColumn("deals_per_month", col("deals_in_lookback").divide(months))
                .withColumn("margin_in_lookback", when(col("deals_in_lookback").gt(0).and(col("__unknown_margins").equalTo(0)),
                        col("__margin")).cast(MONEY))
                .withColumn("margin_after_service", col("margin_in_lookback")
                        .minus(col("deals_in_lookback").multiply(lit(targeting.costToServePerDeal()))).cast(MONEY));
        Column lowCheck = targeting.averageCheckRule()
                ? coalesce(col("average_check").lt(lit(targeting.minAverageCheck()))
                        .and(col("deals_per_month").geq(targeting.minDealsPerMonth())), lit(false))
                : lit(false);
        Column negativeMargin = targeting.negativeMargin()
                ? coalesce(col("margin_after_service").lt(0), lit(false)) : lit(false);
        Column reason = when(lowCheck, lit(ProfitabilityTables.LOW_AVERAGE_CHECK))
                .when(negativeMargin, lit(ProfitabilityTables.NEGATIVE_MARGIN));
        return measured.withColumn("non_target_reason", reason)
                .select(asOf, col("customer_key"), col("deals"), col("revenue"), col("first_deal_date"),
                        col("deals_in_lookback"), col("revenue_in_lookback"), col("average_check"), col("deals_per_month"),
                        col("margin_in_lookback"), col("margin_after_service"),
                        col("non_target_reason").isNotNull().as("is_non_target"), col("non_target_reason"));
    }

    /**
     * {@code customerProfitability} rows with how each customer was acquired: {@code first_touch_channel}
     * and {@code acquisition_cost}, the CAC of that channel in the month of their first purchase. Input:
     * the customers' acquisitions ({@code customer_key, cohort_month, first_touch_channel}, as
     * {@code Acquisition.customers} gives them, the definition {@code gold.channel_cac} counts new customers
     * by) and {@code gold.channel_cac} ({@code acquisition_month, channel, cac}). A channel without ad cost
     * that month (direct, organic) has no CAC row, and its customers a null cost, never 0.
     */
    public static Dataset<Row> withAcquisitionCost(Dataset<Row> profitability, Dataset<Row> acquisitions, Dataset<Row> channelCac) {
        Dataset<Row> costs = channelCac.select(col("acquisition_month").as("cohort_month"), col("channel").as("first_touch_channel"),
                col("cac").as("acquisition_cost"));
        Dataset<Row> acquired = acquisitions.select("customer_key", "cohort_month", "first_touch_channel")
                .join(costs, new String[] {"cohort_month", "first_touch_channel"}, "left")
                .select("customer_key", "first_touch_channel", "acquisition_cost");
        return profitability.join(acquired, new String[] {"customer_key"}, "left");
    }
}
