package io.ltvlake.jobs.bronze.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.jobs.TestJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IngestJobTest {

    static final String ORDER_HEADER = "order_id,line_no,ordered_at,updated_at,status,customer_id,phone,email,client_id,"
            + "product_id,product_name,category,quantity,unit_price,unit_cost,manager_id,guests,jtbd,store,country\n";
    static final String CALL_HEADER = "call_id,started_at,caller_phone,direction,status,duration_s,wait_s,utm_source,"
            + "utm_medium,utm_campaign,landing_page,client_id,manager_id\n";

    static String line(String orderId, int lineNo, String at, String quantity, String price) {
        return orderId + "," + lineNo + "," + at + "," + at + ",completed,C000001,8 (912) 345-67-89,A@B.RU,GA1.1,"
                + "P1,TV,tv," + quantity + "," + price + ",50.00,m01,,office_setup,online,RU\n";
    }

    private final IngestJob job = new IngestJob();

    private Map<String, Long> quarantineReasons(TestJobs t) {
        Map<String, Long> reasons = new TreeMap<>();
        for (Row r : t.lake.read(Quarantine.TABLE).groupBy("_reason").count().collectAsList()) {
            reasons.put(r.getString(0), r.getLong(1));
        }
        return reasons;
    }

    @Test
    void ingestsEveryDayReconcilesAndQuarantinesWithReasons() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER
                + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00")
                + line("O1", 2, "2025-03-01T10:00:00Z", "2", "10.00")
                + line("O1", 2, "2025-03-01T10:00:00Z", "2", "10.00") // exact duplicate: kept in bronze
                + line("O2", 1, "2025-02-30 25:61", "1", "100.00")
                + line("O3", 1, "2025-03-01T11:00:00Z", "1", "\"12,5O\"")
                + line("", 1, "2025-03-01T12:00:00Z", "1", "100.00")
                + "O4,1,2025-03-01T12:00:00Z,too,few,columns\n");
        t.landing("2025-03-02", "order_lines.csv", ORDER_HEADER + line("O5", 1, "2025-03-02T09:00:00Z", "3", "5.00"));
        t.landing("2025-03-02", "calls.csv", CALL_HEADER + "K1,2025-03-02T08:00:00Z,+7 912 3456789,in,answered,60,5,,,,,,m01\n"
                + "K2,2025-03-02T08:30:00Z,,in,missed,0,30,,,,,,\n"
                // a number no one can call back: quarantined like a missing one, with its own reason
                + "K3,2025-03-02T08:40:00Z,anonymous,in,missed,0,30,,,,,,\n");

        JobResult result = job.run(t.context(LocalDate.parse("2025-03-02")));

        assertEquals(11, result.rowsRead());
        assertEquals(6, result.rowsQuarantined());
        assertEquals(5, result.rowsWritten(), "4 order lines (the duplicate kept) + 1 call");
        assertEquals(3, t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).filter(col("_export_date").equalTo("2025-03-01")).count());
        assertEquals(Map.of(
                "malformed_record: the line does not split into the header's columns", 1L,
                "missing_required_value: caller_phone", 1L,
                "unparseable_phone: caller_phone", 1L,
                "missing_required_value: order_id", 1L,
                "unparseable_number: unit_price", 1L,
                "unparseable_timestamp: ordered_at", 1L), quarantineReasons(t));
        Row bad = t.lake.read(Quarantine.TABLE).filter(col("_reason").startsWith("unparseable_number")).first();
        assertTrue(bad.getAs("_raw").toString().contains("\"unit_price\":\"12,5O\""), bad.getAs("_raw").toString());
        assertTrue(bad.getAs("_source_file").toString().endsWith("/landing/shop/2025-03-01/order_lines.csv"));
        assertEquals("2025-03-01", bad.getAs("_export_date").toString());

        // the audit keeps read = loaded + quarantined per source, entity and day
        List<Row> audit = t.lake.read(BronzeTables.AUDIT).filter(col("entity").isin("calls", "order_lines"))
                .orderBy("entity", "export_date")
                .select("entity", "export_date", "rows_read", "rows_loaded", "rows_quarantined", "file_count").collectAsList();
        assertEquals("[[calls,2025-03-01,0,0,0,0], [calls,2025-03-02,3,1,2,1], [order_lines,2025-03-01,7,3,4,1], "
                + "[order_lines,2025-03-02,1,1,0,1]]", audit.toString());
        assertTrue(t.printed().contains("shop/order_lines: loading 2 new or changed export day(s), 2 files"), t.printed());
        assertTrue(t.printed().contains("shop/order_lines: read 8 = loaded 4 + quarantined 4"), t.printed());
    }

    @Test
    void aRerunTouchesNothingAndANewDayIsTheOnlyOneRead() throws IOException {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00"));
        job.run(t.context(LocalDate.parse("2025-03-01")));
        long version = t.lake.version(BronzeTables.BY_ENTITY.get("order_lines"));

        JobResult rerun = job.run(t.context(LocalDate.parse("2025-03-01")));
        assertEquals(0, rerun.rowsRead());
        assertEquals(version, t.lake.version(BronzeTables.BY_ENTITY.get("order_lines")));
        assertTrue(t.printed().contains("shop/order_lines: up to date (1 export days already ingested)"), t.printed());

        t.landing("2025-03-02", "order_lines.csv", ORDER_HEADER + line("O2", 1, "2025-03-02T10:00:00Z", "1", "70.00")
                + line("O2", 2, "2025-03-02T10:00:00Z", "1", "30.00"));
        JobResult next = job.run(t.context(LocalDate.parse("2025-03-02")));
        assertEquals(2, next.rowsRead(), "only the new day is read");
        assertEquals(3, t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).count());

        // a day whose file changed is read again and replaces its slice: no duplicates
        Path changed = t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER
                + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00") + line("O1", 2, "2025-03-01T10:00:00Z", "1", "1.00"));
        Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        JobResult again = job.run(t.context(LocalDate.parse("2025-03-02")));
        assertEquals(2, again.rowsRead());
        // March's file also holds 2025-03-02's two lines: the rewrite copies them over, and they are not written rows
        // (the reconciliation, read 2 = loaded 2 + quarantined 0, takes loaded from the commit and would fail on 4)
        assertEquals(2, again.rowsWritten());
        assertEquals(4, t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).count());
        assertEquals(2, t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).filter(col("order_id").equalTo("O1")).count());
    }

    @Test
    void daysAfterTheRunDateWaitForTheirNight() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00"));
        t.landing("2025-03-05", "order_lines.csv", ORDER_HEADER + line("O9", 1, "2025-03-05T10:00:00Z", "1", "100.00"));
        job.run(t.context(LocalDate.parse("2025-03-02")));
        assertEquals(List.of("O1"), t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).select("order_id").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    @Test
    void aMissingRequiredColumnFailsBeforeAnythingIsWrittenNamingFileAndColumn() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "calls.csv", CALL_HEADER + "K1,2025-03-01T08:00:00Z,+79123456789,in,answered,60,5,,,,,,m01\n");
        Path file = t.landing("2025-03-01", "order_lines.csv", "order_id,ordered_at,product_id,quantity\nO1,2025-03-01T10:00:00Z,P1,1\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> job.run(t.context(LocalDate.parse("2025-03-01"))));
        assertTrue(error.getMessage().contains("file file:" + file), error.getMessage());
        assertTrue(error.getMessage().contains("required column 'unit_price'"), error.getMessage());
        for (var spec : job.outputs()) {
            assertFalse(t.lake.exists(spec), spec.name() + " must not be written");
        }
    }

    @Test
    void aMissingOrEmptyExportDayLoadsNothingWithAWarning() throws IOException {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00"));
        JobResult missing = job.run(t.context(LocalDate.parse("2025-03-02")));
        assertTrue(missing.warnings().stream().anyMatch(w -> w.contains("no export for 2025-03-02")), missing.warnings().toString());

        Files.createDirectories(t.root.resolve("landing/shop/2025-03-03"));
        JobResult empty = job.run(t.context(LocalDate.parse("2025-03-03")));
        assertEquals(0, empty.rowsRead());
        assertTrue(empty.warnings().stream().anyMatch(w -> w.contains("shop/order_lines: no files matching 'order_lines*.csv*' on 2025-03-03")),
                empty.warnings().toString());
        assertEquals(1, t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).count());
    }

    @Test
    void anUnknownProfileIsAClearError() {
        TestJobs t = new TestJobs(Map.of("ingest.sources", "[ { name = shop, profile = sap-export } ]"));
        ConfigError error = assertThrows(ConfigError.class, () -> job.run(t.context(LocalDate.parse("2025-03-01"))));
        assertTrue(error.getMessage().contains("unknown source profile 'sap-export'"), error.getMessage());
        assertTrue(error.getMessage().contains("online-retail"), error.getMessage());
    }
}
