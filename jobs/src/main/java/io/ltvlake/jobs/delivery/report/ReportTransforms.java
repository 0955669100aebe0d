package io.ltvlake.jobs.delivery.report;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.cohorts.CohortTransforms;
import io.ltvlake.jobs.silver.ConformTransforms;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelTransforms;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's aggregations over the gold marts, pure. Each gives a handful of rows (one per
 * cohort cell, segment, channel ...), small enough for the driver; the report job collects them
 * and {@link ReportPage} draws them. Everything is as of the run date: later months and snapshots
 * in the marts are left out.
 */
public final class ReportTransforms {

    private static final String MONEY = ConformTransforms.MONEY;

    /** Columns the channel section needs in gold.channel_conversions. */
    public static final List<String> CHANNEL_CONVERSION_COLUMNS = List.of("channel", "last_interaction_conversions",
            "assisted_conversions");
    /** Columns summed when present: conversions and values of the other attribution views. */
    static final List<String> CHANNEL_CONVERSION_OPTIONAL = List.of("first_interaction_conversions",
            "last_interaction_value", "assisted_value", "first_interaction_value");
    /** Columns the funnel section needs in gold.profit_funnel. */
    public static final List<String> PROFIT_FUNNEL_COLUMNS = List.of("month", "channel", "sessions", "leads", "deals",
            "first_deals_from_leads", "revenue");

    private ReportTransforms() {}

    /** The required columns that {@code table} lacks, in the order given. */
    public static List<String> missingColumns(Dataset<Row> table, List<String> required) {
        List<String> present = Arrays.asList(table.columns());
        return required.stream().filter(c -> !present.contains(c)).toList();
    }

    /**
     * The headline, one row over every month of gold.deal_inflation up to the run date: first and
     * last month, revenue (all purchases, anonymous ones too), purchase orders (the raw count),
     * purchase orders of known customers, deals opened and {@code orders_per_deal} (known
     * customers' orders per deal); and from gold.repeat_deal_metrics the customers with a first
     * deal, those with a second, and {@code repeat_rate} = second / first.
     */
    public static Dataset<Row> headline(Dataset<Row> dealInflation, Dataset<Row> repeatDealMetrics, LocalDate runDate) {
        Dataset<Row> months = dealInflation.filter(col("month").leq(lit(Date.valueOf(runDate)))).agg(
                min("month").as("first_month"),
                max("month").as("last_month"),
                coalesce(sum("revenue"), lit(0)).cast(MONEY).as("revenue"),
                coalesce(sum("purchase_orders"), lit(0L)).as("purchase_orders"),
                coalesce(sum("customer_purchase_orders"), lit(0L)).as("customer_purchase_orders"),
                coalesce(sum("deals_opened"), lit(0L)).as("deals"));
        Dataset<Row> customers = repeatDealMetrics.agg(
                coalesce(sum(when(col("deal_seq").equalTo(1), col("customers"))), lit(0L)).as("customers"),
                coalesce(sum(when(col("deal_seq").equalTo(2), col("customers"))), lit(0L)).as("repeat_customers"));
        return months.crossJoin(customers)
                .withColumn("orders_per_deal", when(col("deals").gt(0),
                        col("customer_purchase_orders").cast("double").divide(col("deals"))))
                .withColumn("repeat_rate", when(col("customers").gt(0),
                        col("repeat_customers").cast("double").divide(col("customers"))))
                .select("first_month", "last_month", "revenue", "purchase_orders", "customer_purchase_orders", "deals",
                        "orders_per_deal", "customers", "repeat_customers", "repeat_rate");
    }

    /** Raw purchase orders against deals opened for the latest {@code months} months up to the run date, oldest first. */
    public static Dataset<Row> ordersAgainstDeals(Dataset<Row> dealInflation, LocalDate runDate, int months) {
        LocalDate runMonth = runDate.withDayOfMonth(1);
        return dealInflation.filter(col("month").between(lit(Date.valueOf(runMonth.minusMonths(months - 1))),
                        lit(Date.valueOf(runDate))))
                .select("month", "purchase_orders", "customer_purchase_orders", "deals_opened")
                .orderBy("month");
    }

    /**
     * The retention heatmap: the plain cohorts (split {@code all}) of the latest {@code cohorts}
     * months up to the run month, for months since acquisition 0 .. {@code maxMonths}.
     */
    public static Dataset<Row> retention(Dataset<Row> cohortRetention, LocalDate runDate, int cohorts, int maxMonths) {
        LocalDate runMonth = runDate.withDayOfMonth(1);
        return cohortRetention.filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL)
                        .and(col("cohort_month").between(lit(Date.valueOf(runMonth.minusMonths(cohorts - 1))),
                                lit(Date.valueOf(runMonth))))
                        .and(col("months_since_acquisition").leq(maxMonths)))
                .select("cohort_month", "months_since_acquisition", "cohort_customers", "retention_percent",
                        "is_partial_month")
                .orderBy("cohort_month", "months_since_acquisition");
    }

    /**
     * LTV curves of the latest {@code cohorts} complete cohorts (those acquired before the run
     * month), plain split: cumulative revenue per cohort customer for each complete month since
     * acquisition up to {@code maxMonths}; the run month, still going, is left out.
     */
    public static Dataset<Row> ltvCurves(Dataset<Row> cohortLtv, LocalDate runDate, int cohorts, int maxMonths) {
        LocalDate runMonth = runDate.withDayOfMonth(1);
        return cohortLtv.filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL)
                        .and(col("cohort_month").between(lit(Date.valueOf(runMonth.minusMonths(cohorts))),
                                lit(Date.valueOf(runMonth.minusMonths(1)))))
                        .and(col("months_since_acquisition").leq(maxMonths))
                        .and(col("is_partial_month").unary_$bang()))
                .select("cohort_month", "months_since_acquisition", "cohort_customers", "cumulative_revenue_per_customer")
                .orderBy("cohort_month", "months_since_acquisition");
    }

    /**
     * The LTV curve per first-touch channel, all cohorts pooled: for month since acquisition m,
     * the cumulative revenue of every cohort that has completed month m, divided by those cohorts'
     * customers (so a large cohort weighs more than a small one). {@code cohorts} says how many
     * cohorts reached m.
     */
    public static Dataset<Row> ltvByChannel(Dataset<Row> cohortLtv, int maxMonths) {
        return cohortLtv.filter(col("split_type").equalTo(CohortTransforms.SPLIT_FIRST_TOUCH_CHANNEL)
                        .and(col("months_since_acquisition").leq(maxMonths))
                        .and(col("is_partial_month").unary_$bang()))
                .groupBy(col("split_value").as("channel"), col("months_since_acquisition"))
                .agg(org.apache.spark.sql.functions.count(lit(1)).as("cohorts"),
                        sum("cohort_customers").as("customers"),
                        sum("cumulative_revenue").as("__cumulative_revenue"))
                .withColumn("cumulative_revenue_per_customer",
                        col("__cumulative_revenue").divide(col("customers")).cast(MONEY))
                .select("channel", "months_since_acquisition", "cohorts", "customers", "cumulative_revenue_per_customer")
                .orderBy("channel", "months_since_acquisition");
    }

    /** The segments of the latest RFM snapshot up to the run date. */
    public static Dataset<Row> latestSegments(Dataset<Row> segmentSummary, LocalDate runDate) {
        Dataset<Row> upTo = segmentSummary.filter(col("snapshot_date").leq(lit(Date.valueOf(runDate))));
        return upTo.join(upTo.agg(max("snapshot_date").as("snapshot_date")), "snapshot_date")
                .select("snapshot_date", "segment", "segment_name", "customers", "customer_share", "revenue",
                        "revenue_share", "average_recency_days", "average_frequency", "average_monetary")
                .orderBy(col("customers").desc(), col("segment"));
    }

    /**
     * One JTBD migration matrix from gold.jtbd_migration: the transitions of {@code periodType}
     * (month or quarter) into the last period that is complete on the run date; when none is, the
     * latest that started by then (period-to-date).
     */
    public static Dataset<Row> jtbdTransitions(Dataset<Row> jtbdMigration, String periodType, LocalDate runDate) {
        int months = periodType.equals("quarter") ? 3 : 1;
        Dataset<Row> ofType = jtbdMigration.filter(col("period_type").equalTo(periodType)
                .and(col("to_period").leq(lit(Date.valueOf(runDate)))));
        Column complete = add_months(col("to_period"), months).leq(date_add(lit(Date.valueOf(runDate)), 1));
        Dataset<Row> chosen = ofType.agg(coalesce(max(when(complete, col("from_period"))), max("from_period")).as("from_period"));
        return ofType.join(chosen, "from_period")
                .select("period_type", "from_period", "to_period", "from_job", "to_job", "customers", "from_revenue",
                        "to_revenue");
    }

    /** The RFM segment migration between the last two month-end snapshots up to the run date. */
    public static Dataset<Row> rfmTransitions(Dataset<Row> rfmMigration, LocalDate runDate) {
        Dataset<Row> upTo = rfmMigration.filter(col("to_snapshot_date").leq(lit(Date.valueOf(runDate))));
        return upTo.join(upTo.agg(max("from_snapshot_date").as("from_snapshot_date")), "from_snapshot_date")
                .select("from_snapshot_date", "to_snapshot_date", "from_segment", "to_segment", "customers",
                        "from_monetary", "to_monetary");
    }

    /**
     * Assisted against last-interaction conversions per channel, summed over every period of
     * gold.channel_conversions up to the run date (monthly rows only, when the table has a
     * {@code period_type}), with {@code assisted_to_last_ratio} (null without last-interaction
     * conversions), the other views' sums where the table has them, and the first and last period.
     * Channels with neither kind of conversion are left out.
     */
    public static Dataset<Row> channelConversions(Dataset<Row> channelConversions, LocalDate runDate) {
        List<String> columns = Arrays.asList(channelConversions.columns());
        Dataset<Row> rows = channelConversions;
        if (columns.contains("period_type")) {
            rows = rows.filter(col("period_type").equalTo("month"));
        }
        if (columns.contains("period_start")) {
            rows = rows.filter(col("period_start").isNull().or(col("period_start").leq(lit(Date.valueOf(runDate)))));
        }
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(coalesce(sum("last_interaction_conversions"), lit(0)).cast("double").as("last_interaction_conversions"));
        aggregates.add(coalesce(sum("assisted_conversions"), lit(0)).cast("double").as("assisted_conversions"));
        for (String optional : CHANNEL_CONVERSION_OPTIONAL) {
            if (columns.contains(optional)) {
                Column total = sum(optional);
                aggregates.add((optional.endsWith("_value") ? total.cast(MONEY) : total.cast("double")).as(optional));
            } else {
                aggregates.add((optional.endsWith("_value") ? lit(null).cast(MONEY) : lit(null).cast("double")).as(optional));
            }
        }
        aggregates.add((columns.contains("period_start") ? min(col("period_start").cast("string")) : lit(null).cast("string")).as("first_period"));
        aggregates.add((columns.contains("period_start") ? max(col("period_start").cast("string")) : lit(null).cast("string")).as("last_period"));
        return rows.groupBy("channel").agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .filter(col("last_interaction_conversions").gt(0).or(col("assisted_conversions").gt(0)))
                .withColumn("assisted_to_last_ratio", when(col("last_interaction_conversions").gt(0),
                        col("assisted_conversions").divide(col("last_interaction_conversions"))))
                .orderBy(col("last_interaction_conversions").desc(), col("channel"));
    }

    /**
     * The profit funnel per channel for the last month of gold.profit_funnel that is complete on
     * the run date (the latest month up to it when none is): sessions, leads, deals and revenue.
     */
    public static Dataset<Row> profitFunnel(Dataset<Row> profitFunnel, LocalDate runDate) {
        // the funnel's own whole-month rows would count every channel twice
        Dataset<Row> months = profitFunnel.filter(col("channel").notEqual(lit(ProfitFunnelTransforms.ALL_CHANNELS)))
                .withColumn("month", trunc(col("month").cast("date"), "MM"))
                .filter(col("month").leq(lit(Date.valueOf(runDate))));
        Column complete = last_day(col("month")).leq(lit(Date.valueOf(runDate)));
        Dataset<Row> chosen = months.agg(coalesce(max(when(complete, col("month"))), max("month")).as("month"));
        return months.join(chosen, "month").groupBy("month", "channel").agg(
                        coalesce(sum("sessions"), lit(0)).cast("long").as("sessions"),
                        coalesce(sum("leads"), lit(0)).cast("long").as("leads"),
                        coalesce(sum("deals"), lit(0)).cast("long").as("deals"),
                        coalesce(sum("first_deals_from_leads"), lit(0)).cast("long").as("first_deals_from_leads"),
                        coalesce(sum("revenue"), lit(0)).cast(MONEY).as("revenue"))
                .orderBy(col("sessions").desc(), col("channel"));
    }
}
