package io.ltvlake.jobs.gold.profit_funnel;

import io.ltvlake.common.testing.LakeSeeds;
import static org.apache.spark.sql.functions.col;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The funnel job on a temporary lake holding the hand-written rows of {@link ProfitFunnelTransformsTest}. */
class ProfitFunnelJobTest {

    private static final StructType AD_COSTS = new StructType().add("date", "date").add("utm_source", "string")
            .add("utm_medium", "string").add("utm_campaign", "string").add("cost", "decimal(18,2)");

    private static TestJobs lake(Map<String, String> settings) {
        TestJobs t = new TestJobs(settings);
        LakeSeeds.seed(t.lake, AssociatedConversionsTables.TOUCHES, ProfitFunnelTransformsTest.touches());
        LakeSeeds.seed(t.lake, SilverTables.SESSIONS, ProfitFunnelTransformsTest.sessions());
        LakeSeeds.seed(t.lake, SilverTables.CALLS, ProfitFunnelTransformsTest.calls());
        LakeSeeds.seed(t.lake, DealsTables.DEALS, ProfitFunnelTransformsTest.deals().drop("channel"));
        LakeSeeds.seed(t.lake, SilverTables.AD_COSTS, t.lake.spark().createDataFrame(List.of(
                RowFactory.create(Date.valueOf("2026-02-01"), "google", "cpc", "generic", new BigDecimal("100.00"))), AD_COSTS)
                .withColumn("source", org.apache.spark.sql.functions.lit("shop")));
        LeadSeeds.fromSeededTouches(t);
        return t;
    }

    @Test
    void theJobChannelsDealsByTheirLastTouchAndARerunGivesTheSameRows() {
        TestJobs t = lake(Map.of("funnel.plan", "[ { metric = deals, min = 1, base = 2, max = 3 } ]"));
        ProfitFunnelJob job = new ProfitFunnelJob();
        job.run(t.context(ProfitFunnelTransformsTest.RUN_DATE));

        Map<String, Row> cells = new HashMap<>();
        t.lake.read(ProfitFunnelTables.PROFIT_FUNNEL).collectAsList()
                .forEach(r -> cells.put(r.getAs("month").toString().substring(0, 7) + " " + r.getAs("channel"), r));
        // the deals' channels come from their paths: D1 (A, Feb 5 10:00) last touched by the call k1 in the same
        // second; D3 (A, Mar 1) by k2, A's latest touch in the 30 days; D2 (B) by direct; D4 (B, Mar 3 10:00) by s5
        assertEquals(1L, (long) cells.get("2026-02 phone").getAs("deals"));
        assertEquals(1L, (long) cells.get("2026-03 phone").getAs("deals"));
        assertEquals(1L, (long) cells.get("2026-02 direct").getAs("deals"));
        assertEquals(1L, (long) cells.get("2026-03 email").getAs("deals"));
        // the ad cost row google/cpc gets its channel by the same rules as the touches
        assertEquals(new BigDecimal("100.00"), cells.get("2026-02 paid_search").getAs("ad_cost"));
        assertEquals(2, t.lake.read(ProfitFunnelTables.PROFIT_FUNNEL_PLAN).count(), "the plan line for February and March");
        assertEquals("base_to_max", t.lake.read(ProfitFunnelTables.PROFIT_FUNNEL_PLAN)
                .filter(col("month").equalTo(Date.valueOf("2026-02-01"))).first().getAs("plan_status"));
        assertTrue(t.printed().contains("the profit formula, last complete month"), t.printed());

        Map<TableSpec, Dataset<Row>> first = new HashMap<>();
        for (TableSpec table : job.outputs()) {
            first.put(table, t.lake.read(table).localCheckpoint(true));
        }
        job.run(t.context(ProfitFunnelTransformsTest.RUN_DATE));
        for (TableSpec table : job.outputs()) {
            Dataset<Row> again = t.lake.read(table);
            assertEquals(first.get(table).count(), again.count(), table.name());
            assertEquals(0, first.get(table).exceptAll(again).count(), table.name());
        }
    }
}
