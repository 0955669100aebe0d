package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CampaignReportTransformsTest {

    static final StructType EFFECT = new StructType().add("campaign_kind", "string").add("campaign", "string")
            .add("period_type", "string").add("period_start", "date").add("period_end", "date")
            .add("recipients", "long").add("control_size", "long").add("recipient_conversion", "double")
            .add("control_conversion", "double").add("conversion_uplift", "double").add("conversion_uplift_low", "double")
            .add("conversion_uplift_high", "double").add("incremental_deals", "double").add("incremental_deals_low", "double")
            .add("incremental_revenue", "decimal(18,2)").add("cost", "decimal(18,2)")
            .add("cost_per_incremental_deal", "decimal(18,2)").add("verdict", "string")
            .add("is_response_window_complete", "boolean").add("data_issues", "string");

    private static Row effect(String kind, String name, String period, String start, String end, long recipients, long control,
                              Double recipientConversion, Double controlConversion, Double uplift, Double low, Double high,
                              String revenue, String cost, String costPerDeal, String verdict, boolean complete, String issues) {
        return RowFactory.create(kind, name, period, Date.valueOf(start), Date.valueOf(end), recipients, control,
                recipientConversion, controlConversion, uplift, low, high, uplift == null ? null : uplift * recipients,
                low == null ? null : low * recipients, revenue == null ? null : new BigDecimal(revenue),
                cost == null ? null : new BigDecimal(cost), costPerDeal == null ? null : new BigDecimal(costPerDeal), verdict,
                complete, issues);
    }

    @Test
    void everyCampaignAndTriggerOverAllItsWeeksWithItsIntervalVerdictAndTheNoiseWarning() {
        List<Row> campaigns = CampaignReportTransforms.campaignsOverAllWeeks(TestSpark.session().createDataFrame(List.of(
                // spring: 1,000 recipients at 9 %, 1,000 held out at 6 %: +3 points, 90 - 60 = 30 incremental deals,
                // the interval's low end +0.6 points = 6 deals; cost 150.00 / 30 = 5.00 a deal
                effect("campaign", "spring", "all", "2025-03-03", "2025-03-16", 1000, 1000, 0.09, 0.06, 0.03, 0.006, 0.054,
                        "1500.00", "150.00", "5.00", "effect", true, null),
                effect("campaign", "spring", "week", "2025-03-03", "2025-03-09", 600, 600, 0.09, 0.06, 0.03, -0.001, 0.061,
                        "900.00", "90.00", null, "no_effect_detected", true, null),
                effect("trigger", "second_deal_missing", "all", "2025-03-10", "2025-03-16", 40, 38, 0.10, 0.0789, 0.0211,
                        -0.12, 0.16, "84.00", null, null, "no_effect_detected", false,
                        "1 person is both control and recipient: left out of both groups"),
                effect("campaign", "digest", "all", "2025-01-06", "2025-03-16", 500, 0, 0.05, null, null, null, null,
                        null, "25.00", null, "no_control_group", true, null)), EFFECT)).collectAsList();
        // only the all rows, campaigns then triggers, each by name
        assertEquals(List.of("campaign digest", "campaign spring", "trigger second_deal_missing"),
                campaigns.stream().map(r -> r.getAs("campaign_kind") + " " + r.getAs("campaign")).toList());

        String html = ReportCampaignsSection.render(campaigns, null, 3);
        assertTrue(html.contains("<td>campaign spring</td><td>2025-03-03 to 2025-03-16</td><td class=\"num\">1,000</td>"
                + "<td class=\"num\">1,000</td><td class=\"num\">9.0 %</td><td class=\"num\">6.0 %</td>"
                + "<td class=\"num\">+3.0 pt [+0.6, +5.4]</td><td class=\"num\">30 (6)</td><td class=\"num\">1,500</td>"
                + "<td class=\"num\">5.00</td><td>effect</td>"), html);
        // no control group: no uplift, no incremental deals, a verdict that says why
        assertTrue(html.contains("<td>campaign digest</td><td>2025-01-06 to 2025-03-16</td><td class=\"num\">500</td>"
                + "<td class=\"num\">0</td><td class=\"num\">5.0 %</td><td class=\"num\">–</td><td class=\"num\">–</td>"
                + "<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td>"
                + "<td>no control group: no uplift claimed</td>"), html);
        // an interval holding zero: the lower end claims no deal (max 0), and the window still open is said
        assertTrue(html.contains("<td class=\"num\">+2.1 pt [-12.0, +16.0]</td><td class=\"num\">0.8 (0)</td>"), html);
        assertTrue(html.contains("trigger second_deal_missing: the response window of the latest people is still open"), html);
        assertTrue(html.contains("trigger second_deal_missing: data issue: 1 person is both control and recipient"), html);
        assertTrue(html.contains("differences of up to 5 % in the check were noise"), html);
        assertTrue(html.contains("gold.contact_pressure is not computed in this lake."), html);
    }

    @Test
    void contactPressureOfTheLastFourWeeksWithTheShareOverTheCap() {
        StructType pressure = new StructType().add("customer_key", "string").add("week_start", "date").add("messages", "long")
                .add("is_over_cap", "boolean");
        LocalDate day = LocalDate.of(2025, 3, 20); // a Thursday: weeks of 03-17, 03-10, 03-03 and 02-24
        List<Row> weeks = CampaignReportTransforms.pressureByWeek(TestSpark.session().createDataFrame(List.of(
                RowFactory.create("a", Date.valueOf("2025-03-17"), 4L, true),
                RowFactory.create("b", Date.valueOf("2025-03-17"), 1L, false),
                RowFactory.create("c", Date.valueOf("2025-03-17"), 1L, false),
                RowFactory.create("d", Date.valueOf("2025-03-17"), 2L, false),
                RowFactory.create("a", Date.valueOf("2025-02-24"), 1L, false),
                RowFactory.create("a", Date.valueOf("2025-02-17"), 9L, true),  // five weeks back: left out
                RowFactory.create("a", Date.valueOf("2025-03-24"), 9L, true)), // after the run date
                pressure), day).collectAsList();
        assertEquals(List.of(RowFactory.create(Date.valueOf("2025-02-24"), 1L, 1L, 0L),
                RowFactory.create(Date.valueOf("2025-03-17"), 4L, 8L, 1L)), weeks);

        String html = ReportCampaignsSection.render(null, weeks, 3);
        assertTrue(html.contains("gold.campaign_effect is not computed in this lake"), html);
        // 8 messages to 4 people: 2 each; 1 of 4 over the cap of 3
        assertTrue(html.contains("<tr><td>2025-03-17</td><td class=\"num\">4</td><td class=\"num\">8</td>"
                + "<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">25.0 %</td></tr>"), html);
        assertTrue(html.contains("more than messages.max-per-week (3)"), html);
    }
}
