package io.ltvlake.jobs.gold.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TriggerTransformsTest {

    static final LocalDate DAY = LocalDate.of(2026, 2, 20);
    static final StructType CYCLES = new StructType().add("as_of_date", "date").add("customer_key", "string").add("job", "string")
            .add("deals", "long").add("cycle_source", "string").add("cycle_interval_days", "double")
            .add("expected_next_deal_date", "date").add("days_since_last_deal", "int").add("overdue_cycles", "double")
            .add("sessions_in_window", "long").add("usual_sessions_before_deal", "double");
    static final StructType RFM = new StructType().add("snapshot_date", "date").add("customer_key", "string").add("segment", "string");
    static final StructType KEYS = new StructType().add("customer_key", "string");

    /**
     * All triggers on; rfm_entered keeps non-target customers; due within 3 days, 1 cycle overdue, leaving at 25 % of
     * usual visits from 10 days before the expected deal.
     */
    static final TriggersConfig TRIGGERS = new TriggersConfig(Set.copyOf(TriggersConfig.ALL), Set.of(TriggersConfig.RFM_ENTERED),
            3, 1.0, 0.25, 2.0, 10, List.of("at_risk", "cant_lose_them"), 0.3);

    static Row cycle(LocalDate asOf, String customer, String job, long deals, String source, double interval, String expected,
                     long sessions, double usual) {
        LocalDate expectedDate = LocalDate.parse(expected);
        int since = (int) (java.time.temporal.ChronoUnit.DAYS.between(expectedDate, asOf) + Math.round(interval));
        return RowFactory.create(Date.valueOf(asOf), customer, job, deals, source, interval, Date.valueOf(expectedDate), since,
                (since - interval) / interval, sessions, usual);
    }

    static Dataset<Row> cycles() {
        LocalDate before = DAY.minusDays(1);
        return TestSpark.session().createDataFrame(List.of(
                // A: a 10-day cycle expected 02-10: today exactly 1 cycle overdue (20 days), yesterday 0.9
                cycle(DAY, "A", "tour", 3, "own", 10, "2026-02-10", 5, 5),
                cycle(before, "A", "tour", 3, "own", 10, "2026-02-10", 5, 5),
                // the same under job 'all': cycle triggers speak of one job, so no second event
                cycle(DAY, "A", "all", 3, "own", 10, "2026-02-10", 5, 5),
                // B: already 1 cycle overdue yesterday: in the condition, no new event
                cycle(DAY, "B", "tour", 3, "own", 10, "2026-02-09", 5, 5),
                cycle(before, "B", "tour", 3, "own", 10, "2026-02-09", 5, 5),
                // C: due in 3 days today (4 yesterday); visits dropped to 1 of the usual 4 (yesterday 2 > 1)
                cycle(DAY, "C", "office", 4, "own", 7, "2026-02-23", 1, 4),
                cycle(before, "C", "office", 4, "own", 7, "2026-02-23", 2, 4),
                // N: non-target, enters cycle_overdue like A: left out
                cycle(DAY, "N", "tour", 3, "own", 10, "2026-02-10", 5, 5),
                cycle(before, "N", "tour", 3, "own", 10, "2026-02-10", 5, 5),
                // S: one deal, the job norm 15 days: 16 days today, 15 yesterday (not past it yet)
                cycle(DAY, "S", "tour", 1, "job_norm", 15, "2026-02-19", 0, 0),
                cycle(before, "S", "tour", 1, "job_norm", 15, "2026-02-19", 0, 0),
                // J: one deal, the norm stands in, but its cycle is not its own: no cycle_due though due today
                cycle(DAY, "J", "gift", 1, "job_norm", 30, "2026-02-20", 0, 0)), CYCLES);
    }

    static Dataset<Row> rfm() {
        Date today = Date.valueOf(DAY);
        Date before = Date.valueOf(DAY.minusDays(1));
        return TestSpark.session().createDataFrame(List.of(
                RowFactory.create(before, "A", "at_risk"), RowFactory.create(today, "A", "at_risk"),
                RowFactory.create(before, "C", "at_risk"), RowFactory.create(today, "C", "cant_lose_them"),
                RowFactory.create(before, "N", "champions"), RowFactory.create(today, "N", "at_risk"),
                RowFactory.create(today, "Z", "lost_customers")), RFM);
    }

    static Dataset<Row> nonTarget() {
        return TestSpark.session().createDataFrame(List.of(RowFactory.create("N")), KEYS);
    }

    private static TreeSet<String> events(Dataset<Row> events) {
        TreeSet<String> found = new TreeSet<>();
        events.collectAsList().forEach(r -> found.add(r.getAs("event_date") + " " + r.getAs("customer_key") + " "
                + r.getAs("trigger") + " " + r.getAs("job") + (r.<Boolean>getAs("is_non_target") ? " non-target" : "")));
        return found;
    }

    @Test
    void customersEnteringAConditionTodayAreEventsAndNonTargetOnesOnlyWhereTheTriggerKeepsThem() {
        Dataset<Row> conditions = TriggerTransforms.cycleConditions(cycles(), TRIGGERS)
                .unionByName(TriggerTransforms.rfmConditions(rfm(), TRIGGERS));
        assertEquals(new TreeSet<>(List.of(
                "2026-02-20 A cycle_overdue tour",
                "2026-02-20 C cycle_due office",
                "2026-02-20 C leaving office",
                "2026-02-20 C rfm_entered:cant_lose_them all",
                "2026-02-20 N rfm_entered:at_risk all non-target",
                "2026-02-20 S second_deal_missing tour")),
                events(TriggerTransforms.entered(conditions, nonTarget(), DAY, TRIGGERS)));
    }

    @Test
    void leavingIsJudgedFromDaysBeforeExpectedOn() {
        TriggersConfig fromExpected = new TriggersConfig(Set.of(TriggersConfig.LEAVING), Set.of(), 3, 1.0, 0.25, 2.0, 0,
                List.of("at_risk"), 0.3);
        Dataset<Row> cycles = TestSpark.session().createDataFrame(List.of(
                // E: expected today, none of the usual 4 visits: leaving
                cycle(DAY, "E", "tour", 3, "own", 30, "2026-02-20", 0, 4),
                // F: expected tomorrow, no visit yet: the window is not over
                cycle(DAY, "F", "tour", 3, "own", 30, "2026-02-21", 0, 4),
                // G: expected 2 days ago, 1 visit of the usual 4: exactly visit-ratio x usual
                cycle(DAY, "G", "tour", 3, "own", 30, "2026-02-18", 1, 4),
                // H: 2 of the usual 4, more than 25 %
                cycle(DAY, "H", "tour", 3, "own", 30, "2026-02-18", 2, 4)), CYCLES);
        TreeSet<String> leaving = new TreeSet<>();
        TriggerTransforms.cycleConditions(cycles, fromExpected).collectAsList().forEach(r -> leaving.add(r.getAs("customer_key")));
        assertEquals(new TreeSet<>(List.of("E", "G")), leaving);
    }

    @Test
    void switchedOffTriggersAndNonTargetExclusion() {
        TriggersConfig some = new TriggersConfig(Set.of(TriggersConfig.CYCLE_OVERDUE, TriggersConfig.RFM_ENTERED),
                Set.of(TriggersConfig.CYCLE_OVERDUE), 3, 1.0, 0.25, 2.0, 10, List.of("at_risk"), 0.3);
        Dataset<Row> conditions = TriggerTransforms.cycleConditions(cycles(), some)
                .unionByName(TriggerTransforms.rfmConditions(rfm(), some));
        assertEquals(new TreeSet<>(List.of("2026-02-20 A cycle_overdue tour", "2026-02-20 N cycle_overdue tour non-target")),
                events(TriggerTransforms.entered(conditions, nonTarget(), DAY, some)),
                "cycle_overdue keeps N here; rfm_entered:at_risk now leaves N out; the rest are off");
    }

    @Test
    void probabilityAliveYesterdayIsTheModelOneDayYounger() {
        StructType clv = new StructType().add("customer_key", "string").add("repeat_purchases", "long")
                .add("time_of_last_purchase", "double").add("age", "double").add("probability_alive", "double");
        // r = 1, alpha = 1, a = 1, b = 2: P = 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)); time unit = 1 day
        // x = 1, t_x = 1: odds = 1/2 ((1+T)/2)^2. T = 3: odds 2, P 1/3 (not below 0.3); T = 4: odds 3.125, P 0.2424
        Dataset<Row> customers = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("K", 1L, 1.0, 4.0, 1 / (1 + 3.125)),
                RowFactory.create("L", 1L, 1.0, 5.0, 1 / (1 + 4.5)),
                RowFactory.create("M", 0L, 0.0, 9.0, 1.0)), clv);
        Row named = TestSpark.session().createDataFrame(List.of(RowFactory.create(1.0, 1.0, 1.0, 2.0)),
                new StructType().add("r", "double").add("alpha", "double").add("a", "double").add("b", "double")).first();
        Dataset<Row> conditions = TriggerTransforms.aliveConditions(customers, named, DAY, 1.0, TRIGGERS);
        TreeSet<String> held = new TreeSet<>();
        conditions.collectAsList().forEach(r -> held.add(r.getAs("as_of_date") + " " + r.getAs("customer_key") + " "
                + Math.round(1e4 * r.<Double>getAs("probability_alive"))));
        // L was already below yesterday (T = 4); K fell below today
        assertEquals(new TreeSet<>(List.of("2026-02-19 L 2424", "2026-02-20 K 2424", "2026-02-20 L 1818")), held);
        assertEquals(Set.of("K"), Set.copyOf(TriggerTransforms.entered(conditions, nonTarget(), DAY, TRIGGERS)
                .collectAsList().stream().map(r -> r.<String>getAs("customer_key")).toList()));
    }

    @Test
    void anEventOfSomeoneAtTheWeeklyContactCapIsKeptAndMarkedSoContactListsLeaveThemOut() {
        // A entered cycle_due and B leaving today; B already had this week's messages, A had none
        Dataset<Row> events = TestSpark.session().createDataFrame(List.of(RowFactory.create("A", "cycle_due"),
                RowFactory.create("B", "leaving")), KEYS.add("trigger", "string"));
        Dataset<Row> atCap = TestSpark.session().createDataFrame(List.of(RowFactory.create("B")), KEYS);

        TreeSet<String> marked = new TreeSet<>();
        for (Row row : TriggerTransforms.withContactCap(events, atCap).collectAsList()) {
            marked.add(row.getAs("customer_key") + " " + row.getAs("trigger") + " " + row.getAs("is_at_contact_cap"));
        }
        assertEquals(new TreeSet<>(List.of("A cycle_due false", "B leaving true")), marked);

        // without messages nobody is at the cap, and no event is lost
        TreeSet<String> none = new TreeSet<>();
        for (Row row : TriggerTransforms.withContactCap(events, atCap.limit(0)).collectAsList()) {
            none.add(row.getAs("customer_key") + " " + row.getAs("is_at_contact_cap"));
        }
        assertEquals(new TreeSet<>(List.of("A false", "B false")), none);
    }
}
