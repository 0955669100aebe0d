package io.ltvlake.jobs.gold.jtbd;

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
        result.read(lake.rows(SilverTables.ORDERS));
        context.step("label orders");
        Dataset<Row> labelled = JtbdTransforms.label(JtbdTransforms.basketFeatures(orders, lake.read(SilverTables.ORDER_LINES),
                products, context.settings().businessTimeZone()), jtbd.rules());
        Lake.Write write = lake.overwrite(JtbdTables.ORDER_JOBS, labelled);
        result.wrote(write);
        // orders by job and job_source are a query on gold.order_jobs (bin/ltvlake sql), not a second scan every night
        context.say(TextTable.count(write.rowsWritten()) + " orders labelled with rule set '" + jtbd.ruleSet() + "' ("
                + jtbd.rules().size() + " rules)");
        return result.build();
    }
}
