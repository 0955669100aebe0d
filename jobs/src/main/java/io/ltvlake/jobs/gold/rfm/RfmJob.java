package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.profitability.TargetingConfig;
import io.ltvlake.jobs.gold.shared.NonTarget;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * RFM snapshots, their segment summary and the month-to-month segment migration.
 *
 * <p>gold.customer_rfm holds every month end from the month of the first purchase to the run date D,
 * and D itself. Each snapshot counts only the deals up to its date and flags the customers that are
 * non-target as of that date, so the table depends on the deals and D alone: a sequence of nights and
 * one full run at the last date give the same table, and no month end is missing because its night was.
 * A run scores D, and again only the month ends whose inputs changed ({@link SnapshotPlan}: each
 * snapshot keeps the fingerprint of what it was scored from); {@code run --full} scores every one. In
 * the same transaction it removes what a run at D would not have: yesterday's D, month ends after a
 * rerun's date. The summary and the migration are rebuilt from all snapshots on every run.
 */
public final class RfmJob extends DeclaredJob {

    public RfmJob() {
        super("rfm",
                "RFM scores and segments per customer (month-end snapshots), segment summary and segment migration",
                List.of("deals"),
                List.of(RfmTables.CUSTOMER_RFM, RfmTables.CUSTOMER_RFM_DAILY, RfmTables.SEGMENT_SUMMARY, RfmTables.MIGRATION));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        LocalDate date = context.runDate();
        RfmConfig config = context.settings().section(RfmConfig.class);
        TargetingConfig targeting = context.settings().section(TargetingConfig.class);
        context.step("find the snapshots whose deals changed");
        Dataset<Row> orderDeals = lake.read(DealsTables.ORDER_DEALS);
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        result.read(lake.rows(DealsTables.ORDER_DEALS));
        // one row per month of history: bounded by the calendar, not by customers
        List<SnapshotPlan.MonthInputs> months = RfmTransforms.monthlyInputs(orderDeals, deals).collectAsList().stream()
                .map(r -> new SnapshotPlan.MonthInputs(r.getDate(0).toLocalDate(), r.getLong(1), r.getLong(2), r.getLong(3),
                        r.getLong(4))).toList();
        List<LocalDate> monthEnds = SnapshotPlan.monthEndsBefore(months, date);
        Map<LocalDate, Long> fingerprints = SnapshotPlan.fingerprints(months,
                SnapshotPlan.withRunDateAndDayBefore(monthEnds, date), config + "\n" + targeting);
        Map<LocalDate, Long> monthEndFingerprints = new LinkedHashMap<>();
        monthEnds.forEach(monthEnd -> monthEndFingerprints.put(monthEnd, fingerprints.get(monthEnd)));
        List<LocalDate> kept = context.full() ? List.of()
                : SnapshotPlan.unchanged(monthEndFingerprints, storedFingerprints(lake, date));
        List<LocalDate> written = new ArrayList<>(monthEnds.stream().filter(d -> !kept.contains(d)).toList());
        written.add(date);
        List<LocalDate> scored = SnapshotPlan.withRunDateAndDayBefore(written, date);

        context.step("score customers");
        Dataset<Row> nonTarget = NonTarget.customerProfitability(deals, scored, targeting.rule()).filter(col("is_non_target"));
        Dataset<Row> rfm = RfmTransforms.withNonTargetSegment(RfmTransforms.customerRfm(orderDeals, scored, config), nonTarget)
                .join(broadcast(fingerprintRows(context, scored, fingerprints)), "snapshot_date")
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> snapshots = rfm.filter(col("snapshot_date").isin(written.stream().map(java.sql.Date::valueOf).toArray()));
            // one transaction: what this run scored replaces itself, and whatever a run at this date would not hold goes
            result.wrote(kept.isEmpty() ? lake.overwrite(RfmTables.CUSTOMER_RFM, snapshots)
                    : lake.replaceWhere(RfmTables.CUSTOMER_RFM, snapshots, "NOT (snapshot_date IN ("
                            + String.join(", ", kept.stream().map(d -> "date'" + d + "'").toList()) + "))"));
            result.wrote(lake.overwrite(RfmTables.CUSTOMER_RFM_DAILY, rfm.filter(col("snapshot_date").isin(
                    java.sql.Date.valueOf(date.minusDays(1)), java.sql.Date.valueOf(date)))));
        } finally {
            rfm.unpersist();
        }
        context.say(written.size() + " snapshots scored (" + (written.size() > 1
                ? written.get(0) + " to " : "") + date + "), " + kept.size() + " month ends unchanged and kept");

        context.step("summarise segments and migration");
        Dataset<Row> all = lake.read(RfmTables.CUSTOMER_RFM);
        result.wrote(lake.overwrite(RfmTables.SEGMENT_SUMMARY, RfmTransforms.segmentSummary(all)));
        result.wrote(lake.overwrite(RfmTables.MIGRATION, RfmTransforms.migration(all)));
        return result.build();
    }

    /**
     * The fingerprint each month-end snapshot before {@code date} was scored from, as the table holds it: one row per
     * snapshot. A table written before snapshots carried one has none, and every month end is scored again.
     */
    private static Map<LocalDate, Long> storedFingerprints(Lake lake, LocalDate date) {
        Map<LocalDate, Long> stored = new HashMap<>();
        lake.readIfExists(RfmTables.CUSTOMER_RFM).filter(t -> List.of(t.columns()).contains("inputs_fingerprint"))
                .ifPresent(t -> t.filter(col("snapshot_date").lt(lit(java.sql.Date.valueOf(date))))
                        .select("snapshot_date", "inputs_fingerprint").distinct().collectAsList()
                        .forEach(r -> stored.put(r.getDate(0).toLocalDate(), r.getLong(1))));
        return stored;
    }

    private static Dataset<Row> fingerprintRows(JobContext context, List<LocalDate> dates, Map<LocalDate, Long> fingerprints) {
        return context.spark().createDataFrame(dates.stream().map(d -> RowFactory.create(java.sql.Date.valueOf(d),
                fingerprints.get(d))).toList(), new StructType().add("snapshot_date", "date", false)
                .add("inputs_fingerprint", "long", false));
    }
}
