package io.ltvlake.jobs.gold.profit_funnel;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig.PlanLevel;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.shared.Leads;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The profit funnel on hand-written rows, run date 2026-03-15 (March is month-to-date),
 * calls.uniqueness-days 30, web lead = has_contact. Every number below is worked out by hand.
 */
class ProfitFunnelTransformsTest {

    static final LocalDate RUN_DATE = LocalDate.parse("2026-03-15");
    static final int UNIQUENESS_DAYS = 30;

    static final StructType TOUCHES = new StructType().add("source", "string").add("touch_type", "string")
            .add("touch_id", "string").add("customer_key", "string").add("touched_at", "timestamp")
            .add("touch_date", "date").add("channel", "string");
    static final StructType CALLS = new StructType().add("source", "string").add("call_id", "string")
            .add("customer_key", "string").add("started_at", "timestamp").add("call_date", "date")
            .add("manager_id", "string").add("direction", "string").add("is_unique", "boolean").add("is_target", "boolean");
    static final StructType SESSIONS = new StructType().add("source", "string").add("session_id", "string")
            .add("started_at", "timestamp").add("session_date", "date").add("customer_key", "string")
            .add("client_id", "string").add("customer_id", "string").add("email", "string").add("phone", "string")
            .add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string")
            .add("referrer", "string").add("landing_page", "string");
    static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("deal_kind", "string").add("deal_seq", "int").add("opened_at", "timestamp").add("opened_date", "date")
            .add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)").add("channel", "string");
    static final StructType AD_COSTS = new StructType().add("date", "date").add("cost", "decimal(18,2)")
            .add("channel", "string");

    private static Row touch(String id, String customer, String at, String channel) {
        return RowFactory.create("shop", id.startsWith("k") ? "call" : "session", id, customer,
                Timestamp.from(Instant.parse(at)), Date.valueOf(at.substring(0, 10)), channel);
    }

    private static Row session(String id, String customer, String at, String email) {
        return RowFactory.create("shop", id, Timestamp.from(Instant.parse(at)), Date.valueOf(at.substring(0, 10)), customer,
                "GA." + customer, null, email, null, null, null, null, null, "/");
    }

    private static Row deal(String id, String customer, String kind, String day, String revenue, String margin,
                            String channel) {
        return RowFactory.create(id, customer, kind, kind.equals("first") ? 1 : 2, Timestamp.valueOf(day + " 10:00:00"),
                Date.valueOf(day),
                new BigDecimal(revenue), margin == null ? null : new BigDecimal(margin), channel);
    }

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    /*
     * February:
     *   s1 A paid_search, s2 V paid_search (a visitor), s3 B direct: 3 sessions.
     *   k1 A phone: unique and target -> a call lead (phone). k2 A phone the next day: not unique. k3 C paid_search:
     *   unique but missed (not target). So 1 call lead, in phone.
     *   D1 A first 100.00 (margin 40.00) by phone; D2 B first 300.00 (no cost) direct.
     *   Ad cost: paid_search 60.00 + 40.00.
     * March (to the 15th):
     *   s4 B email with an e-mail: a web lead, B's first; s5 B email the next day with an e-mail: a web lead, but not
     *   unique (1 day < 30); s6 C display, no contact: not a lead. 3 sessions, 1 web lead in email.
     *   D3 A repeat 50.00 (margin 20.00) paid_search; D4 B repeat 80.00 (margin 30.00) email; D5 C first on
     *   Mar 16: after the run date.
     *   Ad cost: paid_search 30.00, display 20.00; display 99.00 on Mar 16: after the run date.
     */
    static Dataset<Row> touches() {
        return rows(TOUCHES,
                touch("s1", "A", "2026-02-03T10:00:00Z", "paid_search"),
                touch("s2", "V", "2026-02-04T10:00:00Z", "paid_search"),
                touch("s3", "B", "2026-02-10T10:00:00Z", "direct"),
                touch("k1", "A", "2026-02-05T10:00:00Z", "phone"),
                touch("k2", "A", "2026-02-06T10:00:00Z", "phone"),
                touch("k3", "C", "2026-02-07T10:00:00Z", "paid_search"),
                touch("s4", "B", "2026-03-02T10:00:00Z", "email"),
                touch("s5", "B", "2026-03-03T10:00:00Z", "email"),
                touch("s6", "C", "2026-03-04T10:00:00Z", "display"));
    }

    static Dataset<Row> calls() {
        return rows(CALLS, call("k1", "A", "2026-02-05T10:00:00Z", true, true), call("k2", "A", "2026-02-06T10:00:00Z", false, true),
                call("k3", "C", "2026-02-07T10:00:00Z", true, false));
    }

    private static Row call(String id, String customer, String at, boolean unique, boolean target) {
        return RowFactory.create("shop", id, customer, Timestamp.from(Instant.parse(at)), Date.valueOf(at.substring(0, 10)),
                "m1", "in", unique, target);
    }

    static Dataset<Row> sessions() {
        return rows(SESSIONS,
                session("s1", "A", "2026-02-03T10:00:00Z", null),
                session("s2", "V", "2026-02-04T10:00:00Z", null),
                session("s3", "B", "2026-02-10T10:00:00Z", null),
                session("s4", "B", "2026-03-02T10:00:00Z", "b@example.com"),
                session("s5", "B", "2026-03-03T10:00:00Z", "b@example.com"),
                session("s6", "C", "2026-03-04T10:00:00Z", null));
    }

    static Dataset<Row> deals() {
        return rows(DEALS,
                deal("D1", "A", "first", "2026-02-05", "100.00", "40.00", "phone"),
                deal("D2", "B", "first", "2026-02-11", "300.00", null, "direct"),
                deal("D3", "A", "repeat", "2026-03-01", "50.00", "20.00", "paid_search"),
                deal("D4", "B", "repeat", "2026-03-03", "80.00", "30.00", "email"),
                deal("D5", "C", "first", "2026-03-16", "70.00", "10.00", "display"));
    }

    static Dataset<Row> adCosts() {
        return rows(AD_COSTS,
                RowFactory.create(Date.valueOf("2026-02-01"), new BigDecimal("60.00"), "paid_search"),
                RowFactory.create(Date.valueOf("2026-02-02"), new BigDecimal("40.00"), "paid_search"),
                RowFactory.create(Date.valueOf("2026-03-01"), new BigDecimal("30.00"), "paid_search"),
                RowFactory.create(Date.valueOf("2026-03-01"), new BigDecimal("20.00"), "display"),
                RowFactory.create(Date.valueOf("2026-03-16"), new BigDecimal("99.00"), "display"));
    }

    /** The shared leads (gold/shared/Leads) with their first deals, calls.deal-window-days 30. */
    static Dataset<Row> leads() {
        Dataset<Row> webLeads = Leads.webLeads(sessions(), touches(), "has_contact", UNIQUENESS_DAYS);
        return Leads.withFirstDeal(Leads.leads(touches(), calls(), webLeads), deals(), 30);
    }

    static Dataset<Row> funnel() {
        return ProfitFunnelTransforms.funnel(touches(), leads(), deals(), adCosts(), RUN_DATE);
    }

    private static Map<String, Row> cells(Dataset<Row> funnel) {
        Map<String, Row> result = new TreeMap<>();
        funnel.collectAsList().forEach(r -> result.put(r.getAs("month").toString().substring(0, 7) + " " + r.getAs("channel"), r));
        return result;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    @Test
    void webLeadsFollowThePredicateAndCountOncePerUniquenessWindow() {
        Map<String, Row> leads = new TreeMap<>();
        Leads.webLeads(sessions(), touches(), "has_contact", UNIQUENESS_DAYS).collectAsList()
                .forEach(r -> leads.put(r.getAs("session_id"), r));
        assertEquals(List.of("s4", "s5"), List.copyOf(leads.keySet()), "the sessions with a contact");
        assertTrue(leads.get("s4").<Boolean>getAs("is_unique"));
        assertTrue(!leads.get("s5").<Boolean>getAs("is_unique"), "a day after B's previous web lead");
        assertEquals("email", leads.get("s4").getAs("channel"));
        // with a 0-day window... the shortest is 1 day; s5 is 24 h after s4: exactly the window still counts as inside
        assertTrue(!Leads.webLeads(sessions(), touches(), "has_contact", 1)
                .filter(col("session_id").equalTo("s5")).first().<Boolean>getAs("is_unique"));
        // a predicate on the features: every session landing on / from display is a lead
        assertEquals(1, Leads.webLeads(sessions(), touches(), "channel = 'display' and not is_logged_in",
                UNIQUENESS_DAYS).count());
    }

    @Test
    void theFunnelCountsEachStepInTheChannelOfItsTouch() {
        Map<String, Row> cells = cells(funnel());
        assertEquals(List.of("2026-02 (all)", "2026-02 direct", "2026-02 paid_search", "2026-02 phone", "2026-03 (all)",
                "2026-03 display", "2026-03 email", "2026-03 paid_search"), List.copyOf(cells.keySet()));

        // February, paid_search: 2 sessions, no lead, no deal, 100.00 spent: ROMI (0 margin - 100) / 100 = -1
        Row paid = cells.get("2026-02 paid_search");
        assertEquals(RowFactory.create(2L, 0L, 0L, 0L, 0L, money("0.00"), money("0.00"), money("100.00"), -1.0, "margin"),
                pick(paid, "sessions", "leads", "call_leads", "deals", "first_deals", "revenue", "margin", "ad_cost", "romi",
                        "romi_basis"));
        assertEquals(0.0, paid.<Double>getAs("session_to_lead_conversion"));
        assertNull(paid.getAs("cpl"), "no lead: no cost per lead");
        assertNull(paid.getAs("lead_to_first_deal_conversion"));
        // February, phone: the one unique target call, and A's first deal (100.00, margin 40.00) in the call's second:
        // the call is A's latest lead before that first deal, so 1 first deal from 1 lead
        Row phone = cells.get("2026-02 phone");
        assertEquals(RowFactory.create(0L, 1L, 1L, 1L, 1L, money("100.00"), money("40.00"), money("100.00"), 1.0, 0.0),
                pick(phone, "sessions", "call_leads", "leads", "first_deals_from_leads", "deals", "revenue", "margin",
                        "average_check", "lead_to_first_deal_conversion", "repeat_deal_share"));
        assertNull(phone.getAs("session_to_lead_conversion"));
        assertNull(phone.getAs("ad_cost"));
        assertNull(phone.getAs("romi_basis"), "no ad cost: no ROMI");
        // February, direct: B's first deal has no cost, so no margin
        assertNull(cells.get("2026-02 direct").getAs("margin"));
        // February, all: 3 sessions, 1 lead, 2 first deals worth 400.00 (average 200.00), 100.00 spent:
        // CPL 100.00, CAC 100 / 2 = 50.00, ROMI on revenue (one deal without cost) (400 - 100) / 100 = 3.
        // Lead to first deal: 1 / 1. B's first deal came without a lead, so it is no conversion of one (deals / leads was 2)
        Row february = cells.get("2026-02 (all)");
        assertEquals(RowFactory.create(false, 3L, 1L, 0L, 1L, 2L, 2L, 0L, money("400.00"), money("200.00"), money("100.00"),
                        money("100.00"), money("50.00"), 3.0, "revenue", 1.0),
                pick(february, "is_partial_month", "sessions", "call_leads", "web_leads", "leads", "deals", "first_deals",
                        "repeat_deals", "revenue", "average_check", "ad_cost", "cpl", "cac", "romi", "romi_basis",
                        "lead_to_first_deal_conversion"));
        assertNull(february.getAs("margin"));
        assertEquals(1.0 / 3, february.<Double>getAs("session_to_lead_conversion"), 1e-12);

        // March to the 15th, email: 2 sessions, 1 unique web lead, B's repeat deal 80.00. The lead is B's, whose first
        // deal was in February: a repeat deal converts no lead (deals / leads was 1.0), and is reported as a repeat deal
        assertEquals(RowFactory.create(2L, 1L, 1L, 0L, 1L, 0.5, 0.0, 1.0),
                pick(cells.get("2026-03 email"), "sessions", "web_leads", "leads", "first_deals_from_leads", "repeat_deals",
                        "session_to_lead_conversion", "lead_to_first_deal_conversion", "repeat_deal_share"));
        // March, paid_search: A's repeat deal (50.00, margin 20.00) and 30.00 spent: no first deal, so no CAC;
        // ROMI (20 - 30) / 30
        Row marchPaid = cells.get("2026-03 paid_search");
        assertNull(marchPaid.getAs("cac"));
        assertEquals(-1.0 / 3, marchPaid.<Double>getAs("romi"), 1e-12);
        // the display cost of Mar 16 and C's deal of Mar 16 are after the run date
        assertEquals(money("20.00"), cells.get("2026-03 display").getAs("ad_cost"));
        assertEquals(0L, (long) cells.get("2026-03 display").getAs("deals"));
        // March, all: 3 sessions, 1 lead, 2 repeat deals 130.00 (average 65.00), margin 50.00, 50.00 spent:
        // CPL 50.00, no CAC, ROMI (50 - 50) / 50 = 0 on margin
        assertEquals(RowFactory.create(true, 3L, 1L, 2L, 0L, 2L, money("130.00"), money("50.00"), money("65.00"),
                        money("50.00"), money("50.00"), 0.0, "margin", 1.0),
                pick(cells.get("2026-03 (all)"), "is_partial_month", "sessions", "leads", "deals", "first_deals",
                        "repeat_deals", "revenue", "margin", "average_check", "ad_cost", "cpl", "romi", "romi_basis",
                        "repeat_deal_share"));
        assertNull(cells.get("2026-03 (all)").getAs("cac"));
    }

    private static Row pick(Row row, String... columns) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = row.getAs(columns[i]);
        }
        return RowFactory.create(values);
    }

    @Test
    void planLevelsSitBesideTheActualsAndAMonthsOwnLineWins() {
        List<PlanLevel> plan = List.of(
                level(null, null, "leads", "1", "2", "3"),
                level(YearMonth.of(2026, 3), null, "leads", "0", "1", "1"),
                level(null, "paid_search", "cac", "10", "20", "30"),
                level(null, "paid_search", "sessions", "1", "1", "1"),
                level(null, "organic_social", "sessions", "0", "5", "10"));
        Map<String, Row> rows = new TreeMap<>();
        ProfitFunnelTransforms.planBesideActuals(funnel(), plan).collectAsList().forEach(r -> rows.put(
                r.getAs("month").toString().substring(0, 7) + " " + r.getAs("channel") + " " + r.getAs("metric"), r));
        assertEquals(8, rows.size(), "2 months x 4 (channel, metric) pairs: " + rows.keySet());
        // February, all, leads: 1 lead against 1 / 2 / 3 -> between min and base, half the base
        Row februaryLeads = rows.get("2026-02 (all) leads");
        assertEquals("min_to_base", februaryLeads.getAs("plan_status"));
        assertEquals(0.5, februaryLeads.<Double>getAs("base_attainment"), 1e-12);
        assertEquals("every_month", februaryLeads.getAs("plan_source"));
        // March has its own line 0 / 1 / 1: 1 lead is at base
        Row marchLeads = rows.get("2026-03 (all) leads");
        assertEquals("base_to_max", marchLeads.getAs("plan_status"));
        assertEquals("month", marchLeads.getAs("plan_source"));
        assertEquals(0, BigDecimal.ONE.compareTo(marchLeads.getDecimal(marchLeads.fieldIndex("plan_base"))));
        assertTrue(marchLeads.<Boolean>getAs("is_partial_month"));
        // paid_search sessions: 2 in February (above max 1), 0 in March (its row exists for the deal and the cost)
        assertEquals("above_max", rows.get("2026-02 paid_search sessions").getAs("plan_status"));
        assertEquals("below_min", rows.get("2026-03 paid_search sessions").getAs("plan_status"));
        // no first deal, no CAC: no status; a channel without a row: no actual
        assertNull(rows.get("2026-02 paid_search cac").getAs("actual"));
        assertNull(rows.get("2026-02 paid_search cac").getAs("plan_status"));
        assertNull(rows.get("2026-03 organic_social sessions").getAs("actual"));
        assertEquals(0, ProfitFunnelTransforms.planBesideActuals(funnel(), List.of()).count());
    }

    private static PlanLevel level(YearMonth month, String channel, String metric, String min, String base, String max) {
        return new PlanLevel(Optional.ofNullable(month), Optional.ofNullable(channel), metric, new BigDecimal(min),
                new BigDecimal(base), new BigDecimal(max));
    }

    @Test
    void everyPlannableMetricIsAFunnelColumn() {
        List<String> columns = List.of(funnel().columns());
        for (String metric : io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig.PLAN_METRICS) {
            assertTrue(columns.contains(metric), metric);
        }
    }
}
