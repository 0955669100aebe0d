package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.profitability.ProfitabilityTables;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * RFM snapshots, their segment summary and the month-to-month segment migration.
 *
 * <p>A run on date D writes the snapshot as of D. The table keeps every month-end snapshot and
 * the latest one: the same write removes older snapshots that are not month ends (yesterday's
 * "today"). When D is not a month end and the previous month end has no snapshot (the run of that
 * night was missed), it is written too, so the migration map has no holes. A range of months is
 * backfilled with {@code bin/ltvlake backfill --job rfm --from YYYY-MM --to YYYY-MM}, which runs
 * this job for each month's last day. The summary and the migration are rebuilt from all
 * snapshots on every run.
 */
public final class RfmJob extends DeclaredJob {

    public RfmJob() {
        super("rfm",
                "RFM scores and segments per customer (month-end snapshots), segment summary and segment migration",
                List.of("deals", "profitability"),
                List.of(RfmTables.CUSTOMER_RFM, RfmTables.CUSTOMER_RFM_DAILY, RfmTables.SEGMENT_SUMMARY, RfmTables.MIGRATION));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        LocalDate date = context.runDate();
        context.step("read purchases");
        Dataset<Row> orderDeals = lake.read(DealsTables.ORDER_DEALS);
        result.read(lake.rows(DealsTables.ORDER_DEALS));

        List<LocalDate> snapshots = new ArrayList<>(List.of(date));
        LocalDate previousMonthEnd = YearMonth.from(date).minusMonths(1).atEndOfMonth();
        boolean monthEnd = date.equals(YearMonth.from(date).atEndOfMonth());
        if (!monthEnd && lake.readIfExists(RfmTables.CUSTOMER_RFM)
                .map(t -> t.filter("snapshot_date = date'" + previousMonthEnd + "'").isEmpty()).orElse(true)) {
            context.say("no snapshot for the month end " + previousMonthEnd + " yet: writing it too");
            snapshots.add(previousMonthEnd);
        }
        String written = String.join(", ", snapshots.stream().map(d -> "date'" + d + "'").toList());
        // one transaction: the snapshots of this run replace themselves, older non-month-end ones go
        String predicate = "snapshot_date IN (" + written + ") OR (snapshot_date < date'" + date
                + "' AND snapshot_date <> last_day(snapshot_date))";
        context.step("score customers");
        // the day before is scored in the same pass, for triggers (who entered a segment today): one scan, two writes
        List<LocalDate> scored = new ArrayList<>(snapshots);
        if (!scored.contains(date.minusDays(1))) {
            scored.add(date.minusDays(1));
        }
        Dataset<Row> rfm = RfmTransforms.customerRfm(orderDeals, scored, context.settings().section(RfmConfig.class));
        Optional<Dataset<Row>> nonTarget = lake.readIfExists(ProfitabilityTables.CUSTOMER_PROFITABILITY)
                .map(p -> p.filter(col("is_non_target")));
        if (nonTarget.isPresent()) {
            rfm = RfmTransforms.withNonTargetSegment(rfm, nonTarget.get());
        }
        rfm = rfm.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            result.wrote(lake.replaceWhere(RfmTables.CUSTOMER_RFM, rfm.filter(col("snapshot_date").isin(
                    snapshots.stream().map(java.sql.Date::valueOf).toArray())), predicate));
            result.wrote(lake.overwrite(RfmTables.CUSTOMER_RFM_DAILY, rfm.filter(col("snapshot_date").isin(
                    java.sql.Date.valueOf(date.minusDays(1)), java.sql.Date.valueOf(date)))));
        } finally {
            rfm.unpersist();
        }
        context.say("snapshots " + snapshots + " written; month-end snapshots and the latest one are kept");

        context.step("summarise segments and migration");
        Dataset<Row> all = lake.read(RfmTables.CUSTOMER_RFM);
        result.wrote(lake.overwrite(RfmTables.SEGMENT_SUMMARY, RfmTransforms.segmentSummary(all)));
        result.wrote(lake.overwrite(RfmTables.MIGRATION, RfmTransforms.migration(all)));
        return result.build();
    }
}
