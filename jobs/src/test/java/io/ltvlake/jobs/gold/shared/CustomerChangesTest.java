package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.associated_conversions.AttributionTransforms;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which customers a night computes again, from two versions of silver.customers and the touches' dates. */
class CustomerChangesTest {

    private final SparkSession spark = TestSpark.session();

    private Dataset<Row> customers(Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(),
                new StructType().add("customer_key", "string").add("purchase_count", "long").add("facts_fingerprint", "long"));
    }

    private static List<String> keys(Dataset<Row> rows) {
        List<String> keys = new ArrayList<>(rows.collectAsList().stream().map(r -> r.isNullAt(0) ? "null" : r.getString(0)).toList());
        java.util.Collections.sort(keys);
        return keys;
    }

    @Test
    void aCustomerChangedWhenItsFingerprintMovedOrItAppearedOrVanished() {
        // A unchanged; B's facts changed; C vanished (an identity merge re-keyed it), D is new;
        // E's purchase count moved with its fingerprint, F's fingerprint was null then (cannot be trusted)
        Dataset<Row> then = customers(new Object[] {"A", 1L, 11L}, new Object[] {"B", 1L, 21L}, new Object[] {"C", 2L, 31L},
                new Object[] {"E", 1L, 51L}, new Object[] {"F", 1L, null});
        Dataset<Row> now = customers(new Object[] {"A", 1L, 11L}, new Object[] {"B", 1L, 22L}, new Object[] {"D", 1L, 41L},
                new Object[] {"E", 2L, 52L}, new Object[] {"F", 1L, 61L});
        assertEquals(List.of("B", "C", "D", "E", "F"), keys(CustomerChanges.changed(then, now)));
        assertEquals(List.of(), keys(CustomerChanges.changed(now, now)), "nothing changed, nobody computed");
    }

    @Test
    void theRowsOfTheCustomersAndOfANullCustomerWhenItIsNamed() {
        StructType schema = new StructType().add("touch_id", "string").add("customer_key", "string");
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("t1", "A"), RowFactory.create("t2", "B"),
                RowFactory.create("t3", null), RowFactory.create("t4", "A")), schema);
        Dataset<Row> onlyA = spark.createDataFrame(List.of(RowFactory.create("A")), new StructType().add("customer_key", "string"));
        Dataset<Row> aAndNobody = spark.createDataFrame(List.of(RowFactory.create("A"), RowFactory.create((Object) null)),
                new StructType().add("customer_key", "string"));
        assertEquals(List.of("t1", "t4"), keys(CustomerChanges.ofCustomers(rows, onlyA).select("touch_id")));
        assertEquals(List.of("t1", "t3", "t4"), keys(CustomerChanges.ofCustomers(rows, aAndNobody).select("touch_id")));
        assertEquals(List.of("touch_id", "customer_key"), List.of(CustomerChanges.ofCustomers(rows, onlyA).columns()));
    }

    @Test
    void attributionComputesTheChangedTheNewlyDatedAndTheTouchesWithoutACustomer() {
        Dataset<Row> changed = spark.createDataFrame(List.of(RowFactory.create("B")), new StructType().add("customer_key", "string"));
        // last run 2026-05-01: G's touch of 05-02 (delivered early, dated after it) enters now; H's of 05-01 was counted then
        Dataset<Row> dated = spark.createDataFrame(List.of(RowFactory.create("G", Date.valueOf("2026-05-02")),
                RowFactory.create("H", Date.valueOf("2026-05-01")), RowFactory.create("B", Date.valueOf("2026-05-02"))),
                new StructType().add("customer_key", "string").add("touch_date", "date"));
        assertEquals(List.of("B", "G", "null"), keys(AttributionTransforms.customersToComputeAgain(changed, dated,
                LocalDate.parse("2026-05-01"))));
    }

    @Test
    void aSmallTablesFingerprintIgnoresRowOrderAndFollowsEveryValue() {
        StructType schema = new StructType().add("product_id", "string").add("price_position", "double");
        java.util.function.Function<Object[][], Long> fingerprint = rows -> CustomerChanges.tableFingerprint(spark.createDataFrame(
                java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema)).first().getLong(0);
        long ladder = fingerprint.apply(new Object[][] {{"P1", 0.0}, {"P2", 1.0}});
        // by definition: the xor of the rows' hashes
        assertEquals(spark.sql("select xxhash64('P1', 0.0D) ^ xxhash64('P2', 1.0D)").first().getLong(0), ladder);
        assertEquals(ladder, fingerprint.apply(new Object[][] {{"P2", 1.0}, {"P1", 0.0}}));
        org.junit.jupiter.api.Assertions.assertNotEquals(ladder, fingerprint.apply(new Object[][] {{"P1", 1.0}, {"P2", 0.0}}),
                "the two products swapped places");
        assertEquals(0L, fingerprint.apply(new Object[][] {}), "an empty table");
    }

    @Test
    void theNullCustomerIsAddedOnce() {
        Dataset<Row> customers = spark.createDataFrame(List.of(RowFactory.create("A"), RowFactory.create((Object) null)),
                new StructType().add("customer_key", "string"));
        assertEquals(List.of("A", "null"), keys(CustomerChanges.withoutCustomerToo(customers)));
    }
}
