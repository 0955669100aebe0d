package io.ltvlake.jobs.gold.profitability;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Customer profitability as of the run date, and the non-target flag the RFM map, triggers and extracts honour. */
public final class ProfitabilityJob extends DeclaredJob {

    public ProfitabilityJob() {
        super("profitability",
                "per-customer deals, average check and margin, and non-target customers (targeting.*)",
                List.of("deals"),
                List.of(ProfitabilityTables.CUSTOMER_PROFITABILITY));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        TargetingConfig targeting = context.settings().section(TargetingConfig.class);
        Dataset<Row> deals = context.lake().read(DealsTables.DEALS);
        if (targeting.negativeMargin() && deals.filter(col("margin").isNotNull()).isEmpty()) {
            context.warn(result, "no deal has a known cost (unit_cost): the negative-margin rule (targeting.negative-margin) "
                    + "cannot apply; the average-check rule still does");
        }
        context.step("measure customers and flag non-target ones");
        Lake.Write write = context.lake().overwrite(ProfitabilityTables.CUSTOMER_PROFITABILITY,
                ProfitabilityTransforms.customerProfitability(deals, context.runDate(), targeting));
        result.wrote(write);
        return result.build();
    }
}
