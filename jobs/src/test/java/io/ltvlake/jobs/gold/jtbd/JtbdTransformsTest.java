package io.ltvlake.jobs.gold.jtbd;

import static io.ltvlake.jobs.gold.jtbd.Baskets.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigObject;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.gold.jtbd.JtbdConfig.JtbdRule;
import io.ltvlake.common.testing.TestSpark;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class JtbdTransformsTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Test
    void basketFeaturesAreTakenInTheBusinessTimeZone() {
        Baskets baskets = new Baskets(MOSCOW)
                // Sunday 22:30 UTC is Monday 01:30 in Moscow
                .order("O1", "c1", "2026-03-01T22:30:00Z", " Office Setup ",
                        item("TV", "tv", "main", 1, "50000.00"), item("HDMI", "av_cables", "addon", 2, "990.00"),
                        item("KIT", "lead_magnet", "lead_magnet", 1, "490.00"))
                .order("O2", "c1", "2026-03-04T09:00:00Z", "  ", item("KIT", "lead_magnet", "lead_magnet", 1, "490.00"));
        List<Row> features = JtbdTransforms.basketFeatures(baskets.orders(), baskets.lines(), baskets.products(), MOSCOW)
                .orderBy("order_id")
                .select("order_id", "hour", "weekday", "item_count", "category_count", "total", "categories", "product_roles",
                        "crm_job", "is_lead_magnet_order", "has_main_product")
                .collectAsList();
        assertEquals("[O1,1,1,4,3,52470.00,WrappedArray(av_cables, lead_magnet, tv),"
                + "WrappedArray(addon, lead_magnet, main),office_setup,false,true]", features.get(0).toString());
        // Wednesday 12:00 in Moscow; a blank CRM label is no label
        assertEquals("[O2,12,3,1,1,490.00,WrappedArray(lead_magnet),WrappedArray(lead_magnet),null,true,false]",
                features.get(1).toString());
    }

    @Test
    void theCrmLabelWinsThenTheFirstMatchingRuleThenOther() {
        Baskets baskets = new Baskets(MOSCOW)
                .order("A", "c1", "2026-03-02T06:00:00Z", "catering", item("BUN", "bakery", "main", 30, "100.00"))
                .order("B", "c1", "2026-03-02T06:00:00Z", null, item("BUN", "bakery", "main", 30, "100.00"))
                .order("C", "c1", "2026-03-02T06:00:00Z", null, item("BUN", "bakery", "main", 2, "100.00"))
                .order("D", "c1", "2026-03-02T15:00:00Z", null, item("BUN", "bakery", "main", 2, "100.00"));
        List<JtbdRule> rules = List.of(
                // guests is null on every order here: a null predicate does not match
                new JtbdRule("party", "party", "guests > 4"),
                new JtbdRule("morning_big", "office_breakfast", "hour < 11 and item_count >= 20"),
                new JtbdRule("morning", "breakfast", "hour < 11"));
        Map<String, String> labels = new LinkedHashMap<>();
        JtbdTransforms.label(baskets.orderJobs(List.of()).drop("job", "job_source", "job_rule"), rules).orderBy("order_id")
                .collectAsList().forEach(r -> labels.put(r.getString(r.fieldIndex("order_id")), r.getString(r.fieldIndex("job"))
                        + "/" + r.getString(r.fieldIndex("job_source")) + "/" + r.getString(r.fieldIndex("job_rule"))));
        // 06:00 UTC is 09:00 in Moscow, 15:00 UTC is 18:00
        assertEquals(Map.of("A", "catering/crm/null", "B", "office_breakfast/rule/morning_big", "C", "breakfast/rule/morning",
                "D", "other/default/null"), labels);
    }

    @Test
    void everyShippedRuleSetIsValid() {
        Settings settings = TestSpark.settings(Map.of());
        ConfigObject sets = settings.raw().getObject("ltvlake.jtbd.rule-sets");
        assertTrue(sets.keySet().containsAll(List.of("electronics", "restaurant")), sets.keySet().toString());
        for (String name : sets.keySet()) {
            Settings chosen = TestSpark.settings(Map.of("jtbd.rule-set", name));
            assertTrue(chosen.section(JtbdConfig.class).rules().size() >= 4, name);
            JtbdTransforms.validateRules(TestSpark.session(), name, chosen.section(JtbdConfig.class).rules());
        }
    }

    @Test
    void aBadRuleIsRefusedWithItsNameAndTheReason() {
        var spark = TestSpark.session();
        IllegalArgumentException unknownColumn = assertThrows(IllegalArgumentException.class, () ->
                JtbdTransforms.validateRules(spark, "shop", List.of(new JtbdRule("ok", "a", "hour > 3"),
                        new JtbdRule("typo", "b", "array_contains(categorys, 'tv')"))));
        assertTrue(unknownColumn.getMessage().startsWith("jtbd rule 'typo' (rule 2 of rule set 'shop'"), unknownColumn.getMessage());
        assertTrue(unknownColumn.getMessage().contains("categorys") && unknownColumn.getMessage().contains("categories array<string>"),
                unknownColumn.getMessage());

        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class, () ->
                JtbdTransforms.validateRules(spark, "shop", List.of(new JtbdRule("total", "a", "total * 2"))));
        assertTrue(notBoolean.getMessage().contains("is not a predicate: it gives decimal"), notBoolean.getMessage());

        IllegalArgumentException aggregate = assertThrows(IllegalArgumentException.class, () ->
                JtbdTransforms.validateRules(spark, "shop", List.of(new JtbdRule("big", "a", "sum(total) > 100"))));
        assertTrue(aggregate.getMessage().startsWith("jtbd rule 'big'"), aggregate.getMessage());

        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class, () ->
                JtbdTransforms.validateRules(spark, "shop", List.of(new JtbdRule("broken", "a", "hour >"))));
        assertTrue(syntax.getMessage().startsWith("jtbd rule 'broken'"), syntax.getMessage());
    }

    @Test
    void theFeatureSchemaIsWhatRulesSee() {
        Baskets baskets = new Baskets(MOSCOW).order("A", "c1", "2026-03-02T06:00:00Z", null, item("BUN", "bakery", "main", 1, "1.00"));
        Dataset<Row> features = JtbdTransforms.basketFeatures(baskets.orders(), baskets.lines(), baskets.products(), MOSCOW);
        for (var field : JtbdTables.BASKET_FEATURES.fields()) {
            assertEquals(field.dataType(), features.schema().apply(field.name()).dataType(), field.name());
        }
    }
}
