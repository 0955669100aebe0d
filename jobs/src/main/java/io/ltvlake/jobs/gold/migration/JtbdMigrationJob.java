package io.ltvlake.jobs.gold.migration;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.MigrationTransforms;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How customers move between jobs from period to period, and what each job's customers are worth. */
public final class JtbdMigrationJob extends DeclaredJob {

    public JtbdMigrationJob() {
        super("jtbd_migration",
                "JTBD migration map (month, quarter) with new and churned customers, and lifetime value per job",
                List.of("deals"),
                List.of(MigrationTables.JTBD_MIGRATION, MigrationTables.JTBD_SEGMENT_LTV));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> orderDeals = lake.read(DealsTables.ORDER_DEALS);
        result.read(lake.rows(DealsTables.ORDER_DEALS));
        Dataset<Row> map = null;
        for (MigrationTransforms.Period period : MigrationTransforms.Period.values()) {
            // the transitions read each customer's states three times (from, to, first period)
            Dataset<Row> states = Checkpoints.eager(MigrationTransforms.dominantStates(orderDeals, "deal_job", period));
            Dataset<Row> transitions = MigrationTransforms.transitions(states, period, period.start(context.runDate()));
            map = map == null ? transitions : map.unionByName(transitions);
        }
        map = map.withColumnRenamed("from_state", "from_job").withColumnRenamed("to_state", "to_job");
        result.wrote(lake.overwrite(MigrationTables.JTBD_MIGRATION, map));
        result.wrote(lake.overwrite(MigrationTables.JTBD_SEGMENT_LTV, MigrationTransforms.segmentLifetimeValue(
                orderDeals.drop("job").withColumnRenamed("deal_job", "job"), "job")));
        return result.build();
    }
}
