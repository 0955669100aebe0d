package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Conform's nights: only the business keys of the export days that changed since the last run are conformed
 * again, and silver then equals a run that conforms all of bronze, also with a late re-delivery that changes
 * one order's line and drops another order. (A rerun that finds no changed day is EndToEndTest's.)
 */
class IncrementalSilverTest {

    private static final LocalDate DAY_ONE = LocalDate.parse("2025-03-01");
    private static final LocalDate DAY_TWO = LocalDate.parse("2025-03-02");
    private static final String CALL_HEADER = "call_id,started_at,caller_phone,direction,status,duration_s,wait_s,utm_source,"
            + "utm_medium,utm_campaign,landing_page,client_id,manager_id\n";
    private static final List<TableSpec> SILVER = List.of(SilverTables.ORDER_LINES, SilverTables.ORDERS, SilverTables.CALLS,
            SilverTables.SESSIONS, SilverTables.AD_COSTS, SilverTables.PRODUCTS, SilverTables.IDENTITY_MAP, SilverTables.CUSTOMERS);

    @Test
    void aNightConformsTheKeysOfANewDayAndOfALateReDeliveryAndEqualsAFullRun() {
        TestJobs t = new TestJobs();
        t.landing(DAY_ONE.toString(), "order_lines.csv", MessagesConformTest.ORDER_HEADER
                + "O1,1,2025-03-01T10:00:00Z,2025-03-01T10:00:00Z,completed,C1,+7 912 345-67-89,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n"
                + "O1,2,2025-03-01T10:00:00Z,2025-03-01T10:00:00Z,completed,C1,+7 912 345-67-89,a@shop.ru,,P2,Cable,tv,2,10.00,,,,,online,RU\n"
                + "O2,1,2025-03-01T11:00:00Z,2025-03-01T11:00:00Z,completed,C2,,b@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        t.landing(DAY_ONE.toString(), "calls.csv", CALL_HEADER + "K1,2025-03-01T08:00:00Z,+7 912 3456789,in,answered,60,5,,,,,,m01\n");
        night(t, DAY_ONE);

        // Day two brings a new order and call, and the shop re-delivers day one: O1's second line now costs 12.00
        // and O2 is gone (it was in no other delivery). Day one's calls are not re-delivered.
        t.landing(DAY_TWO.toString(), "order_lines.csv", MessagesConformTest.ORDER_HEADER
                + "O3,1,2025-03-02T10:00:00Z,2025-03-02T10:00:00Z,completed,C3,,c@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        t.landing(DAY_TWO.toString(), "calls.csv", CALL_HEADER + "K2,2025-03-02T08:00:00Z,+7 912 3456789,in,answered,30,5,,,,,,m01\n");
        delete(t.root.resolve("landing/shop").resolve(DAY_ONE.toString()).resolve("order_lines.csv"));
        t.landing(DAY_ONE.toString(), "order_lines.csv", MessagesConformTest.ORDER_HEADER
                + "O1,1,2025-03-01T10:00:00Z,2025-03-01T10:00:00Z,completed,C1,+7 912 345-67-89,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n"
                + "O1,2,2025-03-01T10:00:00Z,2025-03-01T10:00:00Z,completed,C1,+7 912 345-67-89,a@shop.ru,,P2,Cable,tv,2,12.00,,,,,online,RU\n");
        night(t, DAY_TWO);

        String night = lastSilverLine(t);
        assertTrue(night.contains("conformed again only the business keys of the export days changed since the last run ("), night);
        assertTrue(night.contains("order_lines: shop 2025-03-01, shop 2025-03-02;") && night.contains("calls: shop 2025-03-02;"), night);
        // the night checked the order lines it conformed again, not those it kept; calls, whose flags it computes
        // again for every call, were checked whole
        String checkedOnlyChanged = ": checked only the rows changed (the rows kept were checked when written)";
        assertTrue(t.printed().contains("silver.order_lines" + checkedOnlyChanged), t.printed());
        // and aggregated only the orders of those lines, keeping the others
        assertTrue(t.printed().contains("silver.orders" + checkedOnlyChanged), t.printed());
        assertFalse(t.printed().contains("silver.calls" + checkedOnlyChanged), t.printed());
        assertEquals(0, t.lake.read(SilverTables.ORDERS).filter(col("order_id").equalTo("O2")).count(), "O2 left silver");
        assertEquals(new BigDecimal("124.00"), t.lake.read(SilverTables.ORDERS).filter(col("order_id").equalTo("O1")).first()
                .getAs("revenue"), "O1 as re-delivered: 100.00 + 2 x 12.00");
        assertSilverEqualsAFullRun(t, DAY_TWO);
    }

    private static void night(TestJobs t, LocalDate date) {
        new IngestJob().run(t.context(date));
        // in a job's scope, as the runner runs it, so the lake's lines about its writes go to the job's output
        ConformJob conform = new ConformJob();
        JobContext context = t.context(date);
        try (Lake.JobScope writes = t.lake.beginJob(conform.outputs(), context.out())) {
            conform.run(context);
        }
    }

    private static String lastSilverLine(TestJobs t) {
        return t.printed().lines().filter(line -> line.contains("silver: conformed"))
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError(t.printed()));
    }

    /** The same landing files ingested and conformed at once on a new lake give every silver table the same rows. */
    private static void assertSilverEqualsAFullRun(TestJobs nights, LocalDate date) {
        TestJobs once = new TestJobs();
        copy(nights.root.resolve("landing"), once.root.resolve("landing"));
        night(once, date);
        for (TableSpec table : SILVER) {
            // a night that wrote the columns in another order would change the table's schema under its readers
            assertEquals(List.of(once.lake.read(table).columns()), List.of(nights.lake.read(table).columns()), table.name() + " columns");
            DatasetDiff.Difference difference = DatasetDiff.between(once.lake.read(table), nights.lake.read(table));
            assertTrue(difference.same(), table.name() + ": " + difference.onlyLeft() + " rows only in the full run, "
                    + difference.onlyRight() + " only after the nights\n" + nights.printed());
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
