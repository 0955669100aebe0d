package io.ltvlake.jobs.gold.campaign_effect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignEffectTransformsTest {

    static final StructType MESSAGES = new StructType().add("message_id", "string").add("customer_key", "string")
            .add("campaign", "string").add("trigger", "string").add("channel", "string").add("status", "string")
            .add("is_control", "boolean").add("sent_at", "timestamp").add("sent_date", "date").add("cost", "decimal(18,2)");
    static final StructType DEALS = new StructType().add("customer_key", "string").add("opened_at", "timestamp")
            .add("opened_date", "date").add("revenue", "decimal(18,2)");
    static final LocalDate RUN_DATE = LocalDate.parse("2025-03-20");
    /** 14 days, at least 2 people per group, e-mails cost 0.10 (SMS nothing configured). */
    static final CampaignsConfig CONFIG = new CampaignsConfig(14, 2, Map.of("email", new BigDecimal("0.10")), 3);

    static Row message(String id, String customer, String campaign, String trigger, String channel, String status,
                       boolean control, String at, String cost) {
        return RowFactory.create(id, customer, campaign, trigger, channel, status, control, Timestamp.valueOf(at),
                Date.valueOf(at.substring(0, 10)), cost == null ? null : new BigDecimal(cost));
    }

    static Row deal(String customer, String at, String revenue) {
        return RowFactory.create(customer, Timestamp.valueOf(at), Date.valueOf(at.substring(0, 10)), new BigDecimal(revenue));
    }

    private Map<String, Row> effect;

    @BeforeAll
    void measure() {
        Dataset<Row> messages = TestSpark.session().createDataFrame(List.of(
                // "spring", week of Monday 2025-03-03: four recipients, four held out, B in both groups
                message("M1", "R1", "spring", null, "email", "delivered", false, "2025-03-03 10:00:00", "0.50"),
                message("M2", "R2", "spring", "cycle_due", "email", "delivered", false, "2025-03-03 10:00:00", null),
                message("M3", "R3", "spring", null, "email", "sent", false, "2025-03-04 10:00:00", null),
                // bounced: still a recipient (assigned a send), and an SMS with no cost anywhere
                message("M4", "R4", "spring", null, "sms", "bounced", false, "2025-03-04 10:00:00", null),
                message("K1", "C1", "spring", null, "email", null, true, "2025-03-03 10:00:00", null),
                message("K2", "C2", "spring", "cycle_due", "email", null, true, "2025-03-03 10:00:00", null),
                message("K3", "C3", "spring", null, "email", null, true, "2025-03-03 10:00:00", null),
                message("K4", "C4", "spring", null, "email", null, true, "2025-03-03 10:00:00", null),
                message("B1", "B", "spring", null, "email", "delivered", false, "2025-03-03 10:00:00", null),
                message("B2", "B", "spring", null, "email", null, true, "2025-03-03 10:00:00", null),
                // "spring", week of 2025-03-10: one more recipient, nobody held out that week
                message("M5", "R5", "spring", null, "email", "delivered", false, "2025-03-10 10:00:00", null),
                // a campaign without a control group
                message("N1", "R1", "no_holdout", null, "email", "delivered", false, "2025-03-03 12:00:00", null),
                // a message without a customer cannot be followed: left out
                message("X1", null, "spring", null, "email", "delivered", false, "2025-03-03 10:00:00", "9.00"),
                // sent after the run date: not yet
                message("L1", "C3", "spring", null, "email", "delivered", false, "2025-03-21 10:00:00", null)),
                MESSAGES);
        Dataset<Row> deals = TestSpark.session().createDataFrame(List.of(
                deal("R1", "2025-03-05 10:00:00", "100.00"),  // 2 days after M1 (and after N1): converted
                deal("R2", "2025-03-20 10:00:00", "80.00"),   // 17 days after M2: outside the 14-day window
                deal("R3", "2025-03-01 10:00:00", "60.00"),   // before M3: not a response
                deal("C1", "2025-03-06 10:00:00", "50.00"),   // the control converts too
                deal("R5", "2025-03-12 10:00:00", "30.00"),
                deal("B", "2025-03-04 10:00:00", "40.00")),   // B is in neither group
                DEALS);
        effect = new java.util.TreeMap<>();
        for (Row row : CampaignEffectTransforms.campaignEffect(messages, deals, CONFIG, RUN_DATE).collectAsList()) {
            effect.put(row.getAs("campaign_kind") + " " + row.getAs("campaign") + " " + row.getAs("period_type") + " "
                    + row.getAs("period_start"), row);
        }
    }

    private static double d(Row row, String column) {
        return ((Number) row.getAs(column)).doubleValue();
    }

    @Test
    void everyCampaignAndTriggerHasARowPerSendWeekAndOneOverAllItsWeeks() {
        assertEquals(List.of(
                "campaign no_holdout all 2025-03-03", "campaign no_holdout week 2025-03-03",
                "campaign spring all 2025-03-03", "campaign spring week 2025-03-03", "campaign spring week 2025-03-10",
                "trigger cycle_due all 2025-03-03", "trigger cycle_due week 2025-03-03"), List.copyOf(effect.keySet()));
    }

    @Test
    void springOverAllItsWeeksComparesFiveRecipientsWithFourHeldOut() {
        Row all = effect.get("campaign spring all 2025-03-03");
        assertEquals("2025-03-16", all.getAs("period_end").toString());
        // R1..R5 (R4's bounce included) against C1..C4; B is in both and left out
        assertEquals(5L, (long) all.getAs("recipients"));
        assertEquals(4L, (long) all.getAs("control_size"));
        assertEquals(2L, (long) all.getAs("recipients_converted"), "R1 and R5");
        assertEquals(1L, (long) all.getAs("control_converted"), "C1");
        assertEquals(0.40, d(all, "recipient_conversion"), 1e-12);
        assertEquals(0.25, d(all, "control_conversion"), 1e-12);
        assertEquals(0.15, d(all, "conversion_uplift"), 1e-12);
        // Newcombe's interval for 2/5 - 1/4 (Wilson 2/5: 0.1176 .. 0.7693, 1/4: 0.0456 .. 0.6994)
        assertEquals(-0.3807, d(all, "conversion_uplift_low"), 0.00005);
        assertEquals(0.5721, d(all, "conversion_uplift_high"), 0.00005);
        assertEquals(0.6, d(all, "relative_uplift"), 1e-12);
        assertEquals(-0.7853, d(all, "relative_uplift_low"), 0.00005);
        assertEquals(10.9218, d(all, "relative_uplift_high"), 0.00005);
        // revenue per person: (100 + 30) / 5 = 26.00 against 50 / 4 = 12.50; Welch -41.89 .. 68.89 (scipy)
        assertEquals(new BigDecimal("26.00"), all.getAs("recipient_revenue_per_person"));
        assertEquals(new BigDecimal("12.50"), all.getAs("control_revenue_per_person"));
        assertEquals(new BigDecimal("13.50"), all.getAs("revenue_uplift_per_person"));
        assertEquals(new BigDecimal("-41.89"), all.getAs("revenue_uplift_low"));
        assertEquals(new BigDecimal("68.89"), all.getAs("revenue_uplift_high"));
        assertEquals(0.75, d(all, "incremental_deals"), 1e-12);
        assertEquals(new BigDecimal("67.50"), all.getAs("incremental_revenue"));
        // M1's own 0.50, M2, M3 and M5 at 0.10 each; M4 (SMS) has no cost
        assertEquals(5L, (long) all.getAs("messages_sent"));
        assertEquals(new BigDecimal("0.80"), all.getAs("cost"));
        assertEquals(1L, (long) all.getAs("messages_without_cost"));
        assertEquals(CampaignEffectTables.NO_EFFECT_DETECTED, all.getAs("verdict"));
        assertNull(all.getAs("cost_per_incremental_deal"), "no effect, no cost per incremental deal");
        assertEquals("1 person is both control and recipient: left out of both groups", all.getAs("data_issues"));
        // R5 was first messaged on 2025-03-10: 14 days run to 2025-03-24, after the run date
        assertEquals(false, all.getAs("is_response_window_complete"));
    }

    @Test
    void theFirstWeekStandsAloneAndTheSecondHasNoControlGroup() {
        Row first = effect.get("campaign spring week 2025-03-03");
        assertEquals("2025-03-09", first.getAs("period_end").toString());
        assertEquals(List.of(4L, 4L, 1L, 1L), List.of(first.getAs("recipients"), first.getAs("control_size"),
                first.getAs("recipients_converted"), first.getAs("control_converted")));
        assertEquals(0.0, d(first, "conversion_uplift"), 1e-12);
        assertEquals(-0.4937, d(first, "conversion_uplift_low"), 0.00005);
        assertEquals(0.4937, d(first, "conversion_uplift_high"), 0.00005);
        assertEquals(new BigDecimal("25.00"), first.getAs("recipient_revenue_per_person"));
        assertEquals(true, first.getAs("is_response_window_complete"), "2025-03-04 + 14 days is before the run date");
        assertEquals("1 person is both control and recipient: left out of both groups", first.getAs("data_issues"));

        Row second = effect.get("campaign spring week 2025-03-10");
        assertEquals(1L, (long) second.getAs("recipients"));
        assertEquals(0L, (long) second.getAs("control_size"));
        assertEquals(CampaignEffectTables.NO_CONTROL_GROUP, second.getAs("verdict"));
        assertNull(second.getAs("data_issues"));
    }

    @Test
    void aCampaignWithoutAControlGroupSaysSoAndClaimsNoUplift() {
        Row row = effect.get("campaign no_holdout all 2025-03-03");
        assertEquals(CampaignEffectTables.NO_CONTROL_GROUP, row.getAs("verdict"));
        assertEquals(1.0, d(row, "recipient_conversion"), 1e-12, "R1 converted, and would be credited without a control");
        for (String claimed : List.of("control_conversion", "conversion_uplift", "conversion_uplift_low", "conversion_uplift_high",
                "relative_uplift", "revenue_uplift_per_person", "incremental_deals", "incremental_deals_low",
                "incremental_revenue", "cost_per_incremental_deal")) {
            assertNull(row.getAs(claimed), claimed);
        }
        assertEquals(new BigDecimal("0.10"), row.getAs("cost"));
    }

    @Test
    void aTriggerIsMeasuredAgainstItsOwnControlRows() {
        Row row = effect.get("trigger cycle_due all 2025-03-03");
        // R2 (no deal within 14 days) against C2 (no deal)
        assertEquals(List.of(1L, 1L, 0L, 0L), List.of(row.getAs("recipients"), row.getAs("control_size"),
                row.getAs("recipients_converted"), row.getAs("control_converted")));
        assertEquals(-0.7935, d(row, "conversion_uplift_low"), 0.00005);
        assertEquals(0.7935, d(row, "conversion_uplift_high"), 0.00005);
        assertNull(row.getAs("relative_uplift"), "no conversion in either group: no ratio");
        assertNull(row.getAs("revenue_uplift_low"), "one person per group has no variance");
        assertEquals(CampaignEffectTables.TOO_SMALL_TO_TELL, row.getAs("verdict"), "1 person per group, 2 needed");
    }

    @Test
    void anEffectIsClaimedOnlyWhenTheIntervalExcludesZeroAndThenItsCostPerIncrementalDealIsShown() {
        // 150 of 1000 recipients against 100 of 1000 held out: +5 points, Newcombe 0.0210 .. 0.0790; 50 incremental deals
        Row groups = RowFactory.create("campaign", "big", "all", Date.valueOf("2025-03-03"), Date.valueOf("2025-03-09"),
                1000L, 1000L, 0L, 150L, 100L, 15000.0, 1500000.0, 10000.0, 1000000.0, 1000L, new BigDecimal("100.00"), 0L, true);
        Row row = CampaignEffectTransforms.effect(TestSpark.session().createDataFrame(List.of(groups),
                CampaignEffectTransforms.GROUPS), 100).first();
        assertEquals(0.0210, d(row, "conversion_uplift_low"), 0.00005);
        assertEquals(0.0790, d(row, "conversion_uplift_high"), 0.00005);
        assertEquals(CampaignEffectTables.EFFECT, row.getAs("verdict"));
        assertEquals(50.0, d(row, "incremental_deals"), 1e-9);
        assertEquals(21.0462, d(row, "incremental_deals_low"), 0.0001);
        assertEquals(new BigDecimal("2.00"), row.getAs("cost_per_incremental_deal"));
        assertEquals(CampaignEffectTables.TOO_SMALL_TO_TELL, CampaignEffectTransforms.effect(TestSpark.session()
                .createDataFrame(List.of(groups), CampaignEffectTransforms.GROUPS), 1001).first().getAs("verdict"),
                "the same counts below the minimum group size");
    }

    @Test
    void theVerdictFollowsTheInterval() {
        UpliftIntervals.Interval above = new UpliftIntervals.Interval(0.01, 0.05);
        UpliftIntervals.Interval below = new UpliftIntervals.Interval(-0.05, -0.01);
        UpliftIntervals.Interval across = new UpliftIntervals.Interval(-0.01, 0.05);
        assertEquals(CampaignEffectTables.EFFECT, CampaignEffectTransforms.verdict(500, 500, above, 100));
        assertEquals(CampaignEffectTables.NEGATIVE_EFFECT, CampaignEffectTransforms.verdict(500, 500, below, 100));
        assertEquals(CampaignEffectTables.NO_EFFECT_DETECTED, CampaignEffectTransforms.verdict(500, 500, across, 100));
        assertEquals(CampaignEffectTables.TOO_SMALL_TO_TELL, CampaignEffectTransforms.verdict(500, 99, above, 100));
        assertEquals(CampaignEffectTables.NO_CONTROL_GROUP, CampaignEffectTransforms.verdict(500, 0, null, 100));
        assertTrue(CampaignEffectTables.CAMPAIGN_EFFECT.columnDocs().containsKey("verdict"));
    }
}
