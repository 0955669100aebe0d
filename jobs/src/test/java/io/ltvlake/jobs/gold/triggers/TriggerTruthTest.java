package io.ltvlake.jobs.gold.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TriggerTruthTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 30);

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    @Test
    void precisionCountsFlaggedLeaversAndRecallTheLeaversDueOnTheDate() {
        StructType conditionSchema = new StructType().add("as_of_date", "date").add("customer_key", "string").add("trigger", "string");
        Date today = Date.valueOf(DAY);
        Dataset<Row> conditions = rows(conditionSchema,
                RowFactory.create(today, "K1", "leaving"), RowFactory.create(today, "K1", "cycle_overdue"),
                // K2 leaves, but is not due yet: right for precision, outside recall
                RowFactory.create(today, "K2", "leaving"),
                // K3 buys as usual: a false alarm
                RowFactory.create(today, "K3", "cycle_overdue"),
                // K4 is non-target: left out as the events leave it out
                RowFactory.create(today, "K4", "leaving"),
                // K5 was in leaving only yesterday, and is overdue today
                RowFactory.create(Date.valueOf(DAY.minusDays(1)), "K5", "leaving"), RowFactory.create(today, "K5", "cycle_overdue"),
                // K6 is in another trigger only
                RowFactory.create(today, "K6", "rfm_entered:at_risk"),
                // K8 left long ago: right for precision, past its flag-by date so outside recall
                RowFactory.create(today, "K8", "cycle_overdue"));
        StructType peopleSchema = new StructType().add("person_id", "string").add("behaviour", "string").add("is_leaver", "string")
                .add("next_deal_due_date", "string").add("flag_by_date", "string");
        Dataset<Row> people = rows(peopleSchema,
                RowFactory.create("P1", "leaver", "true", "2026-06-01", "2026-07-01"),
                RowFactory.create("P2", "leaver", "true", "2026-07-10", "2026-08-20"),
                RowFactory.create("P3", "cyclic", "false", "2026-07-05", null),
                RowFactory.create("P4", "non_target", "false", null, null),
                // due on the day itself, and one cycle past due on the day itself: both count as due
                RowFactory.create("P5", "leaver", "true", "2026-06-30", "2026-07-30"),
                RowFactory.create("P6", "leaver", "true", "2026-05-31", "2026-06-30"),
                // never got a customer key: a missed leaver
                RowFactory.create("P7", "leaver", "true", "2026-06-10", "2026-07-10"),
                RowFactory.create("P8", "leaver", "true", "2026-04-01", "2026-05-01"));
        StructType keySchema = new StructType().add("person_id", "string").add("customer_key", "string");
        Dataset<Row> keys = rows(keySchema, RowFactory.create("P1", "K1"), RowFactory.create("P2", "K2"),
                RowFactory.create("P3", "K3"), RowFactory.create("P4", "K4"), RowFactory.create("P5", "K5"),
                RowFactory.create("P6", "K6"), RowFactory.create("P8", "K8"));
        Dataset<Row> nonTarget = rows(new StructType().add("customer_key", "string"), RowFactory.create("K4"));

        Map<String, String> found = new TreeMap<>();
        TriggerTruth.leaverScores(conditions, nonTarget, people, keys, DAY).collectAsList().forEach(r -> found.put(r.getAs("trigger"),
                r.getAs("flagged") + " " + r.getAs("flagged_leavers") + " " + r.getAs("precision") + " | "
                        + r.getAs("leavers_due") + " " + r.getAs("leavers_due_flagged") + " " + r.getAs("recall")));
        // leavers due on the day: P1, P5, P6, P7
        assertEquals(Map.of(
                // K1, K2 flagged, both leavers; of the due, P1
                "leaving", "2 2 1.0 | 4 1 0.25",
                // K1, K3, K5, K8 flagged, all but K3 leavers; of the due, P1 and P5
                "cycle_overdue", "4 3 0.75 | 4 2 0.5",
                "leaving_or_cycle_overdue", "5 4 0.8 | 4 2 0.5"), found);
    }
}
