package io.ltvlake.jobs.gold.jtbd;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.shared.CustomerChanges;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
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

    /** Bumped when a release changes how orders are labelled, so that the next night labels every order again. */
    private static final int DERIVATION = 1;

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
        context.step("what changed since the last run");
        // a label depends on the order's own lines, the catalogue's roles, the rules and the time zone
        long catalogue = CustomerChanges.tableFingerprint(products).first().getLong(0);
        CustomerChanges.Start start = CustomerChanges.start(context, JtbdTables.ORDER_JOBS, "derivation=" + DERIVATION + ";rules="
                + jtbd + ";zone=" + context.settings().businessTimeZone() + ";catalogue=" + catalogue);
        Optional<Dataset<Row>> customers = start.since().map(since -> Checkpoints.eager(CustomerChanges.withoutCustomerToo(since.customers())));
        UnaryOperator<Dataset<Row>> ofThem = rows -> customers.map(c -> CustomerChanges.ofCustomers(rows, c)).orElse(rows);
        context.step("label orders");
        Dataset<Row> labelled = JtbdTransforms.label(JtbdTransforms.basketFeatures(ofThem.apply(orders),
                ofThem.apply(lake.read(SilverTables.ORDER_LINES)), products, context.settings().businessTimeZone()), jtbd.rules());
        Lake.Write write = customers.isPresent()
                ? lake.replaceOwned(JtbdTables.ORDER_JOBS, labelled, "customer_key", customers.get(), start.record())
                : lake.overwrite(JtbdTables.ORDER_JOBS, labelled, start.record());
        result.wrote(write);
        // orders by job and job_source are a query on gold.order_jobs (bin/ltvlake sql), not a second scan every night
        context.say(TextTable.count(write.rowsWritten()) + " orders labelled with rule set '" + jtbd.ruleSet() + "' ("
                + jtbd.rules().size() + " rules)");
        return result.build();
    }
}
