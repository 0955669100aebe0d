package io.ltvlake.jobs.gold.associated_conversions;

import io.ltvlake.common.testing.LakeSeeds;
import io.ltvlake.jobs.silver.ChannelsConfig;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.identity.IdentityGraph;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.ConformTransforms;
import io.ltvlake.jobs.silver.SilverTables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Touch stitching through the identity graph, and the attribution job on a temporary lake: a
 * cookie's anonymous session joins the customer's path once a later order links the cookie, and
 * a rerun gives the same rows.
 */
class AttributionJobTest {

    private static final LocalDate RUN_DATE = LocalDate.parse("2026-03-03");
    private final SparkSession spark = TestSpark.session();

    static final StructType SESSIONS = new StructType().add("source", "string").add("session_id", "string")
            .add("started_at", "timestamp").add("session_date", "date").add("client_id", "string")
            .add("customer_id", "string").add("email", "string").add("phone", "string").add("utm_source", "string")
            .add("utm_medium", "string").add("utm_campaign", "string").add("referrer", "string").add("landing_page", "string");
    static final StructType CALLS = new StructType().add("source", "string").add("call_id", "string")
            .add("started_at", "timestamp").add("call_date", "date").add("caller_phone", "string").add("direction", "string")
            .add("client_id", "string").add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string")
            .add("landing_page", "string");
    static final StructType ORDERS = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_id", "string").add("phone", "string").add("email", "string").add("client_id", "string");
    static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("opened_at", "timestamp").add("opened_date", "date").add("revenue", "decimal(18,2)");

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    /*
     * March 1: an anonymous visit from a display ad (cookie GA1.777) and an organic visit of another cookie.
     * March 2: the phone +79123456789 calls in from a page seen on another device (cookie GA1.555), then is
     *          called back (outbound: not a touch).
     * March 3: the cookie GA1.777 orders with that phone.
     */
    private Dataset<Row> sessions() {
        return spark.createDataFrame(List.of(
                RowFactory.create("shop", "S1", at("2026-03-01T09:00:00Z"), Date.valueOf("2026-03-01"), "GA1.777", null, null,
                        null, "gdn", "display", "display_prospecting", null, "/catalog/tv"),
                RowFactory.create("shop", "S2", at("2026-03-01T09:30:00Z"), Date.valueOf("2026-03-01"), "GA1.888", null, null,
                        null, null, null, null, "https://www.google.com/", "/")), SESSIONS);
    }

    private Dataset<Row> calls() {
        return spark.createDataFrame(List.of(
                RowFactory.create("shop", "K1", at("2026-03-02T15:00:00Z"), Date.valueOf("2026-03-02"), "+79123456789", "in",
                        "GA1.555", null, null, null, null),
                RowFactory.create("shop", "K2", at("2026-03-02T16:00:00Z"), Date.valueOf("2026-03-02"), "+79123456789", "out",
                        null, null, null, null, null)), CALLS);
    }

    /** What conform does with the events known so far: identity graph, then customer_key on every fact. */
    private Map<String, Dataset<Row>> conform(Dataset<Row> sessions, Dataset<Row> calls, Dataset<Row> orders) {
        Dataset<Row> events = ConformTransforms.identifierEvents(orders, calls, sessions);
        Dataset<Row> labels = IdentityGraph.components(IdentityGraph.edgesFromEvents(events, "ids"), 10, 2).labels();
        Dataset<Row> eventCustomers = ConformTransforms.eventCustomers(events, labels,
                new io.ltvlake.common.identity.CustomerKeys(io.ltvlake.common.identity.CustomerKeys.DEVELOPMENT_SECRET));
        return Map.of("sessions", ConformTransforms.withCustomerKey(sessions, "session", "session_id", eventCustomers),
                "calls", ConformTransforms.withCustomerKey(calls, "call", "call_id", eventCustomers),
                "orders", ConformTransforms.withCustomerKey(orders, "order", "order_id", eventCustomers));
    }

    private static String keyOf(Dataset<Row> facts, String idColumn, String id) {
        return facts.filter(col(idColumn).equalTo(id)).first().getAs("customer_key");
    }

    @Test
    void aSessionWhoseCookieALaterOrderIdentifiesJoinsTheCustomersPath() {
        // night of March 1: the cookie alone is a visitor of its own
        Dataset<Row> noOrders = spark.createDataFrame(List.<Row>of(), ORDERS);
        Dataset<Row> noCalls = spark.createDataFrame(List.<Row>of(), CALLS);
        String visitor = keyOf(conform(sessions(), noCalls, noOrders).get("sessions"), "session_id", "S1");
        assertNotNull(visitor);

        // night of March 3: conform rebuilds the graph from everything exported so far
        Dataset<Row> orders = spark.createDataFrame(List.of(RowFactory.create("shop", "O1", null, "+79123456789", null,
                "GA1.777")), ORDERS);
        Map<String, Dataset<Row>> silver = conform(sessions(), calls(), orders);
        String customer = keyOf(silver.get("orders"), "order_id", "O1");
        assertEquals(customer, keyOf(silver.get("sessions"), "session_id", "S1"),
                "the earlier anonymous session now carries the customer who ordered with its cookie");
        assertEquals(customer, keyOf(silver.get("calls"), "call_id", "K1"));
        assertNotEquals(visitor, customer, "the customer is keyed by the smaller cookie GA1.555 now");
        assertNotEquals(customer, keyOf(silver.get("sessions"), "session_id", "S2"), "another cookie stays another visitor");

        Dataset<Row> touches = AttributionTransforms.touches(silver.get("sessions"), silver.get("calls"),
                TestSpark.settings(Map.of()).section(ChannelsConfig.class), RUN_DATE);
        Map<String, Row> byId = new HashMap<>();
        touches.collectAsList().forEach(r -> byId.put(r.getAs("touch_id"), r));
        assertEquals(List.of("K1", "S1", "S2"), byId.keySet().stream().sorted().toList(), "the outbound call is not a touch");
        assertEquals("phone", byId.get("K1").getAs("channel"), "a call without tags");
        assertEquals("display", byId.get("S1").getAs("channel"));
        assertEquals("organic_search", byId.get("S2").getAs("channel"));
        assertEquals(customer, byId.get("S1").getAs("customer_key"));
    }

    private TestJobs lake() {
        TestJobs t = new TestJobs();
        Dataset<Row> orders = spark.createDataFrame(List.of(RowFactory.create("shop", "O1", null, "+79123456789", null,
                "GA1.777")), ORDERS);
        Map<String, Dataset<Row>> silver = conform(sessions(), calls(), orders);
        String customer = keyOf(silver.get("orders"), "order_id", "O1");
        LakeSeeds.seed(t.lake, SilverTables.SESSIONS, silver.get("sessions"));
        // conform's call flags: K1 answered long enough (a target call), the outbound K2 is none
        LakeSeeds.seed(t.lake, SilverTables.CALLS, silver.get("calls")
                .withColumn("is_unique", col("direction").equalTo("in"))
                .withColumn("is_target", col("direction").equalTo("in"))
                .withColumn("manager_id", org.apache.spark.sql.functions.lit("m1")));
        LakeSeeds.seed(t.lake, DealsTables.DEALS, spark.createDataFrame(List.of(
                RowFactory.create("shop:O1", customer, at("2026-03-03T10:00:00Z"), Date.valueOf("2026-03-03"),
                        new BigDecimal("500.00")),
                // opened after the run date: not a conversion yet
                RowFactory.create("shop:O9", customer, at("2026-03-04T10:00:00Z"), Date.valueOf("2026-03-04"),
                        new BigDecimal("70.00"))), DEALS));
        return t;
    }

    private static String customer(TestJobs t) {
        return t.lake.read(DealsTables.DEALS).filter(col("deal_id").equalTo("shop:O1")).first().getAs("customer_key");
    }

    @Test
    void aWebLeadPredicateOnAnUnknownColumnStopsTheRunNamingTheKey() {
        TestJobs t = new TestJobs(Map.of("funnel.web-lead", "\"email is not null\""));   // checked before anything is read
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new AttributionJob().validate(t.context(RUN_DATE)));
        assertTrue(error.getMessage().startsWith("ltvlake.funnel.web-lead (\"email is not null\") is not valid"),
                error.getMessage());
        assertTrue(error.getMessage().contains("has_contact, is_logged_in"), error.getMessage());
    }

    @Test
    void theJobWritesEveryTableAndARerunGivesTheSameRows() {
        TestJobs t = lake();
        AttributionJob job = new AttributionJob();
        job.validate(t.context(RUN_DATE));
        job.run(t.context(RUN_DATE));

        Row conversion = t.lake.read(AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS).first();
        assertEquals(1, t.lake.read(AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS).count());
        assertEquals("shop:O1", conversion.getAs("conversion_id"));
        assertEquals("display > phone", conversion.getAs("channel_path"));
        assertEquals(2, (int) conversion.getAs("touch_count"), "the one conversion has its two touches in the window");
        assertEquals(2, (int) conversion.getAs("time_lag_days"));
        Map<String, Row> channels = new HashMap<>();
        t.lake.read(AssociatedConversionsTables.CHANNEL_CONVERSIONS).filter(col("period_type").equalTo("month")).collectAsList()
                .forEach(r -> channels.put(r.getAs("channel"), r));
        assertEquals(1L, (long) channels.get("display").getAs("assisted_conversions"));
        assertEquals(1L, (long) channels.get("phone").getAs("last_interaction_conversions"));
        assertEquals(new BigDecimal("250.00"), channels.get("phone").getAs("position_based_value"), "two touches: 50/50");
        assertNull(channels.get("display").getAs("assisted_last_ratio"));
        assertTrue(t.printed().contains("3 touches; 1 conversions (deals, lookback 30 days)"), t.printed());
        assertTrue(!t.printed().contains(TouchPaths.NO_TOUCH), "no conversion lacks a touch, so the channel table has no "
                + TouchPaths.NO_TOUCH + " row: " + t.printed());
        // the one lead: the target call K1 of the customer, with its touch's channel; no session left a contact
        assertEquals(List.of("[call,shop,K1,true,phone,m1,true,2026-03-02]"), t.lake.read(AssociatedConversionsTables.LEADS)
                .selectExpr("lead_type", "source", "lead_id", "customer_key = '" + customer(t) + "'", "channel", "manager_id",
                        "is_unique", "cast(lead_date as string)")
                .collectAsList().stream().map(Row::toString).toList());

        Map<TableSpec, Dataset<Row>> first = new HashMap<>();
        for (TableSpec table : job.outputs()) {
            first.put(table, t.lake.read(table).localCheckpoint(true));
        }
        job.run(t.context(RUN_DATE));
        for (TableSpec table : job.outputs()) {
            Dataset<Row> again = t.lake.read(table);
            assertTrue(first.get(table).count() > 0, table.name());
            assertEquals(first.get(table).count(), again.count(), table.name());
            assertEquals(0, first.get(table).exceptAll(again).count(), table.name());
        }
        assertEquals(List.of("all", "month"), t.lake.read(AssociatedConversionsTables.CHANNEL_CONVERSIONS).select("period_type")
                .distinct().orderBy("period_type").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }
}
