package io.ltvlake.jobs.gold.shared;

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
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The one definition of a non-target customer (DESIGN §4 "Cycles and triggers"): whose average check or margin is
 * below the profitable level. Shared by profitability, which writes the flag of its run date, and rfm, which flags
 * each snapshot it scores as of that snapshot's own date, so a month end's segment is the one its own night gave it.
 */
public final class NonTarget {

    /** The reasons, in the order the rules apply. */
    public static final String LOW_AVERAGE_CHECK = "low_average_check";
    public static final String NEGATIVE_MARGIN = "negative_margin";
    /** Days in an average month (365.25 / 12), for deals a month. */
    private static final double DAYS_PER_MONTH = 30.4375;
    private static final String MONEY = ConformTransforms.MONEY;
    private static final StructType AS_OF_DATES = new StructType().add("as_of_date", "date", false);

    /** The rule's settings ({@code targeting.*}); a minimum average check of 0 switches that rule off. */
    public record Rule(int lookbackDays, BigDecimal minAverageCheck, double minDealsPerMonth, boolean negativeMargin,
                       BigDecimal costToServePerDeal) {

        public boolean averageCheckRule() {
            return minAverageCheck.signum() > 0;
        }
    }

    private NonTarget() {}

    /**
     * One row per {@code as_of_date} and customer with a deal up to it, each date measured from the deals opened up to
     * that date only ({@code gold.customer_profitability} is its run date's rows). Input: {@code gold.deals}
     * ({@code customer_key, opened_date, revenue, margin}; margin is null when a deal's cost is unknown). The rules, in
     * order: {@code low_average_check} when the rule is on, the average check is below the rule's minimum and the
     * customer makes at least its deals a month; {@code negative_margin} when that rule is on, the margin of every deal
     * in the lookback is known and the margin after the cost to serve is below 0.
     */
    public static Dataset<Row> customerProfitability(Dataset<Row> deals, List<LocalDate> asOfDates, Rule targeting) {
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
        Column reason = when(lowCheck, lit(LOW_AVERAGE_CHECK))
                .when(negativeMargin, lit(NEGATIVE_MARGIN));
        return measured.withColumn("non_target_reason", reason)
                .select(asOf, col("customer_key"), col("deals"), col("revenue"), col("first_deal_date"),
                        col("deals_in_lookback"), col("revenue_in_lookback"), col("average_check"), col("deals_per_month"),
                        col("margin_in_lookback"), col("margin_after_service"),
                        col("non_target_reason").isNotNull().as("is_non_target"), col("non_target_reason"));
    }
}
