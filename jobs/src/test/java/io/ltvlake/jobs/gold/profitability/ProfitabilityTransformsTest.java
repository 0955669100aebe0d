package io.ltvlake.jobs.gold.profitability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProfitabilityTransformsTest {

    static final StructType DEALS = new StructType().add("customer_key", "string").add("opened_date", "date")
            .add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)");
    static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);
    /** lookback 90 days = 2026-01-01 .. 03-31; checks below 100 with 2+ deals a month; 20 to serve a deal. */
    static final TargetingConfig TARGETING = new TargetingConfig(90, new BigDecimal("100"), 2.0, true, new BigDecimal("20"));

    static Row deal(String customer, String date, String revenue, String margin) {
        return RowFactory.create(customer, Date.valueOf(date), new BigDecimal(revenue), margin == null ? null : new BigDecimal(margin));
    }

    static Map<String, Row> profitability(TargetingConfig targeting, Row... deals) {
        return ProfitabilityTransforms.customerProfitability(TestSpark.session().createDataFrame(List.of(deals), DEALS), AS_OF,
                targeting).collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("customer_key"), r -> r));
    }

    static Row[] sample() {
        List<Row> deals = new ArrayList<>();
        // S buys soda: one deal before the lookback, then six of 40 in it (a customer for 121 days: 90 / 30.4375 months)
        deals.add(deal("S", "2025-12-01", "50.00", null));
        for (String date : List.of("2026-01-05", "2026-01-20", "2026-02-03", "2026-02-17", "2026-03-03", "2026-03-17")) {
            deals.add(deal("S", date, "40.00", null));
        }
        // T: two small deals, but a customer since 02-01 (59 days = 1.94 months): 1.03 deals a month, not frequent
        deals.add(deal("T", "2026-02-01", "30.00", null));
        deals.add(deal("T", "2026-03-01", "30.00", null));
        // U: large checks, margin 10 + 10 - 2 x 20 to serve = -20
        deals.add(deal("U", "2026-02-10", "500.00", "10.00"));
        deals.add(deal("U", "2026-03-10", "500.00", "10.00"));
        // V: margin 300 - 20 = 280; W: one deal's cost unknown, so no margin and no margin rule
        deals.add(deal("V", "2026-03-20", "500.00", "300.00"));
        deals.add(deal("W", "2026-03-01", "500.00", "-100.00"));
        deals.add(deal("W", "2026-03-02", "500.00", null));
        // after the as-of date: not known yet
        deals.add(deal("V", "2026-04-01", "10.00", "-500.00"));
        return deals.toArray(Row[]::new);
    }

    @Test
    void lowChecksOfFrequentBuyersAndNegativeMarginsAreNonTarget() {
        Map<String, Row> rows = profitability(TARGETING, sample());
        Row s = rows.get("S");
        assertEquals(7L, (long) s.getAs("deals"));
        assertEquals(new BigDecimal("290.00"), s.getAs("revenue"));
        assertEquals(6L, (long) s.getAs("deals_in_lookback"));
        assertEquals(new BigDecimal("40.00"), s.getAs("average_check"));
        assertEquals(6 / (90 / 30.4375), (double) s.getAs("deals_per_month"), 1e-12);
        assertNull(s.getAs("margin_in_lookback"), "no costs: no margin");
        assertEquals(true, s.getAs("is_non_target"));
        assertEquals("low_average_check", s.getAs("non_target_reason"));

        Row t = rows.get("T");
        assertEquals(2 / (59 / 30.4375), (double) t.getAs("deals_per_month"), 1e-12);
        assertEquals(false, t.getAs("is_non_target"), "a low check alone is not enough: 1.03 deals a month < 2");
        assertNull(t.getAs("non_target_reason"));

        Row u = rows.get("U");
        assertEquals(new BigDecimal("20.00"), u.getAs("margin_in_lookback"));
        assertEquals(new BigDecimal("-20.00"), u.getAs("margin_after_service"));
        assertEquals("negative_margin", u.getAs("non_target_reason"));

        assertEquals(new BigDecimal("280.00"), rows.get("V").getAs("margin_after_service"));
        assertEquals(1L, (long) rows.get("V").getAs("deals"), "the deal of 04-01 is after the as-of date");
        assertEquals(false, rows.get("V").getAs("is_non_target"));
        assertNull(rows.get("W").getAs("margin_in_lookback"), "one deal without cost: margin unknown, not -100");
        assertEquals(false, rows.get("W").getAs("is_non_target"));
    }

    @Test
    void severalDatesInOnePassMeasureEachFromItsOwnDealsAlone() {
        Map<String, Map<String, Row>> byDate = io.ltvlake.jobs.gold.shared.NonTarget.customerProfitability(
                        TestSpark.session().createDataFrame(List.of(sample()), DEALS), List.of(LocalDate.of(2026, 2, 28), AS_OF),
                        TARGETING.rule())
                .collectAsList().stream().collect(Collectors.groupingBy(r -> r.getAs("as_of_date").toString(),
                        Collectors.toMap(r -> r.getAs("customer_key"), r -> r)));
        assertEquals(profitability(TARGETING, sample()).toString(), byDate.get("2026-03-31").toString(),
                "the March rows are the single-date ones");

        Map<String, Row> february = byDate.get("2026-02-28");
        assertEquals(java.util.Set.of("S", "T", "U"), february.keySet(), "V and W had no deal by February's end");
        // S: lookback 2025-11-30 .. 02-28 holds 12-01 (50) and four of 40: 5 deals, check 42, a customer of 90 days
        Row s = february.get("S");
        assertEquals(5L, (long) s.getAs("deals"));
        assertEquals(new BigDecimal("42.00"), s.getAs("average_check"));
        assertEquals(5 / (90 / 30.4375), (double) s.getAs("deals_per_month"), 1e-12);
        assertEquals(false, s.getAs("is_non_target"), "1.69 deals a month < 2: the soda buyer is non-target only from March");
        // U: one deal, margin 10 - 20 to serve
        assertEquals(new BigDecimal("-10.00"), february.get("U").getAs("margin_after_service"));
        assertEquals("negative_margin", february.get("U").getAs("non_target_reason"));
        assertEquals(false, february.get("T").getAs("is_non_target"));
    }

    @Test
    void rulesSwitchedOffFlagNobody() {
        Map<String, Row> rows = profitability(new TargetingConfig(90, BigDecimal.ZERO, 2.0, false, new BigDecimal("20")), sample());
        assertEquals(0, rows.values().stream().filter(r -> r.<Boolean>getAs("is_non_target")).count());
        assertEquals(5, rows.size());
    }

    @Test
    void theAcquisitionCostIsTheCacOfTheFirstTouchChannelInTheMonthOfTheFirstPurchase() {
        var spark = TestSpark.session();
        var profitability = spark.createDataFrame(List.of(RowFactory.create("A", 2L), RowFactory.create("B", 1L),
                RowFactory.create("C", 1L)), new StructType().add("customer_key", "string").add("deals", "long"));
        var acquisitions = spark.createDataFrame(List.of(
                        RowFactory.create("A", Date.valueOf("2026-01-01"), "paid_search"),
                        RowFactory.create("B", Date.valueOf("2026-02-01"), "direct"),
                        RowFactory.create("C", Date.valueOf("2026-01-01"), "display")),
                new StructType().add("customer_key", "string").add("cohort_month", "date").add("first_touch_channel", "string"));
        var channelCac = spark.createDataFrame(List.of(
                        RowFactory.create(Date.valueOf("2026-01-01"), "paid_search", new BigDecimal("250.00")),
                        // the same channel another month: not A's
                        RowFactory.create(Date.valueOf("2026-02-01"), "paid_search", new BigDecimal("300.00")),
                        // display spent in January but acquired nobody counted: no CAC
                        RowFactory.create(Date.valueOf("2026-01-01"), "display", null)),
                new StructType().add("acquisition_month", "date").add("channel", "string").add("cac", "decimal(18,2)"));
        Map<String, Row> rows = ProfitabilityTransforms.withAcquisitionCost(profitability, acquisitions, channelCac).collectAsList()
                .stream().collect(Collectors.toMap(r -> r.getAs("customer_key"), r -> r));
        assertEquals(3, rows.size());
        assertEquals(2L, (long) rows.get("A").getAs("deals"));
        assertEquals("paid_search", rows.get("A").getAs("first_touch_channel"));
        assertEquals(new BigDecimal("250.00"), rows.get("A").getAs("acquisition_cost"));
        assertEquals("direct", rows.get("B").getAs("first_touch_channel"));
        assertNull(rows.get("B").getAs("acquisition_cost"), "direct has no ad cost: null, not 0");
        assertNull(rows.get("C").getAs("acquisition_cost"));
    }
}
