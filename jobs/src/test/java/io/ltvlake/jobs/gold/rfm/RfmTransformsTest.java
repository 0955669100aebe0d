package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RfmTransformsTest {

    /** The columns of gold.order_deals that RFM reads. */
    static final StructType ORDER_DEALS = new StructType().add("customer_key", "string").add("deal_id", "string")
            .add("order_date", "date").add("revenue", "decimal(18,2)");
    private static final LocalDate SNAPSHOT = LocalDate.of(2026, 3, 31);

    static Row order(String customer, String deal, String date, String revenue) {
        return RowFactory.create(customer, deal, Date.valueOf(date), new BigDecimal(revenue));
    }

    static Dataset<Row> orderDeals(Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), ORDER_DEALS);
    }

    private static RfmConfig defaults() {
        return TestSpark.settings(Map.of()).section(RfmConfig.class);
    }

    /**
     * Snapshot 2026-03-31, lookback 365 days: deals opened 2025-04-01 .. 2026-03-31 count.
     * a: one deal today, 100. b: one deal today of two orders (60 + 40 upsell): the same as a.
     * c: deals 02-01 (20) and 03-21 (30): 10 days, 2 deals, 50; its 70 upsell of 04-03 is after the snapshot.
     * d: 2025-06-01, 09-01, 12-21 at 100 each: 100 days (10 + 31 + 28 + 31), 3 deals, 300.
     * e: 2025-09-12 (20): 200 days (18 + 31 + 30 + 31 + 31 + 28 + 31); its deal of 2025-03-31 is
     * 365 days old, out of the lookback. a's deal of 04-02 is after the snapshot.
     */
    private static Dataset<Row> fiveCustomers() {
        return orderDeals(
                order("a", "a1", "2026-03-31", "100.00"),
                order("a", "a2", "2026-04-02", "500.00"),
                order("b", "b1", "2026-03-31", "60.00"),
                order("b", "b1", "2026-03-31", "40.00"),
                order("c", "c1", "2026-02-01", "20.00"),
                order("c", "c2", "2026-03-21", "30.00"),
                order("c", "c2", "2026-04-03", "70.00"),
                order("d", "d1", "2025-06-01", "100.00"),
                order("d", "d2", "2025-09-01", "100.00"),
                order("d", "d3", "2025-12-21", "100.00"),
                order("e", "e0", "2025-03-31", "999.00"),
                order("e", "e1", "2025-09-12", "20.00"));
    }

    private static Map<String, String> byCustomer(Dataset<Row> rfm) {
        Map<String, String> rows = new TreeMap<>();
        rfm.collectAsList().forEach(r -> rows.put(r.getString(r.fieldIndex("customer_key")),
                r.getInt(r.fieldIndex("recency_days")) + " " + r.getLong(r.fieldIndex("frequency")) + " "
                        + r.getDecimal(r.fieldIndex("monetary")) + " " + r.getString(r.fieldIndex("rfm_cell")) + " "
                        + r.getString(r.fieldIndex("segment"))));
        return rows;
    }

    @Test
    void quintileScoresGiveTiesTheSameScore() {
        Dataset<Row> rfm = RfmTransforms.customerRfm(fiveCustomers(), List.of(SNAPSHOT), defaults());
        // n = 5, score = 1 + floor(5 * worse / 4), at most 5, with worse = customers strictly worse.
        // R (more days is worse): e 200 -> 1, d 100 -> 1 + floor(1.25) = 2, c 10 -> 1 + floor(2.5) = 3,
        // a and b 0 -> 3 worse -> 1 + floor(3.75) = 4 (both, not 4 and 5).
        // F: a, b, e 1 deal -> 1; c 2 -> 3 worse -> 4; d 3 -> 4 worse -> 6, capped to 5.
        // M: e 20 -> 1; c 50 -> 2; a and b 100 -> 1 + floor(2.5) = 3 (both); d 300 -> 5.
        // Segments: R4 F1 promising, R3 F4 loyal, R2 F5 can't lose, R1 F1 lost.
        assertEquals(Map.of(
                "a", "0 1 100.00 413 promising",
                "b", "0 1 100.00 413 promising",
                "c", "10 2 50.00 342 loyal_customers",
                "d", "100 3 300.00 255 cant_lose_them",
                "e", "200 1 20.00 111 lost_customers"), byCustomer(rfm));
        assertEquals("Can't Lose Them", rfm.filter(col("customer_key").equalTo("d")).first().getAs("segment_name"));
        assertEquals(Date.valueOf("2025-12-21"), rfm.filter(col("customer_key").equalTo("d")).first().getAs("last_deal_date"));
    }

    @Test
    void quintilesOfTenDistinctValuesAreTwoCustomersEach() {
        // ten customers, customer i has i deals on 2026-03-0i: worse = i - 1, F = 1 + floor(5 (i - 1) / 9), at most 5:
        // 5w/9 for w = 0..9 is 0, .56, 1.1, 1.7, 2.2, 2.8, 3.3, 3.9, 4.4, 5
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            for (int deal = 1; deal <= i; deal++) {
                rows.add(order("k" + (char) ('a' + i - 1), "k" + i + "-" + deal, "2026-03-" + String.format("%02d", i), "1.00"));
            }
        }
        Dataset<Row> rfm = RfmTransforms.customerRfm(orderDeals(rows.toArray(Row[]::new)), List.of(SNAPSHOT), defaults());
        List<Integer> scores = rfm.orderBy("frequency").select("f_score").collectAsList().stream().map(r -> r.getInt(0)).toList();
        assertEquals(List.of(1, 1, 2, 2, 3, 3, 4, 4, 5, 5), scores);
        // later deal = fewer days: the same order for recency and for monetary (i * 1.00)
        assertEquals(scores, rfm.orderBy("frequency").select("r_score").collectAsList().stream().map(r -> r.getInt(0)).toList());
        assertEquals(scores, rfm.orderBy("frequency").select("m_score").collectAsList().stream().map(r -> r.getInt(0)).toList());
    }

    @Test
    void frequencyCountsDealsNotOrders() {
        // f: 5 orders in 3 deals. f1 = 01-10 (50) + immediate upsell 01-10 (10) + deferred upsell 01-25 (15);
        // f2 = 02-15 (40); f3 = 2025-04-01 (30), the first day of the lookback. f4 (2025-03-31, 1000) is one day too old.
        // frequency 3, monetary 50 + 10 + 15 + 40 + 30 = 145, recency 02-15 -> 03-31 = 13 + 31 = 44.
        Dataset<Row> input = orderDeals(
                order("f", "f1", "2026-01-10", "50.00"),
                order("f", "f1", "2026-01-10", "10.00"),
                order("f", "f1", "2026-01-25", "15.00"),
                order("f", "f2", "2026-02-15", "40.00"),
                order("f", "f3", "2025-04-01", "30.00"),
                order("f", "f4", "2025-03-31", "1000.00"));
        Row f = RfmTransforms.customerRfm(input, List.of(SNAPSHOT), defaults()).first();
        assertEquals(3L, (long) f.getAs("frequency"));
        assertEquals(new BigDecimal("145.00"), f.getAs("monetary"));
        assertEquals(44, (int) f.getAs("recency_days"));
    }

    @Test
    void customersWithoutADealInTheLookbackAreNotInTheSnapshot() {
        Dataset<Row> rfm = RfmTransforms.customerRfm(fiveCustomers(), List.of(LocalDate.of(2025, 9, 1)), defaults());
        // on 2025-09-01 (lookback from 2024-09-02): d (06-01 and 09-01: 0 days, 2 deals, 200) and e, whose
        // 2025-03-31 deal is 154 days old (30 + 31 + 30 + 31 + 31 + 1); nobody else had a deal yet.
        // n = 2: the better value scores 1 + floor(5 * 1 / 1), capped to 5; the worse 1. d is better on R and F,
        // e on M (999 > 200).
        assertEquals(Map.of("d", "0 2 200.00 551 champions", "e", "154 1 999.00 115 lost_customers"), byCustomer(rfm));
    }

    @Test
    void fixedThresholdsScoreEdgesInclusively() {
        RfmConfig base = defaults();
        RfmConfig fixed = new RfmConfig(365, RfmConfig.RfmScoring.THRESHOLDS, base.thresholds(),
                base.segments());
        // recency cuts 30/90/180/270: 0 and 10 days -> 5, 100 -> 3, 200 -> 2; frequency cuts 2/3/4/6: 1 -> 1,
        // 2 -> 2, 3 -> 3; monetary cuts 100/500/1000/5000: 100 -> 2 (reaches the cut), 50 and 20 -> 1, 300 -> 2.
        // g: one deal 30 days ago (03-01), 1000 -> R 5 (30 is at most 30), M 4; h: 31 days (02-28) -> R 4.
        Dataset<Row> input = fiveCustomers().unionByName(orderDeals(
                order("g", "g1", "2026-03-01", "1000.00"),
                order("h", "h1", "2026-02-28", "999.99")));
        assertEquals(Map.of(
                "a", "0 1 100.00 512 new_customers",
                "b", "0 1 100.00 512 new_customers",
                "c", "10 2 50.00 521 potential_loyalists",
                "d", "100 3 300.00 332 need_attention",
                "e", "200 1 20.00 211 hibernating",
                "g", "30 1 1000.00 514 new_customers",
                "h", "31 1 999.99 413 promising"), byCustomer(RfmTransforms.customerRfm(input, List.of(SNAPSHOT), fixed)));
    }

    @Test
    void theDefaultMapAssignsEveryCellAsPublished() {
        List<Row> cells = new ArrayList<>();
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                cells.add(RowFactory.create(r, f));
            }
        }
        Dataset<Row> grid = TestSpark.session().createDataFrame(cells,
                new StructType().add("r_score", "int").add("f_score", "int"));
        Map<String, String> assigned = new TreeMap<>();
        grid.withColumn("segment", RfmTransforms.segment(defaults().segments(), false)).collectAsList()
                .forEach(r -> assigned.put(r.getInt(0) + "" + r.getInt(1), r.getString(2)));
        // rows R = 5 .. 1, columns F = 1 .. 5
        String[][] expected = {
                {"new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"},
                {"promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers"},
                {"about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"},
                {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"},
                {"lost_customers", "lost_customers", "at_risk", "at_risk", "cant_lose_them"}};
        for (int r = 5; r >= 1; r--) {
            for (int f = 1; f <= 5; f++) {
                assertEquals(expected[5 - r][f - 1], assigned.get(r + "" + f), "cell R" + r + " F" + f);
            }
        }
    }

    @Test
    void firstMatchingRuleWins() {
        List<RfmConfig.RfmSegmentRule> rules = List.of(
                new RfmConfig.RfmSegmentRule("vip", "VIP", 5, 5, 5, 5),
                new RfmConfig.RfmSegmentRule("everyone", "Everyone", 1, 5, 1, 5));
        Dataset<Row> grid = TestSpark.session().createDataFrame(List.of(RowFactory.create(5, 5), RowFactory.create(5, 4)),
                new StructType().add("r_score", "int").add("f_score", "int"));
        List<String> segments = grid.withColumn("segment", RfmTransforms.segment(rules, true)).orderBy(col("f_score").desc())
                .select("segment").collectAsList().stream().map(r -> r.getString(0)).toList();
        assertEquals(List.of("VIP", "Everyone"), segments);
    }

    @Test
    void segmentSummaryPerSnapshot() {
        Dataset<Row> rfm = RfmTransforms.customerRfm(fiveCustomers(), List.of(SNAPSHOT), defaults());
        Map<String, String> summary = new TreeMap<>();
        RfmTransforms.segmentSummary(rfm).collectAsList().forEach(r -> summary.put(r.getString(1),
                r.getLong(3) + " " + r.getDouble(4) + " " + r.getDecimal(5) + " " + r.getDouble(6) + " " + r.getDouble(7) + " "
                        + r.getDouble(8) + " " + r.getDecimal(9)));
        // 5 customers, 570.00 in all. promising: a and b, 200 (0.3509 of 570), recency 0, 1 deal, 100 on average.
        assertEquals(Map.of(
                "promising", "2 0.4 200.00 0.3509 0.0 1.0 100.00",
                "loyal_customers", "1 0.2 50.00 0.0877 10.0 2.0 50.00",
                "cant_lose_them", "1 0.2 300.00 0.5263 100.0 3.0 300.00",
                "lost_customers", "1 0.2 20.00 0.0351 200.0 1.0 20.00"), summary);
    }

    private static final StructType SNAPSHOT_ROWS = new StructType().add("snapshot_date", "date").add("customer_key", "string")
            .add("segment", "string").add("monetary", "decimal(18,2)");

    private static Row state(String date, String customer, String segment, String monetary) {
        return RowFactory.create(Date.valueOf(date), customer, segment, new BigDecimal(monetary));
    }

    @Test
    void migrationBetweenConsecutiveMonthEndSnapshots() {
        Dataset<Row> snapshots = TestSpark.session().createDataFrame(List.of(
                state("2025-12-31", "v", "champions", "40.00"),
                state("2026-01-31", "x", "champions", "100.00"),
                state("2026-01-31", "y", "at_risk", "50.00"),
                state("2026-01-31", "z", "hibernating", "10.00"),
                state("2026-02-28", "x", "loyal_customers", "120.00"),
                state("2026-02-28", "z", "hibernating", "10.00"),
                state("2026-02-28", "w", "new_customers", "30.00"),
                state("2026-02-28", "v", "promising", "25.00"),
                // not a month end: the nightly "today", left out
                state("2026-03-15", "x", "loyal_customers", "120.00"),
                // April is missing: no March->April, April->May or February->March pair
                state("2026-05-31", "x", "champions", "200.00")), SNAPSHOT_ROWS);
        Map<String, String> cells = new TreeMap<>();
        RfmTransforms.migration(snapshots).collectAsList().forEach(r -> cells.put(
                r.getDate(0) + ">" + r.getDate(1) + " " + r.getString(2) + ">" + r.getString(3),
                r.getLong(4) + " " + r.getDecimal(5) + " " + r.getDecimal(6)));
        assertEquals(Map.of(
                "2025-12-31>2026-01-31 champions>lost", "1 40.00 0.00",
                "2025-12-31>2026-01-31 new>champions", "1 0.00 100.00",
                "2025-12-31>2026-01-31 new>at_risk", "1 0.00 50.00",
                "2025-12-31>2026-01-31 new>hibernating", "1 0.00 10.00",
                "2026-01-31>2026-02-28 champions>loyal_customers", "1 100.00 120.00",
                "2026-01-31>2026-02-28 at_risk>lost", "1 50.00 0.00",
                "2026-01-31>2026-02-28 hibernating>hibernating", "1 10.00 10.00",
                "2026-01-31>2026-02-28 new>new_customers", "1 0.00 30.00",
                // v was in December, not in January, back in February
                "2026-01-31>2026-02-28 reactivated>promising", "1 0.00 25.00"), cells);
    }

    @Test
    void segmentValuePutsRevenueSoFarBesideTheExpectedValue() {
        Dataset<Row> snapshot = RfmTransforms.customerRfm(fiveCustomers(), List.of(SNAPSHOT), defaults());
        StructType clvColumns = new StructType().add("customer_key", "string").add("probability_alive", "double")
                .add("expected_purchases", "double").add("expected_value", "decimal(18,2)");
        // d has no CLV score (as when the model could not score it): its segment's expected columns stay null
        Dataset<Row> clv = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("a", 0.9, 1.5, new BigDecimal("150.00")),
                RowFactory.create("b", 0.7, 0.5, new BigDecimal("50.00")),
                RowFactory.create("c", 0.8, 2.0, new BigDecimal("60.00")),
                RowFactory.create("e", 0.1, 0.05, new BigDecimal("1.00"))), clvColumns);
        List<String> rows = RfmTransforms.segmentValue(fiveCustomers(), snapshot, clv, SNAPSHOT).collectAsList().stream()
                .map(r -> r.mkString(" ")).toList();
        // Revenue so far counts every deal up to the snapshot, also those older than the lookback, and none after it:
        // e: 999 (2025-03) + 20 (2025-09) = 1019 in 2 deals and 2 active months -> 509.50 a month.
        // d: 3 deals of 100 in 3 months. promising a + b: a1 100 (a2 is 04-02) and b1 60 + 40, 2 deals, 2
        // customer-months, 100 a customer; expected: alive (0.9 + 0.7) / 2, purchases 1.5 + 0.5, value 150 + 50 over 2.
        // loyal c: 20 + 30 (its 70 is 04-03), months 02 and 03 -> 25.00 a month; expected 0.8, 2.0, 60.
        assertEquals(List.of(
                "lost_customers Lost 1 2 1019.00 1019.00 2 509.50 1019.00 0.1 0.05 1.00 1.00",
                "cant_lose_them Can't Lose Them 1 3 300.00 300.00 3 100.00 300.00 null null null null",
                "promising Promising 2 2 200.00 100.00 2 100.00 100.00 0.8 2.0 200.00 100.00",
                "loyal_customers Loyal Customers 1 2 50.00 50.00 2 25.00 50.00 0.8 2.0 60.00 60.00"), rows);
    }

    /**
     * Six customers for the presets, snapshot 2026-03-31 (recency days, deals, monetary):
     * p (0, 5, 500), q (10, 1, 50), r (20, 1, 60), s (100, 2, 100), t (200, 4, 400), u (300, 3, 30).
     */
    private static Dataset<Row> sixCustomers() {
        return orderDeals(
                order("p", "p1", "2026-01-01", "100.00"), order("p", "p2", "2026-01-15", "100.00"),
                order("p", "p3", "2026-02-15", "100.00"), order("p", "p4", "2026-03-15", "100.00"),
                order("p", "p5", "2026-03-31", "100.00"),
                order("q", "q1", "2026-03-21", "50.00"),
                order("r", "r1", "2026-03-11", "60.00"),
                order("s", "s1", "2025-10-01", "50.00"), order("s", "s2", "2025-12-21", "50.00"),
                order("t", "t1", "2025-06-01", "100.00"), order("t", "t2", "2025-07-01", "100.00"),
                order("t", "t3", "2025-08-01", "100.00"), order("t", "t4", "2025-09-12", "100.00"),
                order("u", "u1", "2025-04-10", "10.00"), order("u", "u2", "2025-05-10", "10.00"),
                order("u", "u3", "2025-06-04", "10.00"));
    }

    @Test
    void presetRfm125ScoresRankBinsAndSegmentsByTheRfmCell() {
        RfmConfig rfm = TestSpark.settings(Map.of("rfm.preset", "rfm-125")).section(RfmConfig.class);
        assertEquals(RfmConfig.RfmScoring.RANK_BINS, rfm.scoring());
        // rank(min) ascending, 6 customers, highest rank 6: bin = ceil(5 (rank - 1) / 5), at least 1, so ranks 1 and 2
        // are bin 1, then 3 -> 2, 4 -> 3, 5 -> 4, 6 -> 5.
        // R: days p 0, q 10, r 20, s 100, t 200, u 300 rank 1..6, bins 1 1 2 3 4 5, reversed: 5 5 4 3 2 1.
        // F: q and r tie at 1 deal (rank 1 both, min), s 2 rank 3, u 3 rank 4, t 4 rank 5, p 5 rank 6:
        //    q 1, r 1, s 2, u 3, t 4, p 5.
        // M: u 30, q 50, r 60, s 100, t 400, p 500 rank 1..6: u 1, q 1, r 2, s 3, t 4, p 5.
        // The published table: 555 champions; 511 and 412 new customers; 323 potential loyalists; 244 at risk;
        // 131 lost. M decides s: 323 is a potential loyalist, where 321 would be about to sleep.
        assertEquals(Map.of(
                "p", "0 5 500.00 555 champions",
                "q", "10 1 50.00 511 new_customers",
                "r", "20 1 60.00 412 new_customers",
                "s", "100 2 100.00 323 potential_loyalists",
                "t", "200 4 400.00 244 at_risk",
                "u", "300 3 30.00 131 lost_customers"), byCustomer(RfmTransforms.customerRfm(sixCustomers(), List.of(SNAPSHOT), rfm)));
    }

    @Test
    void presetRfmQuartileSegmentsBySumOfQuartileScores() {
        RfmConfig rfm = TestSpark.settings(Map.of("rfm.preset", "rfm-quartile")).section(RfmConfig.class);
        assertEquals(4, rfm.levels());
        // percent_rank with 4 levels: 1 + floor(4 p), at most 4; six distinct worst-first places have p = 0, .2, .4,
        // .6, .8, 1 -> 1, 1, 2, 3, 4, 4.
        // R (worst first u t s r q p): u 1, t 1, s 2, r 3, q 4, p 4.
        // F: q and r tie at p = 0 -> 1; s p .4 -> 2; u .6 -> 3; t .8 -> 4; p 1 -> 4.
        // M (u q r s t p): u 1, q 1, r 2, s 3, t 4, p 4.
        // Sums: p 12 and t 9 can't lose them (9-12); s 7 loyal; q 6 and r 6 potential; u 5 promising.
        assertEquals(Map.of(
                "p", "0 5 500.00 444 cant_lose_them",
                "q", "10 1 50.00 411 potential",
                "r", "20 1 60.00 312 potential",
                "s", "100 2 100.00 223 loyal",
                "t", "200 4 400.00 144 cant_lose_them",
                "u", "300 3 30.00 131 promising"), byCustomer(RfmTransforms.customerRfm(sixCustomers(), List.of(SNAPSHOT), rfm)));
    }

    @Test
    void ntileMakesEqualGroupsAndSplitsTiesByCustomerKey() {
        RfmConfig rfm = TestSpark.settings(Map.of("rfm.scoring", "ntile")).section(RfmConfig.class);
        // ntile(5) of 6 rows: the first group takes 2 rows, then 1 each. R worst first u t | s | r | q | p;
        // F: q, r (tied, split by key) | s | u | t | p; M: u q | r | s | t | p.
        // rf-11 map: p (5,5) champions; q (4,1) promising; r (3,1) about to sleep; s (2,2) hibernating;
        // t (1,4) at risk; u (1,3) at risk.
        assertEquals(Map.of(
                "p", "0 5 500.00 555 champions",
                "q", "10 1 50.00 411 promising",
                "r", "20 1 60.00 312 about_to_sleep",
                "s", "100 2 100.00 223 hibernating",
                "t", "200 4 400.00 144 at_risk",
                "u", "300 3 30.00 131 at_risk"), byCustomer(RfmTransforms.customerRfm(sixCustomers(), List.of(SNAPSHOT), rfm)));
    }

    @Test
    void rulesMayUseMonetaryAndRawValues() {
        // the rf-11 map, preceded by a rule no R/F map can say: a frequent buyer with a small check is not a champion
        RfmConfig base = defaults();
        List<RfmConfig.RfmSegmentRule> rules = new ArrayList<>();
        rules.add(new RfmConfig.RfmSegmentRule("frequent_small_check", "Frequent, small check", RfmConfig.ScoreRange.ANY,
                new RfmConfig.ScoreRange(4, 5), RfmConfig.ScoreRange.ANY, java.util.Set.of(), RfmConfig.ScoreRange.ANY,
                java.util.Optional.of(new RfmConfig.ValueRange(java.util.Optional.empty(),
                        java.util.Optional.of(new BigDecimal("99.99")))), java.util.Optional.empty()));
        rules.add(new RfmConfig.RfmSegmentRule("big_spender", "Big spender", RfmConfig.ScoreRange.ANY, RfmConfig.ScoreRange.ANY,
                new RfmConfig.ScoreRange(5, 5), java.util.Set.of(), RfmConfig.ScoreRange.ANY, java.util.Optional.empty(),
                java.util.Optional.of(new RfmConfig.ValueRange(java.util.Optional.of(new BigDecimal("5")),
                        java.util.Optional.empty()))));
        rules.addAll(base.segments());
        RfmConfig rfm = new RfmConfig(365, base.scoring(), base.thresholds(), rules);
        // quintiles (percent_rank, 6 customers: p = 0 .2 .4 .6 .8 1 -> 1 2 3 4 5 5):
        // R: u 1, t 2, s 3, r 4, q 5, p 5; F: q r 1, s 3, u 4, t 5, p 5; M: u 1, q 2, r 3, s 4, t 5, p 5.
        // t (2,5,5): F 5 but an average check of 100 -> not the first rule; M 5 with 4 deals, not 5 -> not the second;
        //   the map: (2,5) can't lose them. u (1,4,1): F 4 with a check of 10 -> frequent, small check.
        // p (5,5,5): check 100, M 5 and 5 deals -> big spender.
        Map<String, String> segments = byCustomer(RfmTransforms.customerRfm(sixCustomers(), List.of(SNAPSHOT), rfm));
        assertEquals("300 3 30.00 141 frequent_small_check", segments.get("u"));
        assertEquals("200 4 400.00 255 cant_lose_them", segments.get("t"));
        assertEquals("0 5 500.00 555 big_spender", segments.get("p"));
    }

    @Test
    void frequencyCanCountOrdersThenTheLookbackAndRecencyFollowOrderDates() {
        // f1 = 01-10 (50) + 01-10 (10) + 01-25 (15); f2 = 02-15 (40) + 03-01 (5); f3 = 2025-04-01 (30);
        // f4 = 2025-03-31 (1000), one day too old either way.
        StructType withOrders = ORDER_DEALS.add("source", "string").add("order_id", "string");
        List<Row> rows = new ArrayList<>();
        String[][] orders = {{"f1", "2026-01-10", "50.00"}, {"f1", "2026-01-10", "10.00"}, {"f1", "2026-01-25", "15.00"},
                {"f2", "2026-02-15", "40.00"}, {"f2", "2026-03-01", "5.00"}, {"f3", "2025-04-01", "30.00"},
                {"f4", "2025-03-31", "1000.00"}};
        for (int i = 0; i < orders.length; i++) {
            rows.add(RowFactory.create("f", orders[i][0], Date.valueOf(orders[i][1]), new BigDecimal(orders[i][2]), "shop",
                    "o" + (i + 1)));
        }
        Dataset<Row> input = TestSpark.session().createDataFrame(rows, withOrders);
        RfmConfig deals = defaults();
        RfmConfig byOrders = new RfmConfig(365, "custom", deals.scoring(), 5, RfmConfig.RfmFrequency.ORDERS,
                deals.thresholds(), deals.segments());
        // deals: 3 deals, 150, last opening 02-15 -> 44 days; orders: 6 orders, 150, last order 03-01 -> 30 days
        assertEquals("44 3 150.00", measures(RfmTransforms.customerRfm(input, List.of(SNAPSHOT), deals).first()));
        assertEquals("30 6 150.00", measures(RfmTransforms.customerRfm(input, List.of(SNAPSHOT), byOrders).first()));
    }

    private static final StructType PURCHASES = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_key", "string").add("deal_id", "string").add("order_date", "date").add("revenue", "decimal(18,2)");
    private static final StructType DEALS = new StructType().add("customer_key", "string").add("deal_id", "string")
            .add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)");

    private static Map<String, Row> monthlyInputs(List<Row> purchases, List<Row> deals) {
        Map<String, Row> months = new TreeMap<>();
        RfmTransforms.monthlyInputs(TestSpark.session().createDataFrame(purchases, PURCHASES),
                TestSpark.session().createDataFrame(deals, DEALS)).collectAsList().forEach(r -> months.put(r.getAs("month_date").toString(), r));
        return months;
    }

    @Test
    void monthlyInputsCountEachMonthsPurchasesAndDealsAndTellAChangeApart() {
        List<Row> purchases = new ArrayList<>(List.of(
                RowFactory.create("shop", "o1", "p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("100.00")),
                RowFactory.create("shop", "o2", "q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("80.00")),
                RowFactory.create("shop", "o3", "q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("20.00")),
                // anonymous: RFM scores nobody for it, so it changes no fingerprint
                RowFactory.create("shop", "o4", null, "x1", Date.valueOf("2026-03-05"), new BigDecimal("9.00"))));
        List<Row> deals = List.of(
                RowFactory.create("p", "p1", Date.valueOf("2026-01-10"), new BigDecimal("100.00"), null),
                RowFactory.create("q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("100.00"), new BigDecimal("10.00")),
                // a deal in a month without a purchase row still counts for the non-target flag
                RowFactory.create("q", "q2", Date.valueOf("2026-04-01"), new BigDecimal("5.00"), new BigDecimal("-1.00")));
        Map<String, Row> months = monthlyInputs(purchases, deals);
        assertEquals(List.of("2026-01-01", "2026-02-01", "2026-04-01"), List.copyOf(months.keySet()));
        assertEquals("1 1", months.get("2026-01-01").getAs("purchases") + " " + months.get("2026-01-01").getAs("deals"));
        assertEquals("2 1", months.get("2026-02-01").getAs("purchases") + " " + months.get("2026-02-01").getAs("deals"));
        assertEquals("0 1 0", months.get("2026-04-01").getAs("purchases") + " " + months.get("2026-04-01").getAs("deals") + " "
                + months.get("2026-04-01").getAs("purchase_fingerprint"));

        List<Row> reversed = new ArrayList<>(purchases);
        java.util.Collections.reverse(reversed);
        assertEquals(months.toString(), monthlyInputs(reversed, deals).toString(), "row order changes no fingerprint");

        // a late correction of February's upsell: February's purchase fingerprint moves, its count and January do not
        purchases.set(2, RowFactory.create("shop", "o3", "q", "q1", Date.valueOf("2026-02-03"), new BigDecimal("25.00")));
        Map<String, Row> corrected = monthlyInputs(purchases, deals);
        assertEquals(months.get("2026-01-01"), corrected.get("2026-01-01"));
        assertEquals(2L, (long) corrected.get("2026-02-01").getAs("purchases"));
        assertEquals((long) months.get("2026-02-01").getAs("deal_fingerprint"), (long) corrected.get("2026-02-01").getAs("deal_fingerprint"));
        org.junit.jupiter.api.Assertions.assertNotEquals((long) months.get("2026-02-01").getAs("purchase_fingerprint"),
                (long) corrected.get("2026-02-01").getAs("purchase_fingerprint"));
    }

    private static String measures(Row row) {
        return row.getAs("recency_days") + " " + row.getAs("frequency") + " " + row.getAs("monetary");
    }
}
