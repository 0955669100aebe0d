package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SampleTruthTest {

    @Test
    void aPersonGetsTheCustomerMostOfTheirOrdersGot() {
        var spark = TestSpark.session();
        var truth = spark.createDataFrame(List.of(RowFactory.create("O1", "P1"), RowFactory.create("O2", "P1"),
                RowFactory.create("O3", "P1"), RowFactory.create("O4", "P2"), RowFactory.create("O5", "P2"),
                RowFactory.create("O6", "P3")), new StructType().add("order_id", "string").add("person_id", "string"));
        // O6 was cancelled: no deal; P2's two orders went to two customers: the smaller key wins the tie
        var orderDeals = spark.createDataFrame(List.of(RowFactory.create("O1", "K1"), RowFactory.create("O2", "K1"),
                RowFactory.create("O3", "K9"), RowFactory.create("O4", "K3"), RowFactory.create("O5", "K2")),
                new StructType().add("order_id", "string").add("customer_key", "string"));
        TreeSet<String> found = new TreeSet<>();
        SampleTruth.personKeys(truth, orderDeals).collectAsList().forEach(r -> found.add(r.getString(0) + " " + r.getString(1)));
        assertEquals(new TreeSet<>(List.of("P1 K1", "P2 K2")), found);
    }
}
