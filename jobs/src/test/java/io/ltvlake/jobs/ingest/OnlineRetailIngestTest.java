package io.ltvlake.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.conform.ConformJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real UCI Online Retail file through the shipped `online-retail` profile, then conform. */
class OnlineRetailIngestTest {

    static final Path FILE = TestSpark.sharedDatasets().resolve("online-retail/online_retail.csv.gz");

    @BeforeEach
    void needsTheSharedDataset() {
        assumeTrue(Files.isRegularFile(FILE), "skipped: " + FILE + " is not there (../shared/datasets is absent)");
    }

    @Test
    void readsEveryRowReconcilesAndTreatsCancellationsAsCancelledThenConformDropsExactDuplicates() {
        TestJobs t = new TestJobs(Map.of("ingest.sources", "[ { name = online-retail, profile = online-retail, "
                + "single-export { path = \"" + FILE + "\", date = \"2011-12-09\" } } ]"));
        JobResult result = new IngestJob().run(t.context(LocalDate.parse("2011-12-09")));

        assertEquals(541_909, result.rowsRead());
        Dataset<Row> bronze = t.lake.read(IngestJob.BRONZE.get("order_lines"));
        long loaded = bronze.count();
        long quarantined = t.lake.read(Quarantine.TABLE).count();
        assertEquals(541_909, loaded + quarantined, "read = loaded + quarantined");
        assertEquals(quarantined, result.rowsQuarantined());
        assertEquals(4_372, bronze.filter(col("customer_id").isNotNull()).select("customer_id").distinct().count());

        // C-invoices are cancellations, loaded with that status, never quarantined as errors
        long cInvoices = bronze.filter(col("order_id").startsWith("C")).count();
        // zcat online_retail.csv.gz | awk -F, 'NR>1 && $1 ~ /^C/' | wc -l  →  9288
        assertEquals(9_288, cInvoices);
        assertEquals(cInvoices, bronze.filter(col("status").equalTo("cancelled")).count());
        assertEquals(0, t.lake.read(Quarantine.TABLE).filter(col("_raw").contains("\"InvoiceNo\":\"C")).count());
        // UK local time becomes UTC: 2010-12-01 08:26 GMT stays 08:26; 2011-07-01 08:16 BST is 07:16 UTC
        assertEquals("2010-12-01 08:26:00", bronze.filter(col("order_id").equalTo("536365")).selectExpr(
                "cast(min(ordered_at) as string)").first().getString(0));
        assertEquals("2011-07-01 07:16:00", bronze.filter(col("order_id").equalTo("558638")).selectExpr(
                "cast(min(ordered_at) as string)").first().getString(0));

        new ConformJob().run(t.context(LocalDate.parse("2011-12-09")));
        // zcat … | tail -n +2 | sort -u | wc -l  →  536641 distinct lines (5,268 exact duplicates)
        assertEquals(536_641, t.lake.read(ConformJob.ORDER_LINES).count());
        // zcat … | tail -n +2 | cut -d, -f1 | sort -u | wc -l  →  25900 invoices
        assertEquals(25_900, t.lake.read(ConformJob.ORDERS).count());
        assertEquals(4_372, t.lake.read(ConformJob.CUSTOMERS).count());
        assertEquals(0, t.lake.read(ConformJob.ORDERS).filter(col("status").equalTo("cancelled")
                .and(col("revenue").notEqual(0))).count(), "cancellations never count as revenue");
    }
}
