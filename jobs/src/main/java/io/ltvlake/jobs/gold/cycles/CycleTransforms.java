package io.ltvlake.jobs.gold.cycles;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Purchase cycles (DESIGN §4 "Cycles and triggers"): pure transforms, as of a given date. */
public final class CycleTransforms {

    private CycleTransforms() {}

    /**
     * The deals known on {@code asOf}, once per job and once more under job {@code all}:
     * {@code customer_key, job, deal_id, deal_date}. Input: {@code gold.deals} ({@code deal_id,
     * customer_key, job, opened_date}); deals of unknown customers and deals opened after
     * {@code asOf} are left out, so any past date gives what was known then.
     */
    public static Dataset<Row> dealDates(Dataset<Row> deals, LocalDate asOf) {
        Dataset<Row> known = deals.filter(col("customer_key").isNotNull().and(col("opened_date").leq(lit(asOf))))
                .select(col("customer_key"), col("job"), col("deal_id"), col("opened_date").as("deal_date"));
        return known.unionByName(known.withColumn("job", lit(CyclesTables.ALL_JOBS)));
    }

    /**
     * Per customer and job, from {@link #dealDates}: deals, first and last deal date, and the
     * intervals between consecutive deal days (median, p25, p75, coefficient of variation), with
     * {@code has_cycle}. Deals on the same day count once for the intervals (under {@code all}, two
     * jobs bought the same day are one visit, not a zero-day cycle). With one deal day every interval
     * figure is null, never 0.
     */
    public static Dataset<Row> ownCycles(Dataset<Row> dealDates, CyclesConfig cycles) {
        Dataset<Row> days = dealDates.groupBy("customer_key", "job", "deal_date").agg(count(lit(1)).as("__deals"))
                .withColumn("__interval", datediff(col("deal_date"),
                        lag("deal_date", 1).over(Window.partitionBy("customer_key", "job").orderBy("deal_date"))));
        // one sorted list gives the three percentiles: three percentile aggregates keep three hash maps per group,
        // the costliest part of the job with a few intervals in each of hundreds of thousands of groups
        return days.groupBy("customer_key", "job").agg(
                        sum("__deals").as("deals"),
                        min("deal_date").as("first_deal_date"),
                        max("deal_date").as("last_deal_date"),
                        array_sort(collect_list("__interval")).as("__sorted"),
                        stddev_pop("__interval").divide(avg("__interval")).as("interval_variation"))
                .withColumn("interval_median_days", percentileOfSorted(col("__sorted"), 0.5))
                .withColumn("interval_p25_days", percentileOfSorted(col("__sorted"), 0.25))
                .withColumn("interval_p75_days", percentileOfSorted(col("__sorted"), 0.75))
                .withColumn("has_cycle", coalesce(size(col("__sorted")).geq(cycles.minDeals() - 1)
                        .and(col("interval_variation").leq(cycles.maxVariation())), lit(false)))
                .select("customer_key", "job", "deals", "first_deal_date", "last_deal_date", "interval_median_days",
                        "interval_p25_days", "interval_p75_days", "interval_variation", "has_cycle");
    }

    /**
     * Spark's exact {@code percentile} of an ascending array of whole numbers, null when it is empty: the value at
     * position {@code (n - 1) * p}, interpolated linearly between its neighbours, with the same arithmetic so the
     * doubles agree to the bit.
     */
    static Column percentileOfSorted(Column sorted, double percentage) {
        Column position = size(sorted).minus(1).cast("double").multiply(percentage);
        Column lower = floor(position);
        Column higher = ceil(position);
        Column lowerValue = element_at(sorted, lower.plus(1).cast("int")).cast("double");
        Column higherValue = element_at(sorted, higher.plus(1).cast("int")).cast("double");
        return when(size(sorted).equalTo(0), lit(null).cast("double"))
                .when(lower.equalTo(higher).or(lowerValue.equalTo(higherValue)), lowerValue)
                .otherwise(higher.cast("double").minus(position).multiply(lowerValue)
                        .plus(position.minus(lower.cast("double")).multiply(higherValue)));
    }

    /**
     * The customer-job pairs with a deal day on {@code day}: the only ones whose cycles and usual sessions as of
     * the day before differ from those as of {@code day}.
     */
    public static Dataset<Row> dealtOn(Dataset<Row> dealDates, LocalDate day) {
        return dealDates.filter(col("deal_date").equalTo(lit(day))).select("customer_key", "job").distinct();
    }

    /**
     * A per customer-and-job table as of the day before {@code asOf}, from the same table as of {@code asOf}:
     * its rows are the same for every pair without a deal on {@code asOf} ({@link #dealtOn}), and {@code compute}
     * gives the rows of those that have one from their deal dates before {@code asOf} (a pair whose first deal is
     * on {@code asOf} has none). So the day before costs the few pairs that bought on {@code asOf}.
     *
     * @param rowsAsOf      rows as of {@code asOf}, keyed by customer_key and job
     * @param dealDatesAsOf {@link #dealDates} as of {@code asOf}
     * @param compute       the table from deal dates ({@link #ownCycles}, {@link #usualSessionsBeforeDeals})
     */
    public static Dataset<Row> asOfDayBefore(Dataset<Row> rowsAsOf, Dataset<Row> dealDatesAsOf, LocalDate asOf,
                                             UnaryOperator<Dataset<Row>> compute) {
        Dataset<Row> dealt = broadcast(dealtOn(dealDatesAsOf, asOf));
        String[] pair = {"customer_key", "job"};
        Dataset<Row> recomputed = compute.apply(dealDatesAsOf.filter(col("deal_date").lt(lit(asOf))).join(dealt, pair, "left_semi"));
        return rowsAsOf.join(dealt, pair, "left_anti").unionByName(recomputed);
    }

    /**
     * Per job, from {@link #ownCycles}: customers, customers with an interval, the median, p25 and
     * p75 of their median intervals (each customer once, so frequent buyers do not outweigh the
     * rest), the share with a cycle of their own, and {@code is_norm}: enough customers with an
     * interval ({@code cycles.job-norm-min-customers}) for the median to stand in for others.
     */
    public static Dataset<Row> jobCycles(Dataset<Row> ownCycles, LocalDate asOf, CyclesConfig cycles) {
        return ownCycles.groupBy("job").agg(
                        count(lit(1)).as("customers"),
                        count("interval_median_days").as("customers_with_interval"),
                        expr("percentile(interval_median_days, 0.5)").as("interval_median_days"),
                        expr("percentile(interval_median_days, 0.25)").as("interval_p25_days"),
                        expr("percentile(interval_median_days, 0.75)").as("interval_p75_days"),
                        avg(when(col("has_cycle"), 1.0).otherwise(0.0)).as("cycle_share"))
                .withColumn("is_norm", col("customers_with_interval").geq(cycles.jobNormMinCustomers()))
                .select(lit(asOf).as("as_of_date"), col("job"), col("customers"), col("customers_with_interval"),
                        col("interval_median_days"), col("interval_p25_days"), col("interval_p75_days"), col("cycle_share"),
                        col("is_norm"));
    }

    /**
     * Per customer and job: sessions in the {@code windowDays} days up to {@code asOf}
     * ({@code sessions_in_window}), and the average number of sessions in the {@code windowDays}
     * days before each of the customer's deal days in the job ({@code usual_sessions_before_deal};
     * the deal day itself is not counted, so the deal's own visit does not inflate the norm).
     * Input: {@link #dealDates} and {@code silver.sessions} ({@code customer_key, session_date}).
     */
    public static Dataset<Row> prePurchaseSessions(Dataset<Row> dealDates, Dataset<Row> sessions, LocalDate asOf, int windowDays) {
        return sessionCounts(usualSessionsBeforeDeals(dealDates, sessions, windowDays), sessionsInWindow(sessions, asOf, windowDays));
    }

    /**
     * Per customer and job, {@code usual_sessions_before_deal} of {@link #prePurchaseSessions}: the average number
     * of sessions in the {@code windowDays} days before each deal day of {@code dealDates}. Sessions after the last
     * deal day never count, so it needs no as-of date.
     */
    public static Dataset<Row> usualSessionsBeforeDeals(Dataset<Row> dealDates, Dataset<Row> sessions, int windowDays) {
        Dataset<Row> visits = sessions.filter(col("customer_key").isNotNull())
                .select(col("customer_key").as("__visitor"), col("session_date"));
        Dataset<Row> dealDays = dealDates.select("customer_key", "job", "deal_date").distinct();
        return dealDays.join(visits, col("customer_key").equalTo(col("__visitor"))
                                .and(col("session_date").geq(date_sub(col("deal_date"), windowDays)))
                                .and(col("session_date").lt(col("deal_date"))), "left")
                .groupBy("customer_key", "job", "deal_date").agg(count("session_date").as("__before"))
                .groupBy("customer_key", "job").agg(avg("__before").as("usual_sessions_before_deal"));
    }

    /** Per known visitor ({@code __visitor}), {@code __now}: their sessions in the {@code windowDays} days up to {@code asOf}. */
    public static Dataset<Row> sessionsInWindow(Dataset<Row> sessions, LocalDate asOf, int windowDays) {
        return sessions.filter(col("customer_key").isNotNull().and(col("session_date").leq(lit(asOf)))
                        .and(col("session_date").gt(lit(asOf.minusDays(windowDays)))))
                .groupBy(col("customer_key").as("__visitor")).agg(count(lit(1)).as("__now"));
    }

    /** {@link #prePurchaseSessions} from its two parts: a customer without a session in the window has 0. */
    public static Dataset<Row> sessionCounts(Dataset<Row> usualSessionsBeforeDeals, Dataset<Row> sessionsInWindow) {
        return usualSessionsBeforeDeals.join(sessionsInWindow, col("customer_key").equalTo(col("__visitor")), "left")
                .select(col("customer_key"), col("job"), coalesce(col("__now"), lit(0L)).as("sessions_in_window"),
                        col("usual_sessions_before_deal"));
    }

    /**
     * gold.customer_cycles as of {@code asOf} and as of the day before ({@link #customerCycles} of each), from the
     * pairs' cycles and usual sessions as of {@code asOf}: the day before's are the same but for the pairs with a
     * deal on {@code asOf} ({@link #asOfDayBefore}), so the per-pair work is not done twice.
     *
     * @param own       {@link #ownCycles} as of {@code asOf}
     * @param jobCycles {@link #jobCycles} of {@code own}: the norms as of {@code asOf}, which the job also writes
     * @param usual     {@link #usualSessionsBeforeDeals} of the same deal dates; null without sessions
     * @param dealDates {@link #dealDates} as of {@code asOf}
     * @param sessions  silver.sessions of known customers; null without sessions (the session columns are null)
     */
    public static Dataset<Row> customerCyclesAndDayBefore(Dataset<Row> own, Dataset<Row> jobCycles, Dataset<Row> usual,
                                                          Dataset<Row> dealDates, Dataset<Row> sessions, LocalDate asOf,
                                                          CyclesConfig cycles) {
        LocalDate dayBefore = asOf.minusDays(1);
        int window = cycles.prePurchaseWindowDays();
        Dataset<Row> ownBefore = asOfDayBefore(own, dealDates, asOf, dates -> ownCycles(dates, cycles));
        Dataset<Row> countsBefore = sessions == null ? null : sessionCounts(asOfDayBefore(usual, dealDates, asOf,
                dates -> usualSessionsBeforeDeals(dates, sessions, window)), sessionsInWindow(sessions, dayBefore, window));
        Dataset<Row> counts = sessions == null ? null : sessionCounts(usual, sessionsInWindow(sessions, asOf, window));
        return customerCycles(ownBefore, jobCycles(ownBefore, dayBefore, cycles), countsBefore, dayBefore)
                .unionByName(customerCycles(own, jobCycles, counts, asOf));
    }

    /**
     * One row per customer and job as of {@code asOf} ({@code gold.customer_cycles}): the own
     * cycle, the interval used ({@code own} when the customer has a cycle, else the job's norm when
     * it is one, else {@code none}), expected next deal, days since the last deal, days overdue and
     * {@code overdue_cycles = (days since last deal - interval) / interval}, and the session counts
     * of {@link #prePurchaseSessions} ({@code sessionCounts} null: no sessions, null columns).
     */
    public static Dataset<Row> customerCycles(Dataset<Row> ownCycles, Dataset<Row> jobCycles, Dataset<Row> sessionCounts,
                                              LocalDate asOf) {
        Dataset<Row> norms = jobCycles.filter(col("is_norm"))
                .select(col("job").as("__norm_job"), col("interval_median_days").as("__norm_days"));
        Column interval = when(col("has_cycle"), col("interval_median_days")).otherwise(col("__norm_days"));
        Column daysSince = datediff(lit(asOf), col("last_deal_date"));
        Dataset<Row> cycles = ownCycles.join(broadcast(norms), col("job").equalTo(col("__norm_job")), "left")
                .withColumn("cycle_interval_days", interval)
                .withColumn("cycle_source", when(col("has_cycle"), lit(CyclesTables.OWN))
                        .when(col("__norm_days").isNotNull(), lit(CyclesTables.JOB_NORM)).otherwise(lit(CyclesTables.NONE)))
                .withColumn("expected_next_deal_date",
                        date_add(col("last_deal_date"), round(col("cycle_interval_days")).cast("int")))
                .withColumn("days_since_last_deal", daysSince)
                // greatest() skips nulls: without an expected date, days overdue stays null rather than 0
                .withColumn("days_overdue", when(col("expected_next_deal_date").isNotNull(),
                        greatest(lit(0), datediff(lit(asOf), col("expected_next_deal_date")))))
                .withColumn("overdue_cycles",
                        daysSince.minus(col("cycle_interval_days")).divide(col("cycle_interval_days")));
        Dataset<Row> withSessions = sessionCounts == null
                ? cycles.withColumn("sessions_in_window", lit(null).cast("long"))
                        .withColumn("usual_sessions_before_deal", lit(null).cast("double"))
                : cycles.join(sessionCounts, new String[] {"customer_key", "job"}, "left")
                        .withColumn("sessions_in_window", coalesce(col("sessions_in_window"), lit(0L)));
        return withSessions.select(lit(asOf).as("as_of_date"), col("customer_key"), col("job"), col("deals"),
                col("first_deal_date"), col("last_deal_date"), col("interval_median_days"), col("interval_p25_days"),
                col("interval_p75_days"), col("interval_variation"), col("has_cycle"), col("cycle_interval_days"),
                col("cycle_source"), col("expected_next_deal_date"), col("days_since_last_deal"), col("days_overdue"),
                col("overdue_cycles"), col("sessions_in_window"), col("usual_sessions_before_deal"));
    }
}
