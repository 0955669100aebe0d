package io.ltvlake.jobs.gold.triggers;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.cycles.CyclesTables;
import io.ltvlake.jobs.gold.profitability.ProfitabilityTables;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TriggersJobTest {

    private static List<String> events(TestJobs jobs) {
        return jobs.lake.read(TriggersTables.TRIGGER_EVENTS).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void aRerunOfADateReplacesItsEventsAndKeepsOtherDates() throws Exception {
        // leaving judged from 10 days before the expected deal, as TriggerTransformsTest's rows are worked out
        TestJobs jobs = new TestJobs(Map.of("triggers.rfm-entered.include-non-target", "true",
                "triggers.leaving.days-before-expected", "10"));
        LakeSeeds.seed(jobs.lake, CyclesTables.CUSTOMER_CYCLES, TriggerTransformsTest.cycles()
                .withColumn("interval_median_days", org.apache.spark.sql.functions.col("cycle_interval_days")));
        LakeSeeds.seed(jobs.lake, RfmTables.CUSTOMER_RFM_DAILY, TriggerTransformsTest.rfm());
        LakeSeeds.seed(jobs.lake, ProfitabilityTables.CUSTOMER_PROFITABILITY, TestSpark.session().createDataFrame(List.of(
                        RowFactory.create("N", true, "low_average_check"), RowFactory.create("A", false, null)),
                new StructType().add("customer_key", "string").add("is_non_target", "boolean").add("non_target_reason", "string")));
        LakeSeeds.seed(jobs.lake, SilverTables.SESSIONS, TestSpark.session().createDataFrame(List.of(RowFactory.create("web", "s1", "C")),
                new StructType().add("source", "string").add("session_id", "string").add("customer_key", "string")));
        TriggersJob job = new TriggersJob();

        job.run(jobs.context(LocalDate.of(2026, 2, 19)));
        List<String> dayBefore = events(jobs);
        // nothing is known for 02-18, so on 02-19 every condition that held was entered: B 1 cycle overdue (20 days
        // on a 10-day cycle), A and C in At Risk; A at 0.9 cycles, C 4 days from due and S at the norm do not hold yet
        assertEquals(List.of("[2026-02-19,A,rfm_entered:at_risk,all", "[2026-02-19,B,cycle_overdue,tour",
                "[2026-02-19,C,rfm_entered:at_risk,all"), dayBefore.stream()
                .map(e -> String.join(",", java.util.Arrays.copyOf(e.split(","), 4))).toList());

        job.run(jobs.context(TriggerTransformsTest.DAY));
        List<String> both = events(jobs);
        assertEquals(3 + 6, both.size(), "02-20's six events (TriggerTransformsTest) join them: " + both);
        long version = jobs.lake.version(TriggersTables.TRIGGER_EVENTS);
        job.run(jobs.context(TriggerTransformsTest.DAY));
        assertEquals(both, events(jobs), "a rerun gives the same events and keeps 02-19's");
        assertEquals(version + 1, jobs.lake.version(TriggersTables.TRIGGER_EVENTS), "in one commit");
        assertTrue(jobs.printed().contains("no CLV scoring fit"), jobs.printed());
    }

    @Test
    void withoutSessionsLeavingIsOffWithOneWarning() throws Exception {
        TestJobs jobs = new TestJobs();
        LakeSeeds.seed(jobs.lake, CyclesTables.CUSTOMER_CYCLES, TriggerTransformsTest.cycles()
                .withColumn("interval_median_days", org.apache.spark.sql.functions.col("cycle_interval_days")));
        LakeSeeds.seed(jobs.lake, RfmTables.CUSTOMER_RFM_DAILY, TriggerTransformsTest.rfm());
        LakeSeeds.seed(jobs.lake, ProfitabilityTables.CUSTOMER_PROFITABILITY, TestSpark.session().createDataFrame(List.of(
                        RowFactory.create("N", true, "low_average_check")),
                new StructType().add("customer_key", "string").add("is_non_target", "boolean").add("non_target_reason", "string")));
        LakeSeeds.seed(jobs.lake, SilverTables.SESSIONS, TestSpark.session().createDataFrame(List.of(RowFactory.create("web", "s1", null)),
                new StructType().add("source", "string").add("session_id", "string").add("customer_key", "string")));
        var result = new TriggersJob().run(jobs.context(TriggerTransformsTest.DAY));
        assertEquals(1, result.warnings().stream().filter(w -> w.contains("leaving trigger is off")).count(), result.warnings().toString());
        assertTrue(events(jobs).stream().noneMatch(e -> e.contains("leaving")), events(jobs).toString());
        assertTrue(events(jobs).stream().anyMatch(e -> e.contains("cycle_due")), events(jobs).toString());
    }
}
