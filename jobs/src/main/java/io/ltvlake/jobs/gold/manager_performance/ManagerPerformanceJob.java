package io.ltvlake.jobs.gold.manager_performance;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.calls.CallTransforms;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The seller's part of the profit formula: per manager and month, calls handled, lead→deal
 * conversion, average check, upsell shares and repeat deals, each beside its trailing 6-month
 * value (ManagerPerformanceTransforms says who gets which call and deal). Rebuilt in full, so a
 * rerun gives the same rows.
 */
public final class ManagerPerformanceJob implements Job {

    public static final TableSpec MANAGER_PERFORMANCE = TableSpec.of("gold.manager_performance",
            "one row per manager and business month from the manager's first to last active month", List.of("manager_id", "month"),
            "Per manager and month: calls handled (answered or made), leads (unique target calls) and lead_to_deal_conversion "
                    + "(the caller opened a deal within calls.deal-window-days), deals the manager opened (the opening order's "
                    + "manager; 'unassigned' without one), first and repeat deals, revenue and average_check, immediate and "
                    + "deferred upsell shares of the orders of those deals; beside each, the value over the 6 months ending "
                    + "with the month, this month included (trailing_months says how many since the manager started): counts "
                    + "as monthly averages, ratios pooled.");

    @Override
    public String name() {
        return "manager_performance";
    }

    @Override
    public String description() {
        return "per manager and month: calls handled, lead-to-deal conversion, average check, upsells, repeat deals, trailing 6 months";
    }

    @Override
    public List<String> upstream() {
        return List.of("conform", "deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(MANAGER_PERFORMANCE);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> calls = lake.read(ConformJob.CALLS);
        Dataset<Row> deals = lake.read(DealsJob.DEALS);
        result.read(calls.count() + deals.count());
        Lake.Write write = lake.overwrite(MANAGER_PERFORMANCE, ManagerPerformanceTransforms.monthly(
                CallTransforms.withFollowingDeal(calls, deals, context.settings().calls().dealWindowDays()), deals));
        result.wrote(write);
        context.say(write.rowsWritten() + " manager-months for "
                + lake.read(MANAGER_PERFORMANCE).select("manager_id").distinct().count() + " managers");
        return result.build();
    }
}
