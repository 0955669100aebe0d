package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.LakeSeeds;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RfmJobTest {

    private static final StructType ORDER_DEALS = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_key", "string").add("deal_id", "string").add("order_date", "date").add("revenue", "decimal(18,2)");
    private static final StructType DEALS = new StructType().add("customer_key", "string").add("deal_id", "string")
            .add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)");

    /**
     * p: deals in January (100, margin 10) and March (50, margin -50); q: one deal in February of two orders (80 and
     * {@code upsell}), margin unknown. With targeting's defaults (90 days, negative margin on, nothing to serve) p is
     * non-target as of March's end (10 - 50) and April 10 (-50 alone: 01-10 left the lookback), and not before.
     */
    private static void seed(TestJobs jobs, String upsell) {
        LakeSeeds.seed(jobs.lake, DealsTables.ORDER_DEALS, TestSpark.session().createDataFrame(List.of(
                RowFactory.create("shop", "p-1", "p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("100.00")),
                RowFactory.create("shop", "p-2", "p", "p2", Date.valueOf("2026-03-10"), new BigDecimal("50.00")),
                RowFactory.create("shop", "q-1", "q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("80.00")),
                RowFactory.create("shop", "q-2", "q", "q1", Date.valueOf("2026-02-03"), new BigDecimal(upsell))), ORDER_DEALS));
        LakeSeeds.seed(jobs.lake, DealsTables.DEALS, TestSpark.session().createDataFrame(List.of(
                RowFactory.create("p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("100.00"), new BigDecimal("10.00")),
                RowFactory.create("p", "p2", Date.valueOf("2026-03-10"), new BigDecimal("50.00"), new BigDecimal("-50.00")),
                RowFactory.create("q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("80.00").add(new BigDecimal(upsell)), null)),
                DEALS));
    }

    private static List<String> rows(TestJobs jobs, TableSpec table) {
        return jobs.lake.read(table).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static TreeSet<String> snapshots(TestJobs jobs) {
        TreeSet<String> dates = new TreeSet<>();
        jobs.lake.read(RfmTables.CUSTOMER_RFM).select("snapshot_date").distinct().collectAsList()
                .forEach(r -> dates.add(r.getDate(0).toString()));
        return dates;
    }

    /** The data files a snapshot is read from: the same files after a run mean the run left it alone. */
    private static Set<String> files(TestJobs jobs, String snapshot) {
        return jobs.lake.read(RfmTables.CUSTOMER_RFM).filter("snapshot_date = date'" + snapshot + "'").select(input_file_name())
                .distinct().collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    private static Row row(TestJobs jobs, String snapshot, String customer) {
        return jobs.lake.read(RfmTables.CUSTOMER_RFM).filter("snapshot_date = date'" + snapshot + "' and customer_key = '" + customer + "'")
                .first();
    }

    private static JobContext full(TestJobs jobs, LocalDate date) {
        JobContext night = jobs.context(date);
        return new JobContext(night.runDate(), night.settings(), night.spark(), night.lake(), night.out(), true);
    }

    @Test
    void nightsKeepEveryMonthEndScoredOnceAndEqualOneRunAtTheLastDate() {
        TestJobs jobs = new TestJobs();
        seed(jobs, "20.00");
        RfmJob job = new RfmJob();

        job.run(jobs.context(LocalDate.of(2026, 2, 28)));
        assertEquals(new TreeSet<>(List.of("2026-01-31", "2026-02-28")), snapshots(jobs), "January's end comes with the first run");
        Set<String> january = files(jobs, "2026-01-31");
        job.run(jobs.context(LocalDate.of(2026, 3, 15)));
        assertEquals(new TreeSet<>(List.of("2026-01-31", "2026-02-28", "2026-03-15")), snapshots(jobs));
        assertEquals(january, files(jobs, "2026-01-31"), "a closed month whose deals did not change is not scored again");

        job.run(jobs.context(LocalDate.of(2026, 3, 16)));
        assertEquals(new TreeSet<>(List.of("2026-01-31", "2026-02-28", "2026-03-16")), snapshots(jobs), "yesterday's snapshot is replaced");
        List<String> rfm = rows(jobs, RfmTables.CUSTOMER_RFM);
        List<String> summary = rows(jobs, RfmTables.SEGMENT_SUMMARY);
        List<String> migration = rows(jobs, RfmTables.MIGRATION);
        long version = jobs.lake.version(RfmTables.CUSTOMER_RFM);
        job.run(jobs.context(LocalDate.of(2026, 3, 16)));
        assertEquals(rfm, rows(jobs, RfmTables.CUSTOMER_RFM), "a rerun changes no row");
        assertEquals(summary, rows(jobs, RfmTables.SEGMENT_SUMMARY));
        assertEquals(migration, rows(jobs, RfmTables.MIGRATION));
        assertEquals(version + 1, jobs.lake.version(RfmTables.CUSTOMER_RFM), "the rerun replaced its slice in one commit");

        // q has one deal (two orders) as of 2026-02-28: frequency 1, monetary 100; p's March deal is not yet there
        Row q = row(jobs, "2026-02-28", "q");
        assertEquals(1L, (long) q.getAs("frequency"));
        assertEquals("100.00", q.getAs("monetary").toString());
        Row p = row(jobs, "2026-02-28", "p");
        assertEquals(1L, (long) p.getAs("frequency"));
        assertEquals(49, (int) p.getAs("recency_days"), "01-10 -> 02-28 = 21 + 28");

        // the night of 03-31 was missed: the run of 04-10 writes the March month end, with March's own flag
        job.run(jobs.context(LocalDate.of(2026, 4, 10)));
        assertEquals(new TreeSet<>(List.of("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-10")), snapshots(jobs));
        assertNotEquals(RfmTables.NON_TARGET, row(jobs, "2026-02-28", "p").getAs("segment"), "margin 10 by February's end");
        assertEquals(RfmTables.NON_TARGET, row(jobs, "2026-03-31", "p").getAs("segment"), "10 - 50 by March's end");
        assertEquals(RfmTables.NON_TARGET, row(jobs, "2026-04-10", "p").getAs("segment"));
        assertEquals(january, files(jobs, "2026-01-31"));
        assertEquals(2L, jobs.lake.read(RfmTables.MIGRATION).filter("from_snapshot_date = date'2026-02-28'")
                .agg(org.apache.spark.sql.functions.sum("customers")).first().getLong(0),
                "February -> March: p and q stay in the snapshot (both had a deal in the lookback)");

        TestJobs once = new TestJobs();
        seed(once, "20.00");
        job.run(once.context(LocalDate.of(2026, 4, 10)));
        for (TableSpec table : List.of(RfmTables.CUSTOMER_RFM, RfmTables.CUSTOMER_RFM_DAILY, RfmTables.SEGMENT_SUMMARY,
                RfmTables.MIGRATION)) {
            assertEquals(rows(once, table), rows(jobs, table), table.name() + ": the nights equal one run at their last date");
        }
    }

    @Test
    void aLateCorrectionRescoresTheMonthEndsFromItsMonthAndARerunOfAnEarlierDateDropsLaterOnes() {
        TestJobs jobs = new TestJobs();
        seed(jobs, "20.00");
        RfmJob job = new RfmJob();
        job.run(jobs.context(LocalDate.of(2026, 4, 10)));
        Set<String> january = files(jobs, "2026-01-31");
        Set<String> february = files(jobs, "2026-02-28");

        // q's February upsell re-delivered at 30: February's and March's ends change, January's cannot
        seed(jobs, "30.00");
        job.run(jobs.context(LocalDate.of(2026, 4, 10)));
        assertEquals(january, files(jobs, "2026-01-31"));
        assertNotEquals(february, files(jobs, "2026-02-28"));
        assertEquals("110.00", row(jobs, "2026-02-28", "q").getAs("monetary").toString());
        assertEquals("110.00", row(jobs, "2026-03-31", "q").getAs("monetary").toString());
        List<String> corrected = rows(jobs, RfmTables.CUSTOMER_RFM);

        // --full scores every month end again and gives the same rows
        job.run(full(jobs, LocalDate.of(2026, 4, 10)));
        assertNotEquals(january, files(jobs, "2026-01-31"), "a full run keeps nothing");
        assertEquals(corrected, rows(jobs, RfmTables.CUSTOMER_RFM));

        // a rerun of 03-20 holds what a run on 03-20 would: no month end after it, no April snapshot
        job.run(jobs.context(LocalDate.of(2026, 3, 20)));
        assertEquals(new TreeSet<>(List.of("2026-01-31", "2026-02-28", "2026-03-20")), snapshots(jobs));
        assertEquals(0L, jobs.lake.read(RfmTables.CUSTOMER_RFM).filter(col("inputs_fingerprint").isNull()).count());
    }
}
