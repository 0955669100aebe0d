package io.ltvlake.jobs.gold.rfm;

import io.ltvlake.common.testing.LakeSeeds;
import static io.ltvlake.jobs.gold.rfm.RfmTransformsTest.order;
import static io.ltvlake.jobs.gold.rfm.RfmTransformsTest.orderDeals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RfmJobTest {

    private static List<String> rows(TestJobs jobs, TableSpec table) {
        return jobs.lake.read(table).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static TreeSet<String> snapshots(TestJobs jobs) {
        TreeSet<String> dates = new TreeSet<>();
        jobs.lake.read(RfmTables.CUSTOMER_RFM).select("snapshot_date").distinct().collectAsList()
                .forEach(r -> dates.add(r.getDate(0).toString()));
        return dates;
    }

    @Test
    void rerunsAreIdempotentAndMonthEndSnapshotsAccumulate() throws Exception {
        TestJobs jobs = new TestJobs();
        // p: deals in January and March; q: one deal in February, one of two orders
        LakeSeeds.seed(jobs.lake, DealsTables.ORDER_DEALS, orderDeals(
                order("p", "p1", "2026-01-10", "100.00"),
                order("p", "p2", "2026-03-10", "50.00"),
                order("q", "q1", "2026-02-03", "80.00"),
                order("q", "q1", "2026-02-03", "20.00"))
                // the table's key (source, order_id), which RFM does not read: one order per row
                .withColumn("source", org.apache.spark.sql.functions.lit("shop"))
                .withColumn("order_id", org.apache.spark.sql.functions.concat_ws("-", org.apache.spark.sql.functions.col("deal_id"),
                        org.apache.spark.sql.functions.col("revenue"))));
        RfmJob job = new RfmJob();

        job.run(jobs.context(LocalDate.of(2026, 2, 28)));
        job.run(jobs.context(LocalDate.of(2026, 3, 15)));
        assertEquals(new TreeSet<>(List.of("2026-02-28", "2026-03-15")), snapshots(jobs));

        job.run(jobs.context(LocalDate.of(2026, 3, 16)));
        assertEquals(new TreeSet<>(List.of("2026-02-28", "2026-03-16")), snapshots(jobs), "yesterday's snapshot is replaced");
        List<String> rfm = rows(jobs, RfmTables.CUSTOMER_RFM);
        List<String> summary = rows(jobs, RfmTables.SEGMENT_SUMMARY);
        List<String> migration = rows(jobs, RfmTables.MIGRATION);
        long version = jobs.lake.version(RfmTables.CUSTOMER_RFM);

        job.run(jobs.context(LocalDate.of(2026, 3, 16)));
        assertEquals(rfm, rows(jobs, RfmTables.CUSTOMER_RFM), "a rerun changes no row");
        assertEquals(summary, rows(jobs, RfmTables.SEGMENT_SUMMARY));
        assertEquals(migration, rows(jobs, RfmTables.MIGRATION));
        assertEquals(version + 1, jobs.lake.version(RfmTables.CUSTOMER_RFM), "the rerun replaced the slice in one commit");

        // q has one deal (two orders) as of 2026-02-28: frequency 1, monetary 100; p's March deal is not yet there
        Row q = jobs.lake.read(RfmTables.CUSTOMER_RFM).filter("snapshot_date = date'2026-02-28' and customer_key = 'q'").first();
        assertEquals(1L, (long) q.getAs("frequency"));
        assertEquals("100.00", q.getAs("monetary").toString());
        Row p = jobs.lake.read(RfmTables.CUSTOMER_RFM).filter("snapshot_date = date'2026-02-28' and customer_key = 'p'").first();
        assertEquals(1L, (long) p.getAs("frequency"));
        assertEquals(49, (int) p.getAs("recency_days"), "01-10 -> 02-28 = 21 + 28");

        // the night of 03-31 was missed: the run of 04-10 also writes the March month end
        job.run(jobs.context(LocalDate.of(2026, 4, 10)));
        assertEquals(new TreeSet<>(List.of("2026-02-28", "2026-03-31", "2026-04-10")), snapshots(jobs));
        assertEquals(2L, jobs.lake.read(RfmTables.MIGRATION).filter("from_snapshot_date = date'2026-02-28'")
                .agg(org.apache.spark.sql.functions.sum("customers")).first().getLong(0),
                "February -> March: p and q stay in the snapshot (both had a deal in the lookback)");
        assertEquals(0L, jobs.lake.read(RfmTables.MIGRATION).filter("to_segment = 'lost' or from_segment = 'new'").count(),
                "the first snapshot has no predecessor, and nobody left");
    }
}
