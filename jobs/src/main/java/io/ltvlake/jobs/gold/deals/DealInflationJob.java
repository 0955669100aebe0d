package io.ltvlake.jobs.gold.deals;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The "8 orders are really 5 deals" view: raw orders beside deals, per month. */
public final class DealInflationJob extends DeclaredJob {

    public DealInflationJob() {
        super("deal_inflation",
                "raw orders against deals per month: how much the export inflates the deal count",
                List.of("deals"),
                List.of(DealsTables.DEAL_INFLATION));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> orders = lake.read(JtbdTables.ORDER_JOBS);
        result.read(lake.rows(JtbdTables.ORDER_JOBS));
        result.wrote(lake.overwrite(DealsTables.DEAL_INFLATION, DealTransforms.inflation(orders, lake.read(DealsTables.ORDER_DEALS),
                lake.read(DealsTables.DEALS))));
        Row total = lake.read(DealsTables.DEAL_INFLATION).selectExpr("sum(purchase_orders)", "sum(customer_purchase_orders)",
                "sum(deals_opened)").first();
        if (total.getLong(2) > 0) {
            context.say(String.format("%d purchase orders, %d of known customers, are %d deals: %.2f orders per deal",
                    total.getLong(0), total.getLong(1), total.getLong(2), (double) total.getLong(1) / total.getLong(2)));
        }
        return result.build();
    }
}
