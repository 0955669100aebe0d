package io.ltvlake.jobs.gold.jtbd;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Labels every order with the job it serves: the CRM label, else the first matching config rule, else "other". */
public final class JtbdJob extends DeclaredJob {

    public JtbdJob() {
        super("jtbd",
                "label every order with its job (CRM label, else config rules over basket features, else other)",
                List.of("conform"),
                List.of(JtbdTables.ORDER_JOBS));
    }

    private static final StructType NO_PRODUCTS = new StructType().add("source", DataTypes.StringType)
            .add("product_id", DataTypes.StringType).add("role", DataTypes.StringType);

    @Override
    public void validate(JobContext context) {
        JtbdConfig jtbd = context.settings().section(JtbdConfig.class);
        JtbdTransforms.validateRules(context.spark(), jtbd.ruleSet(), jtbd.rules());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        JtbdConfig jtbd = context.settings().section(JtbdConfig.class);
        context.step("read orders");
        Dataset<Row> orders = lake.read(SilverTables.ORDERS);
        Dataset<Row> products = lake.readIfExists(SilverTables.PRODUCTS)
                .orElseGet(() -> context.spark().createDataFrame(new ArrayList<Row>(), NO_PRODUCTS));
        result.read(orders.count());
        context.step("label orders");
        Dataset<Row> labelled = JtbdTransforms.label(JtbdTransforms.basketFeatures(orders, lake.read(SilverTables.ORDER_LINES),
                products, context.settings().businessTimeZone()), jtbd.rules());
        result.wrote(lake.overwrite(JtbdTables.ORDER_JOBS, labelled));

        context.say("rule set '" + jtbd.ruleSet() + "' (" + jtbd.rules().size() + " rules); orders by job and where the job came from:");
        context.step("count orders by job");
        TextTable table = new TextTable("job", "crm", "rule", "default", "orders").alignRight(1, 2, 3, 4);
        for (Row row : lake.read(JtbdTables.ORDER_JOBS).groupBy("job").pivot("job_source", List.of("crm", "rule", "default"))
                .count().na().fill(0L).withColumn("orders", col("crm").plus(col("rule")).plus(col("default")))
                .orderBy(col("orders").desc()).collectAsList()) {
            table.row(row.getString(0), TextTable.count(row.getLong(1)), TextTable.count(row.getLong(2)),
                    TextTable.count(row.getLong(3)), TextTable.count(row.getLong(4)));
        }
        table.render().lines().forEach(context::say);
        return result.build();
    }
}
