package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.shared.MigrationTransforms.Period;
import java.math.BigDecimal;
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

class MigrationTransformsTest {

    private static final StructType FACTS = new StructType().add("customer_key", "string").add("deal_id", "string")
            .add("order_date", "date").add("job", "string").add("revenue", "decimal(18,2)");

    private static Row fact(String customer, String deal, String date, String job, String revenue) {
        return RowFactory.create(customer, deal, Date.valueOf(date), job, new BigDecimal(revenue));
    }

    /**
     * c1: gaming and audio in January (gaming has more), audio in February, nothing in March,
     * gaming again in April. c2: gaming in February and March. c3: audio and gaming tie in January.
     */
    private static Dataset<Row> facts() {
        return TestSpark.session().createDataFrame(List.of(
                fact("c1", "g1", "2026-01-05", "gaming", "100.00"),
                fact("c1", "a1", "2026-01-20", "audio", "50.00"),
                fact("c1", "a2", "2026-02-10", "audio", "200.00"),
                fact("c1", "g2", "2026-04-02", "gaming", "10.00"),
                fact("c2", "g3", "2026-02-14", "gaming", "70.00"),
                fact("c2", "g3", "2026-03-01", "gaming", "30.00"),
                fact("c3", "a3", "2026-01-07", "audio", "50.00"),
                fact("c3", "g4", "2026-01-08", "gaming", "50.00")), FACTS);
    }

    private static Map<String, String> matrix(Dataset<Row> transitions) {
        Map<String, String> cells = new TreeMap<>();
        transitions.collectAsList().forEach(r -> cells.put(r.getDate(1) + " " + r.getString(3) + ">" + r.getString(4),
                r.getLong(5) + " " + r.getDecimal(6) + " " + r.getDecimal(7)));
        return cells;
    }

    @Test
    void monthlyMapWithNewChurnedAndReturningCustomers() {
        Dataset<Row> states = MigrationTransforms.dominantStates(facts(), "job", Period.MONTH);
        assertEquals(0, states.groupBy("customer_key", "period_start").count().filter("count > 1").count(),
                "no customer appears twice in a period");
        Dataset<Row> transitions = MigrationTransforms.transitions(states, Period.MONTH, LocalDate.of(2026, 4, 1));
        assertEquals(Map.of(
                // into January: both January buyers are new; c3's tie goes to audio
                "2025-12-01 new>audio", "1 0.00 100.00",
                "2025-12-01 new>gaming", "1 0.00 150.00",
                "2026-01-01 gaming>audio", "1 150.00 200.00",
                "2026-01-01 audio>churned", "1 100.00 0.00",
                "2026-01-01 new>gaming", "1 0.00 70.00",
                "2026-02-01 audio>churned", "1 200.00 0.00",
                "2026-02-01 gaming>gaming", "1 70.00 30.00",
                "2026-03-01 gaming>churned", "1 30.00 0.00",
                // c1 comes back in April after a month without purchases
                "2026-03-01 none>gaming", "1 0.00 10.00"), matrix(transitions));
    }

    @Test
    void everyFromPeriodAccountsForItsCustomersAndRevenue() {
        for (Period period : Period.values()) {
            Dataset<Row> states = MigrationTransforms.dominantStates(facts(), "job", period);
            // a handful of rows: the expected figures are counted here, one Spark action per period
            List<Row> stateRows = states.collectAsList();
            Map<String, LocalDate> firstPeriod = new TreeMap<>();
            stateRows.forEach(r -> firstPeriod.merge(r.getString(0), r.getDate(1).toLocalDate(),
                    (a, b) -> a.isBefore(b) ? a : b));
            List<Row> transitions = MigrationTransforms.transitions(states, period, period.start(LocalDate.of(2026, 4, 15)))
                    .groupBy("from_period").agg(
                            org.apache.spark.sql.functions.sum("customers"),
                            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(
                                    org.apache.spark.sql.functions.col("from_state").isin("new", "none"), 0)
                                    .otherwise(org.apache.spark.sql.functions.col("customers"))),
                            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(
                                    org.apache.spark.sql.functions.col("from_state").equalTo("new"),
                                    org.apache.spark.sql.functions.col("customers")).otherwise(0)),
                            org.apache.spark.sql.functions.sum("from_revenue"), org.apache.spark.sql.functions.sum("to_revenue"))
                    .collectAsList();
            assertEquals(period == Period.MONTH ? 4 : 2, transitions.size(), period.label());
            for (Row from : transitions) {
                LocalDate fromPeriod = from.getDate(0).toLocalDate();
                LocalDate toPeriod = fromPeriod.plusMonths(period == Period.MONTH ? 1 : 3);
                List<Row> inFrom = stateRows.stream().filter(r -> r.getDate(1).toLocalDate().equals(fromPeriod)).toList();
                List<Row> inTo = stateRows.stream().filter(r -> r.getDate(1).toLocalDate().equals(toPeriod)).toList();
                long firstTimers = firstPeriod.values().stream().filter(toPeriod::equals).count();
                java.util.Set<String> fromCustomers = new java.util.HashSet<>(inFrom.stream().map(r -> r.getString(0)).toList());
                long returning = inTo.stream().filter(r -> !fromCustomers.contains(r.getString(0))).count() - firstTimers;
                String at = period + " " + fromPeriod;
                assertEquals(inFrom.size(), from.getLong(2), "active customers " + at);
                assertEquals(firstTimers, from.getLong(3), "new customers " + at);
                assertEquals(inFrom.size() + firstTimers + returning, from.getLong(1), "row sums " + at);
                assertEquals(sum(inFrom), from.getDecimal(4), "from-period revenue " + at);
                assertEquals(sum(inTo), from.getDecimal(5), "to-period revenue " + at);
            }
        }
    }

    private static BigDecimal sum(List<Row> states) {
        return states.stream().map(r -> r.<BigDecimal>getAs("revenue")).reduce(new BigDecimal("0.00"), BigDecimal::add);
    }

    @Test
    void quarterlyMapGroupsThreeMonths() {
        Dataset<Row> states = MigrationTransforms.dominantStates(facts(), "job", Period.QUARTER);
        assertEquals(Map.of(
                "2025-10-01 new>audio", "2 0.00 450.00",
                "2025-10-01 new>gaming", "1 0.00 100.00",
                "2026-01-01 audio>gaming", "1 350.00 10.00",
                "2026-01-01 audio>churned", "1 100.00 0.00",
                "2026-01-01 gaming>churned", "1 100.00 0.00"),
                matrix(MigrationTransforms.transitions(states, Period.QUARTER, LocalDate.of(2026, 4, 1))));
    }

    @Test
    void segmentLifetimeValuePerJob() {
        List<Row> ltv = MigrationTransforms.segmentLifetimeValue(facts(), "job").collectAsList();
        // audio: c1 and c3, deals a1 a2 a3, 300 in 3 customer-months; their lifetime revenue (360 + 100) / 2
        assertEquals(RowFactory.create("audio", 2L, 3L, new BigDecimal("300.00"), new BigDecimal("150.00"), 3L,
                new BigDecimal("100.00"), new BigDecimal("230.00")), ltv.get(0));
        // gaming: c1, c2, c3, deals g1..g4, 260 in 5 customer-months; (360 + 100 + 100) / 3
        assertEquals(RowFactory.create("gaming", 3L, 4L, new BigDecimal("260.00"), new BigDecimal("86.67"), 5L,
                new BigDecimal("52.00"), new BigDecimal("186.67")), ltv.get(1));
    }

    @Test
    void periodsStartOnTheirFirstDay() {
        assertEquals(LocalDate.of(2026, 4, 1), Period.QUARTER.start(LocalDate.of(2026, 6, 30)));
        assertEquals(LocalDate.of(2026, 10, 1), Period.QUARTER.start(LocalDate.of(2026, 11, 22)));
        assertEquals(LocalDate.of(2026, 11, 1), Period.MONTH.start(LocalDate.of(2026, 11, 22)));
    }
}
