package io.ltvlake.tools;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.jobs.silver.SilverTables;
import io.ltvlake.tools.sample.Redelivery;
import io.ltvlake.tools.sample.SampleGenerator;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A sequence of nightly runs gives the tables one full run at the last date gives (issue 17, "Correctness is
 * not traded"), and so does a late re-delivery of an old export day followed by the next night: the re-delivery
 * changes a unit price and gives one order another customer's e-mail, which joins two customers.
 *
 * <p>Lake "nights" loads the history up to {@link #FIRST_LOAD}, then runs each next date as a night, the way
 * {@code bench --nights} does: the landing holds every export day, and ingest loads only the days up to the run
 * date. Lake "full" is one run at the last night's date over the same landing files; lake "corrected" is one run
 * at the date after, over the landing files with the re-delivered day.
 *
 * <p>Only the jobs whose tables keep state across runs, and the jobs they read, run: ingest (bronze per export
 * day, the audit, the quarantine) and rfm (month-end snapshots, scored again only when their inputs change), with
 * conform, jtbd and deals under them. Every other job overwrites its tables from these and the run date, so it
 * cannot remember a night; gold.trigger_events is a log by design (README "triggers": a full run cannot judge
 * earlier nights' entries) and is left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightsEqualFullRunTest {

    /** The last export day the generator writes. */
    static final LocalDate LAST = LocalDate.parse("2026-05-02");
    /** Nights 2026-04-30 and 2026-05-01, so the nights cross a month end (RFM keeps month-end snapshots). */
    static final int NIGHTS = 2;
    static final LocalDate FIRST_LOAD = LAST.minusDays(NIGHTS + 1);
    static final LocalDate LAST_NIGHT = FIRST_LOAD.plusDays(NIGHTS);
    /** The old export day re-delivered after the nights: loaded by the first load, long before the nights. */
    static final String REDELIVERED_DAY = LAST.minusDays(40).toString();

    static final List<String> JOBS = List.of("ingest", "conform", "jtbd", "deals", "rfm");

    private final SparkSession spark = TestSpark.session();
    private TestJobs nights;
    private Map<String, String> afterNights;
    private Map<String, String> afterRedelivery;
    private Redelivery.ChangedLine changed;
    /** The re-delivered order that now carries another customer's e-mail, and the two customers before. */
    private Redelivery.LinkedOrder linked;
    private String orderKeyBeforeLink;
    private String emailKeyBeforeLink;
    private long redeliveredDayRowsBefore;
    private TestJobs full;
    private TestJobs corrected;
    /** What conform said of the identity graph: on the first load, and on each night after it. */
    private String firstLoadIdentity;
    private final List<String> nightIdentity = new ArrayList<>();
    private final List<String> nightSilver = new ArrayList<>();
    /** Each night's lines from the lake about writes that checked only the rows changed. */
    private final List<String> nightChecks = new ArrayList<>();

    @BeforeAll
    void runNightsAndFullRuns() throws IOException {
        nights = new TestJobs();
        SampleGenerator.generate(new SampleSettings(300, 60, 11L, LAST, nights.root));
        full = new TestJobs();
        copySample(nights, full);

        firstLoadIdentity = identityLine(run(nights, FIRST_LOAD));
        for (int night = 1; night <= NIGHTS; night++) {
            String printed = run(nights, FIRST_LOAD.plusDays(night));
            nightIdentity.add(identityLine(printed));
            nightSilver.add(silverLine(printed));
            nightChecks.add(checkedOnlyChanged(printed));
        }
        run(full, LAST_NIGHT);
        afterNights = differences(full, nights);

        redeliveredDayRowsBefore = auditRowsRead(nights, REDELIVERED_DAY);
        linked = Redelivery.linkTwoCustomers(nights.root, REDELIVERED_DAY);
        orderKeyBeforeLink = customerKeyOfOrder(nights, linked.orderId());
        emailKeyBeforeLink = customerKeyOfEmail(nights, linked.newEmail());
        changed = Redelivery.doubleOneUnitPrice(nights.root, REDELIVERED_DAY);
        String printed = run(nights, LAST);
        nightIdentity.add(identityLine(printed));
        nightSilver.add(silverLine(printed));
        nightChecks.add(checkedOnlyChanged(printed));
        corrected = new TestJobs();
        copySample(nights, corrected);
        run(corrected, LAST);
        afterRedelivery = differences(corrected, nights);
    }

    @Test
    void nightlyRunsGiveTheTablesOfOneFullRun() {
        assertTrue(afterNights.size() > 10, "tables compared: " + afterNights.keySet());
        assertEquals(Map.of(), different(afterNights), "tables of the nights that differ from the full run at " + LAST_NIGHT);
        // the nights crossed April's end: its snapshot was scored by a night, the earlier month ends by the first load
        assertEquals("equal", afterNights.get("gold.customer_rfm"));
        List<String> snapshots = nights.lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.CUSTOMER_RFM).select("snapshot_date")
                .distinct().orderBy("snapshot_date").collectAsList().stream().map(r -> r.getDate(0).toString()).toList();
        // the sample's 60 days start in March; after the re-delivery night the latest snapshot is LAST
        assertEquals(List.of("2026-03-31", "2026-04-30", LAST.toString()), snapshots);
    }

    @Test
    void aReDeliveredOldDayAndTheNextNightGiveTheTablesOfOneFullRunOverTheCorrectedFiles() {
        assertEquals(Map.of(), different(afterRedelivery), "tables after re-delivering " + REDELIVERED_DAY
                + " and running " + LAST + " that differ from a full run over the same files");
        // the correction reached silver, so the comparison covers a changed order, not an unchanged lake
        Row line = corrected.lake.read(SilverTables.ORDER_LINES).filter(col("order_id").equalTo(changed.orderId())
                .and(col("line_key").equalTo(changed.lineNo()))).select("unit_price").first();
        assertEquals(0, changed.newUnitPrice().compareTo(line.getDecimal(0)), changed.toString());
        // the nights' audit remembers what the re-delivery replaced; a full run saw only one delivery
        Row audit = nights.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo("order_lines")
                .and(col("export_date").equalTo(java.sql.Date.valueOf(REDELIVERED_DAY)))).first();
        assertEquals(redeliveredDayRowsBefore, audit.getLong(audit.fieldIndex("previous_rows_read")));
        assertEquals(redeliveredDayRowsBefore, audit.getLong(audit.fieldIndex("rows_read")), "one line changed, none added");
    }

    @Test
    void aReDeliveredOrderNamingAnotherCustomersEmailJoinsTheTwoCustomersAsInAFullRun() {
        // the same re-delivery as above: its differences from the full run are checked there
        assertNotEquals(emailKeyBeforeLink, orderKeyBeforeLink, "two customers before the correction: " + linked);
        String orderKey = customerKeyOfOrder(nights, linked.orderId());
        assertEquals(customerKeyOfEmail(nights, linked.newEmail()), orderKey, "one customer after the correction: " + linked);
        assertEquals(customerKeyOfOrder(corrected, linked.orderId()), orderKey);
    }

    private static String customerKeyOfOrder(TestJobs lake, String orderId) {
        return lake.lake.read(SilverTables.ORDERS).filter(col("order_id").equalTo(orderId)).select("customer_key").first().getString(0);
    }

    private static String customerKeyOfEmail(TestJobs lake, String email) {
        return lake.lake.read(SilverTables.IDENTITY_MAP).filter(col("identifier_type").equalTo("email")
                .and(col("identifier_value").equalTo(email.trim().toLowerCase(java.util.Locale.ROOT))))
                .select("customer_key").first().getString(0);
    }

    @Test
    void theFirstLoadComputesTheIdentityGraphInFullAndEachNightOnlyTheComponentsWhoseEdgesChanged() {
        assertTrue(firstLoadIdentity.contains("computed in full"), firstLoadIdentity);
        assertEquals(NIGHTS + 1, nightIdentity.size());
        nightIdentity.forEach(line -> assertTrue(line.contains("the components whose edges changed"), line));
    }

    @Test
    void eachNightConformsOnlyTheKeysOfTheExportDaysThatChanged() {
        assertEquals(NIGHTS + 1, nightSilver.size());
        for (int night = 1; night <= NIGHTS; night++) {
            String line = nightSilver.get(night - 1);
            assertTrue(line.contains("conformed again only the business keys of the export days changed since the last run")
                    && line.contains("order_lines: shop " + FIRST_LOAD.plusDays(night) + ";"), line);
        }
        String lastNight = nightSilver.get(NIGHTS);
        assertTrue(lastNight.contains("order_lines: shop " + REDELIVERED_DAY + ", shop " + LAST), "the re-delivered day and the new one: "
                + lastNight);
        // every night, the re-delivery's too, kept the other rows (orders too, aggregated only for the lines conformed
        // again) and checked only those it changed; the tables still equal a full run's (the tests above)
        assertEquals(NIGHTS + 1, nightChecks.size());
        for (String checks : nightChecks) {
            for (String table : List.of("silver.order_lines", "silver.orders", "silver.sessions")) {
                assertTrue(checks.contains(table + ": checked only the rows changed"), table + ": " + checks);
            }
        }
    }

    /** The lines in which the lake says a write checked only the rows changed. */
    private static String checkedOnlyChanged(String printed) {
        return String.join("\n", printed.lines().filter(line -> line.contains(": checked only the rows changed")).toList());
    }

    /** The line in which conform says which export days it conformed again. */
    private static String silverLine(String printed) {
        return printed.lines().filter(line -> line.contains("silver: conformed")).findFirst()
                .orElseThrow(() -> new AssertionError("conform said nothing of the days it conformed:\n" + printed));
    }

    /** The line in which conform says how it computed the identity graph. */
    private static String identityLine(String printed) {
        return printed.lines().filter(line -> line.contains("identity graph:") && line.contains("rounds)")).findFirst()
                .orElseThrow(() -> new AssertionError("conform said nothing of the identity graph:\n" + printed));
    }

    private static Map<String, String> different(Map<String, String> compared) {
        Map<String, String> differing = new TreeMap<>(compared);
        differing.values().removeIf("equal"::equals);
        return differing;
    }

    /** Runs the jobs at the date; returns what they printed. */
    private static String run(TestJobs lake, LocalDate date) {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        JobRunner.Report report = Session.runPipeline(lake.settings, date, JOBS, Optional.empty(),
                new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(report.succeeded(), date + ": " + JobRunner.summary(report));
        return printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private long auditRowsRead(TestJobs lake, String day) {
        return lake.lake.read(BronzeTables.AUDIT).filter(col("entity").equalTo("order_lines")
                .and(col("export_date").equalTo(java.sql.Date.valueOf(day)))).first().getAs("rows_read");
    }

    /**
     * Every table of the pipeline (and the quarantine) that either lake has: "equal", or how it differs.
     * Columns that legitimately differ are dropped by {@link #comparable}.
     */
    private Map<String, String> differences(TestJobs reference, TestJobs other) {
        List<TableSpec> tables = new ArrayList<>(Pipeline.tables());
        if (tables.stream().noneMatch(t -> t.name().equals(Quarantine.TABLE.name()))) {
            tables.add(Quarantine.TABLE);
        }
        Map<String, String> result = new TreeMap<>();
        for (TableSpec table : tables) {
            boolean inReference = reference.lake.exists(table);
            boolean inOther = other.lake.exists(table);
            if (!inReference && !inOther) {
                continue; // a table of a job this test does not run
            }
            if (inReference != inOther) {
                result.put(table.name(), inReference ? "only in the full run" : "only in the nights");
                continue;
            }
            Dataset<Row> expected = comparable(reference, table);
            Dataset<Row> actual = comparable(other, table);
            DatasetDiff.Difference difference = DatasetDiff.between(expected, actual);
            // a few of the differing rows in the message, so a failure says which column differs
            result.put(table.name(), difference.same() ? "equal" : difference.onlyLeft() + " rows only in the full run "
                    + DatasetDiff.comparable(expected).exceptAll(DatasetDiff.comparable(actual)).limit(3).collectAsList() + ", "
                    + difference.onlyRight() + " only in the nights "
                    + DatasetDiff.comparable(actual).exceptAll(DatasetDiff.comparable(expected)).limit(3).collectAsList());
        }
        return result;
    }

    private Dataset<Row> comparable(TestJobs lake, TableSpec table) {
        Dataset<Row> rows = LakeComparison.comparableRows(lake.lake, lake.root, table);
        if (table.name().equals(BronzeTables.AUDIT.name())) {
            // run_date: the night that read the day, where a full run reads every day on its one date.
            // previous_rows_read: the rows of the delivery a re-delivered day replaced, which only a lake that
            // loaded the earlier delivery can know (the re-delivery test checks it on the nights' side).
            assertTrue(List.of(rows.columns()).containsAll(List.of("run_date", "previous_rows_read")), "audit columns renamed?");
            rows = rows.drop("run_date", "previous_rows_read");
        }
        return rows;
    }

    /** The sample's landing files and truth in another lake, with their modification times (part of the audit's fingerprints). */
    private static void copySample(TestJobs from, TestJobs to) throws IOException {
        for (String folder : List.of("landing", "truth")) {
            CrashTestCommand.copySample(from.root.resolve(folder), to.root.resolve(folder));
        }
    }
}
