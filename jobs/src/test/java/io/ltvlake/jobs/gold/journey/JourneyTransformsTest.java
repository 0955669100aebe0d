package io.ltvlake.jobs.gold.journey;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.journey.JourneyConfig.Period;
import io.ltvlake.jobs.gold.shared.Leads;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The journey in people and the profit formula on hand-made people. Months are business months;
 * the run date is 2026-04-15 unless a test says otherwise, so March is complete.
 */
public class JourneyTransformsTest {

    public static final LocalDate RUN_DATE = LocalDate.parse("2026-04-15");
    public static final LocalDate TWO_WEEKS_FROM = LocalDate.parse("2024-01-01");
    public static final List<Period> MONTHS = List.of(Period.MONTH);

    static final StructType TOUCHES = new StructType().add("source", "string").add("touch_type", "string")
            .add("touch_id", "string").add("customer_key", "string").add("touched_at", "timestamp")
            .add("touch_date", "date").add("channel", "string");
    static final StructType LEADS = new StructType().add("lead_type", "string").add("source", "string")
            .add("lead_id", "string").add("customer_key", "string").add("lead_at", "timestamp").add("lead_date", "date")
            .add("channel", "string").add("manager_id", "string").add("is_unique", "boolean");
    static final StructType DEALS = new StructType().add("customer_key", "string").add("job", "string")
            .add("deal_seq", "int").add("opened_at", "timestamp").add("opened_date", "date").add("revenue", "decimal(18,2)");
    static final StructType ORDERS = new StructType().add("customer_key", "string").add("status", "string")
            .add("order_date", "date");

    /** A little world of touches, leads, deals and orders, built row by row (the report's tests use it too). */
    public static final class World {
        final List<Row> touches = new ArrayList<>();
        final List<Row> leads = new ArrayList<>();
        final List<Row> deals = new ArrayList<>();
        final List<Row> orders = new ArrayList<>();
        private int ids;

        public World visit(String person, String day, String channel) {
            touches.add(RowFactory.create("shop", "session", "s" + ids++, person, at(day, 9), Date.valueOf(day), channel));
            return this;
        }

        public World call(String person, String day, String channel) {
            touches.add(RowFactory.create("shop", "call", "k" + ids, person, at(day, 9), Date.valueOf(day), channel));
            leads.add(RowFactory.create(Leads.CALL, "shop", "k" + ids++, person, at(day, 9), Date.valueOf(day), channel, null, true));
            return this;
        }

        public World webLead(String person, String day) {
            leads.add(RowFactory.create(Leads.WEB, "shop", "w" + ids++, person, at(day, 10), Date.valueOf(day), null, null, true));
            return this;
        }

        public World deal(String person, int seq, String day, String revenue) {
            deals.add(RowFactory.create(person, "office", seq, at(day, 12), Date.valueOf(day), new BigDecimal(revenue)));
            return this;
        }

        public World refusal(String person, String day) {
            orders.add(RowFactory.create(person, "cancelled", Date.valueOf(day)));
            return this;
        }

        public Dataset<Row> personPeriods(List<Period> periods) {
            return JourneyTransforms.personPeriods(rows(TOUCHES, touches), rows(LEADS, leads), rows(DEALS, deals),
                    rows(ORDERS, orders), periods, TWO_WEEKS_FROM, RUN_DATE);
        }

        public Dataset<Row> stages(List<Period> periods) {
            return JourneyTransforms.stages(JourneyTransforms.cells(personPeriods(periods)), Optional.empty(), periods, TWO_WEEKS_FROM, RUN_DATE);
        }
    }

    static Timestamp at(String day, int hour) {
        return Timestamp.valueOf(day + String.format(" %02d:00:00", hour));
    }

    static Dataset<Row> rows(StructType schema, List<Row> rows) {
        return TestSpark.session().createDataFrame(rows, schema);
    }

    /** Stage name to row, for one period, channel and job. */
    static Map<String, Row> funnel(Dataset<Row> stages, String periodType, String start, String channel, String job) {
        Map<String, Row> byStage = new HashMap<>();
        for (Row row : stages.filter(col("period_type").equalTo(periodType).and(col("period_start").equalTo(Date.valueOf(start)))
                .and(col("channel").equalTo(channel)).and(col("job").equalTo(job))).collectAsList()) {
            byStage.put(row.getAs("stage"), row);
        }
        return byStage;
    }

    static Long people(Map<String, Row> funnel, String stage) {
        return funnel.get(stage).getAs("people");
    }

    static Double step(Map<String, Row> funnel, String stage) {
        return funnel.get(stage).getAs("step_conversion");
    }

    static Double fromFirst(Map<String, Row> funnel, String stage) {
        return funnel.get(stage).getAs("from_first_stage_conversion");
    }

    /*
     * The method's funnel, all in March 2026 (on the 10th, so also in one two-week period: counted from
     * Monday 2024-01-01, the 57th two-week period starts on Monday 2026-03-09):
     * p0..p999 visit (paid_search); p0..p99 leave a web lead; p0..p49 open their first deal (100.00 each);
     * p0..p4 open their second (110.00 each, 10 % above the first check).
     */
    public static World methodFunnel() {
        World world = new World();
        for (int i = 0; i < 1000; i++) {
            String p = "p" + i;
            world.visit(p, "2026-03-10", "paid_search");
            if (i < 100) {
                world.webLead(p, "2026-03-10");
            }
            if (i < 50) {
                world.deal(p, 1, "2026-03-10", "100.00");
            }
            if (i < 5) {
                world.deal(p, 2, "2026-03-10", "110.00");
            }
        }
        return world;
    }

    @Test
    void theMethodsFunnelIsCountedInPeopleWithItsConversions() {
        Dataset<Row> stages = methodFunnel().stages(List.of(Period.MONTH, Period.TWO_WEEKS)).cache();
        for (String[] period : new String[][] {{"month", "2026-03-01"}, {"two_weeks", "2026-03-09"}}) {
            Map<String, Row> all = funnel(stages, period[0], period[1], JourneyTransforms.ALL, JourneyTransforms.ALL);
            assertEquals(1000L, people(all, "visitors"));
            assertEquals(100L, people(all, "leads"));
            assertEquals(50L, people(all, "first_buyers"));
            assertEquals(5L, people(all, "repeat_buyers"));
            assertEquals(0L, people(all, "loyal_buyers"));
            assertEquals(0L, people(all, "refusals"));
            assertEquals(0.1, step(all, "leads"), 1e-12);            // 100 / 1000
            assertEquals(0.5, step(all, "first_buyers"), 1e-12);     // 50 / 100
            assertEquals(0.1, step(all, "repeat_buyers"), 1e-12);    // 5 / 50
            assertEquals(0.0, step(all, "loyal_buyers"), 1e-12);     // 0 / 5
            assertEquals(1.0, fromFirst(all, "visitors"), 1e-12);
            assertEquals(0.1, fromFirst(all, "leads"), 1e-12);
            assertEquals(0.05, fromFirst(all, "first_buyers"), 1e-12);   // 50 / 1000
            assertEquals(0.005, fromFirst(all, "repeat_buyers"), 1e-12); // 5 / 1000
            assertNull(people(all, "reach"), "no impressions in the ad data: reach unknown, not 0");
            assertNull(step(all, "visitors"));
            // every stage's people came through the previous stage
            for (String stage : List.of("leads", "first_buyers", "repeat_buyers", "loyal_buyers")) {
                assertEquals(0L, all.get(stage).<Long>getAs("people_outside_previous_stage"), stage);
                assertNull(all.get(stage).getAs("outside_previous_stage_reason"), stage);
            }
            assertEquals(Date.valueOf(period[0].equals("month") ? "2026-03-31" : "2026-03-22"), all.get("leads").getAs("period_end"));
        }
        // one channel: its rows are the whole business; the job of a person is their first deal's
        Map<String, Row> paid = funnel(stages, "month", "2026-03-01", "paid_search", JourneyTransforms.ALL);
        assertEquals(1000L, people(paid, "visitors"));
        assertEquals(5L, people(paid, "repeat_buyers"));
        Map<String, Row> office = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, "office");
        assertEquals(50L, people(office, "visitors"));
        assertEquals(50L, people(office, "leads"));
        Map<String, Row> noDeal = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.NO_DEAL);
        assertEquals(950L, people(noDeal, "visitors"));
        assertEquals(50L, people(noDeal, "leads"));
        assertEquals(0L, people(noDeal, "first_buyers"));
    }

    @Test
    void reachIsTheAdImpressionsOfThePeriodUpToTheRunDate() {
        StructType impressions = new StructType().add("date", "date").add("channel", "string").add("impressions", "integer");
        // March: 30,000 + 20,000 paid_search impressions; a null day (an export without them) adds nothing;
        // April and February are other periods
        Dataset<Row> ads = rows(impressions, List.of(RowFactory.create(Date.valueOf("2026-03-02"), "paid_search", 30000),
                RowFactory.create(Date.valueOf("2026-03-20"), "paid_search", 20000),
                RowFactory.create(Date.valueOf("2026-03-21"), "paid_search", null),
                RowFactory.create(Date.valueOf("2026-04-20"), "paid_search", 7000),
                RowFactory.create(Date.valueOf("2026-02-27"), "paid_search", 9000)));
        Dataset<Row> stages = JourneyTransforms.stages(JourneyTransforms.cells(methodFunnel().personPeriods(MONTHS)), Optional.of(ads), MONTHS,
                TWO_WEEKS_FROM, RUN_DATE).cache();
        for (String channel : List.of(JourneyTransforms.ALL, "paid_search")) {
            Map<String, Row> march = funnel(stages, "month", "2026-03-01", channel, JourneyTransforms.ALL);
            assertEquals(50000L, people(march, "reach"), channel);
            assertEquals(0.02, step(march, "visitors"), 1e-12, channel);   // 1,000 visitors / 50,000 impressions
        }
    }

    @Test
    void theProfitFormulaIsExactToTheCent() {
        // 1,000 visitors x 0.05 x 100.909090... x 1.1 = 5,550.00: 50 x 100.00 + 5 x 110.00
        Row march = JourneyTransforms.formula(JourneyTransforms.cells(methodFunnel().personPeriods(MONTHS)), RUN_DATE)
                .filter(col("channel").equalTo(JourneyTransforms.ALL)).first();
        assertEquals(1000L, march.<Long>getAs("visitors"));
        assertEquals(50L, march.<Long>getAs("buyers"));
        assertEquals(55L, march.<Long>getAs("deals"));
        assertEquals(new BigDecimal("5550.00"), march.getAs("revenue"));
        assertEquals(0.05, march.<Double>getAs("visitor_to_buyer_conversion"), 1e-15);
        assertEquals(5550.0 / 55, march.<Double>getAs("average_check"), 1e-12);
        assertEquals(1.1, march.<Double>getAs("deals_per_buyer"), 1e-15);
        assertEquals(new BigDecimal("5550.00"), march.getAs("formula_revenue"));
        assertEquals("no previous period", march.getAs("decomposition_note"));

        // odd numbers: 7 visitors, 2 buyers, 3 deals worth 1,234.57; 7 x 2/7 x 411.523333... x 1.5
        World odd = new World();
        for (int i = 0; i < 7; i++) {
            odd.visit("v" + i, "2026-03-02", "email");
        }
        odd.deal("v0", 1, "2026-03-03", "400.01").deal("v0", 2, "2026-03-20", "333.33").deal("v1", 1, "2026-03-04", "501.23");
        Row oddMarch = JourneyTransforms.formula(JourneyTransforms.cells(odd.personPeriods(MONTHS)), RUN_DATE)
                .filter(col("channel").equalTo("email")).first();
        assertEquals(new BigDecimal("1234.57"), oddMarch.getAs("revenue"));
        assertEquals(oddMarch.<BigDecimal>getAs("revenue"), oddMarch.getAs("formula_revenue"));
    }

    /**
     * February: 10 visitors, 2 buyers with one deal of 100.00 each: conversion 0.2, check 100, 1 deal per buyer: 200.00.
     * March: 20 visitors, 2 buyers with two deals of 120.00 each: conversion 0.1, check 120, 2 deals per buyer: 480.00.
     */
    public static World twoMonths() {
        World world = new World();
        for (int i = 0; i < 10; i++) {
            world.visit("f" + i, "2026-02-05", "paid_search");
        }
        world.deal("f0", 1, "2026-02-06", "100.00").deal("f1", 1, "2026-02-07", "100.00");
        for (int i = 0; i < 20; i++) {
            world.visit("m" + i, "2026-03-05", "paid_search");
        }
        return world.deal("m0", 1, "2026-03-06", "120.00").deal("m0", 2, "2026-03-16", "120.00")
                .deal("m1", 1, "2026-03-07", "120.00").deal("m1", 2, "2026-03-17", "120.00");
    }

    @Test
    void theRevenueChangeSplitsAmongTheFourFactorsAndAddsUp() {
        /*
         * February: 10 visitors, 2 buyers with one deal of 100.00 each: conversion 0.2, check 100, 1 deal per buyer: 200.00.
         * March: 20 visitors, 2 buyers with two deals of 120.00 each: conversion 0.1, check 120, 2 deals per buyer: 480.00.
         * Change 280.00; L = 280 / ln(480/200) = 280 / ln 2.4 = 319.8287.
         * visitors L ln 2 = 221.6883; conversion L ln 0.5 = -221.6883; check L ln 1.2 = 58.3117; deals per buyer L ln 2 = 221.6883.
         */
        Row march = JourneyTransforms.formula(JourneyTransforms.cells(twoMonths().personPeriods(MONTHS)), RUN_DATE)
                .filter(col("channel").equalTo(JourneyTransforms.ALL).and(col("period_start").equalTo(Date.valueOf("2026-03-01"))))
                .first();
        assertEquals(new BigDecimal("200.00"), march.getAs("previous_revenue"));
        assertEquals(new BigDecimal("280.00"), march.getAs("revenue_change"));
        assertEquals(new BigDecimal("221.69"), march.getAs("visitors_contribution"));
        assertEquals(new BigDecimal("-221.69"), march.getAs("visitor_to_buyer_conversion_contribution"));
        assertEquals(new BigDecimal("58.31"), march.getAs("average_check_contribution"));
        assertEquals(new BigDecimal("221.69"), march.getAs("deals_per_buyer_contribution"));
        BigDecimal sum = march.<BigDecimal>getAs("visitors_contribution")
                .add(march.getAs("visitor_to_buyer_conversion_contribution"))
                .add(march.getAs("average_check_contribution")).add(march.getAs("deals_per_buyer_contribution"));
        assertEquals(new BigDecimal("280.00"), sum);
        assertNull(march.getAs("decomposition_note"));
    }

    @Test
    void theRoundingRemainderGoesToTheLargestContributionSoTheSumIsExact() {
        /*
         * February 3 visitors, 1 buyer, 1 deal of 100.00; March 7 visitors, 2 buyers, 3 deals worth 100.01 in all.
         * L = 0.01 / ln(100.01 / 100) = 100.005; visitors L ln(7/3) = 84.734, conversion L ln(6/7) = -15.416,
         * check L ln(33.3367 / 100) = -109.857, deals per buyer L ln 1.5 = 40.549. Rounded they sum to 0.00, not
         * 0.01: the cent goes to the largest, the check: -109.86 + 0.01 = -109.85.
         */
        World world = new World();
        for (int i = 0; i < 3; i++) {
            world.visit("f" + i, "2026-02-05", "direct");
        }
        world.deal("f0", 1, "2026-02-06", "100.00");
        for (int i = 0; i < 7; i++) {
            world.visit("m" + i, "2026-03-05", "direct");
        }
        world.deal("m0", 1, "2026-03-06", "33.33").deal("m0", 2, "2026-03-16", "33.33").deal("m1", 1, "2026-03-07", "33.35");
        Row march = JourneyTransforms.formula(JourneyTransforms.cells(world.personPeriods(MONTHS)), RUN_DATE)
                .filter(col("channel").equalTo("direct").and(col("period_start").equalTo(Date.valueOf("2026-03-01")))).first();
        BigDecimal sum = march.<BigDecimal>getAs("visitors_contribution")
                .add(march.getAs("visitor_to_buyer_conversion_contribution"))
                .add(march.getAs("average_check_contribution")).add(march.getAs("deals_per_buyer_contribution"));
        assertEquals(new BigDecimal("0.01"), march.getAs("revenue_change"));
        assertEquals(new BigDecimal("84.73"), march.getAs("visitors_contribution"));
        assertEquals(new BigDecimal("-15.42"), march.getAs("visitor_to_buyer_conversion_contribution"));
        assertEquals(new BigDecimal("-109.85"), march.getAs("average_check_contribution"));
        assertEquals(new BigDecimal("40.55"), march.getAs("deals_per_buyer_contribution"));
        assertEquals(march.<BigDecimal>getAs("revenue_change"), sum);
    }

    @Test
    void anOfflineBusinessHasNoVisitorsNotZeroAndItsFunnelStartsAtLeads() {
        /*
         * No web sessions at all. March: c1, c2, c3 call (3 leads); c1 and w1 (a walk-in, no lead) open their first deal;
         * r1 cancels an order and buys nothing.
         */
        World world = new World().call("c1", "2026-03-02", "phone").call("c2", "2026-03-03", "phone")
                .call("c3", "2026-03-04", "phone")
                .deal("c1", 1, "2026-03-05", "50.00").deal("w1", 1, "2026-03-06", "70.00").refusal("r1", "2026-03-07");
        Dataset<Row> stages = world.stages(MONTHS);
        Map<String, Row> all = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        assertFalse(all.get("visitors").<Boolean>getAs("has_traffic_data"));
        assertNull(people(all, "visitors"), "no sessions: visitors unknown, not 0");
        assertNull(step(all, "leads"));
        assertNull(fromFirst(all, "visitors"));
        assertEquals(3L, people(all, "leads"));
        assertEquals(1.0, fromFirst(all, "leads"), 1e-12);     // leads are the first stage
        assertEquals(2L, people(all, "first_buyers"));
        assertEquals(1L, all.get("first_buyers").<Long>getAs("people_from_previous_stage"));
        assertEquals(1L, all.get("first_buyers").<Long>getAs("people_outside_previous_stage"));
        assertTrue(all.get("first_buyers").<String>getAs("outside_previous_stage_reason").startsWith("first deal without a lead"));
        assertEquals(1.0 / 3, step(all, "first_buyers"), 1e-12);      // c1 of c1, c2, c3
        assertEquals(1.0 / 3, fromFirst(all, "first_buyers"), 1e-12);
        assertEquals(1L, people(all, "refusals"));
        assertEquals(0.0, step(all, "refusals"), 1e-12);               // 0 of the 2 buyers refused
        assertEquals(1L, all.get("refusals").<Long>getAs("people_outside_previous_stage"));

        Row formula = JourneyTransforms.formula(JourneyTransforms.cells(world.personPeriods(MONTHS)), RUN_DATE)
                .filter(col("channel").equalTo(JourneyTransforms.ALL)).first();
        assertNull(formula.getAs("visitors"));
        assertNull(formula.getAs("visitor_to_buyer_conversion"));
        assertNull(formula.getAs("formula_revenue"));
        assertEquals("no traffic data in the period", formula.getAs("formula_note"));
        assertEquals(new BigDecimal("120.00"), formula.getAs("revenue"));
    }

    @Test
    void aPeriodWithoutTrafficDataHasNullConversionsWhileOthersKeepThem() {
        // February: 4 visitors, 2 of them leads, 1 first buyer. March: no session at all; a lead and a first buyer.
        World world = new World().visit("a", "2026-02-02", "seo").visit("b", "2026-02-02", "seo")
                .visit("c", "2026-02-02", "seo").visit("d", "2026-02-02", "seo")
                .webLead("a", "2026-02-03").webLead("b", "2026-02-03").deal("a", 1, "2026-02-04", "10.00")
                .webLead("e", "2026-03-03").deal("e", 1, "2026-03-04", "10.00");
        Dataset<Row> stages = world.stages(MONTHS);
        Map<String, Row> february = funnel(stages, "month", "2026-02-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        assertEquals(0.5, step(february, "leads"), 1e-12);
        assertEquals(0.5, step(february, "first_buyers"), 1e-12);
        Map<String, Row> march = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        assertNull(people(march, "visitors"));
        assertNull(step(march, "leads"));
        assertNull(march.get("leads").getAs("people_outside_previous_stage"), "unknown without traffic data, not 0");
        assertEquals(1.0, step(march, "first_buyers"), 1e-12);
    }

    @Test
    void aBusinessWithoutCallsTakesItsLeadsFromSessions() {
        // no calls at all: s1 and s2 leave an e-mail on the site (web leads), s3 does not; s1 buys.
        StructType sessions = new StructType().add("source", "string").add("session_id", "string")
                .add("started_at", "timestamp").add("session_date", "date").add("customer_key", "string")
                .add("client_id", "string").add("customer_id", "string").add("email", "string").add("phone", "string")
                .add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string")
                .add("referrer", "string").add("landing_page", "string");
        StructType calls = new StructType().add("source", "string").add("call_id", "string").add("customer_key", "string")
                .add("started_at", "timestamp").add("call_date", "date").add("manager_id", "string")
                .add("direction", "string").add("is_unique", "boolean").add("is_target", "boolean");
        World world = new World().visit("s1", "2026-03-02", "seo").visit("s2", "2026-03-02", "seo")
                .visit("s3", "2026-03-02", "seo").deal("s1", 1, "2026-03-03", "20.00");
        List<Row> sessionRows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessionRows.add(RowFactory.create("shop", "s" + i, at("2026-03-02", 9), Date.valueOf("2026-03-02"), "s" + (i + 1),
                    null, null, i < 2 ? "s" + (i + 1) + "@example.com" : null, null, null, null, null, null, "/"));
        }
        Dataset<Row> touches = rows(TOUCHES, world.touches);
        Dataset<Row> webLeads = Leads.webLeads(rows(sessions, sessionRows), touches, "has_contact", 30);
        Dataset<Row> leads = Leads.leads(touches, rows(calls, List.of()), webLeads);
        Dataset<Row> personPeriods = JourneyTransforms.personPeriods(touches, leads, rows(DEALS, world.deals),
                rows(ORDERS, List.of()), MONTHS, TWO_WEEKS_FROM, RUN_DATE);
        Map<String, Row> all = funnel(JourneyTransforms.stages(JourneyTransforms.cells(personPeriods), Optional.empty(), MONTHS, TWO_WEEKS_FROM, RUN_DATE),
                "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        assertEquals(3L, people(all, "visitors"));
        assertEquals(2L, people(all, "leads"));
        assertEquals(1L, people(all, "first_buyers"));
        assertEquals(2.0 / 3, step(all, "leads"), 1e-12);
        assertEquals(0.5, step(all, "first_buyers"), 1e-12);
    }

    @Test
    void theWeakestStepIsTheLowestAgainstItsOwnTrailingMedian() {
        /*
         * January and February: 4 visitors, 2 leads, 1 first buyer each (steps 0.5 and 0.5).
         * March: 8 visitors, 4 leads, 1 first buyer: leads step 0.5 (1.0 x its median 0.5), first buyers 0.25 (0.5 x 0.5).
         * Repeat buyers: 0 of the first buyers every month, a median of 0, so no comparison.
         */
        World world = new World();
        String[][] months = {{"2026-01-10", "4", "2"}, {"2026-02-10", "4", "2"}, {"2026-03-10", "8", "4"}};
        for (String[] m : months) {
            int visitors = Integer.parseInt(m[1]);
            int leads = Integer.parseInt(m[2]);
            for (int i = 0; i < visitors; i++) {
                String p = m[0] + "-" + i;
                world.visit(p, m[0], "seo");
                if (i < leads) {
                    world.webLead(p, m[0]);
                }
                if (i == 0) {
                    world.deal(p, 1, m[0], "10.00");
                }
            }
        }
        Dataset<Row> stages = world.stages(MONTHS);
        Map<String, Row> january = funnel(stages, "month", "2026-01-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        for (Row row : january.values()) {
            assertFalse(row.<Boolean>getAs("is_weakest_step"), "no history in January");
        }
        Map<String, Row> march = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.ALL);
        assertEquals(0.5, march.get("first_buyers").<Double>getAs("trailing_median_step_conversion"), 1e-12);
        assertEquals(0.5, march.get("first_buyers").<Double>getAs("step_against_median"), 1e-12);
        assertEquals(1.0, march.get("leads").<Double>getAs("step_against_median"), 1e-12);
        assertNull(march.get("repeat_buyers").getAs("step_against_median"));
        assertTrue(march.get("first_buyers").<Boolean>getAs("is_weakest_step"));
        assertEquals(1L, march.values().stream().filter(r -> r.<Boolean>getAs("is_weakest_step")).count());
    }

    @Test
    void aPersonsChannelIsTheirEarliestTouchAndATieAtOneInstantGoesToTheFirstChannelByName() {
        // q: seo and direct at 09:00, affiliates at 15:00; r: seo at 09:00, affiliates at 15:00
        World world = new World().visit("q", "2026-03-10", "seo").visit("q", "2026-03-10", "direct").visit("r", "2026-03-10", "seo");
        world.touches.add(RowFactory.create("shop", "session", "late-q", "q", at("2026-03-10", 15), Date.valueOf("2026-03-10"), "affiliates"));
        world.touches.add(RowFactory.create("shop", "session", "late-r", "r", at("2026-03-10", 15), Date.valueOf("2026-03-10"), "affiliates"));
        Map<String, String> channels = new HashMap<>();
        for (Row row : world.personPeriods(MONTHS).collectAsList()) {
            channels.put(row.getAs("person_key"), row.getAs("channel"));
        }
        assertEquals(Map.of("q", "direct", "r", "seo"), channels);
    }

    @Test
    void theTrailingMedianTakesTheSixPeriodsBeforeByIndexAndAveragesTheTwoMiddleValues() {
        /*
         * The leads step (leads who visited / visitors) of each month that has visitors:
         * 2025-08 1 of 4 (0.25), 2025-10 2 of 4 (0.5), 2026-01 3 of 4 (0.75), 2026-03 1 of 4 (0.25).
         * March's six periods before are 2025-09 .. 2026-02: August is out, the gap of November and
         * December is no period, so the median is of 0.5 and 0.75: 0.625, and March's step is 0.4 of it.
         */
        World world = new World();
        String[][] months = {{"2025-08-10", "1"}, {"2025-10-10", "2"}, {"2026-01-10", "3"}, {"2026-03-10", "1"}};
        for (String[] m : months) {
            for (int i = 0; i < 4; i++) {
                String p = m[0] + "-" + i;
                world.visit(p, m[0], "seo");
                if (i < Integer.parseInt(m[1])) {
                    world.webLead(p, m[0]);
                }
            }
        }
        Dataset<Row> stages = world.stages(MONTHS);
        Row march = funnel(stages, "month", "2026-03-01", JourneyTransforms.ALL, JourneyTransforms.ALL).get("leads");
        assertEquals(0.25, march.<Double>getAs("step_conversion"), 1e-12);
        assertEquals(0.625, march.<Double>getAs("trailing_median_step_conversion"), 1e-12);
        assertEquals(0.4, march.<Double>getAs("step_against_median"), 1e-12);
        Row january = funnel(stages, "month", "2026-01-01", JourneyTransforms.ALL, JourneyTransforms.ALL).get("leads");
        // January's window 2025-07 .. 2025-12 holds August and October: (0.25 + 0.5) / 2
        assertEquals(0.375, january.<Double>getAs("trailing_median_step_conversion"), 1e-12);
    }
}
