package io.ltvlake.jobs.gold.triggers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trigger conditions and the events of customers entering them (DESIGN §4 "Cycles and triggers").
 * A condition row is {@code as_of_date, customer_key, trigger, job} and the details of
 * {@code gold.trigger_events}; {@link #entered} keeps those that hold on the run date and did not
 * the day before.
 */
public final class TriggerTransforms {

    /** The job of the cycle rows that take all jobs together; cycle triggers speak of one job each. */
    static final String ALL_JOBS = "all";

    private TriggerTransforms() {}

    /**
     * The cycle conditions of the enabled triggers, over {@code gold.customer_cycles} rows (any as-of
     * dates; each row is judged as of its own date), per job (not {@code all}):
     * <ul>
     *   <li>{@code cycle_due}: an own cycle, expected next deal 0 .. within-days days away;</li>
     *   <li>{@code cycle_overdue}: an own cycle, {@code overdue_cycles >= cycles};</li>
     *   <li>{@code leaving}: an own cycle, in the buying window (at most
     *       {@code triggers.leavingDaysBeforeExpected()} days before the expected deal, or later), usually
     *       at least min-usual-visits sessions before a deal, and now at most visit-ratio of them;</li>
     *   <li>{@code second_deal_missing}: one deal, and more days since it than the job's norm.</li>
     * </ul>
     */
    public static Dataset<Row> cycleConditions(Dataset<Row> customerCycles, TriggersConfig triggers) {
        Dataset<Row> cycles = customerCycles.filter(col("job").notEqual(ALL_JOBS));
        Column own = col("cycle_source").equalTo("own");
        Column daysToExpected = datediff(col("expected_next_deal_date"), col("as_of_date"));
        List<Dataset<Row>> parts = new ArrayList<>();
        if (triggers.on(TriggersConfig.CYCLE_DUE)) {
            parts.add(condition(cycles, TriggersConfig.CYCLE_DUE,
                    own.and(daysToExpected.between(0, triggers.dueWithinDays()))));
        }
        if (triggers.on(TriggersConfig.CYCLE_OVERDUE)) {
            parts.add(condition(cycles, TriggersConfig.CYCLE_OVERDUE, own.and(col("overdue_cycles").geq(triggers.overdueCycles()))));
        }
        if (triggers.on(TriggersConfig.LEAVING)) {
            parts.add(condition(cycles, TriggersConfig.LEAVING, own.and(daysToExpected.leq(triggers.leavingDaysBeforeExpected()))
                    .and(col("usual_sessions_before_deal").geq(triggers.leavingMinUsualVisits()))
                    .and(col("sessions_in_window").leq(col("usual_sessions_before_deal").multiply(triggers.leavingVisitRatio())))));
        }
        if (triggers.on(TriggersConfig.SECOND_DEAL_MISSING)) {
            parts.add(condition(cycles, TriggersConfig.SECOND_DEAL_MISSING, col("deals").equalTo(1)
                    .and(col("cycle_source").equalTo("job_norm"))
                    .and(col("days_since_last_deal").gt(col("cycle_interval_days")))));
        }
        return union(parts, customerCycles);
    }

    private static Dataset<Row> condition(Dataset<Row> cycles, String trigger, Column holds) {
        return cycles.filter(coalesce(holds, lit(false))).select(col("as_of_date"), col("customer_key"), lit(trigger).as("trigger"),
                col("job"), col("cycle_interval_days"), col("expected_next_deal_date"), col("overdue_cycles"),
                col("sessions_in_window"), col("usual_sessions_before_deal"), lit(null).cast("string").as("segment"),
                lit(null).cast("double").as("probability_alive"));
    }

    private static Dataset<Row> union(List<Dataset<Row>> parts, Dataset<Row> any) {
        Dataset<Row> all = condition(any, "none", lit(false));
        for (Dataset<Row> part : parts) {
            all = all.unionByName(part);
        }
        return all;
    }

    /**
     * {@code rfm_entered:<segment>} conditions: the customer is in one of the configured segments,
     * from {@code gold.customer_rfm_daily} ({@code snapshot_date, customer_key, segment}); job {@code all}.
     */
    public static Dataset<Row> rfmConditions(Dataset<Row> rfmDaily, TriggersConfig triggers) {
        if (!triggers.on(TriggersConfig.RFM_ENTERED)) {
            return emptyLike(rfmDaily);
        }
        return rfmDaily.filter(col("segment").isin(triggers.rfmSegments().toArray()))
                .select(col("snapshot_date").as("as_of_date"), col("customer_key"),
                        concat(lit(TriggersConfig.RFM_ENTERED + ":"), col("segment")).as("trigger"), lit(ALL_JOBS).as("job"),
                        lit(null).cast("double").as("cycle_interval_days"), lit(null).cast("date").as("expected_next_deal_date"),
                        lit(null).cast("double").as("overdue_cycles"), lit(null).cast("long").as("sessions_in_window"),
                        lit(null).cast("double").as("usual_sessions_before_deal"), col("segment"),
                        lit(null).cast("double").as("probability_alive"));
    }

    /**
     * {@code p_alive_below} as of {@code date} and the day before, from {@code gold.customer_clv}
     * ({@code customer_key, repeat_purchases, time_of_last_purchase, age, probability_alive}, as of
     * {@code date}) and the scoring fit's BG/NBD {@code r, alpha, a, b}. The day before, the customer
     * was one day ({@code 1 / timeUnitDays} units) younger with the same history: P(alive) is the
     * closed form of BgNbd.Fit.probabilityAlive at that age. A customer whose last purchase was on
     * {@code date} has no such yesterday and counts as not below it then (today they are alive anyway).
     */
    public static Dataset<Row> aliveConditions(Dataset<Row> customerClv, Row fit, LocalDate date, double timeUnitDays,
                                               TriggersConfig triggers) {
        if (!triggers.on(TriggersConfig.P_ALIVE_BELOW) || fit == null) {
            return emptyLike(customerClv);
        }
        double r = fit.getAs("r");
        double alpha = fit.getAs("alpha");
        double a = fit.getAs("a");
        double b = fit.getAs("b");
        Column x = col("repeat_purchases");
        Column tx = col("time_of_last_purchase");
        Column ageYesterday = col("age").minus(1.0 / timeUnitDays);
        Column logOdds = lit(Math.log(a)).minus(log(x.plus(b - 1))).plus(x.plus(r)
                .multiply(log1p(ageYesterday.minus(tx).divide(tx.plus(alpha)))));
        Column aliveYesterday = when(ageYesterday.lt(tx), lit(null).cast("double"))
                .when(x.equalTo(0), lit(1.0)).otherwise(lit(1.0).divide(lit(1.0).plus(exp(logOdds))));
        Dataset<Row> today = customerClv.select(lit(date).as("as_of_date"), col("customer_key"), col("probability_alive"));
        Dataset<Row> yesterday = customerClv.select(lit(date.minusDays(1)).as("as_of_date"), col("customer_key"),
                aliveYesterday.as("probability_alive"));
        return today.unionByName(yesterday).filter(col("probability_alive").lt(triggers.aliveThreshold()))
                .select(col("as_of_date"), col("customer_key"), lit(TriggersConfig.P_ALIVE_BELOW).as("trigger"), lit(ALL_JOBS).as("job"),
                        lit(null).cast("double").as("cycle_interval_days"), lit(null).cast("date").as("expected_next_deal_date"),
                        lit(null).cast("double").as("overdue_cycles"), lit(null).cast("long").as("sessions_in_window"),
                        lit(null).cast("double").as("usual_sessions_before_deal"), lit(null).cast("string").as("segment"),
                        col("probability_alive"));
    }

    private static Dataset<Row> emptyLike(Dataset<Row> any) {
        return any.sparkSession().emptyDataFrame()
                .select(lit(null).cast("date").as("as_of_date"), lit(null).cast("string").as("customer_key"),
                        lit(null).cast("string").as("trigger"), lit(null).cast("string").as("job"),
                        lit(null).cast("double").as("cycle_interval_days"), lit(null).cast("date").as("expected_next_deal_date"),
                        lit(null).cast("double").as("overdue_cycles"), lit(null).cast("long").as("sessions_in_window"),
                        lit(null).cast("double").as("usual_sessions_before_deal"), lit(null).cast("string").as("segment"),
                        lit(null).cast("double").as("probability_alive"));
    }

    /**
     * The events of {@code date}: conditions holding on {@code date} whose (customer, trigger, job)
     * did not hold on the day before, with {@code is_non_target} from {@code nonTargetCustomers}
     * ({@code customer_key}); non-target customers are dropped unless their trigger is in
     * {@code triggers.includeNonTarget()} ({@code rfm_entered} covers every rfm_entered:&lt;segment&gt;).
     */
    public static Dataset<Row> entered(Dataset<Row> conditions, Dataset<Row> nonTargetCustomers, LocalDate date,
                                       TriggersConfig triggers) {
        Dataset<Row> yesterday = conditions.filter(col("as_of_date").equalTo(lit(date.minusDays(1))))
                .select(col("customer_key").as("__customer"), col("trigger").as("__trigger"), col("job").as("__job")).distinct();
        Dataset<Row> flagged = nonTargetCustomers.select(col("customer_key").as("__non_target")).distinct();
        Column family = when(col("trigger").startsWith(TriggersConfig.RFM_ENTERED + ":"), lit(TriggersConfig.RFM_ENTERED))
                .otherwise(col("trigger"));
        Column keepsNonTarget = family.isin(triggers.includeNonTarget().toArray());
        return conditions.filter(col("as_of_date").equalTo(lit(date)))
                .join(yesterday, col("customer_key").equalTo(col("__customer")).and(col("trigger").equalTo(col("__trigger")))
                        .and(col("job").equalTo(col("__job"))), "left_anti")
                .join(flagged, col("customer_key").equalTo(col("__non_target")), "left")
                .withColumn("is_non_target", col("__non_target").isNotNull())
                .filter(col("is_non_target").equalTo(false).or(keepsNonTarget))
                .select(col("as_of_date").as("event_date"), col("customer_key"), col("trigger"), col("job"),
                        col("cycle_interval_days"), col("expected_next_deal_date"), col("overdue_cycles"), col("sessions_in_window"),
                        col("usual_sessions_before_deal"), col("segment"), col("probability_alive"), col("is_non_target"));
    }

    /**
     * The events with {@code is_at_contact_cap}: the customer is in {@code peopleAtCap} (customer_key; those
     * with no room left under messages.max-per-week this week), so a contact list leaves them out while the
     * event itself is kept. Without messages nobody is at the cap: pass an empty {@code peopleAtCap}.
     */
    public static Dataset<Row> withContactCap(Dataset<Row> events, Dataset<Row> peopleAtCap) {
        Dataset<Row> capped = peopleAtCap.select(col("customer_key").as("__capped")).distinct();
        return events.join(capped, col("customer_key").equalTo(col("__capped")), "left")
                .withColumn("is_at_contact_cap", col("__capped").isNotNull())
                .drop("__capped");
    }
}
