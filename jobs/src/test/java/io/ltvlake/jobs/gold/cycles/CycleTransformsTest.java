package io.ltvlake.jobs.gold.cycles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CycleTransformsTest {

    static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("job", "string").add("opened_date", "date");
    static final StructType SESSIONS = new StructType().add("customer_key", "string").add("session_date", "date");
    static final LocalDate AS_OF = LocalDate.of(2026, 2, 20);
    static final CyclesConfig CONFIG = new CyclesConfig(3, 0.5, 2, 10);

    static Row deal(String id, String customer, String job, String date) {
        return RowFactory.create(id, customer, job, Date.valueOf(date));
    }

    /**
     * A: tour every 10 days (a deal after the as-of date is not known yet). B: one tour deal (its
     * upsells are inside the one gold.deals row). C: office every 7 days, and two tours 20 days
     * apart. D: irregular office deals. E: the only gift buyer. An anonymous deal counts nowhere.
     */
    static Dataset<Row> deals() {
        return TestSpark.session().createDataFrame(List.of(
                deal("a1", "A", "tour", "2026-01-01"), deal("a2", "A", "tour", "2026-01-11"),
                deal("a3", "A", "tour", "2026-01-21"), deal("a4", "A", "tour", "2026-02-25"),
                deal("b1", "B", "tour", "2026-02-10"),
                deal("c1", "C", "office", "2026-01-30"), deal("c2", "C", "office", "2026-02-06"),
                deal("c3", "C", "office", "2026-02-13"),
                deal("c4", "C", "tour", "2026-01-05"), deal("c5", "C", "tour", "2026-01-25"),
                deal("d1", "D", "office", "2026-01-01"), deal("d2", "D", "office", "2026-01-02"),
                deal("d3", "D", "office", "2026-02-01"),
                deal("e1", "E", "gift", "2026-02-01"),
                deal("x1", null, "tour", "2026-01-01")), DEALS);
    }

    private static Map<String, Row> byCustomerAndJob(Dataset<Row> cycles) {
        return cycles.collectAsList().stream().collect(Collectors.toMap(
                r -> r.getAs("customer_key") + "/" + r.getAs("job"), r -> r));
    }

    @Test
    void cyclesPerCustomerAndJobWithNormsStandingIn() {
        Dataset<Row> dates = CycleTransforms.dealDates(deals(), AS_OF);
        Dataset<Row> own = CycleTransforms.ownCycles(dates, CONFIG);
        Dataset<Row> norms = CycleTransforms.jobCycles(own, AS_OF, CONFIG);
        Map<String, Row> cycles = byCustomerAndJob(CycleTransforms.customerCycles(own, norms, null, AS_OF));
        assertEquals(11, cycles.size(), "6 customer-job pairs and an 'all' row for each of A..E: " + cycles.keySet());

        // A: 10, 10 -> a cycle of 10 days; 30 days since the last deal = exactly 2 cycles overdue
        Row a = cycles.get("A/tour");
        assertEquals(3L, (long) a.getAs("deals"), "the deal of 02-25 is after the as-of date");
        assertEquals(10.0, (double) a.getAs("interval_median_days"));
        assertEquals(0.0, (double) a.getAs("interval_variation"));
        assertEquals(true, a.getAs("has_cycle"));
        assertEquals("own", a.getAs("cycle_source"));
        assertEquals(Date.valueOf("2026-01-31"), a.getAs("expected_next_deal_date"));
        assertEquals(30, (int) a.getAs("days_since_last_deal"));
        assertEquals(20, (int) a.getAs("days_overdue"));
        assertEquals(2.0, (double) a.getAs("overdue_cycles"), 1e-12);

        // B: one deal (upsells are inside it), so no interval of its own: null, not 0; the tour norm (10, 20 -> 15) stands in
        Row b = cycles.get("B/tour");
        assertEquals(1L, (long) b.getAs("deals"));
        assertNull(b.getAs("interval_median_days"));
        assertNull(b.getAs("interval_variation"));
        assertEquals(false, b.getAs("has_cycle"));
        assertEquals("job_norm", b.getAs("cycle_source"));
        assertEquals(15.0, (double) b.getAs("cycle_interval_days"));
        assertEquals(Date.valueOf("2026-02-25"), b.getAs("expected_next_deal_date"));
        assertEquals(0, (int) b.getAs("days_overdue"));
        assertEquals(-1.0 / 3, (double) b.getAs("overdue_cycles"), 1e-12);

        // C: two jobs, two cycles: office every 7 days (due today), tour 20 days once (too few deals: the norm)
        Row office = cycles.get("C/office");
        assertEquals(7.0, (double) office.getAs("cycle_interval_days"));
        assertEquals("own", office.getAs("cycle_source"));
        assertEquals(Date.valueOf("2026-02-20"), office.getAs("expected_next_deal_date"));
        assertEquals(0.0, (double) office.getAs("overdue_cycles"), 1e-12);
        Row tour = cycles.get("C/tour");
        assertEquals(20.0, (double) tour.getAs("interval_median_days"));
        assertEquals(false, tour.getAs("has_cycle"), "2 deals < cycles.min-deals 3");
        assertEquals(15.0, (double) tour.getAs("cycle_interval_days"));
        assertEquals(11, (int) tour.getAs("days_overdue"), "01-25 + 15 = 02-09, 11 days before 02-20");
        // under 'all', C's days 01-05, 01-25, 01-30, 02-06, 02-13: intervals 20, 5, 7, 7; sd 5.97 / mean 9.75 = 0.61
        Row cAll = cycles.get("C/all");
        assertEquals(5L, (long) cAll.getAs("deals"));
        assertEquals(7.0, (double) cAll.getAs("interval_median_days"));
        assertEquals(Math.sqrt(142.75 / 4) / 9.75, (double) cAll.getAs("interval_variation"), 1e-12);
        assertEquals(false, cAll.getAs("has_cycle"));

        // D: intervals 1 and 30: median 15.5, p25 8.25, p75 22.75, variation 14.5 / 15.5 > 0.5: no cycle of its own
        Row d = cycles.get("D/office");
        assertEquals(15.5, (double) d.getAs("interval_median_days"));
        assertEquals(8.25, (double) d.getAs("interval_p25_days"));
        assertEquals(22.75, (double) d.getAs("interval_p75_days"));
        assertEquals(14.5 / 15.5, (double) d.getAs("interval_variation"), 1e-12);
        assertEquals("job_norm", d.getAs("cycle_source"));
        assertEquals(11.25, (double) d.getAs("cycle_interval_days"), "office norm: median of 7 and 15.5");
        assertEquals(Date.valueOf("2026-02-12"), d.getAs("expected_next_deal_date"), "02-01 + 11 (11.25 rounded)");
        assertEquals((19 - 11.25) / 11.25, (double) d.getAs("overdue_cycles"), 1e-12);

        // E: the job has no customer with an interval, so no norm: nothing expected
        Row e = cycles.get("E/gift");
        assertEquals("none", e.getAs("cycle_source"));
        assertNull(e.getAs("cycle_interval_days"));
        assertNull(e.getAs("expected_next_deal_date"));
        assertNull(e.getAs("days_overdue"));
        assertNull(e.getAs("overdue_cycles"));
        assertNull(e.getAs("sessions_in_window"), "no sessions: null, not 0");
    }

    @Test
    void jobNormsAreTheDistributionOfCustomersMedianIntervals() {
        Dataset<Row> own = CycleTransforms.ownCycles(CycleTransforms.dealDates(deals(), AS_OF), CONFIG);
        Map<String, Row> norms = CycleTransforms.jobCycles(own, AS_OF, CONFIG).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("job"), r -> r));
        Row tour = norms.get("tour");
        assertEquals(3L, (long) tour.getAs("customers"), "A, B, C");
        assertEquals(2L, (long) tour.getAs("customers_with_interval"), "A (10) and C (20)");
        assertEquals(15.0, (double) tour.getAs("interval_median_days"));
        assertEquals(12.5, (double) tour.getAs("interval_p25_days"));
        assertEquals(17.5, (double) tour.getAs("interval_p75_days"));
        assertEquals(1.0 / 3, (double) tour.getAs("cycle_share"), 1e-12);
        assertEquals(true, tour.getAs("is_norm"));
        Row office = norms.get("office");
        assertEquals(11.25, (double) office.getAs("interval_median_days"), "C 7, D 15.5");
        assertEquals(9.125, (double) office.getAs("interval_p25_days"));
        assertEquals(0.5, (double) office.getAs("cycle_share"));
        assertEquals(false, norms.get("gift").getAs("is_norm"), "no customer with an interval < 2");
        // 'all': medians A 10, C 7, D 15.5
        assertEquals(10.0, (double) norms.get("all").getAs("interval_median_days"));
        assertEquals(5L, (long) norms.get("all").getAs("customers"));
    }

    @Test
    void sessionsBeforeDealsAgainstSessionsNow() {
        Dataset<Row> sessions = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("A", Date.valueOf("2025-12-25")), RowFactory.create("A", Date.valueOf("2025-12-30")),
                RowFactory.create("A", Date.valueOf("2026-01-05")), RowFactory.create("A", Date.valueOf("2026-01-11")),
                RowFactory.create("A", Date.valueOf("2026-01-15")), RowFactory.create("A", Date.valueOf("2026-02-15")),
                RowFactory.create("A", Date.valueOf("2026-02-21")), RowFactory.create(null, Date.valueOf("2026-02-15"))),
                SESSIONS);
        Map<String, Row> counts = CycleTransforms.prePurchaseSessions(CycleTransforms.dealDates(deals(), AS_OF), sessions,
                AS_OF, 10).collectAsList().stream().collect(Collectors.toMap(
                        r -> r.getAs("customer_key") + "/" + r.getAs("job"), r -> r));
        // before 01-01: 12-25, 12-30; before 01-11: 01-05; before 01-21: 01-11, 01-15 (a deal day's own visit is not "before" it)
        assertEquals(5.0 / 3, (double) counts.get("A/tour").getAs("usual_sessions_before_deal"), 1e-12);
        assertEquals(1L, (long) counts.get("A/tour").getAs("sessions_in_window"), "02-15; 02-21 is after the as-of date");
        assertEquals(5.0 / 3, (double) counts.get("A/all").getAs("usual_sessions_before_deal"), 1e-12);
        assertEquals(0L, (long) counts.get("B/tour").getAs("sessions_in_window"));
        assertEquals(0.0, (double) counts.get("B/tour").getAs("usual_sessions_before_deal"));
    }

    @Test
    void percentilesOfTheSortedIntervalsAreSparksExactPercentileToTheBit() {
        StructType schema = new StructType().add("group_id", "int").add("value", "int");
        // odd and even counts, repeats (interpolation between equal neighbours), one value, and no value at all
        int[][] groups = {{1, 30}, {7, 7, 20, 5}, {3, 3, 3, 9, 10, 14, 100}, {42}, {2, 9, 11}};
        List<Row> rows = new java.util.ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            for (int value : groups[g]) {
                rows.add(RowFactory.create(g, value));
            }
        }
        rows.add(RowFactory.create(99, null));
        Dataset<Row> values = TestSpark.session().createDataFrame(rows, schema);
        for (double p : new double[] {0.25, 0.5, 0.75}) {
            List<Row> ours = values.groupBy("group_id").agg(org.apache.spark.sql.functions.array_sort(
                            org.apache.spark.sql.functions.collect_list("value")).as("sorted"))
                    .select(org.apache.spark.sql.functions.col("group_id"),
                            CycleTransforms.percentileOfSorted(org.apache.spark.sql.functions.col("sorted"), p))
                    .orderBy("group_id").collectAsList();
            List<Row> sparks = values.groupBy("group_id").agg(org.apache.spark.sql.functions.expr("percentile(value, " + p + ")"))
                    .orderBy("group_id").collectAsList();
            assertEquals(sparks, ours, "percentile " + p);
        }
        // by hand: 7, 7, 20, 5 sorted 5, 7, 7, 20; p75 at position 2.25 = 0.75 * 7 + 0.25 * 20 = 10.25
        Row p75 = values.filter("group_id = 1").agg(org.apache.spark.sql.functions.array_sort(
                org.apache.spark.sql.functions.collect_list("value")).as("sorted"))
                .select(CycleTransforms.percentileOfSorted(org.apache.spark.sql.functions.col("sorted"), 0.75)).first();
        assertEquals(10.25, p75.getDouble(0));
    }

    @Test
    void theDayBeforeIsRecomputedOnlyForPairsThatBoughtOnTheDayAndEqualsItsOwnComputation() {
        Dataset<Row> sessions = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("C", Date.valueOf("2026-02-03")), RowFactory.create("C", Date.valueOf("2026-02-12")),
                RowFactory.create("C", Date.valueOf("2026-02-13")), RowFactory.create("B", Date.valueOf("2026-02-09")),
                RowFactory.create("A", Date.valueOf("2026-01-20"))), SESSIONS);
        // 02-13: C's third office deal (C/office and C/all change); 02-10: B's first deal (B is nobody the day before)
        for (LocalDate asOf : List.of(LocalDate.of(2026, 2, 13), LocalDate.of(2026, 2, 10))) {
            Dataset<Row> dates = CycleTransforms.dealDates(deals(), asOf);
            Dataset<Row> own = CycleTransforms.ownCycles(dates, CONFIG);
            Dataset<Row> both = CycleTransforms.customerCyclesAndDayBefore(own, CycleTransforms.jobCycles(own, asOf, CONFIG),
                    CycleTransforms.usualSessionsBeforeDeals(dates, sessions, 10), dates, sessions, asOf, CONFIG);
            Dataset<Row> fromScratch = null;
            for (LocalDate day : List.of(asOf.minusDays(1), asOf)) {
                Dataset<Row> dayDates = CycleTransforms.dealDates(deals(), day);
                Dataset<Row> dayOwn = CycleTransforms.ownCycles(dayDates, CONFIG);
                Dataset<Row> rows = CycleTransforms.customerCycles(dayOwn, CycleTransforms.jobCycles(dayOwn, day, CONFIG),
                        CycleTransforms.prePurchaseSessions(dayDates, sessions, day, 10), day);
                fromScratch = fromScratch == null ? rows : fromScratch.unionByName(rows);
            }
            assertEquals(new io.ltvlake.common.spark.DatasetDiff.Difference(0, 0),
                    io.ltvlake.common.spark.DatasetDiff.between(both, fromScratch), "as of " + asOf);
            assertEquals(fromScratch.count(), both.count());
        }
        LocalDate asOf = LocalDate.of(2026, 2, 13);
        Dataset<Row> dates = CycleTransforms.dealDates(deals(), asOf);
        Dataset<Row> ownAsOf = CycleTransforms.ownCycles(dates, CONFIG);
        Map<String, Row> rows = CycleTransforms.customerCyclesAndDayBefore(ownAsOf, CycleTransforms.jobCycles(ownAsOf, asOf, CONFIG),
                        CycleTransforms.usualSessionsBeforeDeals(dates, sessions, 10), dates, sessions, asOf, CONFIG)
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("as_of_date") + "/" + r.getAs("customer_key")
                        + "/" + r.getAs("job"), r -> r));
        // C/office: 01-30, 02-06 the day before (one interval of 7, too few for a cycle); with 02-13, 7 and 7: a cycle
        Row before = rows.get("2026-02-12/C/office");
        assertEquals(2L, (long) before.getAs("deals"));
        assertEquals(false, before.getAs("has_cycle"));
        assertEquals(2L, (long) before.getAs("sessions_in_window"), "after 02-02 up to 02-12: 02-03 and 02-12");
        Row now = rows.get("2026-02-13/C/office");
        assertEquals(3L, (long) now.getAs("deals"));
        assertEquals(true, now.getAs("has_cycle"));
        assertEquals(2L, (long) now.getAs("sessions_in_window"), "after 02-03 up to 02-13: 02-12 and 02-13");
        // before 01-30: nothing; before 02-06: 02-03; before 02-13: 02-03 and 02-12 -> (0 + 1 + 2) / 3
        assertEquals(1.0, (double) now.getAs("usual_sessions_before_deal"), 1e-12);
        // A bought nothing on 02-13: the same cycle both days, only the dates move
        assertEquals((long) rows.get("2026-02-12/A/tour").getAs("deals"), (long) rows.get("2026-02-13/A/tour").getAs("deals"));
        assertEquals(22, (int) rows.get("2026-02-12/A/tour").getAs("days_since_last_deal"));
        assertEquals(23, (int) rows.get("2026-02-13/A/tour").getAs("days_since_last_deal"));
    }
}
