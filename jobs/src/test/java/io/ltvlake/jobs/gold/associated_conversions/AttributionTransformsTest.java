package io.ltvlake.jobs.gold.associated_conversions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.jobs.gold.associated_conversions.AttributionConfig.ReportPeriod;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
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

/**
 * Associated conversions on hand-written paths, lookback 30 days, business time zone UTC. Every
 * count and value below is worked out by hand in the comments.
 */
class AttributionTransformsTest {

    static final StructType TOUCHES = new StructType().add("source", "string").add("touch_type", "string")
            .add("touch_id", "string").add("customer_key", "string").add("touched_at", "timestamp")
            .add("touch_date", "date").add("channel", "string");
    static final int LOOKBACK_DAYS = 30;
    static final List<ReportPeriod> PERIODS = List.of(ReportPeriod.MONTH, ReportPeriod.ALL);

    static Row touch(String id, String customer, String at, String channel) {
        return RowFactory.create("shop", id.startsWith("k") ? "call" : "session", id, customer,
                Timestamp.from(Instant.parse(at)), Date.valueOf(at.substring(0, 10)), channel);
    }

    static Row deal(String id, String customer, String at, String value) {
        return RowFactory.create("deal", id, customer, Timestamp.from(Instant.parse(at)), Date.valueOf(at.substring(0, 10)),
                new BigDecimal(value));
    }

    /*
     * A: a one-touch path. paid_search on Mar 10, deal A1 two hours later (100.00). Deal A2 on Mar 25 (40.00)
     *    has no touch of its own, but A1's touch is 15 days before it: an earlier conversion does not cut
     *    the path, so A2's path is paid_search too.
     * B: display twice before the last touch. display, email, display, direct; deal B1 Mar 9 (90.00).
     *    last direct, first display; assists display (once, though on two touches) and email.
     *    linear 4 x 22.50: display 45.00 (0.5), email 22.50 (0.25), direct 22.50 (0.25);
     *    position-based 40/10/10/40: display 36.00 + 9.00 = 45.00 (0.5), email 9.00 (0.1), direct 36.00 (0.4).
     * C: no touch in the window. organic_search on Jan 15, deal C1 on Mar 20 (50.00), 64 days later:
     *    (no touch) is last and first interaction with the whole 50.00 under every model.
     * D: the window's boundary. Deal D1 at Mar 31 10:00:00 (10.00). email at Mar 1 09:59:59 is 30 days and
     *    1 second before: outside. referral at Mar 1 10:00:00 is exactly 30 days before: inside. A call
     *    (direct) in the very second of the deal: inside. Path referral > direct: two touches, 50/50 under
     *    linear and position-based: 5.00 (0.5) each.
     * E: direct at both ends. direct, paid_search, direct; deal E1 Mar 14 (100.00). direct is last, first
     *    and an assist (its first touch is not last); paid_search assists.
     *    linear, cents by rounded running totals: 10000 x 1/3 = 3333, x 2/3 = 6667, 10000 -> 33.33, 33.34,
     *    33.33: direct 66.66, paid_search 33.34; millionths 333333, 333334, 333333: direct 0.666666,
     *    paid_search 0.333334. position-based 40/20/40: direct 80.00 (0.8), paid_search 20.00 (0.2).
     * F: consecutive repeats. display, display, brand_search; deal F1 Mar 21 (20.00); channel_path
     *    "display > brand_search". display first and assist (once); brand_search last.
     *    linear cents 2000/3 = 667, 4000/3 = 1333 -> 6.67, 6.66, 6.67: display 13.33, brand_search 6.67;
     *    millionths display 0.666667, brand_search 0.333333. position-based: display 0.6 = 12.00,
     *    brand_search 0.4 = 8.00.
     * 7 conversions worth 410.00, all in March 2026.
     */
    static Dataset<Row> touches() {
        return TestSpark.session().createDataFrame(List.of(
                touch("a1", "A", "2026-03-10T10:00:00Z", "paid_search"),
                touch("b1", "B", "2026-03-01T09:00:00Z", "display"),
                touch("b2", "B", "2026-03-05T09:00:00Z", "email"),
                touch("b3", "B", "2026-03-08T09:00:00Z", "display"),
                touch("b4", "B", "2026-03-09T09:00:00Z", "direct"),
                touch("c1", "C", "2026-01-15T09:00:00Z", "organic_search"),
                touch("d1", "D", "2026-03-01T09:59:59Z", "email"),
                touch("d2", "D", "2026-03-01T10:00:00Z", "referral"),
                touch("k1", "D", "2026-03-31T10:00:00Z", "direct"),
                touch("d4", "D", "2026-03-31T10:00:01Z", "display"),   // a second after the deal: not on its path
                touch("e1", "E", "2026-03-12T08:00:00Z", "direct"),
                touch("e2", "E", "2026-03-13T08:00:00Z", "paid_search"),
                touch("e3", "E", "2026-03-14T10:00:00Z", "direct"),
                touch("f1", "F", "2026-03-20T08:00:00Z", "display"),
                touch("f2", "F", "2026-03-20T09:00:00Z", "display"),
                touch("f3", "F", "2026-03-21T10:00:00Z", "brand_search"),
                touch("v1", null, "2026-03-21T10:00:00Z", "display")), TOUCHES); // an anonymous visitor: no path
    }

    static Dataset<Row> conversions() {
        return TestSpark.session().createDataFrame(List.of(
                deal("A1", "A", "2026-03-10T12:00:00Z", "100.00"),
                deal("A2", "A", "2026-03-25T12:00:00Z", "40.00"),
                deal("B1", "B", "2026-03-09T12:00:00Z", "90.00"),
                deal("C1", "C", "2026-03-20T12:00:00Z", "50.00"),
                deal("D1", "D", "2026-03-31T10:00:00Z", "10.00"),
                deal("E1", "E", "2026-03-14T11:00:00Z", "100.00"),
                deal("F1", "F", "2026-03-21T10:30:00Z", "20.00")), TouchPaths.CONVERSIONS);
    }

    static Dataset<Row> paths() {
        return TouchPaths.paths(touches(), conversions(), LOOKBACK_DAYS);
    }

    private static Map<String, Row> byKey(Dataset<Row> rows, String key) {
        Map<String, Row> result = new TreeMap<>();
        rows.collectAsList().forEach(r -> result.put(r.getAs(key).toString(), r));
        return result;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal credit(String value) {
        return new BigDecimal(value).setScale(6);
    }

    @Test
    void everyConversionGetsThePathOfItsWindow() {
        Map<String, Row> paths = byKey(AttributionTransforms.attributedConversions(paths()), "conversion_id");
        assertEquals(7, paths.size());
        Row a1 = paths.get("A1");
        assertEquals(1, (int) a1.getAs("touch_count"));
        assertEquals("paid_search", a1.getAs("channel_path"));
        assertEquals("paid_search", a1.getAs("first_channel"));
        assertEquals("paid_search", a1.getAs("last_channel"));
        assertEquals(0, (int) a1.getAs("time_lag_days"));
        assertEquals("paid_search", paths.get("A2").getAs("channel_path"), "an earlier conversion does not cut the path");
        assertEquals(15, (int) paths.get("A2").getAs("time_lag_days"));
        Row b1 = paths.get("B1");
        assertEquals("display > email > display > direct", b1.getAs("channel_path"));
        assertEquals(4, (int) b1.getAs("path_steps"));
        assertEquals(8, (int) b1.getAs("time_lag_days"));
        Row c1 = paths.get("C1");
        assertEquals(0, (int) c1.getAs("touch_count"));
        assertEquals("(no touch)", c1.getAs("channel_path"));
        assertEquals("(no touch)", c1.getAs("last_channel"));
        assertEquals(0, (int) c1.getAs("path_steps"));
        assertNull(c1.getAs("time_lag_days"));
        assertNull(c1.getAs("first_touched_at"));
        Row d1 = paths.get("D1");
        // the e-mail 30 days and 1 second before is out; the referral exactly 30 days before and the call in the
        // deal's second are in; the display a second after the deal is out
        assertEquals("referral > direct", d1.getAs("touch_path"));
        assertEquals(Timestamp.from(Instant.parse("2026-03-01T10:00:00Z")), d1.getAs("first_touched_at"));
        assertEquals(30, (int) d1.getAs("time_lag_days"));
        assertEquals("direct > paid_search > direct", paths.get("E1").getAs("channel_path"));
        Row f1 = paths.get("F1");
        assertEquals("display > brand_search", f1.getAs("channel_path"), "consecutive repeats collapse");
        assertEquals("display > display > brand_search", f1.getAs("touch_path"));
        assertEquals(3, (int) f1.getAs("touch_count"));
        assertEquals(2, (int) f1.getAs("path_steps"));
    }

    @Test
    void channelConversionsMatchTheHandCountsAndEveryModelCreditsTheWholeValue() {
        Dataset<Row> credits = AttributionTransforms.credits(paths());
        // every model credits exactly the conversion's value, and exactly one conversion, to its path's channels
        Dataset<Row> perConversion = credits.groupBy("conversion_id", "value").agg(sum("linear_value").as("linear"),
                sum("position_based_value").as("position"), sum("linear_credit").as("linear_units"),
                sum("position_based_credit").as("position_units"),
                sum(org.apache.spark.sql.functions.when(col("is_last_interaction"), 1).otherwise(0)).as("last"),
                sum(org.apache.spark.sql.functions.when(col("is_first_interaction"), 1).otherwise(0)).as("first"));
        for (Row row : perConversion.collectAsList()) {
            assertEquals(row.getDecimal(1), row.getDecimal(2), "linear, " + row);
            assertEquals(row.getDecimal(1), row.getDecimal(3), "position-based, " + row);
            assertEquals(0, BigDecimal.ONE.compareTo(row.getDecimal(4)), "linear conversions, " + row);
            assertEquals(0, BigDecimal.ONE.compareTo(row.getDecimal(5)), "position-based conversions, " + row);
            assertEquals(1L, row.getLong(6), "one last interaction, " + row);
            assertEquals(1L, row.getLong(7), "one first interaction, " + row);
        }

        Dataset<Row> table = AttributionTransforms.channelConversions(credits, PERIODS);
        Map<String, Row> all = byKey(table.filter(col("period_type").equalTo("all")), "channel");
        Map<String, Row> march = byKey(table.filter(col("period_type").equalTo("month")), "channel");
        assertEquals(all.keySet(), march.keySet());
        assertEquals(List.of("(no touch)", "brand_search", "direct", "display", "email", "paid_search", "referral"),
                new ArrayList<>(all.keySet()));
        Row allDirect = all.get("direct");
        assertEquals(Date.valueOf("2026-03-09"), allDirect.getAs("period_start"), "all: the first conversion date");
        assertEquals(Date.valueOf("2026-03-31"), allDirect.getAs("period_end"));
        assertEquals(Date.valueOf("2026-03-01"), march.get("direct").getAs("period_start"));
        assertEquals(Date.valueOf("2026-03-31"), march.get("direct").getAs("period_end"));

        // paid_search: last A1, A2 (140.00); first A1, A2; assist E1 (100.00);
        // linear 1 + 1 + 0.333334 (100.00 + 40.00 + 33.34); position-based 1 + 1 + 0.2 (100.00 + 40.00 + 20.00)
        expect(all.get("paid_search"), 2, "140.00", 1, "100.00", 2, "140.00", "2.333334", "173.34", "2.2", "160.00");
        assertEquals(0.5, all.get("paid_search").<Double>getAs("assisted_last_ratio"), 1e-12);
        assertEquals(1.0, all.get("paid_search").<Double>getAs("first_last_ratio"), 1e-12);
        // display: never last; first B1, F1 (110.00); assists B1, F1 once each (110.00);
        // linear 0.5 + 0.666667 (45.00 + 13.33); position-based 0.5 + 0.6 (45.00 + 12.00)
        expect(all.get("display"), 0, "0.00", 2, "110.00", 2, "110.00", "1.166667", "58.33", "1.1", "57.00");
        assertNull(all.get("display").getAs("assisted_last_ratio"), "no last-interaction conversion: no ratio");
        // email: assist B1 only; linear 0.25 (22.50); position-based 0.1 (9.00)
        expect(all.get("email"), 0, "0.00", 1, "90.00", 0, "0.00", "0.25", "22.50", "0.1", "9.00");
        // direct: last B1, D1, E1 (90 + 10 + 100 = 200.00); assist E1; first E1;
        // linear 0.25 + 0.5 + 0.666666 (22.50 + 5.00 + 66.66); position-based 0.4 + 0.5 + 0.8 (36.00 + 5.00 + 80.00)
        expect(allDirect, 3, "200.00", 1, "100.00", 1, "100.00", "1.416666", "94.16", "1.7", "121.00");
        assertEquals(1.0 / 3, allDirect.<Double>getAs("assisted_last_ratio"), 1e-12);
        assertEquals(0.5, allDirect.<Double>getAs("assisted_last_value_ratio"), 1e-12);
        // referral: first and assist on D1; half of it under both models
        expect(all.get("referral"), 0, "0.00", 1, "10.00", 1, "10.00", "0.5", "5.00", "0.5", "5.00");
        // brand_search: last on F1; linear 0.333333 (6.67), position-based 0.4 (8.00)
        expect(all.get("brand_search"), 1, "20.00", 0, "0.00", 0, "0.00", "0.333333", "6.67", "0.4", "8.00");
        // (no touch): C1 whole
        expect(all.get("(no touch)"), 1, "50.00", 0, "0.00", 1, "50.00", "1", "50.00", "1", "50.00");

        // the month has the same rows as the whole range here
        for (String channel : all.keySet()) {
            for (String measure : List.of("last_interaction_conversions", "assisted_value", "linear_value", "position_based_conversions")) {
                assertEquals(all.get(channel).<Object>getAs(measure), march.get(channel).<Object>getAs(measure), channel + " " + measure);
            }
        }
        // totals reconcile: 7 conversions worth 410.00 under every model
        Row totals = table.filter(col("period_type").equalTo("all")).agg(sum("last_interaction_conversions"),
                sum("last_interaction_value"), sum("first_interaction_value"), sum("linear_value"), sum("position_based_value"),
                sum("linear_conversions"), sum("position_based_conversions")).first();
        assertEquals(7L, totals.getLong(0));
        for (int i = 1; i <= 4; i++) {
            assertEquals(money("410.00"), totals.getDecimal(i), "total " + i);
        }
        assertEquals(0, new BigDecimal(7).compareTo(totals.getDecimal(5)));
        assertEquals(0, new BigDecimal(7).compareTo(totals.getDecimal(6)));
    }

    private static void expect(Row row, long last, String lastValue, long assisted, String assistedValue, long first,
                               String firstValue, String linear, String linearValue, String position, String positionValue) {
        String channel = row.getAs("channel");
        assertEquals(last, (long) row.getAs("last_interaction_conversions"), channel + " last");
        assertEquals(money(lastValue), row.getAs("last_interaction_value"), channel + " last value");
        assertEquals(assisted, (long) row.getAs("assisted_conversions"), channel + " assisted");
        assertEquals(money(assistedValue), row.getAs("assisted_value"), channel + " assisted value");
        assertEquals(first, (long) row.getAs("first_interaction_conversions"), channel + " first");
        assertEquals(money(firstValue), row.getAs("first_interaction_value"), channel + " first value");
        assertEquals(credit(linear), row.getAs("linear_conversions"), channel + " linear");
        assertEquals(money(linearValue), row.getAs("linear_value"), channel + " linear value");
        assertEquals(credit(position), row.getAs("position_based_conversions"), channel + " position-based");
        assertEquals(money(positionValue), row.getAs("position_based_value"), channel + " position-based value");
    }

    @Test
    void topPathsKeepTheBestAndSumTheRestIntoOneRow() {
        // top 2 by conversions, then value: paid_search (A1, A2: 2 conversions, 140.00), then among the single
        // conversions the most valuable, E1's direct > paid_search > direct (100.00). The rest: B1 90.00 + C1 50.00
        // + F1 20.00 + D1 10.00 = 4 conversions, 170.00.
        Dataset<Row> top = AttributionTransforms.conversionPaths(paths(), List.of(ReportPeriod.ALL), 2);
        List<Row> rows = top.orderBy(col("path_rank").asc_nulls_last()).select("path_rank", "channel_path", "path_steps",
                "conversions", "value", "share_of_conversions").collectAsList();
        assertEquals(3, rows.size());
        assertEquals(RowFactory.create(1, "paid_search", 1, 2L, money("140.00"), 2.0 / 7), rows.get(0));
        assertEquals(RowFactory.create(2, "direct > paid_search > direct", 3, 1L, money("100.00"), 1.0 / 7), rows.get(1));
        assertEquals(RowFactory.create(null, "(other paths)", null, 4L, money("170.00"), 4.0 / 7), rows.get(2));
        // without a limit that bites, every path has its own row and (no touch) is one of them
        Map<String, Row> every = byKey(AttributionTransforms.conversionPaths(paths(), List.of(ReportPeriod.ALL), 50),
                "channel_path");
        assertEquals(6, every.size());
        assertEquals(0, (int) every.get("(no touch)").getAs("path_steps"));
        assertEquals(money("20.00"), every.get("display > brand_search").getAs("value"));
    }

    @Test
    void pathLengthsAndTimeLagsFollowGoogleAnalyticsBuckets() {
        // touches per path: A1 1, A2 1, B1 4, C1 0, D1 2, E1 3, F1 3
        Map<String, Row> lengths = byKey(AttributionTransforms.pathLengths(paths(), List.of(ReportPeriod.ALL)),
                "path_length_bucket");
        assertEquals(List.of("(no touch)", "1", "2", "3", "4"), new ArrayList<>(lengths.keySet()));
        assertEquals(2L, (long) lengths.get("1").getAs("conversions"));
        assertEquals(money("140.00"), lengths.get("1").getAs("value"));
        assertEquals(2L, (long) lengths.get("3").getAs("conversions"));
        assertEquals(0, (int) lengths.get("(no touch)").getAs("bucket_order"));
        assertEquals(1.0 / 7, lengths.get("(no touch)").<Double>getAs("share_of_conversions"), 1e-12);
        // business days from the first touch: A1 0, A2 15, B1 8, C1 none, D1 30, E1 2, F1 1
        Map<String, Row> lags = byKey(AttributionTransforms.timeLags(paths(), List.of(ReportPeriod.ALL)), "time_lag_bucket");
        assertEquals(List.of("(no touch)", "0", "1", "12-30", "2", "8"), new ArrayList<>(lags.keySet()));
        assertEquals(2L, (long) lags.get("12-30").getAs("conversions"), "A2 (15 days) and D1 (30 days)");
        assertEquals(money("50.00"), lags.get("12-30").getAs("value"));
        assertEquals(12, (int) lags.get("12-30").getAs("bucket_order"));
        assertEquals(15, (int) lags.get("(no touch)").getAs("bucket_order"));
        long total = 0;
        for (Row row : lags.values()) {
            total += row.<Long>getAs("conversions");
        }
        assertEquals(7, total);
    }

    @Test
    void ordersAsConversionsKeepAnonymousPurchasesUnderNoTouch() {
        StructType orders = new StructType().add("source", "string").add("order_id", "string").add("customer_key", "string")
                .add("ordered_at", "timestamp").add("order_date", "date").add("revenue", "decimal(18,2)")
                .add("is_purchase", "boolean");
        Dataset<Row> rows = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("shop", "O1", "A", Timestamp.from(Instant.parse("2026-03-10T12:00:00Z")),
                        Date.valueOf("2026-03-10"), money("100.00"), true),
                RowFactory.create("shop", "O2", null, Timestamp.from(Instant.parse("2026-03-11T12:00:00Z")),
                        Date.valueOf("2026-03-11"), money("30.00"), true),
                RowFactory.create("shop", "O3", "A", Timestamp.from(Instant.parse("2026-03-12T12:00:00Z")),
                        Date.valueOf("2026-03-12"), money("0.00"), false),   // cancelled: not a conversion
                RowFactory.create("shop", "O4", "A", Timestamp.from(Instant.parse("2026-04-02T12:00:00Z")),
                        Date.valueOf("2026-04-02"), money("10.00"), true)), orders); // after the run date
        Dataset<Row> conversions = AttributionTransforms.orderConversions(rows, LocalDate.parse("2026-03-31"));
        Map<String, Row> paths = byKey(TouchPaths.paths(touches(), conversions, LOOKBACK_DAYS), "conversion_id");
        assertEquals(List.of("shop:O1", "shop:O2"), new ArrayList<>(paths.keySet()));
        assertEquals("order", paths.get("shop:O1").getAs("conversion_type"));
        assertEquals("paid_search", paths.get("shop:O1").getAs("last_channel"));
        assertEquals("(no touch)", paths.get("shop:O2").getAs("last_channel"));
        assertEquals(money("30.00"), paths.get("shop:O2").getAs("value"));
    }
}
