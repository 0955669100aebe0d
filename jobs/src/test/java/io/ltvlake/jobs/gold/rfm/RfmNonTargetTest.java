package io.ltvlake.jobs.gold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Non-target is its own RFM segment: the map never calls a customer who costs more than they bring a Champion. */
class RfmNonTargetTest {

    @Test
    void aNonTargetChampionIsNonTargetWithItsScoresKept() {
        StructType rfm = new StructType().add("customer_key", "string").add("rfm_cell", "string").add("segment", "string")
                .add("segment_name", "string");
        Dataset<Row> scored = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("soda", "555", "champions", "Champions"),
                RowFactory.create("family", "555", "champions", "Champions"),
                RowFactory.create("old", "111", "lost_customers", "Lost")), rfm);
        Dataset<Row> nonTarget = TestSpark.session().createDataFrame(List.of(RowFactory.create("soda"), RowFactory.create("soda")),
                new StructType().add("customer_key", "string"));
        Map<String, Row> rows = RfmTransforms.withNonTargetSegment(scored, nonTarget).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("customer_key"), r -> r));
        assertEquals(3, rows.size(), "a customer listed twice is still one row");
        assertEquals(RowFactory.create("soda", "555", "non_target", "Non-target"), rows.get("soda"));
        assertEquals(RowFactory.create("family", "555", "champions", "Champions"), rows.get("family"));
        assertEquals(RowFactory.create("old", "111", "lost_customers", "Lost"), rows.get("old"));
    }
}
