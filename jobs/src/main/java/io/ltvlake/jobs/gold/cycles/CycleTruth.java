package io.ltvlake.jobs.gold.cycles;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Purchase cycles against the sample generator's planted cyclic buyers ({@code truth/people.csv}). */
public final class CycleTruth {

    /** A found cycle matches the planted one when its median interval is within this share of it. */
    public static final double INTERVAL_TOLERANCE = 0.10;

    private CycleTruth() {}

    /**
     * One row as of {@code date}:
     * <ul>
     *   <li>{@code planted}: planted cyclic buyers (behaviour {@code cyclic} or {@code leaver}) with at least
     *       {@code minDeals} deals in their planted job by {@code date}, and {@code found} of them with
     *       {@code has_cycle} in that job and a median interval within {@code tolerance} of the planted
     *       cycle: {@code recall} is their share;</li>
     *   <li>{@code with_cycle}: (customer, job) rows with {@code has_cycle} (not job {@code all}), and
     *       {@code with_cycle_planted} of them a planted cyclic buyer's planted job or a planted non-target
     *       buyer (who buys cheap accessories every 36-44 days per job, regular by construction):
     *       {@code precision} is their share.</li>
     * </ul>
     * Precision and recall are null without a denominator. Input: {@code gold.customer_cycles} (any dates),
     * the truth's people ({@code person_id, behaviour, job, planted_cycle_days}, strings as in the CSV) and
     * {@code person_id, customer_key}.
     */
    public static Dataset<Row> plantedCycles(Dataset<Row> customerCycles, Dataset<Row> people, Dataset<Row> personKeys,
                                             LocalDate date, int minDeals, double tolerance) {
        Dataset<Row> cycles = customerCycles.filter(col("as_of_date").equalTo(lit(date)).and(col("job").notEqual(CyclesTables.ALL_JOBS)));
        Dataset<Row> keyed = people.join(personKeys, "person_id");
        Dataset<Row> plantedJobs = keyed.filter(col("behaviour").isin("cyclic", "leaver"))
                .select(col("customer_key"), col("job"), col("planted_cycle_days").cast("double").as("__planted_days"));
        Dataset<Row> recall = cycles.join(plantedJobs, new String[] {"customer_key", "job"})
                .filter(col("deals").geq(minDeals))
                .agg(count(lit(1)).as("planted"), count(when(col("has_cycle").and(abs(col("interval_median_days")
                        .minus(col("__planted_days"))).leq(col("__planted_days").multiply(tolerance))), 1)).as("found"));
        Dataset<Row> nonTarget = keyed.filter(col("behaviour").equalTo("non_target")).select(col("customer_key").as("__non_target"));
        Dataset<Row> precision = cycles.filter(col("has_cycle"))
                .join(plantedJobs.withColumn("__planted", lit(true)), new String[] {"customer_key", "job"}, "left")
                .join(nonTarget, col("customer_key").equalTo(col("__non_target")), "left")
                .agg(count(lit(1)).as("with_cycle"),
                        count(when(coalesce(col("__planted"), lit(false)).or(col("__non_target").isNotNull()), 1)).as("with_cycle_planted"));
        Column planted = col("planted");
        Column withCycle = col("with_cycle");
        return recall.crossJoin(precision).select(planted, col("found"),
                when(planted.gt(0), col("found").divide(planted)).as("recall"), withCycle, col("with_cycle_planted"),
                when(withCycle.gt(0), col("with_cycle_planted").divide(withCycle)).as("precision"));
    }
}
