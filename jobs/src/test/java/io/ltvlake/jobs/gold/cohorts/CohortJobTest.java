package io.ltvlake.jobs.gold.cohorts;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The cohorts job on a temporary lake holding the hand-written rows of {@link CohortTransformsTest}. */
class CohortJobTest {

    private static final LocalDate RUN_DATE = LocalDate.parse("2026-03-31");

    private static TestJobs lakeWith(boolean adCosts) {
        TestJobs t = new TestJobs();
        LakeSeeds.seed(t.lake, DealsTables.ORDER_DEALS, CohortTransformsTest.orderDeals());
        LakeSeeds.seed(t.lake, DealsTables.DEALS, CohortTransformsTest.deals());
        LakeSeeds.seed(t.lake, SilverTables.SESSIONS, CohortTransformsTest.sessions().withColumn("source", org.apache.spark.sql.functions.lit("shop")));
        if (adCosts) {
            LakeSeeds.seed(t.lake, SilverTables.AD_COSTS, CohortTransformsTest.adCosts().withColumn("source", org.apache.spark.sql.functions.lit("shop")));
        }
        return t;
    }

    @Test
    void aRerunOfTheSameDateGivesTheSameRows() {
        TestJobs t = lakeWith(true);
        CohortJob job = new CohortJob();
        job.validate(t.context(RUN_DATE));
        job.run(t.context(RUN_DATE));
        Map<TableSpec, Dataset<Row>> first = new HashMap<>();
        for (TableSpec table : job.outputs()) {
            first.put(table, t.lake.read(table).localCheckpoint(true));
        }
        job.run(t.context(RUN_DATE));
        for (TableSpec table : job.outputs()) {
            Dataset<Row> again = t.lake.read(table);
            assertEquals(first.get(table).count(), again.count(), table.name());
            assertEquals(0, first.get(table).exceptAll(again).count(), table.name());
            assertEquals(0, again.exceptAll(first.get(table)).count(), table.name());
        }
        // the transforms' rows (values checked in CohortTransformsTest): 3 months of Jan, 2 of Feb, for 7 split values
        assertEquals(21, t.lake.read(CohortsTables.COHORT_RETENTION).count());
        assertEquals(5, t.lake.read(CohortsTables.CHANNEL_CAC).count());
        // the cohorts with a complete month 1, latest first, as each of the two runs prints them (CohortTransformsTest's
        // rows; March is complete on the 31st): Feb {c3}, kept by its March upsell, LTV 90 then 90 + 10;
        // Jan {c1, c2}, half kept by c2's February repeat, LTV 320 / 2 = 160 then 360 / 2 = 180
        List<String> febCohort = List.of("2026-02-01", "1", "100.0", "90.00", "100.00");
        List<String> janCohort = List.of("2026-01-01", "2", "50.0", "160.00", "180.00");
        assertEquals(List.of(febCohort, janCohort, febCohort, janCohort), t.printed().lines().map(String::trim)
                .filter(line -> line.startsWith("2026-")).map(line -> List.of(line.split("\\s+"))).toList(), t.printed());
    }

    @Test
    void withoutAdCostsTheCacTableIsWrittenEmptyAndTheJobSaysSo() {
        TestJobs t = lakeWith(false);
        new CohortJob().run(t.context(RUN_DATE));
        assertEquals(0, t.lake.read(CohortsTables.CHANNEL_CAC).count());
        assertEquals(21, t.lake.read(CohortsTables.COHORT_LTV).count());
        assertTrue(t.printed().contains("no ad costs"), t.printed());
    }
}
