package io.ltvlake.jobs.gold.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.gold.manager_performance.ManagerPerformanceJob;
import io.ltvlake.jobs.gold.manager_performance.ManagerPerformanceTables;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Landing files through ingest, conform (which flags the calls) and the deal jobs on a temp lake, once;
 * then the jobs that read the flagged calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallsJobTest {

    static final String ORDER_HEADER = "order_id,line_no,ordered_at,updated_at,status,customer_id,phone,email,client_id,"
            + "product_id,product_name,category,quantity,unit_price,unit_cost,manager_id,guests,jtbd,store,country\n";
    static final String CALL_HEADER = "call_id,started_at,caller_phone,direction,status,duration_s,wait_s,utm_source,"
            + "utm_medium,utm_campaign,landing_page,client_id,manager_id\n";
    static final LocalDate RUN_DATE = LocalDate.parse("2025-03-02");

    static void landCallsAndOrders(TestJobs t) {
        // C1 calls at 10:00 (answered, 120 s, tagged google/cpc) and orders at 12:00 with the same number in another spelling
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER
                + "O1,1,2025-03-01T12:00:00Z,2025-03-01T12:00:00Z,completed,C1,8 (912) 000-00-01,,,P1,TV,tv,1,100.00,60.00,m01,,,online,RU\n");
        t.landing("2025-03-01", "calls.csv", CALL_HEADER
                + "K1,2025-03-01T10:00:00Z,+79120000001,in,answered,120,5,google,cpc,generic_search,,,m01\n"
                + "K2,2025-03-01T11:00:00Z,+79120000002,in,missed,0,40,,,,,,\n");
        t.landing("2025-03-02", "calls.csv", CALL_HEADER
                + "K3,2025-03-02T09:00:00Z,79120000003,in,missed,0,30,,,,,,\n"
                + "K4,2025-03-02T09:30:00Z,+7 912 0000003,out,answered,60,0,,,,,,m02\n");
    }

    private TestJobs t;

    @BeforeAll
    void throughConformAndDeals() {
        t = new TestJobs();
        landCallsAndOrders(t);
        new IngestJob().run(t.context(RUN_DATE));
        new ConformJob().run(t.context(RUN_DATE));
        new JtbdJob().run(t.context(RUN_DATE));
        new DealsJob().run(t.context(RUN_DATE));
        // manager_performance takes its leads' channels from the touches, as in the pipeline
        new io.ltvlake.jobs.gold.associated_conversions.AttributionJob().run(t.context(RUN_DATE));
    }

    @Test
    void conformFlagsTheCallsAndTheDailyMartCountsThemPerDayChannelAndManagerAndARerunChangesNoRow() throws Exception {
        CallsJob job = new CallsJob();
        job.validate(t.context(RUN_DATE));
        job.run(t.context(RUN_DATE));

        // unique, target, missed, called back, lost lead (defaults: 30 d, 60 s, 24 h, 7 d)
        assertEquals(List.of(
                "[K1,true,true,false,false,false]",   // answered 120 s
                "[K2,true,false,true,false,true]",    // missed, nobody called back, no order: lost
                "[K3,true,false,true,true,false]",    // missed, K4 called the same number back 30 min later
                "[K4,false,false,false,false,false]"), // outbound
                t.lake.read(SilverTables.CALLS).orderBy("call_id").selectExpr("call_id", "is_unique", "is_target", "is_missed",
                        "is_called_back", "is_lost_lead").collectAsList().stream().map(Row::toString).toList());

        List<String> daily = t.lake.read(CallsTables.CALLS_DAILY).orderBy("call_date", "channel", "manager_id")
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of(
                // K2: missed and lost, no manager took it
                "[2025-03-01,direct,unassigned,1,1,0,1,0,0,1,0,1,0,0.0]",
                // K1: the caller C1 opened a deal (order O1) 2 h later: 1 of 1 inbound calls led to a deal
                "[2025-03-01,paid_search,m01,1,1,0,1,1,1,0,0,0,1,1.0]",
                "[2025-03-02,direct,m02,1,0,1,0,0,0,0,0,0,0,null]",
                "[2025-03-02,direct,unassigned,1,1,0,1,0,0,1,1,0,0,0.0]"), daily);
        assertTrue(t.printed().contains("calls (unique within 30 d"), t.printed());

        job.run(t.context(RUN_DATE));
        assertEquals(daily, t.lake.read(CallsTables.CALLS_DAILY).orderBy("call_date", "channel", "manager_id")
                .collectAsList().stream().map(Row::toString).toList(), "a rerun gives the same rows");
    }

    @Test
    void managerPerformanceCreditsTheLeadAndTheDealToTheManagerAndARerunChangesNoRow() {
        ManagerPerformanceJob job = new ManagerPerformanceJob();
        job.run(t.context(RUN_DATE));
        String columns = "manager_id, cast(month as string), calls_handled, leads, converted_leads, deals, "
                + "cast(average_check as string), trailing_months";
        List<String> rows = t.lake.read(ManagerPerformanceTables.MANAGER_PERFORMANCE).orderBy("manager_id")
                .selectExpr(columns.split(", ")).collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of(
                // K1 answered by m01 is a lead; C1 opened a deal (O1, sold by m01) 2 h later
                "[m01,2025-03-01,1,1,1,1,100.00,1]",
                // K4: m02 called K3's number back; no lead, no deal
                "[m02,2025-03-01,1,0,0,0,null,1]"), rows);
        job.run(t.context(RUN_DATE));
        assertEquals(rows, t.lake.read(ManagerPerformanceTables.MANAGER_PERFORMANCE).orderBy("manager_id")
                .selectExpr(columns.split(", ")).collectAsList().stream().map(Row::toString).toList());
    }
}
