package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Conform's identity graph across nights: labelled again where edges changed, computed in full when it cannot trust the stored one. */
class IncrementalIdentityTest {

    private static final LocalDate DAY_ONE = LocalDate.parse("2025-03-01");
    private static final LocalDate DAY_TWO = LocalDate.parse("2025-03-02");

    @Test
    void aNightJoiningTwoCustomersReKeysTheLaterOneAndAStoppedRunMakesTheNextComputeInFull() {
        TestJobs t = new TestJobs();
        t.landing(DAY_ONE.toString(), "order_lines.csv", MessagesConformTest.ORDER_HEADER
                + "O1,1,2025-03-01T10:00:00Z,2025-03-01T10:00:00Z,completed,C1,,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n"
                + "O2,1,2025-03-01T11:00:00Z,2025-03-01T11:00:00Z,completed,C2,,b@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        night(t, DAY_ONE);
        assertTrue(identityLine(t).contains("computed in full"), t.printed());
        String c1 = customerOf(t, "O1");
        String c2 = customerOf(t, "O2");
        assertNotEquals(c1, c2);

        // O3 names C2's CRM id and C1's e-mail: one person. The component's smallest identifier is customer_id:C1,
        // so C1 keeps its key and C2's order takes it.
        t.landing(DAY_TWO.toString(), "order_lines.csv", MessagesConformTest.ORDER_HEADER
                + "O3,1,2025-03-02T10:00:00Z,2025-03-02T10:00:00Z,completed,C2,,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        night(t, DAY_TWO);
        assertTrue(identityLine(t).contains("the components whose edges changed"), t.printed());
        assertEquals(c1, customerOf(t, "O1"));
        assertEquals(c1, customerOf(t, "O2"));
        assertEquals(c1, customerOf(t, "O3"));
        assertEquals(4, t.lake.read(SilverTables.IDENTITY_MAP).filter(col("customer_key").equalTo(c1)).count(),
                "customer_id:C1, customer_id:C2, email:a@shop.ru, email:b@shop.ru");
        Dataset<Row> incremental = t.lake.read(SilverTables.IDENTITY_MAP).localCheckpoint();

        // a run that stopped after writing silver.order_lines: the stored map no longer belongs to the tables' edges
        t.lake.overwrite(SilverTables.ORDER_LINES, t.lake.read(SilverTables.ORDER_LINES).localCheckpoint());
        new ConformJob().run(t.context(DAY_TWO));
        assertTrue(t.printed().contains("identity graph: computed in full (silver.order_lines is at version"), t.printed());
        assertTrue(DatasetDiff.between(incremental, t.lake.read(SilverTables.IDENTITY_MAP)).same(),
                "the graph computed in full equals the one the night updated");

        // silver derived with other settings (another default phone region): the stored labels may come from edges
        // this run would not make, so the graph is computed afresh rather than updated
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Settings otherRegion = TestSpark.settings(Map.of("lake.root", "\"" + t.root + "\"", "phones.default-region", "GB"));
        new ConformJob().run(new JobContext(DAY_TWO, otherRegion, TestSpark.session(), t.lake,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("the settings silver is derived with changed since the last run"), printed);
        assertTrue(printed.contains(" customers (computed in full, "), printed);
        assertTrue(DatasetDiff.between(incremental, t.lake.read(SilverTables.IDENTITY_MAP)).same(), "no phone to read otherwise");
    }

    private static void night(TestJobs t, LocalDate date) {
        new IngestJob().run(t.context(date));
        new ConformJob().run(t.context(date));
    }

    private static String identityLine(TestJobs t) {
        return t.printed().lines().filter(line -> line.contains("identity graph:") && line.contains("rounds)"))
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError(t.printed()));
    }

    private static String customerOf(TestJobs t, String orderId) {
        return t.lake.read(SilverTables.ORDERS).filter(col("order_id").equalTo(orderId)).first().getAs("customer_key");
    }
}
