package io.ltvlake.jobs.rfm;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.deals.DealsJob;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
public final class RfmJob implements Job {

    public static final TableSpec CUSTOMER_RFM = TableSpec.of("gold.customer_rfm",
            "one row per snapshot date and customer with a deal in the lookback", List.of("snapshot_date", "customer_key"),
            "RFM as of each snapshot date (month ends and the latest run): recency_days since the last deal opened, "
                    + "frequency = deals (not orders, unless rfm.frequency-counts = orders) opened in the lookback, monetary = "
                    + "their revenue up to the snapshot, r/f/m scores (1-5 by default; rfm.scoring), rfm_cell and the segment "
                    + "of the ordered RFM map (rfm.preset or rfm.segments).")
            .partitionedBy("snapshot_date")
            .documented(
                    "snapshot_date", "the date the RFM values are as of: a month end, or the latest run",
                    "customer_key", "the customer (identity component); join to other marts on it",
                    "last_deal_date", "business day of the customer's last deal opened up to the snapshot",
                    "recency_days", "days from last_deal_date to snapshot_date",
                    "frequency", "deals (not raw orders) opened in the lookback before the snapshot; orders with rfm.frequency-counts = orders",
                    "monetary", "revenue of those deals up to the snapshot",
                    "r_score", "recency score 1 to rfm.score-levels (5 by default), highest = most recent",
                    "f_score", "frequency score 1 to rfm.score-levels, highest = most deals",
                    "m_score", "monetary score 1 to rfm.score-levels, highest = most revenue",
                    "rfm_cell", "r_score, f_score and m_score written together, e.g. 543",
                    "segment", "id of the first rule of the RFM map (rfm.preset, or rfm.segments) whose conditions hold",
                    "segment_name", "the segment's name for people, e.g. At Risk");
    public static final TableSpec SEGMENT_SUMMARY = TableSpec.of("gold.rfm_segment_summary",
            "one row per snapshot date and segment", List.of("snapshot_date", "segment"),
            "Per RFM snapshot and segment: customers and their share, revenue (sum of monetary) and its share, "
                    + "average recency_days, frequency and monetary.")
            .documented(
                    "snapshot_date", "the RFM snapshot (a month end, or the latest run)",
                    "segment", "segment id, as in gold.customer_rfm",
                    "segment_name", "the segment's name for people",
                    "customers", "customers in the segment at the snapshot",
                    "customer_share", "customers / all customers of the snapshot, 0-1",
                    "revenue", "sum of the customers' monetary",
                    "revenue_share", "revenue / revenue of the snapshot, 0-1");
    public static final TableSpec MIGRATION = TableSpec.of("gold.rfm_migration",
            "one row per from-snapshot, from-segment and to-segment", List.of("from_snapshot_date", "from_segment", "to_segment"),
            "RFM segment migration between consecutive month-end snapshots, with customers, from_monetary and to_monetary. "
                    + "from_segment 'new' = in no earlier snapshot, 'reactivated' = back after a month-end without a deal "
                    + "in the lookback; to_segment 'lost' = no deal in the next snapshot's lookback.");

    @Override
    public String name() {
        return "rfm";
    }

    @Override
    public String description() {
        return "RFM scores and segments per customer (month-end snapshots), segment summary and segment migration";
    }

    @Override
    public List<String> upstream() {
        return List.of("deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(CUSTOMER_RFM, SEGMENT_SUMMARY, MIGRATION);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        LocalDate date = context.runDate();
        Dataset<Row> orderDeals = lake.read(DealsJob.ORDER_DEALS);
        result.read(orderDeals.count());

        List<LocalDate> snapshots = new ArrayList<>(List.of(date));
        LocalDate previousMonthEnd = YearMonth.from(date).minusMonths(1).atEndOfMonth();
        boolean monthEnd = date.equals(YearMonth.from(date).atEndOfMonth());
        if (!monthEnd && lake.readIfExists(CUSTOMER_RFM)
                .map(t -> t.filter("snapshot_date = date'" + previousMonthEnd + "'").isEmpty()).orElse(true)) {
            context.say("no snapshot for the month end " + previousMonthEnd + " yet: writing it too");
            snapshots.add(previousMonthEnd);
        }
        String written = String.join(", ", snapshots.stream().map(d -> "date'" + d + "'").toList());
        // one transaction: the snapshots of this run replace themselves, older non-month-end ones go
        String predicate = "snapshot_date IN (" + written + ") OR (snapshot_date < date'" + date
                + "' AND snapshot_date <> last_day(snapshot_date))";
        result.wrote(lake.replaceWhere(CUSTOMER_RFM,
                RfmTransforms.customerRfm(orderDeals, snapshots, context.settings().rfm()), predicate));
        context.say("snapshots " + snapshots + " written; month-end snapshots and the latest one are kept");

        Dataset<Row> all = lake.read(CUSTOMER_RFM);
        result.wrote(lake.overwrite(SEGMENT_SUMMARY, RfmTransforms.segmentSummary(all)));
        result.wrote(lake.overwrite(MIGRATION, RfmTransforms.migration(all)));
        return result.build();
    }
}
