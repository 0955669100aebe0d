package io.ltvlake.jobs.delivery.report;

import io.ltvlake.common.testing.LakeSeeds;
import static io.ltvlake.jobs.delivery.report.ReportTransformsTest.date;
import static io.ltvlake.jobs.delivery.report.ReportTransformsTest.money;
import static io.ltvlake.jobs.delivery.report.ReportTransformsTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.cohorts.CohortsTables;
import io.ltvlake.jobs.gold.deal_metrics.DealMetricsTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.migration.MigrationTables;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The report job on a temporary lake of small hand-made gold marts: first without the attribution
 * and funnel marts, then with them added (so the tests run in order on one lake).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportJobTest {

    private static final LocalDate RUN = LocalDate.of(2026, 3, 10);

    private final TestJobs jobs = new TestJobs();

    @BeforeAll
    void goldMarts() {
        LakeSeeds.seed(jobs.lake, DealsTables.DEAL_INFLATION, rows(ReportTransformsTest.DEAL_INFLATION,
                RowFactory.create(date("2026-01-01"), 8L, 8L, 5L, money("1000.00")),
                RowFactory.create(date("2026-02-01"), 4L, 3L, 3L, money("600.00"))));
        LakeSeeds.seed(jobs.lake, DealMetricsTables.REPEAT_DEAL_METRICS, rows(ReportTransformsTest.REPEAT_DEAL_METRICS,
                RowFactory.create(1, 6L), RowFactory.create(2, 2L)));
        LakeSeeds.seed(jobs.lake, CohortsTables.COHORT_RETENTION, rows(ReportTransformsTest.COHORT_RETENTION,
                RowFactory.create("all", "all", date("2026-01-01"), 0, false, 4L, 100.0),
                RowFactory.create("all", "all", date("2026-01-01"), 1, false, 4L, 50.0),
                RowFactory.create("all", "all", date("2026-02-01"), 0, false, 2L, 100.0)));
        LakeSeeds.seed(jobs.lake, CohortsTables.COHORT_LTV, rows(ReportTransformsTest.COHORT_LTV,
                RowFactory.create("all", "all", date("2026-01-01"), 0, false, 4L, money("400.00"), money("100.00")),
                RowFactory.create("all", "all", date("2026-01-01"), 1, false, 4L, money("600.00"), money("150.00")),
                RowFactory.create("first_touch_channel", "email", date("2026-01-01"), 0, false, 4L, money("400.00"), money("100.00"))));
        LakeSeeds.seed(jobs.lake, RfmTables.SEGMENT_SUMMARY, rows(ReportTransformsTest.SEGMENT_SUMMARY,
                RowFactory.create(date("2026-02-28"), "champions", "Champions", 2L, 0.5, money("800.00"), 0.8, 3.0, 2.5, money("400.00")),
                RowFactory.create(date("2026-02-28"), "cant_lose_them", "Can't Lose Them", 2L, 0.5, money("200.00"), 0.2, 40.0, 1.0, money("100.00"))));
        LakeSeeds.seed(jobs.lake, MigrationTables.JTBD_MIGRATION, rows(ReportTransformsTest.JTBD_MIGRATION,
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "gaming", "gaming", 2L, money("200.00"), money("250.00")),
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "gaming", "churned", 2L, money("200.00"), money("0.00"))));
        LakeSeeds.seed(jobs.lake, RfmTables.MIGRATION, rows(ReportTransformsTest.RFM_MIGRATION,
                RowFactory.create(date("2026-01-31"), date("2026-02-28"), "new", "champions", 2L, money("0.00"), money("800.00"))));
    }

    private Path reports() {
        return jobs.root.resolve(ReportJob.FOLDER);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(reports())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void writesOneSelfContainedFilePerRunDateAndARerunReplacesIt() throws Exception {
        new ReportJob().run(jobs.context(RUN));
        Path report = reports().resolve("ltvlake-report-2026-03-10.html");
        assertEquals(List.of("ltvlake-report-2026-03-10.html"), files(), "no temporary or checksum file is left");
        String html = Files.readString(report, StandardCharsets.UTF_8);
        // headline from the marts: 1,000 + 600 revenue; 8 + 4 raw purchase orders; 5 + 3 deals; 2 of 6 customers came back
        assertTrue(html.contains("<div class=\"value\">1,600</div>"), "revenue");
        assertTrue(html.contains("<div class=\"value\">8</div><div class=\"note\">12 purchase orders in the export; "
                + "1.38 orders per deal (known customers)</div>"), "11 orders of known customers / 8 deals = 1.375");
        assertTrue(html.contains("<div class=\"value\">33.3 %</div>"), "repeat rate 2 / 6");
        assertTrue(html.contains("Can&#39;t Lose Them"), "segment names are escaped");
        assertTrue(html.contains("2026-01 → 2026-02: 4 customers"), "the JTBD matrix of the last complete month");
        assertTrue(html.contains("2026-01-31 → 2026-02-28: 2 customers"), "the RFM matrix");
        assertTrue(html.contains("<p class=\"absent\">gold.channel_conversions is not computed in this lake"), html);
        assertTrue(html.contains("<p class=\"absent\">gold.profit_funnel is not computed in this lake"), html);
        assertTrue(jobs.printed().contains("not in this lake, shown as a note: assisted conversions"), jobs.printed());

        new ReportJob().run(jobs.context(RUN));
        assertEquals(html, Files.readString(report, StandardCharsets.UTF_8), "a rerun writes the same report");
        assertEquals(List.of("ltvlake-report-2026-03-10.html"), files());
    }

    @Test
    @Order(2)
    void theChannelAndFunnelSectionsAppearWhenTheirMartsExistAndTheReportRendersInABrowser() throws Exception {
        TestJobs lake = jobs;
        LakeSeeds.seed(lake.lake, io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables.CHANNEL_CONVERSIONS, rows(ReportTransformsTest.CHANNEL_CONVERSIONS,
                RowFactory.create("display", "month", date("2026-02-01"), 1L, money("100.00"), 4L)));
        // a funnel mart without a leads column: the section says what it lacks rather than failing the report
        LakeSeeds.seed(lake.lake, io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelTables.PROFIT_FUNNEL, rows(ReportTransformsTest.PROFIT_FUNNEL,
                RowFactory.create(date("2026-02-01"), "display", 100L, 10L, 1L, 1L, money("100.00"))).drop("leads"));
        LocalDate day = LocalDate.of(2026, 3, 11);
        new ReportJob().run(lake.context(day));
        Path report = lake.root.resolve(ReportJob.FOLDER).resolve(ReportJob.fileName(day));
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertFalse(html.contains("gold.channel_conversions is not computed"), html);
        assertTrue(html.contains("assisted/last 4"), "display assisted 4 conversions for 1 it closed");
        assertTrue(html.contains("<p class=\"absent\">gold.profit_funnel has no column leads, which this section needs.</p>"), html);

        Optional<Path> chromium = ReportBrowser.find();
        if (chromium.isPresent()) {
            ReportBrowser.Verdict verdict = ReportBrowser.open(chromium.get(), report);
            assertEquals(ReportPage.RENDERED, verdict.status(), verdict.attributes() + " " + verdict.consoleLines());
        }
    }
}
