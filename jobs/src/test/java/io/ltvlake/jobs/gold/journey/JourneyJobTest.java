package io.ltvlake.jobs.gold.journey;

import io.ltvlake.common.testing.LakeSeeds;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.associated_conversions.LeadSeeds;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The journey job on a temporary lake. February 2026, run date 2026-03-10: A and B visit by paid search;
 * A leaves an e-mail (a web lead) and opens a first deal of 90.00; C calls (a target call, a lead) and opens
 * a first deal of 30.00; B cancels an order.
 */
class JourneyJobTest {

    static final LocalDate RUN_DATE = LocalDate.parse("2026-03-10");

    static final StructType TOUCHES = JourneyTransformsTest.TOUCHES;
    static final StructType SESSIONS = new StructType().add("source", "string").add("session_id", "string")
            .add("started_at", "timestamp").add("session_date", "date").add("customer_key", "string")
            .add("client_id", "string").add("customer_id", "string").add("email", "string").add("phone", "string")
            .add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string")
            .add("referrer", "string").add("landing_page", "string");
    static final StructType CALLS = new StructType().add("source", "string").add("call_id", "string").add("customer_key", "string")
            .add("started_at", "timestamp").add("call_date", "date").add("manager_id", "string")
            .add("direction", "string").add("is_unique", "boolean").add("is_target", "boolean");
    static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string").add("job", "string")
            .add("deal_seq", "int").add("opened_at", "timestamp").add("opened_date", "date").add("revenue", "decimal(18,2)");
    static final StructType ORDERS = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_key", "string").add("status", "string").add("order_date", "date");
    static final StructType AD_COSTS = new StructType().add("source", "string").add("date", "date").add("utm_source", "string")
            .add("utm_medium", "string").add("utm_campaign", "string").add("cost", "decimal(18,2)");

    static Timestamp at(String day) {
        return Timestamp.valueOf(day + " 10:00:00");
    }

    private static TestJobs lake(Map<String, String> settings) {
        TestJobs t = new TestJobs(settings);
        var spark = t.lake.spark();
        LakeSeeds.seed(t.lake, AssociatedConversionsTables.TOUCHES, spark.createDataFrame(List.of(
                RowFactory.create("shop", "session", "s1", "A", at("2026-02-02"), Date.valueOf("2026-02-02"), "paid_search"),
                RowFactory.create("shop", "session", "s2", "B", at("2026-02-03"), Date.valueOf("2026-02-03"), "paid_search"),
                RowFactory.create("shop", "call", "k1", "C", at("2026-02-04"), Date.valueOf("2026-02-04"), "phone")), TOUCHES));
        LakeSeeds.seed(t.lake, SilverTables.SESSIONS, spark.createDataFrame(List.of(
                RowFactory.create("shop", "s1", at("2026-02-02"), Date.valueOf("2026-02-02"), "A", "GA.A", null, "a@example.com",
                        null, null, null, null, null, "/"),
                RowFactory.create("shop", "s2", at("2026-02-03"), Date.valueOf("2026-02-03"), "B", "GA.B", null, null,
                        null, null, null, null, null, "/")), SESSIONS));
        LakeSeeds.seed(t.lake, SilverTables.CALLS, spark.createDataFrame(List.of(
                RowFactory.create("shop", "k1", "C", at("2026-02-04"), Date.valueOf("2026-02-04"), "m1", "in", true, true)), CALLS));
        LakeSeeds.seed(t.lake, DealsTables.DEALS, spark.createDataFrame(List.of(
                RowFactory.create("shop:o1", "A", "office", 1, at("2026-02-05"), Date.valueOf("2026-02-05"), new BigDecimal("90.00")),
                RowFactory.create("shop:o2", "C", "office", 1, at("2026-02-06"), Date.valueOf("2026-02-06"), new BigDecimal("30.00"))),
                DEALS));
        LakeSeeds.seed(t.lake, SilverTables.ORDERS, spark.createDataFrame(List.of(
                RowFactory.create("shop", "o1", "A", "completed", Date.valueOf("2026-02-05")),
                RowFactory.create("shop", "o2", "C", "completed", Date.valueOf("2026-02-06")),
                RowFactory.create("shop", "o3", "B", "cancelled", Date.valueOf("2026-02-07"))), ORDERS));
        LakeSeeds.seed(t.lake, SilverTables.AD_COSTS, spark.createDataFrame(List.<Row>of(), AD_COSTS));
        LeadSeeds.fromSeededTouches(t);
        return t;
    }

    @Test
    void theJobCountsPeopleChecksTheFormulaAndARerunGivesTheSameRows() {
        TestJobs t = lake(Map.of("funnel.plan", "[ { metric = visitors, min = 1, base = 2, max = 3 },"
                + " { metric = revenue, min = 100, base = 150, max = 200 } ]"));
        JourneyJob job = new JourneyJob();
        long read = job.run(t.context(RUN_DATE)).rowsRead();
        // the run summary's rows read: the touches and the deals the job starts from
        assertEquals(t.lake.read(AssociatedConversionsTables.TOUCHES).count() + t.lake.read(DealsTables.DEALS).count(), read);
        assertTrue(read > 0);

        Map<String, Row> february = new HashMap<>();
        t.lake.read(JourneyTables.JOURNEY_STAGES).filter(col("period_type").equalTo("month")
                        .and(col("channel").equalTo(JourneyTransforms.ALL)).and(col("job").equalTo(JourneyTransforms.ALL)))
                .collectAsList().forEach(r -> february.put(r.getAs("stage"), r));
        assertEquals(2L, february.get("visitors").<Long>getAs("people"));        // A, B
        assertEquals(2L, february.get("leads").<Long>getAs("people"));           // A (web), C (call)
        assertEquals(1L, february.get("leads").<Long>getAs("people_outside_previous_stage"));   // C never visited
        assertEquals(2L, february.get("first_buyers").<Long>getAs("people"));    // A, C
        assertEquals(1L, february.get("refusals").<Long>getAs("people"));        // B
        assertEquals(0.5, february.get("leads").<Double>getAs("step_conversion"), 1e-12);         // A of A, B
        assertEquals(1.0, february.get("first_buyers").<Double>getAs("step_conversion"), 1e-12);  // A, C of A, C

        Row formula = t.lake.read(JourneyTables.PROFIT_FORMULA).filter(col("period_type").equalTo("month")
                .and(col("channel").equalTo(JourneyTransforms.ALL))).first();
        // 2 visitors x (2 buyers / 2) x 60.00 x 1 = 120.00
        assertEquals(new BigDecimal("120.00"), formula.getAs("revenue"));
        assertEquals(new BigDecimal("120.00"), formula.getAs("formula_revenue"));
        assertEquals(1L, formula.<Long>getAs("buyers_without_visit"));          // C
        Row phone = t.lake.read(JourneyTables.PROFIT_FORMULA).filter(col("period_type").equalTo("month")
                .and(col("channel").equalTo("phone"))).first();
        assertEquals(0L, phone.<Long>getAs("visitors"));
        assertTrue(phone.<String>getAs("formula_note").startsWith("no visitors"));

        Map<String, Row> plan = new HashMap<>();
        t.lake.read(JourneyTables.PROFIT_FORMULA_PLAN).collectAsList().forEach(r -> plan.put(r.getAs("metric"), r));
        assertEquals("base_to_max", plan.get("visitors").getAs("plan_status"));            // 2 in [2, 3]
        assertEquals(0.8, plan.get("revenue").<Double>getAs("base_attainment"), 1e-12);    // 120 / 150
        assertEquals("min_to_base", plan.get("revenue").getAs("plan_status"));
        assertTrue(t.printed().contains("the journey in people, 2026-02"), t.printed());

        Map<TableSpec, Dataset<Row>> first = new HashMap<>();
        for (TableSpec table : job.outputs()) {
            first.put(table, t.lake.read(table).localCheckpoint(true));
        }
        job.run(t.context(RUN_DATE));
        for (TableSpec table : job.outputs()) {
            Dataset<Row> again = t.lake.read(table);
            assertEquals(first.get(table).count(), again.count(), table.name());
            assertEquals(0, first.get(table).exceptAll(again).count(), table.name());
        }
    }
}
