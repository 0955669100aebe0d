package io.ltvlake.jobs.gold.deals;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables.OrderDeals;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.gold.shared.SampleTruth;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deal deduplication: groups each customer's purchases into deals (DESIGN §4), so an upsell
 * raises a deal's check instead of counting as another deal. When the lake holds the sample
 * generator's truth ({@code truth/orders.csv}), it also prints how well the kinds match it.
 */
public final class DealsJob extends DeclaredJob {

    public DealsJob() {
        super("deals",
                "group purchases into deals: immediate and deferred upsells join their deal, first and repeat deals",
                List.of("jtbd"),
                List.of(DealsTables.ORDER_DEALS, DealsTables.DEALS));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        DealsConfig windows = context.settings().section(DealsConfig.class);
        context.step("read labelled orders");
        Dataset<Row> orders = lake.read(JtbdTables.ORDER_JOBS);
        result.read(lake.rows(JtbdTables.ORDER_JOBS));
        context.step("assign deals");
        Dataset<Row> orderDeals = DealTransforms.assignDeals(orders.filter(DealTransforms.isDealCandidate()),
                        windows.immediateWindow(), windows.deferredWindow())
                .select(OrderDeals.SOURCE, OrderDeals.ORDER_ID, OrderDeals.CUSTOMER_KEY, OrderDeals.ORDERED_AT,
                        OrderDeals.ORDER_DATE, OrderDeals.JOB, OrderDeals.JOB_SOURCE, OrderDeals.DEAL_ID, OrderDeals.DEAL_SEQ,
                        OrderDeals.DEAL_JOB, OrderDeals.DEAL_OPENED_AT, OrderDeals.PURCHASE_KIND, OrderDeals.REVENUE,
                        OrderDeals.ORDER_COST, OrderDeals.ITEM_COUNT, OrderDeals.IS_LEAD_MAGNET_ORDER, OrderDeals.MANAGER_ID,
                        OrderDeals.STORE);
        Lake.Write mapWrite = lake.overwrite(DealsTables.ORDER_DEALS, orderDeals);
        result.wrote(mapWrite);
        context.step("build deals");
        Lake.Write dealsWrite = lake.overwrite(DealsTables.DEALS, DealTransforms.deals(lake.read(DealsTables.ORDER_DEALS),
                DealTransforms.orderPricePositions(lake.read(SilverTables.ORDER_LINES))));
        result.wrote(dealsWrite);
        context.say(TextTable.count(mapWrite.rowsWritten()) + " purchases of known customers make "
                + TextTable.count(dealsWrite.rowsWritten()) + " deals (windows: immediate " + windows.immediateWindow()
                + ", deferred " + windows.deferredWindow() + ")");
        truthCheck(context, orders);
        return result.build();
    }

    /** The sample generator writes its truth beside the landing files; production lakes have none. */
    private void truthCheck(JobContext context, Dataset<Row> orders) {
        SampleTruth.read(context, SampleTruth.ORDERS).ifPresent(truth -> sayConfusion(context, orders, truth));
    }

    private void sayConfusion(JobContext context, Dataset<Row> orders, Dataset<Row> truth) {
        List<Row> matrix = DealTransforms.purchaseKindConfusion(orders, context.lake().read(DealsTables.ORDER_DEALS), truth).collectAsList();
        Map<String, Map<String, Long>> cells = new TreeMap<>();
        TreeSet<String> foundKinds = new TreeSet<>();
        long total = 0;
        long agreeing = 0;
        for (Row row : matrix) {
            cells.computeIfAbsent(row.getString(0), k -> new TreeMap<>()).put(row.getString(1), row.getLong(2));
            foundKinds.add(row.getString(1));
            total += row.getLong(2);
            if (DealTransforms.agrees(row.getString(0), row.getString(1))) {
                agreeing += row.getLong(2);
            }
        }
        List<String> header = new ArrayList<>(List.of("truth \\ found"));
        header.addAll(foundKinds);
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Map.Entry<String, Map<String, Long>> trueKind : cells.entrySet()) {
            List<Object> cellsOfRow = new ArrayList<>(List.of(trueKind.getKey()));
            foundKinds.forEach(found -> cellsOfRow.add(TextTable.count(trueKind.getValue().getOrDefault(found, 0L))));
            table.row(cellsOfRow.toArray());
        }
        context.say(String.format("purchase_kind against the generator's truth (%s): %.2f %% of %s orders agree",
                SampleTruth.path(context, SampleTruth.ORDERS), 100.0 * agreeing / total, TextTable.count(total)));
        table.render().lines().forEach(context::say);
    }
}
