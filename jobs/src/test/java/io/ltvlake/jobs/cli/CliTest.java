package io.ltvlake.jobs.cli;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CliTest {

    private record Ran(int exitCode, String out, String err) {}

    /** Runs the CLI in this JVM with the project as home, capturing what it prints. */
    private static Ran cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
        String home = System.getProperty("ltvlake.home");
        System.setProperty("ltvlake.home", TestSpark.projectRoot().toString());
        try {
            System.setOut(new PrintStream(outBuffer, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBuffer, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Ran(code, outBuffer.toString(StandardCharsets.UTF_8), errBuffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            if (home == null) {
                System.clearProperty("ltvlake.home");
            } else {
                System.setProperty("ltvlake.home", home);
            }
        }
    }

    @Test
    void jobsPrintsTheGraph() {
        Ran ran = cli("jobs");
        assertEquals(0, ran.exitCode());
        assertTrue(ran.out().matches("(?s).*ingest\\s+-\\s+bronze\\.order_lines.*"), ran.out());
        assertTrue(ran.out().matches("(?s).*conform\\s+ingest\\s+silver\\.order_lines.*"), ran.out());
    }

    @Test
    void aMisspeltKeyStopsTheRunBeforeSparkStartsAndNamesTheKey() {
        Ran ran = cli("run", "--date", "2026-11-20", "--set", "identity.max-iteratons=5");
        assertEquals(2, ran.exitCode());
        assertTrue(ran.err().contains("unknown config key 'ltvlake.identity.max-iteratons'"), ran.err());
        assertTrue(ran.err().contains("did you mean 'ltvlake.identity.max-iterations'"), ran.err());
        assertFalse(ran.out().contains("[1/"), "no job started: " + ran.out());
    }

    @Test
    void aLakeThatCannotBeWrittenStopsTheRunBeforeAnyJob() throws IOException {
        // under a regular file: not writable even for root, whom chmod does not stop
        java.nio.file.Path file = Files.writeString(TestSpark.tempDir("ltvlake-read-only").resolve("a-file"), "x");
        String root = file.resolve("lake").toString();
        Ran ran = cli("run", "--date", "2026-11-20", "--lake", root);
        assertEquals(2, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.err().startsWith("ltvlake: the lake root " + root + " cannot be written (read-only, no permission,"
                + " or not a folder): "), ran.err());
        assertEquals(1, ran.err().strip().lines().count(), "one line: " + ran.err());
        assertFalse(ran.out().contains("[1/"), "no job started: " + ran.out());
    }

    @Test
    void sqlAgainstALakeThatDoesNotExistSaysSo() {
        String root = TestSpark.tempDir("ltvlake-no-lake").resolve("not-here").toString();
        Ran ran = cli("sql", "select count(*) from gold.deals", "--lake", root);
        assertEquals(2, ran.exitCode(), ran.out() + ran.err());
        assertEquals("ltvlake: there is no lake at " + root + ": run bin/ltvlake demo (or a run) first, or point --lake at one",
                ran.err().strip());
    }

    @Test
    void aBadJtbdRuleStopsTheRunBeforeAnyJobWritesAndNamesTheRule() {
        java.nio.file.Path lake = TestSpark.tempDir("ltvlake-bad-rule");
        Ran ran = cli("run", "--date", "2026-11-20", "--lake", lake.toString(),
                "--set", "jtbd.rule-sets.shop=[{job=breakfast, when=\"hour < 11\"}, {job=lunch, when=\"hourz > 11\"}]",
                "--set", "jtbd.rule-set=shop");
        assertEquals(2, ran.exitCode(), ran.out());
        assertTrue(ran.out().contains("FAILED before any job ran: job 'jtbd': jtbd rule 'lunch' (rule 2 of rule set 'shop'"),
                ran.out());
        assertFalse(ran.out().contains("[1/"), "no job started: " + ran.out());
        assertFalse(Files.exists(lake.resolve("bronze")), "nothing written");
    }

    @Test
    void aHeldBackRedeliveryFailsTheRunAndAcceptShrinkAppliesIt() throws java.io.IOException {
        java.nio.file.Path lake = TestSpark.tempDir("ltvlake-accept-shrink");
        java.nio.file.Path file = lake.resolve("landing/shop/2025-03-01/order_lines.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "order_id,ordered_at,product_id,quantity,unit_price\nO1,2025-03-01T10:00:00Z,P1,1,10.00\n");
        String[] run = {"run", "--date", "2025-03-01", "--only", "ingest", "--lake", lake.toString()};
        assertEquals(0, cli(run).exitCode());

        Files.write(file, new byte[0]);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Ran held = cli(run);
        assertEquals(1, held.exitCode(), held.out());
        assertTrue(held.out().contains("FAILED: job 'ingest': held back 1 export day(s), the rest is loaded: shop/order_lines "
                + "2025-03-01 not applied: file file:" + file + " is empty (0 bytes) (the loaded delivery has 1 rows); "
                + "to apply it anyway: run --accept-shrink shop:2025-03-01"), held.out());

        Ran typo = cli(java.util.stream.Stream.concat(java.util.Arrays.stream(run),
                java.util.stream.Stream.of("--accept-shrink", "shop:01.03.2025")).toArray(String[]::new));
        assertEquals(2, typo.exitCode(), typo.err());
        assertTrue(typo.err().contains("config key 'ltvlake.ingest.accept-shrink'"), typo.err());

        Ran forced = cli(java.util.stream.Stream.concat(java.util.Arrays.stream(run),
                java.util.stream.Stream.of("--accept-shrink", "shop:2025-03-01")).toArray(String[]::new));
        assertEquals(0, forced.exitCode(), forced.out());
        assertTrue(forced.out().contains("skipped, as --accept-shrink shop:2025-03-01 allows"), forced.out());
    }

    @Test
    void backfillWritesOneSnapshotPerMonthEndFromTheDealsInTheLake() {
        java.nio.file.Path root = TestSpark.tempDir("ltvlake-backfill");
        io.ltvlake.common.lake.Lake lake = new io.ltvlake.common.lake.Lake(TestSpark.session(), root.toString());
        LakeSeeds.seed(lake, io.ltvlake.jobs.gold.deals.DealsTables.ORDER_DEALS, TestSpark.session().createDataFrame(java.util.List.of(
                org.apache.spark.sql.RowFactory.create("p", "p1", java.sql.Date.valueOf("2026-01-10"), new java.math.BigDecimal("10.00")),
                org.apache.spark.sql.RowFactory.create("q", "q1", java.sql.Date.valueOf("2026-03-02"), new java.math.BigDecimal("20.00"))),
                new org.apache.spark.sql.types.StructType().add("customer_key", "string").add("deal_id", "string")
                        .add("order_date", "date").add("revenue", "decimal(18,2)"))
                // the table's key, which RFM does not read: each deal here has one order
                .withColumn("source", org.apache.spark.sql.functions.lit("shop"))
                .withColumn("order_id", org.apache.spark.sql.functions.col("deal_id")));
        // the deals, whose margins the non-target flag reads: unknown here
        LakeSeeds.seed(lake, io.ltvlake.jobs.gold.deals.DealsTables.DEALS, TestSpark.session().createDataFrame(java.util.List.of(
                org.apache.spark.sql.RowFactory.create("p", "p1", java.sql.Date.valueOf("2026-01-10"), new java.math.BigDecimal("10.00"), null),
                org.apache.spark.sql.RowFactory.create("q", "q1", java.sql.Date.valueOf("2026-03-02"), new java.math.BigDecimal("20.00"), null)),
                new org.apache.spark.sql.types.StructType().add("customer_key", "string").add("deal_id", "string")
                        .add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)")));
        // customer_rfm's keys must be customers of silver.customers (its relationship check)
        LakeSeeds.seed(lake, io.ltvlake.jobs.silver.SilverTables.CUSTOMERS, TestSpark.session().createDataFrame(java.util.List.of(
                org.apache.spark.sql.RowFactory.create("p"), org.apache.spark.sql.RowFactory.create("q")),
                new org.apache.spark.sql.types.StructType().add("customer_key", "string")));
        Ran ran = cli("backfill", "--job", "rfm", "--from", "2026-01", "--to", "2026-03", "--lake", root.toString());
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        java.util.List<String> snapshots = lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.CUSTOMER_RFM)
                .groupBy("snapshot_date").count().orderBy("snapshot_date").collectAsList().stream()
                .map(r -> r.getDate(0) + "=" + r.getLong(1)).toList();
        // q's deal of 03-02 is in the March snapshot only
        assertEquals(java.util.List.of("2026-01-31=1", "2026-02-28=1", "2026-03-31=2"), snapshots);
    }

    @Test
    void anRfmMapWithUnassignedCellsStopsTheRunAndListsThem() {
        Ran ran = cli("run", "--date", "2026-11-20", "--only", "rfm",
                "--set", "rfm.segments=[{id=top, recency=[3,5], frequency=[1,5]}, {id=low, recency=[1,2], frequency=[1,4]}]");
        assertEquals(2, ran.exitCode(), ran.out());
        assertTrue(ran.err().contains("rfm segments leave R/F cells unassigned: (1,5), (2,5)"), ran.err());
    }

    @Test
    void configPrintsTheEffectiveConfigWithSecretsMasked() {
        Ran ran = cli("config", "--set", "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=hunter2", "--lake", "/tmp/somewhere");
        assertEquals(0, ran.exitCode(), ran.err());
        assertTrue(ran.out().contains("root=\"/tmp/somewhere\"") || ran.out().contains("root = \"/tmp/somewhere\"")
                || ran.out().contains("\"/tmp/somewhere\""), ran.out());
        assertFalse(ran.out().contains("hunter2"), ran.out());
    }

    @Test
    void theReadmeCatalogueListsEveryTable() throws IOException {
        String readme = Files.readString(TestSpark.projectRoot().resolve("README.md"));
        String catalogue = TablesCommand.catalogue();
        for (TableSpec table : Pipeline.tables()) {
            assertTrue(readme.contains("`" + table.name() + "`"), "README.md lacks " + table.name()
                    + "; paste the output of bin/ltvlake tables");
            assertTrue(catalogue.contains("`" + table.name() + "`"));
        }
        assertTrue(readme.contains(catalogue.stripTrailing()), "README.md's catalogue is not the output of bin/ltvlake tables; paste it again");
    }

    @Test
    void theCatalogueSaysWhatEachTableIsForNightsAndWhatANightDoesToIt() {
        assertTrue(Pipeline.tables().stream().allMatch(t -> t.refresh() != null), "every table declares .refreshed(...)");
        String catalogue = TablesCommand.catalogue();
        assertTrue(catalogue.contains("| `gold.order_deals` | per customer | rewritten |\n"), catalogue);
        assertTrue(catalogue.contains("| `gold.customer_rfm` | per period | the run date's snapshot and the month ends whose "
                + "inputs changed are scored; the others are kept |\n"), catalogue);
        assertTrue(catalogue.contains("- as of the run date: rows measure age, recency"), catalogue);
    }

    @Test
    void theCatalogueListsEveryTablesChecksWithTheKeyChecksFirst() {
        String catalogue = TablesCommand.catalogue();
        assertTrue(catalogue.contains("| `gold.deals` | unique(deal_id) | error | no two rows share (deal_id) |\n"
                + "| `gold.deals` | not_null(deal_id) | error | deal_id is never null |\n"), catalogue);
        assertTrue(catalogue.contains("| `silver.orders` | not_null(source, order_id) | error | none of source, order_id is null |"),
                catalogue);
        assertFalse(catalogue.contains("| `bronze.calls` | unique"), "a table without a key has no key check");
    }
}
