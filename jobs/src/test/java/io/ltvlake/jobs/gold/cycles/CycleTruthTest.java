package io.ltvlake.jobs.gold.cycles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CycleTruthTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 30);

    @Test
    void recallCountsPlantedCyclesFoundWithinTheToleranceAndPrecisionThePlantedShareOfCycles() {
        Date today = Date.valueOf(DAY);
        StructType cycleSchema = new StructType().add("as_of_date", "date").add("customer_key", "string").add("job", "string")
                .add("deals", "long").add("has_cycle", "boolean").add("interval_median_days", "double");
        List<Row> cycles = List.of(
                // planted 40 days: 42 is within 10 % (4 days)
                RowFactory.create(today, "K1", "gaming", 4L, true, 42.0),
                RowFactory.create(Date.valueOf(DAY.minusDays(1)), "K1", "gaming", 4L, true, 42.0),
                // planted 50: 56 is 6 days off, more than 5
                RowFactory.create(today, "K2", "office_setup", 3L, true, 56.0),
                RowFactory.create(today, "K2", "all", 3L, true, 56.0),
                // two deals: too few to be counted as planted
                RowFactory.create(today, "K3", "office_setup", 2L, false, 50.0),
                // planted, enough deals, no cycle found
                RowFactory.create(today, "K4", "home_audio", 5L, false, 55.0),
                // an ordinary buyer who happens to look regular
                RowFactory.create(today, "K5", "smart_home", 3L, true, 60.0),
                // a non-target buyer: regular by construction
                RowFactory.create(today, "K6", "gaming", 3L, true, 40.0),
                // planted 50: 55 is exactly 10 % off
                RowFactory.create(today, "K7", "staff_expansion", 3L, true, 55.0));
        StructType peopleSchema = new StructType().add("person_id", "string").add("behaviour", "string").add("job", "string")
                .add("planted_cycle_days", "string");
        List<Row> people = List.of(RowFactory.create("P1", "cyclic", "gaming", "40"),
                RowFactory.create("P2", "cyclic", "office_setup", "50"), RowFactory.create("P3", "leaver", "office_setup", "50"),
                RowFactory.create("P4", "leaver", "home_audio", "55"), RowFactory.create("P5", "ordinary", null, null),
                RowFactory.create("P6", "non_target", null, null), RowFactory.create("P7", "leaver", "staff_expansion", "50"));
        StructType keySchema = new StructType().add("person_id", "string").add("customer_key", "string");
        List<Row> keys = List.of(RowFactory.create("P1", "K1"), RowFactory.create("P2", "K2"), RowFactory.create("P3", "K3"),
                RowFactory.create("P4", "K4"), RowFactory.create("P5", "K5"), RowFactory.create("P6", "K6"),
                RowFactory.create("P7", "K7"));
        var spark = TestSpark.session();
        Row score = CycleTruth.plantedCycles(spark.createDataFrame(cycles, cycleSchema), spark.createDataFrame(people, peopleSchema),
                spark.createDataFrame(keys, keySchema), DAY, 3, CycleTruth.INTERVAL_TOLERANCE).first();
        // planted with 3+ deals: K1, K2, K4, K7; found: K1, K7
        assertEquals(4L, score.<Long>getAs("planted"));
        assertEquals(2L, score.<Long>getAs("found"));
        assertEquals(0.5, score.<Double>getAs("recall"));
        // cycles (not 'all', today): K1, K2, K5, K6, K7; planted or non-target: all but K5
        assertEquals(5L, score.<Long>getAs("with_cycle"));
        assertEquals(4L, score.<Long>getAs("with_cycle_planted"));
        assertEquals(0.8, score.<Double>getAs("precision"));
    }
}
