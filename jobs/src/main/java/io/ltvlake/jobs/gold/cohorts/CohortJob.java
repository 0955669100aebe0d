package io.ltvlake.jobs.gold.cohorts;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
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
public final class CohortJob implements Job {

    private static final List<String> CELL_KEY = List.of("split_type", "split_value", "cohort_month", "months_since_acquisition");

    public static final TableSpec COHORT_RETENTION = TableSpec.of("gold.cohort_retention",
            "one row per split, cohort month and month since acquisition", CELL_KEY,
            "Cohort retention: customers by the month of their first purchase (split_type all, first_touch_channel or "
                    + "first_job), and for each month since acquisition (0 = the cohort month) up to the run month: cohort "
                    + "size, active customers (a purchase in the month, upsells count), retention_percent of the cohort, "
                    + "orders, deals opened and revenue. is_partial_month marks the run month before its end.");
    public static final TableSpec COHORT_LTV = TableSpec.of("gold.cohort_ltv",
            "one row per split, cohort month and month since acquisition", CELL_KEY,
            "The LTV curve: per split and cohort, revenue and cumulative revenue per cohort customer by month since "
                    + "acquisition; margin and cumulative margin per customer while every order so far has a unit cost "
                    + "(null after a month with an uncosted order).");
    public static final TableSpec CHANNEL_CAC = TableSpec.of("gold.channel_cac", "one row per channel and month with ad costs",
            List.of("acquisition_month", "channel"),
            "Customer acquisition cost per channel and month: ad cost / new customers whose first touch was the channel; "
                    + "LTV (cumulative revenue per customer) after 3, 6 and 12 months counting the acquisition month and "
                    + "LTV/CAC; payback_month = first month since acquisition whose cumulative margin (payback_basis: "
                    + "revenue when costs are unknown) per customer reaches the CAC. Empty without ad costs.");

    private static final StructType NO_SESSIONS = new StructType().add("source", DataTypes.StringType)
            .add("session_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType)
            .add("customer_key", DataTypes.StringType).add("utm_source", DataTypes.StringType)
            .add("utm_medium", DataTypes.StringType).add("utm_campaign", DataTypes.StringType)
            .add("referrer", DataTypes.StringType);
    private static final StructType NO_AD_COSTS = new StructType().add("date", DataTypes.DateType)
            .add("utm_source", DataTypes.StringType).add("utm_medium", DataTypes.StringType)
            .add("utm_campaign", DataTypes.StringType).add("cost", DataTypes.createDecimalType(18, 2));

    @Override
    public String name() {
        return "cohorts";
    }

    @Override
    public String description() {
        return "cohort retention and LTV curves by first-touch channel and first job; CAC, LTV/CAC and payback";
    }

    @Override
    public List<String> upstream() {
        return List.of("deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(COHORT_RETENTION, COHORT_LTV, CHANNEL_CAC);
    }

    @Override
    public void validate(JobContext context) {
        ChannelRules.validateRules(context.spark(), context.settings().channels().rules());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Settings.ChannelSettings channels = context.settings().channels();
        Dataset<Row> purchases = CohortTransforms.purchasesUpTo(lake.read(DealsJob.ORDER_DEALS), context.runDate());
        Dataset<Row> sessions = lake.readIfExists(ConformJob.SESSIONS)
                .orElseGet(() -> context.spark().createDataFrame(new ArrayList<Row>(), NO_SESSIONS));
        Dataset<Row> adCosts = lake.readIfExists(ConformJob.AD_COSTS)
                .orElseGet(() -> context.spark().createDataFrame(new ArrayList<Row>(), NO_AD_COSTS));
        result.read(purchases.count());

        Dataset<Row> customers = CohortTransforms.customers(purchases, lake.read(DealsJob.DEALS),
                ChannelRules.assign(sessions, channels), channels.defaultChannel()).localCheckpoint(true);
        Dataset<Row> cells = CohortTransforms.cohortCells(customers, CohortTransforms.customerMonths(purchases),
                context.runDate()).localCheckpoint(true);
        result.wrote(lake.overwrite(COHORT_RETENTION, CohortTransforms.retention(cells)));
        result.wrote(lake.overwrite(COHORT_LTV, CohortTransforms.ltv(cells)));

        Dataset<Row> costs = ChannelRules.assign(adCosts, channels);
        if (costs.isEmpty()) {
            context.say("no ad costs (silver.ad_costs is empty or absent): gold.channel_cac is written empty");
        }
        result.wrote(lake.overwrite(CHANNEL_CAC, CohortTransforms.channelCac(costs, customers, lake.read(COHORT_LTV),
                context.runDate())));

        context.say(customers.count() + " customers in " + customers.select("cohort_month").distinct().count()
                + " monthly cohorts; the last complete cohorts, overall:");
        TextTable table = new TextTable("cohort", "customers", "month 1 retention %", "LTV month 0", "LTV month 1")
                .alignRight(1, 2, 3, 4);
        Dataset<Row> all = lake.read(COHORT_LTV).filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL));
        Dataset<Row> retained = lake.read(COHORT_RETENTION).filter(col("split_type").equalTo(CohortTransforms.SPLIT_ALL)
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
