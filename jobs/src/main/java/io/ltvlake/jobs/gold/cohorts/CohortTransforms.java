package io.ltvlake.jobs.gold.cohorts;

import static org.apache.spark.sql.functions.bool_and;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Cohort LTV (DESIGN §4), pure. A customer's cohort is the business month of their first
 * purchase; they are active in a month with at least one purchase in it (upsells count). Every
 * measure exists per split: {@code all}, {@code first_touch_channel} and {@code first_job}, so
 * BI filters one {@code split_type} and reads the cohorts of each {@code split_value}.
 */
public final class CohortTransforms {

    public static final String SPLIT_ALL = "all";
    public static final String SPLIT_FIRST_TOUCH_CHANNEL = "first_touch_channel";
    public static final String SPLIT_FIRST_JOB = "first_job";
    public static final String BASIS_MARGIN = "margin";
    public static final String BASIS_REVENUE = "revenue";

    private static final String MONEY = ConformTransforms.MONEY;
    private static final String[] CELL = {"split_type", "split_value", "cohort_month", "months_since_acquisition"};

    private CohortTransforms() {}

    /**
     * One row per customer and month with a purchase: orders, deals opened (purchases of kind
     * first or repeat, so upsells are activity but not deals), revenue, and the cost when every
     * order of the month has one ({@code is_cost_known}).
     */
    public static Dataset<Row> customerMonths(Dataset<Row> purchases) {
        return purchases.groupBy(col("customer_key"), trunc(col("order_date"), "MM").as("activity_month")).agg(
                count(lit(1)).as("orders"),
                count(when(col("purchase_kind").isin(DealsTables.FIRST, DealsTables.REPEAT), 1)).as("deals"),
                sum("revenue").cast(MONEY).as("revenue"),
                count(col("order_cost")).equalTo(count(lit(1))).as("is_cost_known"),
                sum("order_cost").cast(MONEY).as("cost"));
    }

    /**
     * The cohort grid: one row per split, cohort month and month since acquisition (0 = the
     * cohort month) up to the run date's month, with cohort_customers, active_customers, orders,
     * deals, revenue, margin (null unless every order of the cell has a cost) and
     * {@code is_partial_month} (the run's month before its last day). Months without purchases
     * are rows with zeros, so every curve is complete.
     */
    public static Dataset<Row> cohortCells(Dataset<Row> customers, Dataset<Row> customerMonths, LocalDate runDate) {
        Date runMonth = Date.valueOf(runDate.withDayOfMonth(1));
        Dataset<Row> splits = customers.select(col("customer_key"), col("cohort_month"), lit(SPLIT_ALL).as("split_type"),
                        lit(SPLIT_ALL).as("split_value"))
                .unionByName(customers.select(col("customer_key"), col("cohort_month"),
                        lit(SPLIT_FIRST_TOUCH_CHANNEL).as("split_type"), col("first_touch_channel").as("split_value")))
                .unionByName(customers.select(col("customer_key"), col("cohort_month"), lit(SPLIT_FIRST_JOB).as("split_type"),
                        col("first_job").as("split_value")));
        Dataset<Row> grid = splits.groupBy("split_type", "split_value", "cohort_month")
                .agg(count(lit(1)).as("cohort_customers"))
                .withColumn("months_since_acquisition", explode(sequence(lit(0),
                        monthIndex(lit(runMonth)).minus(monthIndex(col("cohort_month"))))));
        Dataset<Row> activity = splits.join(customerMonths, "customer_key")
                .withColumn("months_since_acquisition", monthIndex(col("activity_month")).minus(monthIndex(col("cohort_month"))))
                .groupBy("split_type", "split_value", "cohort_month", "months_since_acquisition").agg(
                        count(lit(1)).as("active_customers"),
                        sum("orders").as("orders"),
                        sum("deals").as("deals"),
                        sum("revenue").cast(MONEY).as("revenue"),
                        bool_and(col("is_cost_known")).as("__cost_known"),
                        sum("cost").as("__cost"));
        Column activityMonth = expr("add_months(cohort_month, months_since_acquisition)");
        return grid.join(activity, CELL, "left")
                .withColumn("activity_month", activityMonth)
                .withColumn("is_partial_month", col("activity_month").equalTo(lit(runMonth))
                        .and(lit(Date.valueOf(runDate)).lt(last_day(lit(runMonth)))))
                .withColumn("active_customers", coalesce(col("active_customers"), lit(0L)))
                .withColumn("orders", coalesce(col("orders"), lit(0L)))
                .withColumn("deals", coalesce(col("deals"), lit(0L)))
                .withColumn("revenue", coalesce(col("revenue"), lit(0).cast(MONEY)))
                // a month without purchases has nothing whose cost is unknown: its margin is 0
                .withColumn("margin", when(coalesce(col("__cost_known"), lit(true)),
                        col("revenue").minus(coalesce(col("__cost"), lit(0))).cast(MONEY)))
                .select("split_type", "split_value", "cohort_month", "months_since_acquisition", "activity_month",
                        "is_partial_month", "cohort_customers", "active_customers", "orders", "deals", "revenue", "margin");
    }

    /** gold.cohort_retention: the cells with retention_percent = active customers / cohort size × 100. */
    public static Dataset<Row> retention(Dataset<Row> cells) {
        return cells.withColumn("retention_percent",
                        col("active_customers").multiply(100.0).divide(col("cohort_customers")))
                .select("split_type", "split_value", "cohort_month", "months_since_acquisition", "activity_month",
                        "is_partial_month", "cohort_customers", "active_customers", "retention_percent", "orders", "deals",
                        "revenue");
    }

    /**
     * gold.cohort_ltv: the LTV curve per split and cohort. Cumulative revenue (and per cohort
     * customer, rounded to cents) up to each month since acquisition; cumulative margin only while
     * every month so far has a known margin: leaving an unknown cost out would overstate it.
     */
    public static Dataset<Row> ltv(Dataset<Row> cells) {
        WindowSpec soFar = Window.partitionBy("split_type", "split_value", "cohort_month")
                .orderBy("months_since_acquisition").rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Column uncostedMonths = sum(when(col("margin").isNull(), 1).otherwise(0)).over(soFar);
        return cells
                .withColumn("cumulative_revenue", sum("revenue").over(soFar).cast(MONEY))
                .withColumn("cumulative_margin", when(uncostedMonths.equalTo(0), sum("margin").over(soFar)).cast(MONEY))
                .withColumn("cumulative_revenue_per_customer",
                        col("cumulative_revenue").divide(col("cohort_customers")).cast(MONEY))
                .withColumn("cumulative_margin_per_customer",
                        col("cumulative_margin").divide(col("cohort_customers")).cast(MONEY))
                .select("split_type", "split_value", "cohort_month", "months_since_acquisition", "activity_month",
                        "is_partial_month", "cohort_customers", "revenue", "margin", "cumulative_revenue",
                        "cumulative_revenue_per_customer", "cumulative_margin", "cumulative_margin_per_customer");
    }

    /**
     * gold.channel_cac: one row per paid channel and month with ad costs. CAC = the channel's ad
     * cost in the month / customers acquired in the month whose first touch was that channel (null
     * when there were none). LTV at n months = the first-touch cohort's cumulative revenue per
     * customer after n whole months counting the acquisition month (month since acquisition n - 1),
     * only once that month is complete; LTV/CAC divides it by the CAC. Payback month = the first
     * month since acquisition whose cumulative margin per customer (revenue when the cohort's
     * margin is not known for every month: {@code payback_basis}) reaches the CAC.
     *
     * @param costs ad-cost rows ({@code date}, {@code cost}) with {@code channel} from {@code ChannelRules.assign}
     * @param ltv   the output of {@link #ltv}
     */
    public static Dataset<Row> channelCac(Dataset<Row> costs, Dataset<Row> customers, Dataset<Row> ltv, LocalDate runDate) {
        String[] key = {"acquisition_month", "channel"};
        Dataset<Row> spend = costs.filter(col("date").leq(lit(Date.valueOf(runDate))))
                .groupBy(trunc(col("date"), "MM").as("acquisition_month"), col("channel"))
                .agg(sum("cost").cast(MONEY).as("ad_cost"));
        Dataset<Row> acquired = customers.groupBy(col("cohort_month").as("acquisition_month"),
                col("first_touch_channel").as("channel")).agg(count(lit(1)).as("new_customers"));
        Dataset<Row> curve = ltv.filter(col("split_type").equalTo(SPLIT_FIRST_TOUCH_CHANNEL)).select(
                col("cohort_month").as("acquisition_month"), col("split_value").as("channel"),
                col("months_since_acquisition"), col("is_partial_month"), col("cumulative_revenue_per_customer"),
                col("cumulative_margin_per_customer"));
        Dataset<Row> withCac = spend.join(acquired, key, "left")
                .withColumn("new_customers", coalesce(col("new_customers"), lit(0L)))
                .withColumn("cac", when(col("new_customers").gt(0), col("ad_cost").divide(col("new_customers"))).cast(MONEY));
        for (int months : new int[] {3, 6, 12}) {
            Dataset<Row> at = curve.filter(col("months_since_acquisition").equalTo(months - 1).and(col("is_partial_month").unary_$bang()))
                    .select(col("acquisition_month"), col("channel"), col("cumulative_revenue_per_customer").as("ltv_" + months + "_months"));
            withCac = withCac.join(at, key, "left").withColumn("ltv_to_cac_" + months + "_months",
                    when(col("cac").gt(0), col("ltv_" + months + "_months").divide(col("cac")).cast("double")));
        }
        Dataset<Row> basis = curve.groupBy(key[0], key[1]).agg(
                count(when(col("cumulative_margin_per_customer").isNull(), 1)).equalTo(0).as("__margin_known"));
        Column reached = when(col("payback_basis").equalTo(BASIS_MARGIN), col("cumulative_margin_per_customer"))
                .otherwise(col("cumulative_revenue_per_customer")).geq(col("cac"));
        Dataset<Row> payback = withCac.select(col("acquisition_month"), col("channel"), col("cac"))
                .join(basis, key, "left")
                .withColumn("payback_basis", when(col("cac").isNotNull(), when(col("__margin_known"), lit(BASIS_MARGIN))
                        .otherwise(lit(BASIS_REVENUE))))
                .join(curve, key, "left")
                .groupBy("acquisition_month", "channel", "payback_basis")
                .agg(min(when(reached, col("months_since_acquisition"))).as("payback_month"));
        return withCac.join(payback, key, "left").select("acquisition_month", "channel", "ad_cost", "new_customers", "cac",
                "ltv_3_months", "ltv_to_cac_3_months", "ltv_6_months", "ltv_to_cac_6_months", "ltv_12_months",
                "ltv_to_cac_12_months", "payback_month", "payback_basis");
    }

    private static Column monthIndex(Column date) {
        return year(date).multiply(12).plus(month(date));
    }
}
