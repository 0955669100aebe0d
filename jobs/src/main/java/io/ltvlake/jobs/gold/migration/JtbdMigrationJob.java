package io.ltvlake.jobs.gold.migration;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.deals.DealsJob;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How customers move between jobs from period to period, and what each job's customers are worth. */
public final class JtbdMigrationJob implements Job {

    public static final TableSpec JTBD_MIGRATION = TableSpec.of("gold.jtbd_migration",
            "one row per period type, from-period, from-job and to-job",
            List.of("period_type", "from_period", "from_job", "to_job"),
            "JTBD migration map for months and quarters: each customer's dominant job (most revenue) in a period -> "
                    + "in the next, with customers, from_revenue and to_revenue. from_job 'new' = first purchase, "
                    + "'none' = back after a period without purchases; to_job 'churned' = no purchase in the next period.");
    public static final TableSpec JTBD_SEGMENT_LTV = TableSpec.of("gold.jtbd_segment_ltv", "one row per job", List.of("job"),
            "Lifetime value per job so far: customers with a deal of the job, deals, revenue, revenue per customer, "
                    + "active customer-months and revenue per active month, and those customers' lifetime revenue "
                    + "(all jobs) per customer.");

    @Override
    public String name() {
        return "jtbd_migration";
    }

    @Override
    public String description() {
        return "JTBD migration map (month, quarter) with new and churned customers, and lifetime value per job";
    }

    @Override
    public List<String> upstream() {
        return List.of("deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(JTBD_MIGRATION, JTBD_SEGMENT_LTV);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> orderDeals = lake.read(DealsJob.ORDER_DEALS);
        result.read(orderDeals.count());
        Dataset<Row> map = null;
        for (MigrationTransforms.Period period : MigrationTransforms.Period.values()) {
            Dataset<Row> transitions = MigrationTransforms.transitions(
                    MigrationTransforms.dominantStates(orderDeals, "deal_job", period), period, period.start(context.runDate()));
            map = map == null ? transitions : map.unionByName(transitions);
        }
        map = map.withColumnRenamed("from_state", "from_job").withColumnRenamed("to_state", "to_job");
        result.wrote(lake.overwrite(JTBD_MIGRATION, map));
        result.wrote(lake.overwrite(JTBD_SEGMENT_LTV, MigrationTransforms.segmentLifetimeValue(
                orderDeals.drop("job").withColumnRenamed("deal_job", "job"), "job")));
        return result.build();
    }
}
