package io.ltvlake.jobs.gold.manager_performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ManagerPerformanceTransformsTest {

    static final StructType CALLS = new StructType().add("call_date", "date").add("manager_id", "string")
            .add("direction", "string").add("status", "string").add("duration_s", "int").add("is_unique", "boolean")
            .add("is_target", "boolean").add("led_to_deal", "boolean");
    static final StructType DEALS = new StructType().add("manager_id", "string").add("opened_date", "date")
            .add("deal_seq", "int").add("revenue", "decimal(18,2)").add("order_count", "long")
            .add("immediate_upsell_count", "long").add("deferred_upsell_count", "long");

    static Row call(String date, String manager, String direction, String status, int duration, boolean unique, boolean target,
                    boolean deal) {
        return RowFactory.create(Date.valueOf(date), manager, direction, status, duration, unique, target, deal);
    }

    static final StructType LEADS = new StructType().add("lead_type", "string").add("lead_date", "date")
            .add("manager_id", "string").add("is_unique", "boolean").add("led_to_first_deal", "boolean");

    static Row lead(String type, String date, String manager, boolean unique, boolean firstDeal) {
        return RowFactory.create(type, Date.valueOf(date), manager, unique, firstDeal);
    }

    static Row deal(String manager, String opened, int seq, String revenue, long orders, long immediate, long deferred) {
        return RowFactory.create(manager, Date.valueOf(opened), seq, new BigDecimal(revenue), orders, immediate, deferred);
    }

    /*
     * m1, 2026:
     *   Jan  calls: c1 lead (unique target) that led to a deal, c2 lead without a deal, c3 outbound, and a missed call routed
     *        to m1 (not handled) → handled 3, leads 2, converted 1.
     *        deals: D1 first 100.00 (2 orders, 1 immediate upsell), D2 repeat 300.00 (1 order) → 2 deals, check 200.00
     *   Feb  nothing (a zero month)
     *   Mar  D3 first 200.00 (3 orders, 2 deferred upsells)
     *   Apr, May, Jun nothing
     *   Jul  c4 answered 30 s (handled, not a lead); D4 repeat 50.00 (1 order)
     * A missed call with no manager belongs to nobody. A deal opened without a manager: 'unassigned', Mar 80.00.
     */
    static Dataset<Row> table() {
        List<Row> calls = List.of(
                call("2026-01-05", "m1", "in", "answered", 120, true, true, true),
                call("2026-01-06", "m1", "in", "answered", 90, true, true, false),
                call("2026-01-07", "m1", "out", "answered", 60, false, false, false),
                call("2026-01-08", "m1", "in", "missed", 0, true, false, false),
                call("2026-01-09", null, "in", "missed", 0, true, false, false),
                call("2026-07-01", "m1", "in", "answered", 30, true, false, false));
        List<Row> deals = List.of(
                deal("m1", "2026-01-05", 1, "100.00", 2, 1, 0),
                deal("m1", "2026-01-20", 2, "300.00", 1, 0, 0),
                deal("m1", "2026-03-10", 1, "200.00", 3, 0, 2),
                deal("m1", "2026-07-15", 2, "50.00", 1, 0, 0),
                deal(null, "2026-03-11", 1, "80.00", 1, 0, 0));
        List<Row> leads = List.of(
                lead("call", "2026-01-05", "m1", true, true),
                lead("call", "2026-01-06", "m1", true, false),
                lead("call", "2026-01-10", "m1", true, false),
                lead("call", "2026-01-12", "m1", false, false),
                lead("web", "2026-01-11", null, true, true));
        return ManagerPerformanceTransforms.monthly(TestSpark.session().createDataFrame(calls, CALLS),
                TestSpark.session().createDataFrame(leads, LEADS),
                TestSpark.session().createDataFrame(deals, DEALS)).orderBy("manager_id", "month");
    }

    private static Row month(List<Row> rows, String manager, String month) {
        return rows.stream().filter(r -> r.getAs("manager_id").equals(manager)
                && r.getAs("month").toString().equals(month)).findFirst().orElseThrow();
    }

    private static double share(Row row, String column) {
        return row.<Double>getAs(column);
    }

    @Test
    void everyMonthFromTheFirstToTheLastActiveOneWithItsOwnMeasures() {
        List<Row> rows = table().collectAsList();
        assertEquals(List.of("m1 2026-01-01", "m1 2026-02-01", "m1 2026-03-01", "m1 2026-04-01", "m1 2026-05-01",
                "m1 2026-06-01", "m1 2026-07-01", "unassigned 2026-03-01"),
                rows.stream().map(r -> r.getAs("manager_id") + " " + r.getAs("month")).toList());

        Row january = month(rows, "m1", "2026-01-01");
        assertEquals(3L, january.<Long>getAs("calls_handled"));
        assertEquals(3L, january.<Long>getAs("leads"));
        assertEquals(1L, january.<Long>getAs("converted_leads"));
        assertEquals(1.0 / 3, share(january, "lead_to_first_deal_conversion"), 1e-12);     // 1 / 3
        assertEquals(2L, january.<Long>getAs("deals"));
        assertEquals(1L, january.<Long>getAs("repeat_deals"));
        assertEquals(new BigDecimal("400.00"), january.getAs("revenue"));
        assertEquals(new BigDecimal("200.00"), january.getAs("average_check"));   // 400 / 2
        assertEquals(1.0 / 3, share(january, "immediate_upsell_share"), 1e-12);   // 1 of 2 + 1 orders
        assertEquals(0.0, share(january, "deferred_upsell_share"), 1e-12);

        Row february = month(rows, "m1", "2026-02-01");
        assertEquals(0L, february.<Long>getAs("calls_handled"));
        assertEquals(0L, february.<Long>getAs("deals"));
        assertNull(february.getAs("lead_to_first_deal_conversion"));
        assertNull(february.getAs("average_check"));
        assertNull(february.getAs("immediate_upsell_share"));

        Row unassigned = month(rows, "unassigned", "2026-03-01");
        assertEquals(1L, unassigned.<Long>getAs("deals"));
        assertEquals(new BigDecimal("80.00"), unassigned.getAs("average_check"));
        assertEquals(0L, unassigned.<Long>getAs("calls_handled"), "the missed call without a manager is nobody's");
    }

    @Test
    void theTrailingSixMonthsIncludeTheMonthItselfAndTheFiveBeforeItPoolingRatios() {
        List<Row> rows = table().collectAsList();

        // March: Jan, Feb, Mar (3 months since m1 started)
        Row march = month(rows, "m1", "2026-03-01");
        assertEquals(3L, march.<Long>getAs("trailing_months"));
        assertEquals(1.0, share(march, "calls_handled_trailing_6_months"), 1e-12);              // (3 + 0 + 0) / 3
        assertEquals(1.0 / 3, share(march, "lead_to_first_deal_conversion_trailing_6_months"), 1e-12);  // 1 / 3
        assertEquals(1.0, share(march, "deals_trailing_6_months"), 1e-12);                     // (2 + 0 + 1) / 3
        assertEquals(new BigDecimal("200.00"), march.getAs("revenue_trailing_6_months"));       // 600 / 3
        assertEquals(new BigDecimal("200.00"), march.getAs("average_check_trailing_6_months")); // 600 / 3 deals
        assertEquals(1.0 / 6, share(march, "immediate_upsell_share_trailing_6_months"), 1e-12); // 1 / (3 + 0 + 3) orders
        assertEquals(2.0 / 6, share(march, "deferred_upsell_share_trailing_6_months"), 1e-12);  // 2 / 6
        assertEquals(1.0 / 3, share(march, "repeat_deals_trailing_6_months"), 1e-12);          // (1 + 0 + 0) / 3

        // June: Jan .. Jun, a full window
        Row june = month(rows, "m1", "2026-06-01");
        assertEquals(6L, june.<Long>getAs("trailing_months"));
        assertEquals(0.5, share(june, "calls_handled_trailing_6_months"), 1e-12);                // 3 / 6
        assertEquals(0.5, share(june, "deals_trailing_6_months"), 1e-12);                        // 3 / 6
        assertEquals(new BigDecimal("100.00"), june.getAs("revenue_trailing_6_months"));         // 600 / 6

        // July: Feb .. Jul; January has left the window
        Row july = month(rows, "m1", "2026-07-01");
        assertEquals(6L, july.<Long>getAs("trailing_months"));
        assertEquals(1.0 / 6, share(july, "calls_handled_trailing_6_months"), 1e-12);            // c4 only: 1 / 6
        assertNull(july.getAs("lead_to_first_deal_conversion_trailing_6_months"), "no lead from Feb to Jul");
        assertEquals(2.0 / 6, share(july, "deals_trailing_6_months"), 1e-12);                    // D3 + D4
        assertEquals(new BigDecimal("125.00"), july.getAs("average_check_trailing_6_months"));   // (200 + 50) / 2
        assertEquals(0.0, share(july, "immediate_upsell_share_trailing_6_months"), 1e-12);       // 0 / (3 + 1)
        assertEquals(0.5, share(july, "deferred_upsell_share_trailing_6_months"), 1e-12);        // 2 / 4
        assertEquals(1.0 / 6, share(july, "repeat_deals_trailing_6_months"), 1e-12);            // D4 / 6
        assertEquals(new BigDecimal("50.00"), july.getAs("average_check"));
    }
}
