package io.ltvlake.jobs.bronze.ingest;

import static io.ltvlake.jobs.bronze.ingest.IngestJobTest.CALL_HEADER;
import static io.ltvlake.jobs.bronze.ingest.IngestJobTest.ORDER_HEADER;
import static io.ltvlake.jobs.bronze.ingest.IngestJobTest.line;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Issue 15: no silent loss. Re-deliveries that shrink, empty files, foreign encodings, impossible values. */
class IngestGuardTest {

    static final Charset CP1251 = Charset.forName("windows-1251");
    static final LocalDate DAY1 = LocalDate.parse("2025-03-01");
    static final LocalDate DAY2 = LocalDate.parse("2025-03-02");

    private final IngestJob job = new IngestJob();

    private static String lines(String orderId, int count) {
        StringBuilder text = new StringBuilder(ORDER_HEADER);
        for (int i = 1; i <= count; i++) {
            text.append(line(orderId, i, "2025-03-01T10:00:00Z", "1", "10.00"));
        }
        return text.toString();
    }

    /** Re-delivers a landing file: new content and a later modification time, so its fingerprint changes. */
    private static Path redeliver(TestJobs t, String day, String name, byte[] content) {
        try {
            Path file = t.root.resolve("landing/shop").resolve(day).resolve(name);
            Files.createDirectories(file.getParent());
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
            Files.write(file, content);
            Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 60_000));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long bronzeRows(TestJobs t, String entity, LocalDate day) {
        return t.lake.read(BronzeTables.BY_ENTITY.get(entity)).filter(col("_export_date").equalTo(java.sql.Date.valueOf(day))).count();
    }

    private static JobContext accepting(TestJobs t, LocalDate runDate, String pair) {
        Settings settings = TestSpark.settings(Map.of("lake.root", "\"" + t.root + "\"", "ingest.accept-shrink", "[\"" + pair + "\"]"));
        return new JobContext(runDate, settings, TestSpark.session(), t.lake, System.out);
    }

    private static Row audit(TestJobs t, String entity, LocalDate day) {
        return t.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo(entity)
                .and(col("export_date").equalTo(java.sql.Date.valueOf(day)))).first();
    }

    // ------------------------------------------------------------------ re-delivery guard

    @Test
    void aZeroByteRedeliveryKeepsTheLoadedDayLoadsTheRestAndFailsNamingDayFileCountsAndTheWayToForceIt() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", lines("O1", 49));
        job.run(t.context(DAY1));
        assertEquals(49, bronzeRows(t, "order_lines", DAY1));

        // the export died while writing; the next night's day and calls arrive as usual
        Path empty = redeliver(t, "2025-03-01", "order_lines.csv", new byte[0]);
        t.landing("2025-03-02", "order_lines.csv", lines("O2", 3));
        t.landing("2025-03-02", "calls.csv", CALL_HEADER + "K1,2025-03-02T08:00:00Z,+79123456789,in,answered,60,5,,,,,,m01\n");
        IllegalStateException held = assertThrows(IllegalStateException.class, () -> job.run(t.context(DAY2)));

        String message = held.getMessage();
        assertTrue(message.contains("shop/order_lines 2025-03-01 not applied"), message);
        assertTrue(message.contains("file file:" + empty + " is empty (0 bytes)"), message);
        assertTrue(message.contains("the loaded delivery has 49 rows"), message);
        assertTrue(message.contains("--accept-shrink shop:2025-03-01"), message);
        assertFalse(message.lines().count() > 1, "one line: the run summary shows the first line of a failure");
        assertEquals(49, bronzeRows(t, "order_lines", DAY1), "the loaded day is kept");
        assertEquals(3, bronzeRows(t, "order_lines", DAY2), "other days still load");
        assertEquals(1, bronzeRows(t, "calls", DAY2), "other entities still load");
        assertEquals(49, audit(t, "order_lines", DAY1).<Long>getAs("rows_read"), "the day is not marked as re-ingested");

        // the next night it is held again: nothing was recorded that would let it through
        assertThrows(IllegalStateException.class, () -> job.run(t.context(DAY2)));
        assertEquals(49, bronzeRows(t, "order_lines", DAY1));

        // forced: the day is emptied, and the audit says who allowed it and what it had
        JobResult forced = job.run(accepting(t, DAY2, "shop:2025-03-01"));
        assertEquals(0, bronzeRows(t, "order_lines", DAY1));
        Row audit = audit(t, "order_lines", DAY1);
        assertEquals(0L, audit.<Long>getAs("rows_read"));
        assertEquals(49L, audit.<Long>getAs("previous_rows_read"));
        assertEquals(true, audit.<Boolean>getAs("is_shrink_accepted"));
        assertTrue(forced.warnings().stream().anyMatch(w -> w.contains("is empty (0 bytes); skipped, as --accept-shrink "
                + "shop:2025-03-01 allows")), forced.warnings().toString());
        assertEquals(false, audit(t, "order_lines", DAY2).<Boolean>getAs("is_shrink_accepted"));
    }

    @Test
    void aRedeliveryWithMoreThanHalfFewerRowsIsHeldAndOneWithHalfIsApplied() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", lines("O1", 4));
        job.run(t.context(DAY1));

        redeliver(t, "2025-03-01", "order_lines.csv", lines("O1", 1).getBytes(StandardCharsets.UTF_8));
        IllegalStateException held = assertThrows(IllegalStateException.class, () -> job.run(t.context(DAY1)));
        assertTrue(held.getMessage().contains("shop/order_lines 2025-03-01 not applied: the new delivery (1 file(s): file:"
                + t.root.resolve("landing/shop/2025-03-01/order_lines.csv") + ") has 1 rows, 75 % fewer than the 4 loaded, "
                + "more than ingest.max-shrink 50 %; to apply it anyway: run --accept-shrink shop:2025-03-01"), held.getMessage());
        assertEquals(4, bronzeRows(t, "order_lines", DAY1));

        // 4 → 2 is 50 % fewer, not more: a normal correction
        redeliver(t, "2025-03-01", "order_lines.csv", lines("O1", 2).getBytes(StandardCharsets.UTF_8));
        job.run(t.context(DAY1));
        assertEquals(2, bronzeRows(t, "order_lines", DAY1));
        assertEquals(4L, audit(t, "order_lines", DAY1).<Long>getAs("previous_rows_read"));
        assertEquals(false, audit(t, "order_lines", DAY1).<Boolean>getAs("is_shrink_accepted"));
    }

    @Test
    void anEmptyOrHeaderlessFileOnAFirstDeliveryIsReportedAndTheDayIsNotMarkedIngested() {
        TestJobs t = new TestJobs();
        Path empty = t.landing("2025-03-01", "order_lines.csv", "");
        Path headerless = t.landing("2025-03-01", "calls.csv", "\n");
        t.landing("2025-03-01", "sessions.csv", "session_id,started_at\nS1,2025-03-01T09:00:00Z\n");

        IllegalStateException held = assertThrows(IllegalStateException.class, () -> job.run(t.context(DAY1)));
        assertTrue(held.getMessage().contains("held back 2 export day(s)"), held.getMessage());
        assertTrue(held.getMessage().contains("shop/order_lines 2025-03-01 not applied: file file:" + empty
                + " is empty (0 bytes) (first delivery)"), held.getMessage());
        assertTrue(held.getMessage().contains("shop/calls 2025-03-01 not applied: file file:" + headerless
                + " has no header line (first delivery)"), held.getMessage());
        assertEquals(1, bronzeRows(t, "sessions", DAY1));
        assertEquals(0, t.lake.read(BronzeTables.AUDIT).filter(col("entity").isin("order_lines", "calls")).count(),
                "not marked as ingested: the next run looks at the day again");
    }

    // ------------------------------------------------------------------ encodings

    /** Settings whose conf/ holds the project's config plus one source profile 'export' for source 'shop'. */
    private static Settings withProfile(Path lakeRoot, String profile) {
        try {
            Path conf = TestSpark.tempDir("ltvlake-conf");
            Files.createDirectories(conf.resolve("sources"));
            Files.copy(TestSpark.projectRoot().resolve("conf/application.conf"), conf.resolve("application.conf"));
            Files.writeString(conf.resolve("sources/export.conf"), profile);
            return ConfigLoader.load(ConfigLoader.Request.of(TestSpark.projectRoot(), "local").withConfDir(conf)
                    .withEnvironment(Map.of()).withOverrides(Map.of("spark.shuffle-partitions", "2",
                            "lake.root", "\"" + lakeRoot + "\"", "ingest.sources", "[ { name = shop, profile = export } ]")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JobContext context(TestJobs t, Settings settings, ByteArrayOutputStream printed) {
        return new JobContext(DAY1, settings, TestSpark.session(), t.lake, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static final String ORDERS = "order_id;ordered_at;product_id;product_name;customer;quantity;unit_price\n"
            + "O1;2025-03-01T10:00:00Z;P1;Телевизор «Рубин»;Иван Петров;1;100.00\n"
            + "O2;2025-03-01T11:00:00Z;P2;Café crème;José Müller;2;3.50\n";

    private static String csvProfile(String encoding) {
        return "format = csv, options { header = \"true\", sep = \";\" }" + (encoding == null ? "" : ", encoding = " + encoding)
                + ", columns-default-to-canonical-names = true, entities { order_lines { files = \"orders*.csv\", "
                + "columns { customer_id = customer } } }";
    }

    private static Map<String, String> productNames(TestJobs t) {
        Map<String, String> names = new HashMap<>();
        t.lake.read(BronzeTables.BY_ENTITY.get("order_lines")).select("order_id", "product_name", "customer_id").collectAsList()
                .forEach(r -> names.put(r.getString(0), r.getString(1) + " / " + r.getString(2)));
        return names;
    }

    /** A Russian export in windows-1251: Latin-1 letters do not exist there, so its names are all Russian. */
    private static Path russianExport(TestJobs t) throws IOException {
        return export(t, ORDERS.replace("Café crème;José Müller", "Чайник;Мария Сидорова").getBytes(CP1251));
    }

    /** A Western export in ISO-8859-1, which has no Cyrillic letters. */
    private static Path westernExport(TestJobs t) throws IOException {
        return export(t, ORDERS.replace("Телевизор «Рубин»;Иван Петров", "Crêpe;Françoise Lefèvre")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Path export(TestJobs t, byte[] bytes) throws IOException {
        Path file = t.root.resolve("landing/shop/2025-03-01/orders.csv");
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void windows1251AndLatin1FilesLoadCorrectlyWhenDeclared() throws IOException {
        TestJobs cyrillic = new TestJobs();
        russianExport(cyrillic);
        job.run(context(cyrillic, withProfile(cyrillic.root, csvProfile("windows-1251")), new ByteArrayOutputStream()));
        assertEquals(Map.of("O1", "Телевизор «Рубин» / Иван Петров", "O2", "Чайник / Мария Сидорова"), productNames(cyrillic));

        TestJobs latin = new TestJobs();
        westernExport(latin);
        job.run(context(latin, withProfile(latin.root, csvProfile("ISO-8859-1")), new ByteArrayOutputStream()));
        assertEquals(Map.of("O1", "Crêpe / Françoise Lefèvre", "O2", "Café crème / José Müller"), productNames(latin));
    }

    @Test
    void jsonLinesInWindows1251LoadWhenDeclared() throws IOException {
        TestJobs t = new TestJobs();
        Path file = t.root.resolve("landing/shop/2025-03-01/orders.json");
        Files.createDirectories(file.getParent());
        Files.write(file, ("{\"order_id\":\"O1\",\"ordered_at\":\"2025-03-01T10:00:00Z\",\"product_id\":\"P1\","
                + "\"product_name\":\"Телевизор\",\"customer\":\"Иван\",\"quantity\":1,\"unit_price\":100.0}\n"
                + "{\"order_id\":\"O2\",\"ordered_at\":\"2025-03-01T10:00:00Z\",\"product_id\":\"P2\","
                + "\"product_name\":\"Ёлка\",\"customer\":\"Мария\",\"quantity\":1,\"unit_price\":5.0}\n").getBytes(CP1251));
        job.run(context(t, withProfile(t.root, "format = json, encoding = windows-1251, columns-default-to-canonical-names = true, "
                + "entities { order_lines { files = \"orders*.json\", columns { customer_id = customer } } }"),
                new ByteArrayOutputStream()));
        assertEquals(Map.of("O1", "Телевизор / Иван", "O2", "Ёлка / Мария"), productNames(t));
    }

    @Test
    void aFileNotValidInTheDeclaredEncodingFailsWithFileByteOffsetAndAHintBeforeAnythingIsWritten() throws IOException {
        TestJobs cyrillic = new TestJobs();
        Path file = russianExport(cyrillic);
        IllegalArgumentException notUtf8 = assertThrows(IllegalArgumentException.class, () -> job.run(
                context(cyrillic, withProfile(cyrillic.root, csvProfile(null)), new ByteArrayOutputStream())));
        // the header is 73 bytes; "O1;2025-03-01T10:00:00Z;P1;" is 27 more: the first Cyrillic letter is byte 100
        assertTrue(notUtf8.getMessage().contains("file file:" + file + " is not valid UTF-8 (the encoding profile 'export' "
                + "declares): the first bad byte is at byte offset 100; looks like windows-1251; set encoding = "
                + "\"windows-1251\" in the profile"), notUtf8.getMessage());
        assertFalse(cyrillic.lake.exists(BronzeTables.BY_ENTITY.get("order_lines")), "nothing written");

        TestJobs latin = new TestJobs();
        westernExport(latin);
        IllegalArgumentException latinNotUtf8 = assertThrows(IllegalArgumentException.class, () -> job.run(
                context(latin, withProfile(latin.root, csvProfile("UTF-8")), new ByteArrayOutputStream())));
        // "Cr" then ê
        assertTrue(latinNotUtf8.getMessage().contains("is at byte offset 102; looks like ISO-8859-1"), latinNotUtf8.getMessage());
    }

    // ------------------------------------------------------------------ plausibility, unknown columns

    @Test
    void impossibleValuesGoToTheQuarantineAndUnknownColumnsAreListedOncePerFile() {
        TestJobs t = new TestJobs();
        String header = ORDER_HEADER.replace("country\n", "country,loyalty_tier\n");
        t.landing("2025-03-01", "order_lines.csv", header
                + line("O1", 1, "2025-03-01T10:00:00Z", "1", "100.00").replace("\n", ",gold\n")
                + line("O2", 1, "2099-01-01T10:00:00Z", "1", "100.00").replace("\n", ",gold\n")
                + line("O3", 1, "1900-01-01T10:00:00Z", "1", "100.00").replace("\n", ",gold\n")
                + line("O4", 1, "2025-03-01T10:00:00Z", "-5", "100.00").replace("\n", ",gold\n")
                + line("O5", 1, "2025-03-01T10:00:00Z", "1", "-100.00").replace("\n", ",gold\n"));
        t.landing("2025-03-01", "order_lines_2.csv", header + line("O6", 1, "2025-03-01T10:00:00Z", "1", "1.00")
                .replace("\n", ",silver\n"));
        t.landing("2025-03-01", "calls.csv", CALL_HEADER + "K1,2025-03-01T08:00:00Z,+79123456789,in,answered,-30,5,,,,,,m01\n"
                + "K2,2025-03-01T08:00:00Z,+79123456789,in,answered,30,5,,,,,,m01\n");

        JobResult result = job.run(t.context(DAY1));

        Map<String, Long> reasons = new java.util.TreeMap<>();
        t.lake.read(Quarantine.TABLE).groupBy("_reason").count().collectAsList().forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
        assertEquals(Map.of("implausible_value: ordered_at", 2L, "implausible_value: quantity", 1L,
                "implausible_value: unit_price", 1L, "implausible_value: duration_s", 1L), reasons);
        assertEquals(8, result.rowsRead());
        assertEquals(5, result.rowsQuarantined());
        assertTrue(t.printed().contains("shop/order_lines: read 6 = loaded 2 + quarantined 4"), t.printed());

        List<String> notices = result.warnings().stream().filter(w -> w.contains("loyalty_tier")).toList();
        assertEquals(2, notices.size(), "once per file: " + notices);
        assertTrue(notices.get(0).contains("/order_lines.csv: columns no profile expression reads, not loaded: loyalty_tier"),
                notices.get(0));
        Dataset<Row> audit = t.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo("order_lines"));
        assertEquals("[[WrappedArray(order_lines.csv: loyalty_tier, order_lines_2.csv: loyalty_tier)]]",
                audit.select("unknown_columns").collectAsList().toString());
        assertEquals("[[WrappedArray()]]", t.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo("calls"))
                .select("unknown_columns").collectAsList().toString());
    }
}
