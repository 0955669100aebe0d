package io.ltvlake.jobs.bronze.ingest;

import static io.ltvlake.jobs.bronze.ingest.IngestJobTest.ORDER_HEADER;
import static io.ltvlake.jobs.bronze.ingest.IngestJobTest.line;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a night lists only the export day folders that are new or changed since the audit, and opens
 * only the files whose names, sizes or times changed. "Not opened" is shown by files made unreadable
 * after they were ingested (invalid UTF-8 of the same size, their time put back): opened, they would
 * fail the run with the encoding error.
 */
class IngestListingTest {

    static final LocalDate DAY1 = LocalDate.parse("2025-03-01");
    static final LocalDate DAY2 = LocalDate.parse("2025-03-02");
    static final LocalDate DAY3 = LocalDate.parse("2025-03-03");
    /** Folder times an hour old: settled, so the audit records them (LandingFiles.SETTLED_MILLIS). */
    static final long HOUR_AGO = System.currentTimeMillis() / 1000 * 1000 - 3_600_000;

    private final IngestJob job = new IngestJob();

    /** A lake whose local landing folders are trusted to change their time when a file in them changes. */
    private static TestJobs trustingLocalFolders() {
        return new TestJobs(Map.of("ingest.trust-folder-times", "[file]"));
    }

    private static String orders(String orderId, int count) {
        StringBuilder text = new StringBuilder(ORDER_HEADER);
        for (int i = 1; i <= count; i++) {
            text.append(line(orderId, i, "2025-03-01T10:00:00Z", "1", "10.00"));
        }
        return text.toString();
    }

    private static Path folder(TestJobs t, LocalDate day) {
        return t.root.resolve("landing/shop").resolve(day.toString());
    }

    /** Sets the day folders' times an hour back, as if their files had arrived long before the night's run. */
    private static void settle(TestJobs t, LocalDate... days) throws IOException {
        for (LocalDate day : days) {
            Files.setLastModifiedTime(folder(t, day), FileTime.fromMillis(HOUR_AGO));
        }
    }

    /** Makes a file unreadable in place: bytes that are not UTF-8, the same size, the same time; its folder is untouched. */
    private static void spoilInPlace(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        byte[] garbage = new byte[(int) Files.size(file)];
        Arrays.fill(garbage, (byte) 0xFF);
        Files.write(file, garbage);
        Files.setLastModifiedTime(file, time);
    }

    /** Rewrites a file in place with a later time: its folder's time does not move. */
    private static void rewriteInPlace(Path file, String content) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 60_000));
    }

    /** Re-delivers a file as exporters should: written under a hidden name, then moved over the old one. */
    private static void redeliver(TestJobs t, LocalDate day, String name, String content) throws IOException {
        Path temporary = folder(t, day).resolve("." + name + ".part");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, folder(t, day).resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long bronzeRows(TestJobs t, LocalDate day) {
        return t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).filter(col("_export_date").equalTo(java.sql.Date.valueOf(day))).count();
    }

    private static Row audit(TestJobs t, LocalDate day) {
        return t.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo("order_lines")
                .and(col("export_date").equalTo(java.sql.Date.valueOf(day)))).first();
    }

    private static long folderTime(Row audit) {
        return audit.<java.sql.Timestamp>getAs(IngestJob.FOLDER_MODIFIED_AT).getTime();
    }

    @Test
    void aNightWithOneNewDayListsAndOpensOnlyThatDay() throws IOException {
        TestJobs t = trustingLocalFolders();
        Path old = t.landing("2025-03-01", "order_lines.csv", orders("O1", 2));
        t.landing("2025-03-02", "order_lines.csv", orders("O2", 1));
        settle(t, DAY1, DAY2);
        assertEquals(3, job.run(t.context(DAY2)).rowsRead());
        // each of the six canonical entities recorded both folders' time, files or not
        assertEquals(12, t.lake.read(BronzeTables.AUDIT).filter(col(IngestJob.FOLDER_MODIFIED_AT)
                .equalTo(new java.sql.Timestamp(HOUR_AGO))).count());

        spoilInPlace(old);
        t.landing("2025-03-03", "order_lines.csv", orders("O3", 4));
        JobResult night = job.run(t.context(DAY3));

        assertEquals(4, night.rowsRead(), "only the new day's 4 lines are read");
        assertTrue(t.printed().contains("shop: 1 of 3 export day folders new or changed since bronze.ingest_audit; "
                + "the other 2 not listed"), t.printed());
        assertTrue(t.printed().contains("shop/order_lines: loading 1 new or changed export day(s), 1 files"), t.printed());
        assertEquals(2, bronzeRows(t, DAY1), "the spoilt file was not opened: its day keeps what was loaded");
        assertEquals(4, bronzeRows(t, DAY3));
        assertEquals(2L, audit(t, DAY1).<Long>getAs("rows_read"));
        assertEquals(HOUR_AGO, folderTime(audit(t, DAY1)));
    }

    @Test
    void aFileReDeliveredIntoAnOldFolderIsReadAgainAndABadOneFailsNamingIt() throws IOException {
        TestJobs t = trustingLocalFolders();
        t.landing("2025-03-01", "order_lines.csv", orders("O1", 2));
        t.landing("2025-03-02", "order_lines.csv", orders("O2", 1));
        settle(t, DAY1, DAY2);
        job.run(t.context(DAY2));
        spoilInPlace(folder(t, DAY2).resolve("order_lines.csv"));

        redeliver(t, DAY1, "order_lines.csv", orders("O1", 3));
        // the move gave the folder a new time; set it a minute after the recorded one, settled, so it is recorded
        Files.setLastModifiedTime(folder(t, DAY1), FileTime.fromMillis(HOUR_AGO + 60_000));
        JobResult again = job.run(t.context(DAY2));

        assertEquals(3, again.rowsRead(), "day 1's new delivery, not day 2's spoilt file");
        assertTrue(t.printed().contains("shop: 1 of 2 export day folders new or changed since bronze.ingest_audit; "
                + "the other 1 not listed"), t.printed());
        assertEquals(3, bronzeRows(t, DAY1));
        assertEquals(1, bronzeRows(t, DAY2));
        Row audit = audit(t, DAY1);
        assertEquals(3L, audit.<Long>getAs("rows_read"));
        assertEquals(2L, audit.<Long>getAs("previous_rows_read"));
        assertEquals(HOUR_AGO + 60_000, folderTime(audit));
        assertEquals(HOUR_AGO, folderTime(audit(t, DAY2)), "day 2 was neither listed nor rewritten");

        // a changed file is checked as any new one: a missing required column fails naming the file
        redeliver(t, DAY1, "order_lines.csv", "order_id,ordered_at,product_id,quantity\nO1,2025-03-01T10:00:00Z,P1,1\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> job.run(t.context(DAY2)));
        assertTrue(error.getMessage().contains("file file:" + folder(t, DAY1).resolve("order_lines.csv")
                + ": required column 'unit_price'"), error.getMessage());
        assertEquals(3, bronzeRows(t, DAY1));
    }

    @Test
    void anAuditWithoutFolderTimesListsEveryFolderOnceAndRecordsTheirTimes() throws IOException {
        TestJobs t = trustingLocalFolders();
        Path first = t.landing("2025-03-01", "order_lines.csv", orders("O1", 2));
        Path second = t.landing("2025-03-02", "order_lines.csv", orders("O2", 1));
        settle(t, DAY1, DAY2);
        job.run(t.context(DAY2));
        // the audit as the ingest before folder times wrote it
        Dataset<Row> current = t.lake.read(BronzeTables.AUDIT).drop(IngestJob.FOLDER_MODIFIED_AT);
        List<Row> rows = current.collectAsList();
        TestSpark.session().createDataFrame(rows, current.schema()).write().format("delta").mode("overwrite")
                .option("overwriteSchema", "true").save(t.lake.path(BronzeTables.AUDIT));
        assertFalse(List.of(t.lake.read(BronzeTables.AUDIT).columns()).contains(IngestJob.FOLDER_MODIFIED_AT));

        // rewritten in place, its folder's time unchanged: only a full listing finds it
        rewriteInPlace(first, orders("O1", 3));
        spoilInPlace(second);
        JobResult full = job.run(t.context(DAY2));

        assertEquals(3, full.rowsRead(), "every folder listed; the changed file read, the unchanged one not opened");
        assertFalse(t.printed().contains("not listed"), t.printed());
        assertEquals(3, bronzeRows(t, DAY1));
        assertEquals(1, bronzeRows(t, DAY2));
        assertEquals(12, t.lake.read(BronzeTables.AUDIT).filter(col(IngestJob.FOLDER_MODIFIED_AT)
                .equalTo(new java.sql.Timestamp(HOUR_AGO))).count(), "the audit now knows both folders' time, for every entity");
        assertEquals(1L, audit(t, DAY2).<Long>getAs("rows_read"), "day 2's row kept as it was, with the folder's time");

        // the next night lists nothing and writes nothing
        long version = t.lake.version(BronzeTables.AUDIT);
        JobResult rerun = job.run(t.context(DAY2));
        assertEquals(0, rerun.rowsRead());
        assertTrue(t.printed().contains("shop: 0 of 2 export day folders new or changed since bronze.ingest_audit; "
                + "the other 2 not listed"), t.printed());
        assertEquals(version, t.lake.version(BronzeTables.AUDIT));
    }

    @Test
    void onALocalDiskEveryFolderIsListedByDefaultSoAFileRewrittenInPlaceIsSeenAndUnchangedFilesAreNotOpened()
            throws IOException {
        TestJobs t = new TestJobs();
        Path first = t.landing("2025-03-01", "order_lines.csv", orders("O1", 2));
        Path second = t.landing("2025-03-02", "order_lines.csv", orders("O2", 1));
        settle(t, DAY1, DAY2);
        job.run(t.context(DAY2));
        assertEquals(0, t.lake.read(BronzeTables.AUDIT).filter(col(IngestJob.FOLDER_MODIFIED_AT).isNotNull()).count(),
                "file is not in ingest.trust-folder-times: no folder time is recorded");

        rewriteInPlace(first, orders("O1", 4));
        spoilInPlace(second);
        JobResult night = job.run(t.context(DAY2));

        assertEquals(4, night.rowsRead());
        assertFalse(t.printed().contains("not listed"), t.printed());
        assertEquals(4, bronzeRows(t, DAY1));
        assertEquals(1, bronzeRows(t, DAY2), "the spoilt file kept its fingerprint and was not opened");
    }
}
