package io.ltvlake.jobs.delivery.report;

import io.ltvlake.jobs.gold.rfm.RfmConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.delivery.report.ReportPage.Part;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.campaign_effect.CampaignEffectTables;
import io.ltvlake.jobs.gold.campaign_effect.CampaignsConfig;
import io.ltvlake.jobs.gold.cohorts.CohortsTables;
import io.ltvlake.jobs.gold.deal_metrics.DealMetricsTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.journey.JourneyTables;
import io.ltvlake.jobs.gold.migration.MigrationTables;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelTables;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.ltvlake.jobs.gold.cycles.CyclesTables;
import io.ltvlake.jobs.gold.profitability.ProfitabilityTables;
import io.ltvlake.jobs.gold.triggers.TriggersTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The HTML report for marketing leads: one self-contained file per run date, {@code
 * <lake>/reports/ltvlake-report-<run date>.html}, written atomically (a rerun replaces it). It
 * reads only small gold marts and collects only their aggregates. A mart that is not in the lake
 * (or lacks the columns a section needs) becomes a note in its section, not a failure, so the
 * report shows what the lake has.
 */
public final class ReportJob extends DeclaredJob {

    public ReportJob() {
        super("report",
                "HTML report for marketing leads: headline, cohorts and LTV, RFM, migration maps, channels, funnel, journey in people, triggers, campaign effect",
                List.of("deal_inflation", "repeat_deals", "jtbd_migration", "rfm", "cohorts", "attribution", "profit_funnel",
                        "journey", "cycles", "triggers", "profitability", "campaign_effect", "contact_pressure"),
                List.of());
    }

    /** Folder of the reports under the lake root. */
    public static final String FOLDER = "reports";

    /** Months of raw orders against deals in the headline chart. */
    static final int ORDER_MONTHS = 12;

    /**
     * gold.channel_conversions and gold.profit_funnel are written by the attribution and funnel
     * jobs; the report reads them by name when they are in the lake. (Their specs belong to those
     * jobs; these stand-ins only locate the tables.)
     */

    /** The report's file name for a run date. */
    public static String fileName(LocalDate runDate) {
        return "ltvlake-report-" + runDate + ".html";
    }

    @Override
    public JobResult run(JobContext context) throws Exception {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        LocalDate date = context.runDate();
        ReportConfig settings = context.settings().section(ReportConfig.class);
        Counter rows = new Counter();

        Part<ReportPage.Headline> headline = section(lake, List.of(DealsTables.DEAL_INFLATION,
                DealMetricsTables.REPEAT_DEAL_METRICS), List.of(), t -> ReportRows.headline(
                rows.count(ReportTransforms.headline(t.get(0), t.get(1), date)).get(0)));
        Part<List<ReportPage.MonthOrders>> months = section(lake, List.of(DealsTables.DEAL_INFLATION), List.of(),
                t -> ReportRows.months(rows.count(ReportTransforms.ordersAgainstDeals(t.get(0), date, ORDER_MONTHS))));
        Part<List<ReportPage.RetentionCell>> retention = section(lake, List.of(CohortsTables.COHORT_RETENTION), List.of(),
                t -> ReportRows.retention(rows.count(ReportTransforms.retention(t.get(0), date, settings.cohorts(),
                        settings.monthsSinceAcquisition()))));
        Part<List<ReportPage.CurvePoint>> curves = section(lake, List.of(CohortsTables.COHORT_LTV), List.of(),
                t -> ReportRows.cohortCurves(rows.count(ReportTransforms.ltvCurves(t.get(0), date, settings.ltvCohorts(),
                        settings.monthsSinceAcquisition()))));
        Part<List<ReportPage.CurvePoint>> channelCurves = section(lake, List.of(CohortsTables.COHORT_LTV), List.of(),
                t -> ReportRows.channelCurves(rows.count(ReportTransforms.ltvByChannel(t.get(0),
                        settings.monthsSinceAcquisition()))));
        Part<List<ReportPage.Segment>> segments = section(lake, List.of(RfmTables.SEGMENT_SUMMARY), List.of(),
                t -> ReportRows.segments(rows.count(ReportTransforms.latestSegments(t.get(0), date))));
        Part<ReportPage.Matrix> jtbd = section(lake, List.of(MigrationTables.JTBD_MIGRATION), List.of(),
                t -> ReportRows.jtbdMatrix(rows.count(ReportTransforms.jtbdTransitions(t.get(0), settings.jtbdMigrationPeriod(),
                        date))));
        Part<ReportPage.Matrix> rfm = section(lake, List.of(RfmTables.MIGRATION), List.of(),
                t -> ReportRows.rfmMatrix(rows.count(ReportTransforms.rfmTransitions(t.get(0), date)),
                        context.settings().section(RfmConfig.class).segments()));
        Part<List<ReportPage.ChannelConversions>> channels = section(lake, List.of(AssociatedConversionsTables.CHANNEL_CONVERSIONS),
                ReportTransforms.CHANNEL_CONVERSION_COLUMNS,
                t -> ReportRows.channelConversions(rows.count(ReportTransforms.channelConversions(t.get(0), date))));
        Part<ReportPage.Funnel> funnel = section(lake, List.of(ProfitFunnelTables.PROFIT_FUNNEL), ReportTransforms.PROFIT_FUNNEL_COLUMNS,
                t -> ReportRows.funnel(rows.count(ReportTransforms.profitFunnel(t.get(0), date)), date));

        Part<ReportJourney.Journey> journey = section(lake, List.of(JourneyTables.JOURNEY_STAGES, JourneyTables.PROFIT_FORMULA,
                        JourneyTables.PROFIT_FORMULA_PLAN), List.of(),
                t -> ReportJourney.read(t.get(0), t.get(1), t.get(2), date, rows::count));

        ReportPage.Content content = new ReportPage.Content(settings.title(), date, headline, months, retention, curves,
                channelCurves, segments, jtbd, rfm, channels, funnel, journey);
        String triggers = ReportTriggersSection.render(
                lake.readIfExists(TriggersTables.TRIGGER_EVENTS).map(t -> rows.count(TriggerReportTransforms.triggersFired(t, date)))
                        .orElse(null),
                lake.readIfExists(CyclesTables.JOB_CYCLES).map(t -> rows.count(t.orderBy("job"))).orElse(null),
                lake.readIfExists(ProfitabilityTables.CUSTOMER_PROFITABILITY).map(t -> rows.count(
                        TriggerReportTransforms.nonTargetShares(t, lake.read(SilverTables.CUSTOMERS))).get(0)).orElse(null));
        String campaigns = ReportCampaignsSection.render(
                lake.readIfExists(CampaignEffectTables.CAMPAIGN_EFFECT)
                        .map(t -> rows.count(CampaignReportTransforms.campaignsOverAllWeeks(t))).orElse(null),
                lake.readIfExists(CampaignEffectTables.CONTACT_PRESSURE)
                        .map(t -> rows.count(CampaignReportTransforms.pressureByWeek(t, date))).orElse(null),
                context.settings().section(CampaignsConfig.class).maxPerWeek());
        String written = ReportWriter.write(context.spark().sparkContext().hadoopConfiguration(),
                lake.root() + "/" + FOLDER, fileName(date), ReportPage.render(content, List.of(triggers, campaigns)));
        result.read(rows.total);
        context.say("report written: " + written);
        for (String absent : content.absentSections()) {
            context.say("not in this lake, shown as a note: " + absent);
        }
        return result.build();
    }

    /** Rows collected for the report, all of them small aggregates. */
    private static final class Counter {
        long total;

        List<Row> count(Dataset<Row> rows) {
            List<Row> collected = rows.collectAsList();
            total += collected.size();
            return collected;
        }
    }

    /** A section from its tables, or a note naming the first table that is missing or lacks columns. */
    private static <T> Part<T> section(Lake lake, List<TableSpec> tables, List<String> columns,
                                       Function<List<Dataset<Row>>, T> build) {
        List<Dataset<Row>> read = new ArrayList<>();
        for (TableSpec table : tables) {
            Optional<Dataset<Row>> rows = lake.readIfExists(table);
            if (rows.isEmpty()) {
                return Part.missing(table.name() + " is not computed in this lake, so this section is empty.");
            }
            List<String> missing = ReportTransforms.missingColumns(rows.get(), columns);
            if (!missing.isEmpty()) {
                return Part.missing(table.name() + " has no column " + String.join(", ", missing)
                        + ", which this section needs.");
            }
            read.add(rows.get());
        }
        return Part.of(build.apply(read));
    }
}
