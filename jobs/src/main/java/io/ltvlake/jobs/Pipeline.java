package io.ltvlake.jobs;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.calls.CallsJob;
import io.ltvlake.jobs.gold.associated_conversions.AttributionJob;
import io.ltvlake.jobs.gold.campaign_effect.CampaignEffectJob;
import io.ltvlake.jobs.gold.campaign_effect.ContactPressureJob;
import io.ltvlake.jobs.gold.clv.ClvJob;
import io.ltvlake.jobs.gold.cohorts.CohortJob;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.gold.deals.DealInflationJob;
import io.ltvlake.jobs.gold.cycles.CyclesJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.journey.JourneyJob;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.gold.migration.JtbdMigrationJob;
import io.ltvlake.jobs.gold.deal_metrics.RepeatDealsJob;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityJob;
import io.ltvlake.jobs.gold.manager_performance.ManagerPerformanceJob;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelJob;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import io.ltvlake.jobs.delivery.extracts.ExtractsJob;
import io.ltvlake.jobs.delivery.postgres.PublishJob;
import io.ltvlake.jobs.delivery.report.ReportJob;
import io.ltvlake.jobs.gold.profitability.ProfitabilityJob;
import io.ltvlake.jobs.gold.rfm.RfmJob;
import io.ltvlake.jobs.gold.rfm.SegmentValueJob;
import io.ltvlake.jobs.gold.triggers.TriggersJob;
import java.util.ArrayList;
import java.util.List;

/** The nightly pipeline: every job, in the order it is declared; the registry derives the graph. */
public final class Pipeline {

    private Pipeline() {}

    public static JobRegistry registry() {
        List<Job> marts = List.of(new IngestJob(), new ConformJob(), new JtbdJob(), new DealsJob(),
                new DealInflationJob(), new RepeatDealsJob(), new JtbdMigrationJob(), new ProfitabilityJob(), new RfmJob(), new ClvJob(),
                new SegmentValueJob(), new CohortJob(), new CallsJob(), new ManagerPerformanceJob(), new BasketAffinityJob(),
                new AttributionJob(), new ProfitFunnelJob(), new JourneyJob(), new CampaignEffectJob(),
                new ContactPressureJob(), new CyclesJob(), new TriggersJob());
        return new JobRegistry(withDelivery(marts));
    }

    /**
     * The jobs that build the lake, then the ones that deliver it: the HTML report (it reads the marts
     * it draws), then publish (PostgreSQL) and extracts (files), which run last, after every job that
     * writes a gold table, and pick up each gold table of {@code marts} on their own.
     */
    static List<Job> withDelivery(List<Job> marts) {
        List<Job> all = new ArrayList<>(marts);
        all.add(new ReportJob());
        all.add(new PublishJob(marts));
        all.add(new ExtractsJob(marts));
        return List.copyOf(all);
    }

    /** Every table of the lake, for SQL and the catalogue. */
    public static List<TableSpec> tables() {
        return registry().tables();
    }
}
