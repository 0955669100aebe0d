package io.ltvlake.jobs.gold.cohorts;

import io.ltvlake.jobs.gold.shared.Acquisition;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.silver.ChannelRules;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CohortTransformsTest {

    static final StructType ORDER_DEALS = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_key", "string").add("ordered_at", "timestamp").add("order_date", "date")
            .add("purchase_kind", "string").add("revenue", "decimal(18,2)").add("order_cost", "decimal(18,2)");
    static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("deal_seq", "int").add("job", "string");
    static final StructType SESSIONS = new StructType().add("session_id", "string").add("customer_key", "string")
            .add("started_at", "timestamp").add("utm_source", "string").add("utm_medium", "string")
            .add("utm_campaign", "string").add("referrer", "string");
    static final StructType AD_COSTS = new StructType().add("date", "date").add("utm_source", "string")
            .add("utm_medium", "string").add("utm_campaign", "string").add("cost", "decimal(18,2)");

    private static final ChannelsConfig CHANNELS = TestSpark.settings(Map.of()).section(ChannelsConfig.class);

    static Row purchase(String orderId, String customer, String at, String kind, String revenue, String cost) {
        Instant instant = Instant.parse(at);
        return RowFactory.create("shop", orderId, customer, Timestamp.from(instant), Date.valueOf(at.substring(0, 10)), kind,
                new BigDecimal(revenue), cost == null ? null : new BigDecimal(cost));
    }

    static Row session(String id, String customer, String at, String source, String medium, String campaign) {
        return RowFactory.create(id, customer, Timestamp.from(Instant.parse(at)), source, medium, campaign, null);
    }

    static Dataset<Row> rows(StructType schema, List<Row> rows) {
        return TestSpark.session().createDataFrame(rows, schema);
    }

    /*
     * c1: Jan 5 first 100 (cost 60) + immediate upsell 20 (cost 10); Mar 2 repeat 50 (cost 30). First session
     *     before the purchase: google/cpc/generic_search -> paid_search (the newsletter session comes after). Job gaming.
     * c2: Jan 20 first 200 (cost 150); Feb 3 repeat 40 (no cost). Its only session is after the purchase -> direct. Job office.
     * c3: Feb 14 first 90 (cost 40); Mar 1 deferred upsell 10 (cost 5). paid_search. Job gaming.
     * c4: first purchase on Apr 1, after the run date: not a customer yet.
     */
    static Dataset<Row> orderDeals() {
        return rows(ORDER_DEALS, List.of(
                purchase("O1", "c1", "2026-01-05T10:00:00Z", "first", "100.00", "60.00"),
                purchase("O2", "c1", "2026-01-05T10:30:00Z", "immediate_upsell", "20.00", "10.00"),
                purchase("O3", "c1", "2026-03-02T10:00:00Z", "repeat", "50.00", "30.00"),
                purchase("O4", "c2", "2026-01-20T10:00:00Z", "first", "200.00", "150.00"),
                purchase("O5", "c2", "2026-02-03T10:00:00Z", "repeat", "40.00", null),
                purchase("O6", "c3", "2026-02-14T10:00:00Z", "first", "90.00", "40.00"),
                purchase("O7", "c3", "2026-03-01T10:00:00Z", "deferred_upsell", "10.00", "5.00"),
                purchase("O8", "c4", "2026-04-01T10:00:00Z", "first", "70.00", "30.00")));
    }

    static Dataset<Row> deals() {
        return rows(DEALS, List.of(RowFactory.create("shop:O1", "c1", 1, "gaming"), RowFactory.create("shop:O3", "c1", 2, "gaming"),
                RowFactory.create("shop:O4", "c2", 1, "office"), RowFactory.create("shop:O5", "c2", 2, "gaming"),
                RowFactory.create("shop:O6", "c3", 1, "gaming"), RowFactory.create("shop:O8", "c4", 1, "office")));
    }

    static Dataset<Row> sessions() {
        return rows(SESSIONS, List.of(
                session("s1", "c1", "2026-01-01T09:00:00Z", "google", "cpc", "generic_search"),
                session("s2", "c1", "2026-01-07T09:00:00Z", "newsletter", "email", "weekly_digest"),
                session("s3", "c2", "2026-02-01T09:00:00Z", "google", "cpc", "brand_search"),
                session("s4", "c3", "2026-02-10T09:00:00Z", "google", "cpc", "generic_search"),
                session("s5", null, "2026-01-01T08:00:00Z", "gdn", "display", "display_prospecting")));
    }

    static Dataset<Row> customers(Dataset<Row> purchases) {
        return Acquisition.customers(purchases, deals(), ChannelRules.assign(sessions(), CHANNELS), CHANNELS.defaultChannel());
    }

    static Dataset<Row> cells(LocalDate runDate) {
        Dataset<Row> purchases = Acquisition.purchasesUpTo(orderDeals(), runDate);
        return CohortTransforms.cohortCells(customers(purchases), CohortTransforms.customerMonths(purchases), runDate);
    }

    /**
     * The table's rows by (split type, split value, cohort month, months since acquisition), each holding the
     * columns asked for: one query per table, so each asserted cell is a lookup rather than a Spark job of its own.
     */
    private static Map<List<Object>, Row> cellsOf(Dataset<Row> table, String... columns) {
        String[] selected = new String[columns.length + 4];
        System.arraycopy(new String[] {"split_type", "split_value", "cast(cohort_month as string)", "months_since_acquisition"},
                0, selected, 0, 4);
        System.arraycopy(columns, 0, selected, 4, columns.length);
        Map<List<Object>, Row> cells = new HashMap<>();
        for (Row row : table.selectExpr(selected).collectAsList()) {
            Object[] values = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = row.get(i + 4);
            }
            Row previous = cells.put(List.of(row.get(0), row.get(1), row.get(2), row.get(3)), RowFactory.create(values));
            assertNull(previous, "one row per cell: " + row);
        }
        return cells;
    }

    private static Row cell(Map<List<Object>, Row> cells, String splitType, String splitValue, String cohort, int month) {
        return cells.get(List.of(splitType, splitValue, cohort, month));
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    @Test
    void customersGetTheirCohortFirstJobAndFirstTouchChannel() {
        List<Row> customers = customers(Acquisition.purchasesUpTo(orderDeals(), LocalDate.parse("2026-03-15")))
                .orderBy("customer_key").select("customer_key", "cohort_month", "first_job", "first_touch_channel").collectAsList();
        assertEquals(List.of(
                RowFactory.create("c1", Date.valueOf("2026-01-01"), "gaming", "paid_search"),
                // c2's only session came after its first purchase: it did not acquire c2
                RowFactory.create("c2", Date.valueOf("2026-01-01"), "office", "direct"),
                RowFactory.create("c3", Date.valueOf("2026-02-01"), "gaming", "paid_search")), customers);
    }

    @Test
    void retentionCountsActiveCustomersOrdersDealsAndRevenuePerMonthSinceAcquisition() {
        Map<List<Object>, Row> retention = cellsOf(CohortTransforms.retention(cells(LocalDate.parse("2026-03-15"))),
                "cast(activity_month as string)", "is_partial_month", "cohort_customers", "active_customers",
                "retention_percent", "orders", "deals", "revenue");
        // Jan cohort {c1, c2}. Month 0: both active, O1 + O2 + O4 = 3 orders making 2 deals, 100 + 20 + 200 = 320
        assertEquals(RowFactory.create("2026-01-01", false, 2L, 2L, 100.0, 3L, 2L, money("320.00")),
                cell(retention, "all", "all", "2026-01-01", 0));
        // month 1: c2's repeat only: 1 of 2 = 50 %, 40
        assertEquals(RowFactory.create("2026-02-01", false, 2L, 1L, 50.0, 1L, 1L, money("40.00")),
                cell(retention, "all", "all", "2026-01-01", 1));
        // month 2 = March, the run's month, still running on the 15th: c1's repeat, 50
        assertEquals(RowFactory.create("2026-03-01", true, 2L, 1L, 50.0, 1L, 1L, money("50.00")),
                cell(retention, "all", "all", "2026-01-01", 2));
        // Feb cohort {c3}: month 1 is a deferred upsell: active, an order, no deal
        assertEquals(RowFactory.create("2026-03-01", true, 1L, 1L, 100.0, 1L, 0L, money("10.00")),
                cell(retention, "all", "all", "2026-02-01", 1));
        // a month without purchases is a row of zeros: the Jan paid_search cohort {c1} in February
        assertEquals(RowFactory.create("2026-02-01", false, 1L, 0L, 0.0, 0L, 0L, money("0.00")),
                cell(retention, "first_touch_channel", "paid_search", "2026-01-01", 1));
        // 3 months for Jan, 2 for Feb, per split value: all (2 cohorts), paid_search (Jan, Feb), direct (Jan),
        // gaming (Jan, Feb), office (Jan): 5 + 5 + 3 + 5 + 3; c4 (April) is not there
        assertEquals(21, retention.size());
        assertTrue(retention.keySet().stream().allMatch(key -> key.get(2).toString().compareTo("2026-03-01") < 0),
                "no cohort after February: " + retention.keySet());
    }

    @Test
    void theLtvCurveAccumulatesRevenueAndMarginOnlyWhileCostsAreKnown() {
        Map<List<Object>, Row> ltv = cellsOf(CohortTransforms.ltv(cells(LocalDate.parse("2026-03-15"))), "revenue", "margin",
                "cumulative_revenue", "cumulative_revenue_per_customer", "cumulative_margin", "cumulative_margin_per_customer");
        // Jan cohort, 2 customers. Month 0: 320 revenue, costs 60 + 10 + 150 = 220, margin 100; per customer 160 and 50
        assertEquals(RowFactory.create(money("320.00"), money("100.00"), money("320.00"), money("160.00"), money("100.00"),
                money("50.00")), cell(ltv, "all", "all", "2026-01-01", 0));
        // month 1: O5 has no cost, so no margin for the month, nor cumulative from here on; revenue 360 / 2 = 180
        assertEquals(RowFactory.create(money("40.00"), null, money("360.00"), money("180.00"), null, null),
                cell(ltv, "all", "all", "2026-01-01", 1));
        // month 2: margin 50 - 30 = 20 is known again, the cumulative margin is not; 410 / 2 = 205
        assertEquals(RowFactory.create(money("50.00"), money("20.00"), money("410.00"), money("205.00"), null, null),
                cell(ltv, "all", "all", "2026-01-01", 2));
        // Jan paid_search {c1}: 120 (margin 50), then nothing (margin 0), then 50 (margin 20): 120, 120, 170 and 50, 50, 70
        assertEquals(RowFactory.create(money("0.00"), money("0.00"), money("120.00"), money("120.00"), money("50.00"),
                money("50.00")), cell(ltv, "first_touch_channel", "paid_search", "2026-01-01", 1));
        assertEquals(RowFactory.create(money("50.00"), money("20.00"), money("170.00"), money("170.00"), money("70.00"),
                money("70.00")), cell(ltv, "first_touch_channel", "paid_search", "2026-01-01", 2));
        // Jan office {c2}: 200 then 240; margin 50 then unknown
        assertEquals(RowFactory.create(money("40.00"), null, money("240.00"), money("240.00"), null, null),
                cell(ltv, "first_job", "office", "2026-01-01", 1));
        // Feb gaming {c3}: 90 (margin 50), then 10 (margin 5): 100 and 55
        assertEquals(RowFactory.create(money("10.00"), money("5.00"), money("100.00"), money("100.00"), money("55.00"),
                money("55.00")), cell(ltv, "first_job", "gaming", "2026-02-01", 1));
    }

    /*
     * Run on 2026-03-31, so March is complete. Ad costs:
     *   paid_search Jan: 40 + 25 = 65 for 1 new customer (c1): CAC 65. LTV after 3 months (month 2) = 170, LTV/CAC
     *     = 170 / 65 = 2.615...; margins 50, 50, 70 are all known: payback in month 2 (70 >= 65, 50 < 65).
     *   paid_search Feb: 45 for c3: CAC 45; margin 50 in month 0 pays it back at once; month 2 (April) not there yet.
     *   direct Jan (offline spend booked under GA's own "(direct)" / "(none)" tags; tags that no rule knows would be
     *     "other"): 210 for c2; margin unknown in month 1, so revenue is the
     *     basis: 200, 240, 240 -> payback in month 1; LTV 3 months 240, LTV/CAC = 240 / 210 = 1.142857...
     *   display Feb: 30 and no new customer: no CAC, nothing else.
     *   paid_search Mar 20 would be after a run on Mar 15 (checked below).
     */
    static Dataset<Row> adCosts() {
        return rows(AD_COSTS, List.of(
                RowFactory.create(Date.valueOf("2026-01-10"), "google", "cpc", "generic_search", money("40.00")),
                RowFactory.create(Date.valueOf("2026-01-25"), "google", "cpc", "generic_search", money("25.00")),
                RowFactory.create(Date.valueOf("2026-02-02"), "google", "cpc", "generic_search", money("45.00")),
                RowFactory.create(Date.valueOf("2026-01-15"), "(direct)", "(none)", null, money("210.00")),
                RowFactory.create(Date.valueOf("2026-02-05"), "gdn", "display", "display_remarketing", money("30.00")),
                RowFactory.create(Date.valueOf("2026-03-20"), "google", "cpc", "generic_search", money("999.00"))));
    }

    static Dataset<Row> channelCac(LocalDate runDate) {
        Dataset<Row> purchases = Acquisition.purchasesUpTo(orderDeals(), runDate);
        Dataset<Row> customers = customers(purchases);
        Dataset<Row> ltv = CohortTransforms.ltv(CohortTransforms.cohortCells(customers,
                CohortTransforms.customerMonths(purchases), runDate));
        return CohortTransforms.channelCac(ChannelRules.assign(adCosts(), CHANNELS), customers, ltv, runDate);
    }

    @Test
    void cacLtvToCacAndPaybackPerChannelAndMonth() {
        List<Row> cac = channelCac(LocalDate.parse("2026-03-31")).orderBy("acquisition_month", "channel").collectAsList();
        assertEquals(5, cac.size(), cac.toString());
        assertEquals(RowFactory.create(Date.valueOf("2026-01-01"), "direct", money("210.00"), 1L, money("210.00"),
                money("240.00"), 240.0 / 210, null, null, null, null, 1, "revenue"), cac.get(0));
        Row paidJanuary = cac.get(1);
        assertEquals(RowFactory.create(Date.valueOf("2026-01-01"), "paid_search", money("65.00"), 1L, money("65.00"),
                money("170.00"), null, null, null, null, 2, "margin"), withoutColumn(paidJanuary, 6));
        assertEquals(170.0 / 65, paidJanuary.getDouble(6), 1e-12);
        assertEquals(RowFactory.create(Date.valueOf("2026-02-01"), "display", money("30.00"), 0L, null, null, null, null,
                null, null, null, null, null), cac.get(2));
        // month 2 of the Feb cohort is April, not there yet: no LTV at 3 months
        assertEquals(RowFactory.create(Date.valueOf("2026-02-01"), "paid_search", money("45.00"), 1L, money("45.00"), null,
                null, null, null, null, null, 0, "margin"), cac.get(3));
        assertEquals(RowFactory.create(Date.valueOf("2026-03-01"), "paid_search", money("999.00"), 0L, null, null, null,
                null, null, null, null, null, null), cac.get(4));

        // on Mar 15 the Mar 20 cost has not happened, and March is not complete: no LTV at 3 months yet
        List<Row> midMonth = channelCac(LocalDate.parse("2026-03-15")).orderBy("acquisition_month", "channel").collectAsList();
        assertEquals(4, midMonth.size());
        assertNull(midMonth.get(1).get(5));
        assertEquals(2, midMonth.get(1).getInt(11), "the payback counts the month so far");
    }

    @Test
    void ltvAtSixAndTwelveMonthsOnceThoseMonthsAreComplete() {
        // run date 2027-01-15. January 2026 cohorts: month 11 is December 2026, complete.
        // direct (c2): 200 in Jan + 40 in Feb -> 240 from month 1 on, so 240 at 3, 6 and 12 months; CAC 210.
        // paid_search (c1): 100 + 20 in Jan + 50 in Mar -> 170 from month 2 on; CAC 65.
        // February paid_search (c3): 90 + 10 -> 100 at 3 and 6 months (April, July 2026); its month 11 is
        // January 2027, still running on the 15th: no LTV at 12 months yet.
        List<Row> cac = channelCac(LocalDate.parse("2027-01-15")).orderBy("acquisition_month", "channel").collectAsList();
        Row direct = cac.get(0);
        Row paidJanuary = cac.get(1);
        Row paidFebruary = cac.get(3);
        assertEquals(List.of(money("240.00"), money("240.00"), money("240.00")),
                List.of(direct.get(5), direct.get(7), direct.get(9)));
        assertEquals(240.0 / 210, direct.getDouble(8), 1e-12);
        assertEquals(240.0 / 210, direct.getDouble(10), 1e-12);
        assertEquals(List.of(money("170.00"), money("170.00"), money("170.00")),
                List.of(paidJanuary.get(5), paidJanuary.get(7), paidJanuary.get(9)));
        assertEquals(170.0 / 65, paidJanuary.getDouble(10), 1e-12);
        assertEquals(money("100.00"), paidFebruary.get(7));
        assertEquals(100.0 / 45, paidFebruary.getDouble(8), 1e-12);
        assertNull(paidFebruary.get(9));
        assertNull(paidFebruary.get(10));
    }

    @Test
    void withoutAdCostsTheCacTableIsEmpty() {
        LocalDate runDate = LocalDate.parse("2026-03-31");
        Dataset<Row> purchases = Acquisition.purchasesUpTo(orderDeals(), runDate);
        Dataset<Row> customers = customers(purchases);
        Dataset<Row> ltv = CohortTransforms.ltv(CohortTransforms.cohortCells(customers, CohortTransforms.customerMonths(purchases), runDate));
        Dataset<Row> empty = rows(AD_COSTS, List.of());
        assertEquals(0, CohortTransforms.channelCac(ChannelRules.assign(empty, CHANNELS), customers, ltv, runDate).count());
    }

    private static Row withoutColumn(Row row, int index) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            if (i != index) {
                values.add(row.get(i));
            }
        }
        return RowFactory.create(values.toArray());
    }

    @Test
    void cohortInvariantsHoldOnManyCustomers() {
        // 60 customers with 1-6 purchases over 14 months, random kinds, a third without costs
        SplittableRandom random = new SplittableRandom(7);
        List<Row> purchases = new ArrayList<>();
        List<Row> deals = new ArrayList<>();
        List<Row> sessions = new ArrayList<>();
        String[][] tags = {{"google", "cpc", "brand_search"}, {"gdn", "display", "x"}, {"newsletter", "email", "y"}};
        for (int c = 0; c < 60; c++) {
            String customer = "c" + c;
            Instant at = Instant.parse("2025-01-01T12:00:00Z").plusSeconds(86_400L * random.nextInt(400));
            deals.add(RowFactory.create(customer + ":1", customer, 1, random.nextBoolean() ? "gaming" : "office"));
            if (random.nextInt(3) > 0) {
                String[] tag = tags[random.nextInt(tags.length)];
                sessions.add(RowFactory.create("s" + c, customer, Timestamp.from(at.minusSeconds(3600)), tag[0], tag[1], tag[2], null));
            }
            int count = 1 + random.nextInt(6);
            for (int p = 0; p < count; p++) {
                String kind = p == 0 ? "first" : random.nextBoolean() ? "repeat" : "deferred_upsell";
                String cost = random.nextInt(3) == 0 ? null : "1.00";
                purchases.add(purchase(customer + "-" + p, customer, at.toString(), kind, (1 + random.nextInt(300)) + ".50", cost));
                at = at.plusSeconds(86_400L * random.nextInt(90));
            }
        }
        LocalDate runDate = LocalDate.parse("2026-02-10");
        Dataset<Row> known = Acquisition.purchasesUpTo(rows(ORDER_DEALS, purchases), runDate);
        Dataset<Row> customers = Acquisition.customers(known, rows(DEALS, deals),
                ChannelRules.assign(rows(SESSIONS, sessions), CHANNELS), CHANNELS.defaultChannel());
        Dataset<Row> cells = CohortTransforms.cohortCells(customers, CohortTransforms.customerMonths(known), runDate);
        Dataset<Row> retention = CohortTransforms.retention(cells);
        Dataset<Row> ltv = CohortTransforms.ltv(cells);

        long customerCount = known.select(countDistinct("customer_key")).first().getLong(0);
        assertTrue(customerCount >= 50, "most customers bought before the run date: " + customerCount);
        // month 0 retention is 100 % in every cohort of every split
        Dataset<Row> monthZero = retention.filter(col("months_since_acquisition").equalTo(0));
        assertEquals(0, monthZero.filter(col("retention_percent").notEqual(100.0)).count());
        // the cohort sizes add up to the number of customers, within each split type
        for (Row row : monthZero.groupBy("split_type").agg(sum("cohort_customers")).collectAsList()) {
            assertEquals(customerCount, row.getLong(1), "split " + row.getString(0));
        }
        assertEquals(3, monthZero.select("split_type").distinct().count());
        // every split type partitions the same customers, so their revenue per month agrees with 'all'
        assertEquals(1, retention.groupBy("split_type").agg(sum("revenue").as("revenue")).select("revenue").distinct().count());
        assertEquals(known.agg(sum("revenue")).first().getDecimal(0),
                retention.filter(col("split_type").equalTo("all")).agg(sum("revenue")).first().getDecimal(0));
        // the cumulative LTV never decreases, per split and cohort
        List<Row> curve = ltv.orderBy("split_type", "split_value", "cohort_month", "months_since_acquisition")
                .select("split_type", "split_value", "cohort_month", "months_since_acquisition",
                        "cumulative_revenue_per_customer", "cumulative_margin_per_customer").collectAsList();
        for (int i = 1; i < curve.size(); i++) {
            Row previous = curve.get(i - 1);
            Row current = curve.get(i);
            boolean sameCurve = previous.get(0).equals(current.get(0)) && previous.get(1).equals(current.get(1))
                    && previous.get(2).equals(current.get(2));
            if (sameCurve) {
                assertEquals(previous.getInt(3) + 1, current.getInt(3), "no month is missing: " + current);
                assertTrue(current.getDecimal(4).compareTo(previous.getDecimal(4)) >= 0, previous + " -> " + current);
                if (current.get(5) != null) {
                    assertTrue(previous.get(5) != null, "once unknown, the cumulative margin stays unknown: " + current);
                }
            } else {
                assertEquals(0, current.getInt(3), "every curve starts at month 0: " + current);
            }
        }
    }
}
