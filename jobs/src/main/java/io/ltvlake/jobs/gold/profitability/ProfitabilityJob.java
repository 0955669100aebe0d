package io.ltvlake.jobs.gold.profitability;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.cohorts.CohortsTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.Acquisition;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Customer profitability as of the run date, with each customer's acquisition cost (their first touch channel's CAC
 * from gold.channel_cac), and the non-target flag the RFM map, triggers and extracts honour.
 */
public final class ProfitabilityJob extends DeclaredJob {

    public ProfitabilityJob() {
        super("profitability",
                "per-customer deals, average check, margin and acquisition cost, and non-target customers (targeting.*)",
                List.of("deals", "cohorts"),
                List.of(ProfitabilityTables.CUSTOMER_PROFITABILITY));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        TargetingConfig targeting = context.settings().section(TargetingConfig.class);
        Dataset<Row> deals = context.lake().read(DealsTables.DEALS);
        result.read(context.lake().rows(DealsTables.DEALS));
        if (targeting.negativeMargin() && deals.filter(col("margin").isNotNull()).isEmpty()) {
            context.warn(result, "no deal has a known cost (unit_cost): the negative-margin rule (targeting.negative-margin) "
                    + "cannot apply; the average-check rule still does");
        }
        context.step("measure customers and flag non-target ones");
        Lake lake = context.lake();
        ChannelsConfig channels = context.settings().section(ChannelsConfig.class);
        // the acquisition gold.channel_cac counts new customers by, so each customer's cost is their channel's CAC
        Dataset<Row> acquisitions = Acquisition.customers(Acquisition.purchasesUpTo(lake.read(DealsTables.ORDER_DEALS),
                        context.runDate()), deals, ChannelRules.assign(lake.read(SilverTables.SESSIONS), channels),
                channels.defaultChannel());
        Lake.Write write = lake.overwrite(ProfitabilityTables.CUSTOMER_PROFITABILITY, ProfitabilityTransforms.withAcquisitionCost(
                ProfitabilityTransforms.customerProfitability(deals, context.runDate(), targeting), acquisitions,
                lake.read(CohortsTables.CHANNEL_CAC)));
        result.wrote(write);
        return result.build();
    }
}
