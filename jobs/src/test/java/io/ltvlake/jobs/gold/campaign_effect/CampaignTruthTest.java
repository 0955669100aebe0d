package io.ltvlake.jobs.gold.campaign_effect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CampaignTruthTest {

    private static final StructType EFFECT = new StructType().add("campaign_kind", "string").add("campaign", "string")
            .add("period_type", "string").add("conversion_uplift", "double").add("conversion_uplift_low", "double")
            .add("conversion_uplift_high", "double").add("verdict", "string");
    private static final StructType TRUTH = new StructType().add("campaign", "string").add("planted_uplift", "string")
            .add("trigger", "string");

    @Test
    void eachPlantedUpliftIsHeldAgainstTheMeasuredIntervalOfItsCampaignAndTrigger() {
        Dataset<Row> effect = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("campaign", "spring_sale", "all", 0.025, 0.004, 0.046, "effect"),
                // a week row is not the campaign's measurement
                RowFactory.create("campaign", "spring_sale", "week", 0.9, 0.8, 1.0, "effect"),
                RowFactory.create("campaign", "newsletter", "all", 0.001, -0.02, 0.022, "no_effect_detected"),
                RowFactory.create("campaign", "overdue_reminder", "all", 0.07, 0.01, 0.13, "effect"),
                RowFactory.create("trigger", "cycle_overdue", "all", 0.07, 0.01, 0.13, "effect"),
                RowFactory.create("campaign", "no_control", "all", null, null, null, "too_small_to_tell")), EFFECT);
        Dataset<Row> truth = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("spring_sale", "0.03", null),
                RowFactory.create("newsletter", "0.0", ""),
                RowFactory.create("overdue_reminder", "0.15", "cycle_overdue"),
                RowFactory.create("no_control", "0.02", null),
                RowFactory.create("never_sent", "0.05", null)), TRUTH);
        Map<String, Row> rows = new HashMap<>();
        for (Row row : CampaignTruth.measuredAgainstPlanted(effect, truth).collectAsList()) {
            rows.put(row.getAs("campaign_kind") + " " + row.getAs("campaign"), row);
        }
        assertEquals(6, rows.size(), rows.keySet().toString());
        // +3 points planted, [+0.4, +4.6] measured: held
        assertEquals(true, rows.get("campaign spring_sale").getAs("is_planted_in_interval"));
        assertEquals(0.025, rows.get("campaign spring_sale").<Double>getAs("conversion_uplift"), 1e-12);
        // a null campaign: 0 lies in [-2.0, +2.2]
        assertEquals(true, rows.get("campaign newsletter").getAs("is_planted_in_interval"));
        // +15 points planted, [+1, +13] measured: missed, for the campaign and for its trigger
        assertEquals(false, rows.get("campaign overdue_reminder").getAs("is_planted_in_interval"));
        assertEquals(false, rows.get("trigger cycle_overdue").getAs("is_planted_in_interval"));
        assertEquals(0.15, rows.get("trigger cycle_overdue").<Double>getAs("planted_uplift"), 1e-12);
        // no interval (no control group) and never measured: nothing to hold the planted uplift against
        assertNull(rows.get("campaign no_control").getAs("is_planted_in_interval"));
        assertNull(rows.get("campaign never_sent").getAs("is_planted_in_interval"));
        assertNull(rows.get("campaign never_sent").getAs("verdict"));
    }
}
