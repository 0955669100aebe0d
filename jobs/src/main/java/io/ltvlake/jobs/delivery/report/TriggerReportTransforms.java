package io.ltvlake.jobs.delivery.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The small aggregates of the report's "Cycles and triggers" section. */
public final class TriggerReportTransforms {

    /** Days of trigger history the section counts, the run date included. */
    public static final int HISTORY_DAYS = 30;

    private TriggerReportTransforms() {}

    /**
     * Per trigger and job: events on {@code date} ({@code today}) and in the {@link #HISTORY_DAYS}
     * days up to it ({@code last_30_days}), from {@code gold.trigger_events}; sorted by trigger and job.
     */
    public static Dataset<Row> triggersFired(Dataset<Row> events, LocalDate date) {
        return events.filter(col("event_date").gt(lit(date.minusDays(HISTORY_DAYS))).and(col("event_date").leq(lit(date))))
                .groupBy("trigger", "job")
                .agg(count(when(col("event_date").equalTo(lit(date)), 1)).as("today"), count(lit(1)).as("last_30_days"))
                .orderBy("trigger", "job");
    }

    /**
     * One row: non-target customers' share of customers, of revenue (in the targeting lookback), and
     * of the people a contact list could reach (customers who are contactable: consent and no unsubscribe).
     * Input: {@code gold.customer_profitability} and {@code silver.customers} ({@code customer_key,
     * is_contactable}).
     */
    public static Dataset<Row> nonTargetShares(Dataset<Row> profitability, Dataset<Row> customers) {
        Column nonTarget = col("is_non_target");
        Column consent = coalesce(col("is_contactable"), lit(false));
        return profitability.join(customers.select("customer_key", "is_contactable"), new String[] {"customer_key"}, "left")
                .agg(count(lit(1)).as("customers"),
                        count(when(nonTarget, 1)).as("non_target_customers"),
                        sum(col("revenue_in_lookback")).as("revenue"),
                        sum(when(nonTarget, col("revenue_in_lookback"))).as("non_target_revenue"),
                        count(when(consent, 1)).as("contactable"),
                        count(when(consent.and(nonTarget), 1)).as("non_target_contactable"));
    }
}
