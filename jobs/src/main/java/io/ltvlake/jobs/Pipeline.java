package io.ltvlake.jobs;

import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.attribution.AttributionJob;
import io.ltvlake.jobs.cohorts.clv.ClvJob;
import io.ltvlake.jobs.cohorts.CohortJob;
import io.ltvlake.jobs.conform.ConformJob;
import io.ltvlake.jobs.deals.DealInflationJob;
import io.ltvlake.jobs.deals.DealsJob;
import io.ltvlake.jobs.deals.JtbdJob;
import io.ltvlake.jobs.deals.JtbdMigrationJob;
import io.ltvlake.jobs.deals.RepeatDealsJob;
import io.ltvlake.jobs.funnel.ProfitFunnelJob;
import io.ltvlake.jobs.ingest.IngestJob;
import io.ltvlake.jobs.rfm.RfmJob;
import java.util.List;

/** The nightly pipeline: every job, in the order it is declared; the registry derives the graph. */
public final class Pipeline {

    private Pipeline() {}

    public static JobRegistry registry() {
        return new JobRegistry(List.of(new IngestJob(), new ConformJob(), new JtbdJob(), new DealsJob(),
                new DealInflationJob(), new RepeatDealsJob(), new JtbdMigrationJob(), new RfmJob(), new ClvJob(), new CohortJob(),
                new AttributionJob(), new ProfitFunnelJob()));
    }

    /** Every table of the lake, for SQL and the catalogue. */
    public static List<TableSpec> tables() {
        return registry().tables();
    }
}
