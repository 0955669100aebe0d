package io.ltvlake.jobs.cli;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.rfm.RfmJob;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Readers never fail because a writer runs: Delta promises a reader the last committed
 * snapshot, and that holds only while our writes change no table metadata without a reason.
 * The reader here is the worst case: it plans its query through the {@code sql} command's
 * path, then waits for the writer's next commit before running it, so every read straddles a
 * commit (a table's creation and its first write included).
 */
class ReadersDuringWritesTest {

    private final SparkSession spark = TestSpark.session();

    @Test
    void aReaderPlanningBeforeEachCommitOfAJobRunTwiceNeverFails() throws Exception {
        String root = TestSpark.tempDir("ltvlake-readers").toString();
        Lake lake = new Lake(spark, root);
        // two customers' deals: p one in January, q one in March
        LakeSeeds.seed(lake, DealsTables.ORDER_DEALS, spark.createDataFrame(List.of(
                RowFactory.create("p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("10.00")),
                RowFactory.create("q", "q1", Date.valueOf("2026-03-02"), new BigDecimal("20.00"))),
                new StructType().add("customer_key", "string").add("deal_id", "string")
                        .add("order_date", "date").add("revenue", "decimal(18,2)"))
                // the table's key (source, order_id), which RFM does not read: one order per deal here
                .withColumn("source", org.apache.spark.sql.functions.lit("shop"))
                .withColumn("order_id", org.apache.spark.sql.functions.col("deal_id")));
        // the deals, whose margins the non-target flag reads: unknown here
        LakeSeeds.seed(lake, DealsTables.DEALS, spark.createDataFrame(List.of(
                RowFactory.create("p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("10.00"), null),
                RowFactory.create("q", "q1", Date.valueOf("2026-03-02"), new BigDecimal("20.00"), null)),
                new StructType().add("customer_key", "string").add("deal_id", "string")
                        .add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)")));
        // customer_rfm's keys must be customers of silver.customers (its relationship check)
        LakeSeeds.seed(lake, SilverTables.CUSTOMERS, spark.createDataFrame(List.of(RowFactory.create("p"), RowFactory.create("q")),
                new StructType().add("customer_key", "string")));
        JobContext context = new JobContext(LocalDate.parse("2026-03-31"), TestSpark.settings(Map.of()), spark, lake,
                new PrintStream(new ByteArrayOutputStream()));

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> customersSeen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            String summary = root + "/gold/rfm_segment_summary";
            while (writing.get()) {
                try {
                    if (!lake.exists(RfmTables.SEGMENT_SUMMARY)) {
                        Thread.sleep(5);
                        continue;
                    }
                    Dataset<Row> query = SqlCommand.query(spark, root,
                            "select cast(sum(customers) as bigint) from gold.rfm_segment_summary where snapshot_date = date'2026-03-31'");
                    // planned on this version or an earlier one: the read below comes after at least one more commit
                    long planned = latestVersion(summary);
                    while (writing.get() && latestVersion(summary) == planned) {
                        Thread.sleep(5);
                    }
                    Row row = query.first();
                    if (!row.isNullAt(0)) {
                        customersSeen.add(row.getLong(0));
                    }
                } catch (Exception e) {
                    failures.add(String.valueOf(e.getMessage()).lines().findFirst().orElse(String.valueOf(e)));
                }
            }
        }, "reader");
        reader.start();
        try {
            new RfmJob().run(context);
            new RfmJob().run(context);
        } finally {
            writing.set(false);
            reader.join();
        }
        assertEquals(List.of(), failures, "reads that failed while the job wrote");
        assertTrue(!customersSeen.isEmpty(), "the reader read while the job wrote");
        // p and q both have a deal in the year before 2026-03-31: whichever snapshot a read saw, it counts 2
        assertEquals(List.of(2L), customersSeen.stream().distinct().toList());
    }

    /** The highest commit in the table's log: what a query planned now is planned on. */
    private static long latestVersion(String tablePath) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(tablePath, "_delta_log"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(-1);
        }
    }
}
