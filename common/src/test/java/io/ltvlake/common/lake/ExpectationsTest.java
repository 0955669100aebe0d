package io.ltvlake.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private final SparkSession spark = TestSpark.session();
    private final Lake lake = new Lake(spark, TestSpark.tempDir("expectations-test").toString());

    /** A deal: its id, kind, orders = immediate + deferred upsells + 1, revenue. */
    private final StructType dealSchema = new StructType().add("deal_id", "string").add("deal_kind", "string")
            .add("orders", "int").add("immediate_upsells", "int").add("deferred_upsells", "int").add("revenue", "double");
    private final TableSpec deals = TableSpec.of("gold.deals", "one row per deal", List.of("deal_id"), "deals");
    private final StructType orderSchema = new StructType().add("order_id", "string").add("deal_id", "string");
    private final TableSpec orderDeals = TableSpec.of("gold.order_deals", "one row per order", List.of("order_id"), "map")
            .check(Expectation.relationship("deal_id", deals, "deal_id"));

    private Dataset<Row> deals(Object[]... rows) {
        return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), dealSchema);
    }

    private static Object[] deal(String id, String kind, int orders, int immediate, int deferred, double revenue) {
        return new Object[] {id, kind, orders, immediate, deferred, revenue};
    }

    private Dataset<Row> orders(String... idAndDeal) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < idAndDeal.length; i += 2) {
            rows.add(RowFactory.create(idAndDeal[i], idAndDeal[i + 1]));
        }
        return spark.createDataFrame(rows, orderSchema);
    }

    private List<String> dealIds() {
        return lake.read(deals).orderBy("deal_id").select("deal_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void aTableWithAKeyGetsItsUniqueAndNotNullChecksFirst() {
        TableSpec spec = deals.check(Expectation.notNull("revenue"));
        assertEquals(List.of("unique(deal_id)", "not_null(deal_id)", "not_null(revenue)"),
                spec.expectations().stream().map(Expectation::name).toList());
        assertEquals(List.of(), TableSpec.of("bronze.raw", "as exported", List.of(), "raw").expectations());
        assertThrows(IllegalArgumentException.class, () -> deals.check(Expectation.unique("deal_id")),
                "the key's own check name is taken");
        assertThrows(IllegalArgumentException.class, () -> deals.check(Expectation.expression("x", "orders > 0"),
                Expectation.expression("x", "revenue > 0")));
    }

    @Test
    void aKeyColumnThatMayBeNullIsAllowedAndTheRestOfTheKeyMustBeThere() {
        TableSpec costs = TableSpec.of("silver.ad_costs", "one row per source and campaign", List.of("utm_source", "utm_campaign"),
                "costs").keyMayBeNull("utm_campaign");
        assertEquals(List.of("unique(utm_source, utm_campaign)", "not_null(utm_source)"),
                costs.expectations().stream().map(Expectation::name).toList());
        StructType schema = new StructType().add("utm_source", "string").add("utm_campaign", "string").add("cost", "double");
        // google with no campaign is one row of its own beside google/brand
        assertEquals(2, lake.overwrite(costs, spark.createDataFrame(List.of(RowFactory.create("google", null, 5.0),
                RowFactory.create("google", "brand", 7.0)), schema)).rowsWritten());
        // a row with no source is refused; as with SQL's UNIQUE, keys holding a null are not compared with each other
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.overwrite(costs, spark.createDataFrame(
                List.of(RowFactory.create("google", null, 5.0), RowFactory.create("google", null, 6.0),
                        RowFactory.create(null, "brand", 1.0)), schema)));
        assertEquals(List.of("not_null(utm_source)"),
                refused.failures().stream().map(failure -> failure.check().name()).toList());
        assertThrows(IllegalArgumentException.class, () -> costs.keyMayBeNull("cost"), "only key columns may be null");
    }

    @Test
    void aDuplicatedOrMissingKeyRefusesTheFirstWriteAndLeavesNoTable() {
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.overwrite(deals, deals(
                deal("d1", "first", 1, 0, 0, 10), deal("d1", "repeat", 1, 0, 0, 20),
                deal("d2", "first", 1, 0, 0, 30), deal(null, "first", 1, 0, 0, 40))));
        // d1 twice: one duplicated key holding 2 of the 4 rows; the null key is one row, not a duplicate
        assertEquals(List.of(
                "gold.deals: check unique(deal_id) (error) failed: duplicated keys: 1, held by 2 of 4 rows; e.g. deal_id=d1 (2 rows)",
                "gold.deals: check not_null(deal_id) (error) failed: offending rows: 1 of 4; e.g. deal_id=null"),
                refused.failures().stream().map(Expectations.Failure::line).toList());
        assertTrue(refused.getMessage().endsWith("nothing of gold.deals was committed"), refused.getMessage());
        assertFalse(lake.exists(deals), "the refused write did not even create the table");
    }

    @Test
    void aRefusedWriteLeavesTheTableAtItsVersion() {
        lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10)));
        long version = lake.version(deals);
        TableSpec checked = deals.check(Expectation.acceptedValues("deal_kind", "first", "repeat"));
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.overwrite(checked, deals(
                deal("d1", "first", 1, 0, 0, 10), deal("d2", "upsell", 1, 0, 0, 5), deal("d3", null, 1, 0, 0, 5))));
        // 'upsell' is not accepted; the null kind passes (not_null would catch it)
        assertEquals("gold.deals: check accepted_values(deal_kind) (error) failed: offending rows: 1 of 3; e.g. deal_id=d2, deal_kind=upsell",
                refused.failures().get(0).line());
        assertEquals(1, refused.failures().size());
        assertEquals(version, lake.version(deals));
        assertEquals(List.of("d1"), dealIds());
    }

    @Test
    void allRowChecksPassOnRowsThatHoldThem() {
        TableSpec checked = deals.check(
                Expectation.notNull("revenue"),
                Expectation.acceptedValues("deal_kind", "first", "repeat"),
                Expectation.expression("orders_add_up", "orders = immediate_upsells + deferred_upsells + 1"),
                Expectation.expression("revenue_non_negative", "revenue >= 0"));
        Lake.Write write = lake.overwrite(checked, deals(deal("d1", "first", 3, 2, 0, 10), deal("d2", "repeat", 2, 0, 1, 0)));
        assertEquals(2, write.rowsWritten());
        assertEquals(List.of(), write.warnings());
        assertEquals(List.of("d1", "d2"), dealIds());
    }

    @Test
    void aFailingWarnCheckIsReportedAndTheWriteProceeds() {
        TableSpec checked = deals.check(
                Expectation.expression("orders_add_up", "orders = immediate_upsells + deferred_upsells + 1"),
                Expectation.expression("revenue_non_negative", "revenue >= 0").warn());
        // d2: -5 revenue fails the warn check; d3: orders 2 = 1 + 0 + 1 holds
        Lake.Write write = lake.overwrite(checked, deals(deal("d1", "first", 1, 0, 0, 10), deal("d2", "repeat", 1, 0, 0, -5),
                deal("d3", "repeat", 2, 1, 0, 7)));
        assertEquals(List.of("gold.deals: check revenue_non_negative (warn) failed: offending rows: 1 of 3; e.g. deal_id=d2, revenue=-5.0"),
                write.warnings());
        assertEquals(List.of("d1", "d2", "d3"), dealIds());

        // the same rows with orders that do not add up for d1 (2 != 0 + 0 + 1): the error check refuses
        long version = lake.version(deals);
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.overwrite(checked,
                deals(deal("d1", "first", 2, 0, 0, 10), deal("d2", "repeat", 1, 0, 0, -5))));
        // the refusal names the error check; the failing warn check is printed beside it, not a reason to refuse
        assertEquals(List.of("orders_add_up"), refused.failures().stream().map(f -> f.check().name()).toList());
        assertEquals("gold.deals: check orders_add_up (error) failed: offending rows: 1 of 2; e.g. deal_id=d1, orders=2, "
                + "immediate_upsells=0, deferred_upsells=0", refused.failures().get(0).line());
        assertEquals(version, lake.version(deals));
    }

    @Test
    void anExpressionThatIsNullPasses() {
        Lake.Write write = lake.overwrite(deals.check(Expectation.expression("revenue_non_negative", "revenue >= 0")),
                spark.createDataFrame(List.of(RowFactory.create("d1", "first", 1, 0, 0, null)), dealSchema));
        assertEquals(1, write.rowsWritten());
    }

    @Test
    void aFailureNamesAtMostFiveKeysAndCountsThemAll() {
        Object[][] rows = new Object[15][];
        for (int i = 0; i < 7; i++) {
            rows[2 * i] = deal("d" + i, "first", 1, 0, 0, 1);
            rows[2 * i + 1] = deal("d" + i, "repeat", 1, 0, 0, 1);
        }
        rows[14] = deal("d9", "first", 1, 0, 0, 1);
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.overwrite(deals, deals(rows)));
        Expectations.Failure failure = refused.failures().get(0);
        assertEquals("duplicated keys: 7, held by 14 of 15 rows", failure.finding());
        assertEquals(5, failure.samples().size());
        assertTrue(failure.samples().stream().allMatch(s -> s.matches("deal_id=d[0-6] \\(2 rows\\)")), failure.samples().toString());
    }

    @Test
    void aRelationshipIsCheckedAgainstTheReferencedTableInTheLake() {
        lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10), deal("d2", "repeat", 1, 0, 0, 20)));
        lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d2", "o3", null));
        long version = lake.version(orderDeals);
        Expectations.Refused refused = assertThrows(Expectations.Refused.class,
                () -> lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d7", "o3", "d7", "o4", "d8")));
        // o2 and o3 point to d7, o4 to d8: three rows, two missing deals
        assertEquals("gold.order_deals: check relationship(deal_id -> gold.deals.deal_id) (error) failed: rows pointing to "
                        + "no row of gold.deals as the lake holds it: 3; e.g. deal_id=d7 | deal_id=d8",
                refused.failures().get(0).line());
        assertEquals(version, lake.version(orderDeals));
    }

    @Test
    void inAJobARelationshipWaitsForTheReferencedTableWrittenAfterIt() {
        // the deals of an earlier night are in the lake, without d3: checked against them the new map fails
        lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10)));
        assertThrows(Expectations.Refused.class, () -> lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d3")));
        try (Lake.JobScope job = lake.beginJob(List.of(orderDeals, deals), System.out)) {
            lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d3"));
            lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10), deal("d3", "repeat", 1, 0, 0, 30)));
            assertEquals(List.of(), job.finish());
        }
        assertEquals(List.of("d1", "d3"), dealIds());
    }

    @Test
    void aRelationshipFailingAtTheSecondWriteCommitsNeitherTable() {
        try (Lake.JobScope job = lake.beginJob(List.of(orderDeals, deals), System.out)) {
            lake.overwrite(orderDeals, orders("o1", "d1"));
            lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10)));
            job.finish();
        }
        long mapVersion = lake.version(orderDeals);
        long dealsVersion = lake.version(deals);
        try (Lake.JobScope job = lake.beginJob(List.of(orderDeals, deals), System.out)) {
            lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d2", "o3", "d3"));
            Expectations.Refused refused = assertThrows(Expectations.Refused.class,
                    () -> lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10), deal("d2", "repeat", 1, 0, 0, 5))));
            assertEquals("gold.order_deals: check relationship(deal_id -> gold.deals.deal_id) (error) failed: rows pointing "
                    + "to no row of gold.deals as written now: 1; e.g. deal_id=d3", refused.failures().get(0).line());
            assertTrue(refused.getMessage().endsWith("nothing of gold.deals was committed; gold.order_deals restored to version "
                    + mapVersion), refused.getMessage());
        }
        assertEquals(dealsVersion, lake.version(deals));
        // the map's content is last night's again (a RESTORE is one more commit with the old files)
        assertEquals(List.of("o1"), lake.read(orderDeals).select("order_id").collectAsList().stream().map(r -> r.getString(0)).toList());
        assertEquals(mapVersion + 2, lake.version(orderDeals));
    }

    @Test
    void aRelationshipFailingInTheJobThatCreatesBothTablesLeavesTheFirstOneEmpty() {
        // the first write creates gold.order_deals with its rows in one commit; there is no earlier version to restore
        try (Lake.JobScope job = lake.beginJob(List.of(orderDeals, deals), System.out)) {
            lake.overwrite(orderDeals, orders("o1", "d1", "o2", "d2"));
            Expectations.Refused refused = assertThrows(Expectations.Refused.class,
                    () -> lake.overwrite(deals, deals(deal("d1", "first", 1, 0, 0, 10))));
            assertTrue(refused.getMessage().endsWith("nothing of gold.deals was committed; gold.order_deals emptied (this job "
                    + "created it)"), refused.getMessage());
        }
        assertTrue(!lake.exists(deals), "gold.deals was never created");
        assertEquals(0L, lake.read(orderDeals).count(), "gold.order_deals holds none of the refused job's rows");
    }

    @Test
    void aReferencedTableTheJobNeverWroteIsCheckedAsTheLakeHoldsItWhenTheJobEnds() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TableSpec warned = TableSpec.of("gold.order_deals", "one row per order", List.of("order_id"), "map")
                .check(Expectation.relationship("deal_id", deals, "deal_id").warn());
        try (Lake.JobScope job = lake.beginJob(List.of(warned, deals), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            lake.overwrite(warned, orders("o1", "d1"));
            List<String> warnings = job.finish();
            assertEquals(List.of("gold.order_deals: check relationship(deal_id -> gold.deals.deal_id) (warn) failed: "
                    + "gold.deals does not exist and was not written"), warnings);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("WARNING: gold.order_deals: check relationship"));
    }

    @Test
    void aReplaceWhereSliceMustNotReuseAKeyTheRestOfTheTableHolds() {
        TableSpec byId = TableSpec.of("gold.daily", "one row per id", List.of("deal_id"), "ids").partitionedBy("deal_kind");
        lake.overwrite(byId, deals(deal("d1", "first", 1, 0, 0, 1), deal("d2", "repeat", 1, 0, 0, 1)));
        long version = lake.version(byId);
        // the predicate is on deal_kind, outside the key: d2 written as 'first' would sit beside d2 'repeat'
        Expectations.Refused refused = assertThrows(Expectations.Refused.class,
                () -> lake.replaceWhere(byId, deals(deal("d2", "first", 1, 0, 0, 1)), "deal_kind = 'first'"));
        assertEquals("gold.daily: check unique(deal_id) (error) failed: rows outside the replaced slice "
                + "sharing a key with the slice: 1; e.g. deal_id=d2", refused.failures().get(0).line());
        assertEquals(version, lake.version(byId));
        // replacing d1 in its own slice is fine
        assertEquals(1, lake.replaceWhere(byId, deals(deal("d1", "first", 1, 0, 0, 2)), "deal_kind = 'first'").rowsWritten());
    }
}
