package io.ltvlake.jobs.gold.manager_performance;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.silver.CallFlags;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Manager performance per month (DESIGN §4, Profit formula), pure.
 *
 * <p>Who gets what:
 * <ul>
 *   <li>a call belongs to the manager on it ({@code manager_id} of the call) and to the business
 *       month of its {@code call_date}; a manager handled it when they answered it (inbound) or
 *       made it (outbound). A lead is a unique target call taken by the manager, and it converted
 *       when a first deal came from it (gold/shared/Leads, the definition the profit funnel uses:
 *       the caller's first deal within {@code calls.deal-window-days}, the caller's latest lead
 *       before it), whoever sold the deal. A returning customer's call converts no lead: their
 *       deals are repeat deals, reported as such;
 *   <li>a deal belongs to the manager of the order that opened it ({@code gold.deals.manager_id}):
 *       they turned the customer into a deal, and the deal's upsells, whoever sold them, raise that
 *       deal's check. It counts in the business month it opened ({@code opened_date}). Deals whose
 *       opening order names no manager are {@value CallFlags#NO_MANAGER}, so the managers' deals
 *       add up to every deal;
 *   <li>the upsell shares are the immediate and the deferred upsell orders among all orders of the
 *       manager's deals (as in gold.deal_inflation, but by the month the deal opened).
 * </ul>
 */
public final class ManagerPerformanceTransforms {

    /** The trailing window: the month itself and the 5 before it. */
    public static final int TRAILING_MONTHS = 6;

    private static final String MONEY = ConformTransforms.MONEY;

    private ManagerPerformanceTransforms() {}

    /**
     * One row per manager and business month, from the manager's first to their last active
     * month with the quiet months in between as zeros: calls handled, leads (unique target
     * calls), converted leads (first deals from them) and {@code lead_to_first_deal_conversion}
     * (never above 1), deals (first, repeat),
     * revenue and {@code average_check}, the orders of those deals with their immediate and
     * deferred upsells and shares. Ratios are null when their denominator is 0.
     *
     * <p>Beside each headline measure, {@code *_trailing_6_months}: the same measure over the 6
     * months ending with this month, <b>this month included</b> (this month and the 5 before it),
     * and only months since the manager's first active month ({@code trailing_months} says how
     * many, 1–6). Counts and revenue are monthly averages over those months (quiet months count
     * as 0); ratios are pooled over them (the sum of the numerators over the sum of the
     * denominators), so a month with one lead does not weigh as much as a month with fifty.
     *
     * @param calls silver calls: {@code call_date, manager_id, direction, status, duration_s}
     * @param leads the shared lead stream with its first deals (Leads.withFirstDeal): {@code lead_type,
     *     lead_date, manager_id, is_unique, led_to_first_deal}
     * @param deals gold.deals: {@code manager_id, opened_date, deal_seq, revenue, order_count,
     *     immediate_upsell_count, deferred_upsell_count}
     */
    public static Dataset<Row> monthly(Dataset<Row> calls, Dataset<Row> leads, Dataset<Row> deals) {
        Column handled = CallFlags.isInbound().unary_$bang().or(CallFlags.isAnswered());
        Dataset<Row> handledMonths = calls.filter(col("manager_id").isNotNull())
                .groupBy(col("manager_id"), trunc(col("call_date"), "MM").as("month"))
                .agg(count(when(handled, 1)).as("calls_handled"));
        Dataset<Row> leadMonths = leads.filter(col("lead_type").equalTo(Leads.CALL).and(col("is_unique"))
                        .and(col("manager_id").isNotNull()))
                .groupBy(col("manager_id"), trunc(col("lead_date"), "MM").as("month"))
                .agg(count(lit(1)).as("leads"), count(when(col(Leads.LED_TO_FIRST_DEAL), 1)).as("converted_leads"));
        Dataset<Row> dealMonths = deals
                .groupBy(coalesce(col("manager_id"), lit(CallFlags.NO_MANAGER)).as("manager_id"),
                        trunc(col("opened_date"), "MM").as("month"))
                .agg(count(lit(1)).as("deals"),
                        count(when(col("deal_seq").equalTo(1), 1)).as("first_deals"),
                        count(when(col("deal_seq").gt(1), 1)).as("repeat_deals"),
                        sum("revenue").cast(MONEY).as("revenue"),
                        sum("order_count").cast("long").as("deal_orders"),
                        sum("immediate_upsell_count").cast("long").as("immediate_upsells"),
                        sum("deferred_upsell_count").cast("long").as("deferred_upsells"));
        String[] key = {"manager_id", "month"};
        Dataset<Row> active = handledMonths.join(leadMonths, key, "full").join(dealMonths, key, "full");

        // Every month between a manager's first and last active month, so the trailing window counts months, not rows.
        Dataset<Row> calendar = active.groupBy("manager_id").agg(min("month").as("__first"), max("month").as("__last"))
                .select(col("manager_id"), explode(expr("sequence(__first, __last, interval 1 month)")).as("month"));
        List<String> counts = List.of("calls_handled", "leads", "converted_leads", "deals", "first_deals", "repeat_deals",
                "deal_orders", "immediate_upsells", "deferred_upsells");
        Dataset<Row> months = calendar.join(active, key, "left")
                .na().fill(0L, counts.toArray(String[]::new))
                .withColumn("revenue", coalesce(col("revenue"), lit(0).cast(MONEY)));

        WindowSpec trailing = Window.partitionBy("manager_id").orderBy("month").rowsBetween(-(TRAILING_MONTHS - 1), 0);
        Column monthsInWindow = count(lit(1)).over(trailing);
        return months
                .withColumn("lead_to_first_deal_conversion", ratio(col("converted_leads"), col("leads")))
                .withColumn("average_check", when(col("deals").gt(0), col("revenue").divide(col("deals")).cast(MONEY)))
                .withColumn("immediate_upsell_share", ratio(col("immediate_upsells"), col("deal_orders")))
                .withColumn("deferred_upsell_share", ratio(col("deferred_upsells"), col("deal_orders")))
                .withColumn("trailing_months", monthsInWindow)
                .withColumn("calls_handled_trailing_6_months", sum("calls_handled").over(trailing).divide(monthsInWindow))
                .withColumn("lead_to_first_deal_conversion_trailing_6_months",
                        ratio(sum("converted_leads").over(trailing), sum("leads").over(trailing)))
                .withColumn("deals_trailing_6_months", sum("deals").over(trailing).divide(monthsInWindow))
                .withColumn("revenue_trailing_6_months", sum("revenue").over(trailing).divide(monthsInWindow).cast(MONEY))
                .withColumn("average_check_trailing_6_months", when(sum("deals").over(trailing).gt(0),
                        sum("revenue").over(trailing).divide(sum("deals").over(trailing)).cast(MONEY)))
                .withColumn("immediate_upsell_share_trailing_6_months",
                        ratio(sum("immediate_upsells").over(trailing), sum("deal_orders").over(trailing)))
                .withColumn("deferred_upsell_share_trailing_6_months",
                        ratio(sum("deferred_upsells").over(trailing), sum("deal_orders").over(trailing)))
                .withColumn("repeat_deals_trailing_6_months", sum("repeat_deals").over(trailing).divide(monthsInWindow))
                .select("manager_id", "month", "calls_handled", "leads", "converted_leads", "lead_to_first_deal_conversion",
                        "deals", "first_deals", "repeat_deals", "revenue", "average_check", "deal_orders", "immediate_upsells",
                        "deferred_upsells", "immediate_upsell_share", "deferred_upsell_share", "trailing_months",
                        "calls_handled_trailing_6_months", "lead_to_first_deal_conversion_trailing_6_months",
                        "deals_trailing_6_months", "revenue_trailing_6_months", "average_check_trailing_6_months",
                        "immediate_upsell_share_trailing_6_months", "deferred_upsell_share_trailing_6_months",
                        "repeat_deals_trailing_6_months");
    }

    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.gt(0), numerator.cast("double").divide(denominator));
    }
}
