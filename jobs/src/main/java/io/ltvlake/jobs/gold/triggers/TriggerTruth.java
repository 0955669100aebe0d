package io.ltvlake.jobs.gold.triggers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code leaving} and {@code cycle_overdue} against the sample generator's planted leavers
 * ({@code truth/people.csv}): who the triggers flag on the run date, and whether they are leaving.
 */
public final class TriggerTruth {

    /** The row that takes a customer flagged by either trigger. */
    public static final String EITHER = "leaving_or_cycle_overdue";
    static final List<String> SCORED = List.of(TriggersConfig.LEAVING, TriggersConfig.CYCLE_OVERDUE, EITHER);

    private TriggerTruth() {}

    /**
     * One row per trigger ({@code leaving}, {@code cycle_overdue} and {@value #EITHER}) as of {@code date}:
     * <ul>
     *   <li>{@code flagged}: customers in the condition on {@code date} (non-target ones left out, as the
     *       events leave them out), and {@code flagged_leavers} of them planted leavers: {@code precision}
     *       is their share;</li>
     *   <li>{@code leavers_due}: planted leavers whose next deal was due by {@code date} and who are not yet
     *       one cycle past it ({@code next_deal_due_date <= date <= flag_by_date}), and
     *       {@code leavers_due_flagged} of them in the condition: {@code recall} is their share.</li>
     * </ul>
     * A condition holds from the day a customer entered it for as long as a leaver stays away, so a leaver
     * in it on {@code date} got the event on or before {@code date}, that is by their flag-by date. A
     * leaver without a customer key counts as missed. Precision and recall are null without a denominator.
     * Input: conditions ({@code as_of_date, customer_key, trigger}; any dates and triggers), the
     * non-target customers ({@code customer_key}), the truth's people ({@code person_id, is_leaver,
     * next_deal_due_date, flag_by_date}, strings as in the CSV) and {@code person_id, customer_key}.
     */
    public static Dataset<Row> leaverScores(Dataset<Row> conditions, Dataset<Row> nonTargetCustomers, Dataset<Row> people,
                                            Dataset<Row> personKeys, LocalDate date) {
        Dataset<Row> flags = conditions
                .filter(col("as_of_date").equalTo(lit(date)).and(col("trigger").isin(TriggersConfig.LEAVING, TriggersConfig.CYCLE_OVERDUE)))
                .join(nonTargetCustomers.select("customer_key"), new String[] {"customer_key"}, "left_anti")
                .select("customer_key", "trigger");
        flags = flags.unionByName(flags.select(col("customer_key"), lit(EITHER).as("trigger"))).distinct();
        Dataset<Row> leavers = people.filter(col("is_leaver").cast("boolean"))
                .join(personKeys, new String[] {"person_id"}, "left")
                .select(col("person_id"), col("customer_key"),
                        lit(date).between(col("next_deal_due_date").cast("date"), col("flag_by_date").cast("date")).as("__due"));
        Dataset<Row> scored = flags.sparkSession().createDataFrame(
                SCORED.stream().map(trigger -> RowFactory.create(trigger)).toList(), new StructType().add("trigger", "string"));

        Dataset<Row> leaverKeys = leavers.filter(col("customer_key").isNotNull()).select(col("customer_key").as("__leaver")).distinct();
        Dataset<Row> precision = flags.join(leaverKeys, col("customer_key").equalTo(col("__leaver")), "left")
                .groupBy("trigger").agg(count(lit(1)).as("flagged"), count("__leaver").as("flagged_leavers"));
        Dataset<Row> due = leavers.filter(coalesce(col("__due"), lit(false))).crossJoin(scored)
                .join(flags.select(col("customer_key").as("__flagged"), col("trigger").as("__trigger")),
                        col("customer_key").equalTo(col("__flagged")).and(col("trigger").equalTo(col("__trigger"))), "left")
                .groupBy("trigger").agg(count(lit(1)).as("leavers_due"), count("__flagged").as("leavers_due_flagged"));
        Column flagged = coalesce(col("flagged"), lit(0L));
        Column dueCount = coalesce(col("leavers_due"), lit(0L));
        return scored.join(precision, new String[] {"trigger"}, "left").join(due, new String[] {"trigger"}, "left")
                .select(col("trigger"), flagged.as("flagged"), coalesce(col("flagged_leavers"), lit(0L)).as("flagged_leavers"),
                        when(flagged.gt(0), coalesce(col("flagged_leavers"), lit(0L)).divide(flagged)).as("precision"),
                        dueCount.as("leavers_due"), coalesce(col("leavers_due_flagged"), lit(0L)).as("leavers_due_flagged"),
                        when(dueCount.gt(0), coalesce(col("leavers_due_flagged"), lit(0L)).divide(dueCount)).as("recall"));
    }
}
