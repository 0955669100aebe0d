package io.ltvlake.jobs.gold.cohorts;

import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.shared.Acquisition;

import io.ltvlake.jobs.silver.ChannelsConfig;
import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Cohort retention, the LTV curve per cohort (overall, by first-touch channel and by first job),
 * and CAC, LTV/CAC and payback per channel where ad costs exist. Rebuilt in full as of the run
 * date, so a rerun gives the same rows.
 */
public final class CohortJob extends DeclaredJob {

    public CohortJob() {
        super("cohorts",
                "cohort retention and LTV curves by first-touch channel and first job; CAC, LTV/CAC and payback",
                List.of("deals"),
                List.of(CohortsTables.COHORT_RETENTION, CohortsTables.COHORT_LTV, CohortsTables.CHANNEL_CAC));
    }

    private static final StructType NO_SESSIONS = new StructType().add("source", DataTypes.StringType)
            .add("session_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType)
            .add("customer_key", DataTypes.StringType).add("utm_source", DataTypes.StringType)
            .add("utm_medium", DataTypes.StringType).add("utm_campaign", DataTypes.StringType)
            .add("referrer", DataTypes.StringType);
    private static final StructType NO_AD_COSTS = new StructType().add("date", DataTypes.DateType)
            .add("utm_source", DataTypes.StringType).add("utm_medium", DataTypes.StringType)
            .add("utm_campaign", DataTypes.StringType).add("cost", DataTypes.createDecimalType(18, 2));

    @Override
    public void validate(JobContext context) {
        ChannelRules.validateRules(context.spark(), context.settings().section(ChannelsConfig.class).rules());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        ChannelsConfig channels = context.settings().section(ChannelsConfig.class);
        context.step("read purchases");
        Dataset<Row> purchases = Acquisition.purchasesUpTo(lake.read(DealsTables.ORDER_DEALS), context.runDate());
        Dataset<Row> sessions = lake.readIfExists(SilverTables.SESSIONS)
                .orElseGet(() -> context.spark().createDataFrame(new ArrayList<Row>(), NO_SESSIONS));
        Dataset<Row> adCosts = lake.readIfExists(SilverTables.AD_COSTS)
                .orElseGet(() -> context.spark().createDataFrame(new ArrayList<Row>(), NO_AD_COSTS));
        result.read(lake.rows(DealsTables.ORDER_DEALS));

        context.step("cohort cells");
        Dataset<Row> customers = Checkpoints.eager(Acquisition.customers(purchases, lake.read(DealsTables.DEALS),
                ChannelRules.assign(sessions, channels), channels.defaultChannel()));
        Dataset<Row> cells = Checkpoints.eager(CohortTransforms.cohortCells(customers, CohortTransforms.customerMonths(purchases),
                context.runDate()));
        result.wrote(lake.overwrite(CohortsTables.COHORT_RETENTION, CohortTransforms.retention(cells)));
        result.wrote(lake.overwrite(CohortsTables.COHORT_LTV, CohortTransforms.ltv(cells)));

        Dataset<Row> costs = ChannelRules.assign(adCosts, channels);
        if (costs.isEmpty()) {
            context.say("no ad costs (silver.ad_costs is empty or absent): gold.channel_cac is written empty");
        }
        context.step("channel CAC");
        result.wrote(lake.overwrite(CohortsTables.CHANNEL_CAC, CohortTransforms.channelCac(costs, customers, lake.read(CohortsTables.COHORT_LTV),
                context.runDate())));

        context.say("the last monthly cohorts with a complete month 1, overall:");
        TextTable table = new TextTable("cohort", "customers", "month 1 retention %", "LTV month 0", "LTV month 1")
                .alignRight(1, 2, 3, 4);
        Dataset<Row> all = lake.read(CohortsTables.COHORT_LTV).filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL));
        Dataset<Row> retained = lake.read(CohortsTables.COHORT_RETENTION).filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL)
                .and(col("months_since_acquisition").equalTo(1)).and(col("is_partial_month").unary_$bang()));
        for (Row row : retained.join(all.filter(col("months_since_acquisition").equalTo(0)).select(col("cohort_month"),
                        col("cumulative_revenue_per_customer").as("ltv0")), "cohort_month")
                .join(all.filter(col("months_since_acquisition").equalTo(1)).select(col("cohort_month"),
                        col("cumulative_revenue_per_customer").as("ltv1")), "cohort_month")
                .orderBy(col("cohort_month").desc()).limit(6)
                .select("cohort_month", "cohort_customers", "retention_percent", "ltv0", "ltv1").collectAsList()) {
            table.row(row.get(0).toString(), TextTable.count(row.getLong(1)), String.format("%.1f", row.getDouble(2)),
                    row.get(3).toString(), row.get(4).toString());
        }
        table.render().lines().forEach(context::say);
        return result.build();
    }
}
