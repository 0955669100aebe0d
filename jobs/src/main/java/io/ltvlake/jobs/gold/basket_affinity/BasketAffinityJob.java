package io.ltvlake.jobs.gold.basket_affinity;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which goods sell together: product and category pairs within baskets (orders or deals), with
 * support, confidence and lift, overall and per job (BasketAffinityTransforms). Rebuilt in full,
 * so a rerun gives the same rows.
 */
public final class BasketAffinityJob extends DeclaredJob {

    public BasketAffinityJob() {
        super("basket_affinity",
                "product and category pairs within baskets: support, confidence and lift, overall and per job",
                List.of("jtbd", "deals"),
                List.of(BasketAffinityTables.BASKET_AFFINITY));
    }

    @Override
    public void validate(JobContext context) {
        context.settings().section(BasketAffinityConfig.class).filter()
                .ifPresent(filter -> BasketAffinityTransforms.validateFilter(context.spark(), filter));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        BasketAffinityConfig settings = context.settings().section(BasketAffinityConfig.class);
        Dataset<Row> baskets = Checkpoints.eager(BasketAffinityTransforms.basketOrders(lake.read(JtbdTables.ORDER_JOBS),
                lake.read(DealsTables.ORDER_DEALS), settings));
        result.read(lake.rows(JtbdTables.ORDER_JOBS));
        Dataset<Row> lines = lake.read(SilverTables.ORDER_LINES);
        Dataset<Row> items = Checkpoints.eager(BasketAffinityTransforms.basketItems(baskets, lines, settings));
        Lake.Write write = lake.overwrite(BasketAffinityTables.BASKET_AFFINITY, BasketAffinityTransforms.affinity(items, baskets,
                lines, settings));
        result.wrote(write);

        List<Row> strongest = lake.read(BasketAffinityTables.BASKET_AFFINITY).filter(col("split_type").equalTo(BasketAffinityTransforms.SPLIT_ALL)
                        .and(col("pair_type").equalTo(BasketAffinityTransforms.PRODUCT_PAIR)))
                .orderBy(col("lift").desc(), col("antecedent_id"), col("consequent_id")).limit(5)
                .select("antecedent_name", "consequent_name", "support", "confidence", "lift", "baskets").collectAsList();
        // every rule of the overall scope carries the scope's basket count: no second count of the baskets
        String basketCount = strongest.isEmpty() ? "" : strongest.get(0).getLong(5) + " ";
        context.say(basketCount + settings.basket().name().toLowerCase(java.util.Locale.ROOT) + " baskets"
                + settings.filter().map(f -> " where " + f).orElse("") + (settings.excludeProducts().isEmpty() ? ""
                : ", without " + String.join(", ", settings.excludeProducts())) + "; " + write.rowsWritten()
                + " rules at support >= " + settings.minSupport() + "; the strongest product pairs overall:");
        TextTable table = new TextTable("antecedent", "consequent", "support", "confidence", "lift").alignRight(2, 3, 4);
        for (Row row : strongest) {
            table.row(String.valueOf(row.get(0)), String.valueOf(row.get(1)), String.format("%.3f", row.getDouble(2)),
                    String.format("%.3f", row.getDouble(3)), String.format("%.2f", row.getDouble(4)));
        }
        table.render().lines().forEach(context::say);
        return result.build();
    }
}
