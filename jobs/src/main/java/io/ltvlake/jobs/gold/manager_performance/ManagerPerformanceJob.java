package io.ltvlake.jobs.gold.manager_performance;

import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The seller's part of the profit formula: per manager and month, calls handled, lead→first-deal
 * conversion, average check, upsell shares and repeat deals, each beside its trailing 6-month
 * value (ManagerPerformanceTransforms says who gets which call and deal). Rebuilt in full, so a
 * rerun gives the same rows.
 */
public final class ManagerPerformanceJob extends DeclaredJob {

    public ManagerPerformanceJob() {
        super("manager_performance",
                "per manager and month: calls handled, lead-to-first-deal conversion, average check, upsells, repeat deals, trailing 6 months",
                List.of("conform", "deals", "attribution"),
                List.of(ManagerPerformanceTables.MANAGER_PERFORMANCE));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> calls = lake.read(SilverTables.CALLS);
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        result.read(lake.rows(SilverTables.CALLS)).read(lake.rows(DealsTables.DEALS));
        CallsConfig callSettings = context.settings().section(CallsConfig.class);
        Dataset<Row> leads = Leads.withFirstDeal(lake.read(AssociatedConversionsTables.LEADS), deals, callSettings.dealWindowDays());
        Lake.Write write = lake.overwrite(ManagerPerformanceTables.MANAGER_PERFORMANCE,
                ManagerPerformanceTransforms.monthly(calls, leads, deals));
        result.wrote(write);
        context.say(write.rowsWritten() + " manager-months");
        return result.build();
    }
}
