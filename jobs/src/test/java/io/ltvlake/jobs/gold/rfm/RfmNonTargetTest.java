package io.ltvlake.jobs.gold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
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
    void aNonTargetChampionIsNonTargetWithItsScoresKeptOnTheSnapshotsItIsFlaggedFor() {
        StructType rfm = new StructType().add("snapshot_date", "date").add("customer_key", "string").add("rfm_cell", "string")
                .add("segment", "string").add("segment_name", "string");
        Date february = Date.valueOf("2026-02-28");
        Date march = Date.valueOf("2026-03-31");
        Dataset<Row> scored = TestSpark.session().createDataFrame(List.of(
                RowFactory.create(february, "soda", "555", "champions", "Champions"),
                RowFactory.create(march, "soda", "555", "champions", "Champions"),
                RowFactory.create(march, "family", "555", "champions", "Champions"),
                RowFactory.create(march, "old", "111", "lost_customers", "Lost")), rfm);
        // soda is non-target as of March's end only (listed twice); family is flagged for a date with no snapshot
        Dataset<Row> nonTarget = TestSpark.session().createDataFrame(List.of(RowFactory.create(march, "soda"),
                        RowFactory.create(march, "soda"), RowFactory.create(Date.valueOf("2026-01-31"), "family")),
                new StructType().add("as_of_date", "date").add("customer_key", "string"));
        Map<String, Row> rows = RfmTransforms.withNonTargetSegment(scored, nonTarget).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("snapshot_date") + " " + r.getAs("customer_key"), r -> r));
        assertEquals(4, rows.size(), "a customer listed twice is still one row");
        assertEquals(RowFactory.create(march, "soda", "555", "non_target", "Non-target"), rows.get("2026-03-31 soda"));
        assertEquals(RowFactory.create(february, "soda", "555", "champions", "Champions"), rows.get("2026-02-28 soda"),
                "February's snapshot keeps February's flag");
        assertEquals(RowFactory.create(march, "family", "555", "champions", "Champions"), rows.get("2026-03-31 family"));
        assertEquals(RowFactory.create(march, "old", "111", "lost_customers", "Lost"), rows.get("2026-03-31 old"));
    }
}
