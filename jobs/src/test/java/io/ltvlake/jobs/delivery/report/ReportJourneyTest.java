package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.journey.JourneyTransforms;
import io.ltvlake.jobs.gold.journey.JourneyTransformsTest;
import io.ltvlake.jobs.gold.shared.PlanLevels;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The journey section's data read from the marts the journey job writes, on the two months of the journey tests. */
class ReportJourneyTest {

    @Test
    void theLatestCompleteMonthWithItsFunnelFactorsAndPlan() {
        Dataset<Row> people = JourneyTransformsTest.twoMonths().personPeriods(JourneyTransformsTest.MONTHS).cache();
        Dataset<Row> stages = JourneyTransforms.stages(JourneyTransforms.cells(people), Optional.empty(), JourneyTransformsTest.MONTHS,
                JourneyTransformsTest.TWO_WEEKS_FROM, JourneyTransformsTest.RUN_DATE);
        Dataset<Row> formula = JourneyTransforms.formula(JourneyTransforms.cells(people), JourneyTransformsTest.RUN_DATE);
        Dataset<Row> plan = JourneyTransforms.formulaPlan(formula, TestSpark.session().createDataFrame(List.of(
                RowFactory.create(null, "(all)", "revenue", new BigDecimal("400"), new BigDecimal("500"), new BigDecimal("600"))),
                PlanLevels.LINE), List.of("revenue"));
        ReportJourney.Journey journey = ReportJourney.read(stages, formula, plan, JourneyTransformsTest.RUN_DATE,
                Dataset::collectAsList);
        // April has no row: March is the latest month, complete on 15 April
        assertEquals(LocalDate.of(2026, 3, 1), journey.month());
        assertEquals(List.of("reach", "visitors", "leads", "first_buyers", "repeat_buyers", "loyal_buyers", "refusals"),
                journey.stages().stream().map(ReportJourney.Stage::stage).toList());
        assertNull(journey.stages().get(0).people());
        assertEquals(20L, journey.stages().get(1).people());
        assertEquals(2L, journey.stages().get(3).people());   // m0, m1 first deals
        assertFalse(journey.stages().stream().anyMatch(ReportJourney.Stage::weakest), "no step has a median to fall below");
        assertEquals(new BigDecimal("200.00"), journey.previousRevenue());
        assertEquals(new BigDecimal("480.00"), journey.revenue());
        assertEquals(List.of(new ReportJourney.Factor("visitors", 20.0, new BigDecimal("221.69")),
                new ReportJourney.Factor("visitor → buyer conversion", 0.1, new BigDecimal("-221.69")),
                new ReportJourney.Factor("average check", 120.0, new BigDecimal("58.31")),
                new ReportJourney.Factor("deals per buyer", 2.0, new BigDecimal("221.69"))), journey.factors());
        assertEquals(List.of(new ReportJourney.Attainment("revenue", 480.0, 400.0, 500.0, 600.0, "min_to_base", 0.96)),
                journey.plan());
    }
}
