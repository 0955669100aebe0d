package io.ltvlake.jobs.gold.calls;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.CallFlags;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Call analytics, pure (DESIGN §4, Calls), over silver calls and their {@link CallFlags}. */
public final class CallTransforms {

    private CallTransforms() {}

    /**
     * {@code gold.calls_daily}: per business day ({@code call_date}), channel and manager
     * ({@value CallFlags#NO_MANAGER} for calls no manager took): all calls, inbound and outbound, then over
     * inbound calls the unique, target, unique target (the leads of the profit formula), missed,
     * called back and lost-lead counts, the calls after which the caller opened a deal within the
     * deal window ({@code calls_with_deal}) and their share of the inbound calls
     * ({@code share_with_deal}, null without inbound calls).
     *
     * @param calls silver calls with their flags and a {@code channel} (from ChannelRules.assign)
     * @param deals gold.deals: {@code customer_key, opened_at}
     */
    public static Dataset<Row> daily(Dataset<Row> calls, Dataset<Row> deals, int dealWindowDays) {
        Column inbound = CallFlags.isInbound();
        Dataset<Row> grouped = CallFlags.withFollowingDeal(calls, deals, dealWindowDays)
                .withColumn("__inbound", inbound)
                .withColumn("manager_id", coalesce(col("manager_id"), lit(CallFlags.NO_MANAGER)))
                .groupBy("call_date", "channel", "manager_id")
                .agg(count(lit(1)).as("calls"),
                        count(when(col("__inbound"), 1)).as("inbound_calls"),
                        count(when(col("__inbound").unary_$bang(), 1)).as("outbound_calls"),
                        count(when(col(CallFlags.IS_UNIQUE), 1)).as("unique_calls"),
                        count(when(col(CallFlags.IS_TARGET), 1)).as("target_calls"),
                        count(when(col(CallFlags.IS_UNIQUE).and(col(CallFlags.IS_TARGET)), 1)).as("unique_target_calls"),
                        count(when(col(CallFlags.IS_MISSED), 1)).as("missed_calls"),
                        count(when(col(CallFlags.IS_CALLED_BACK), 1)).as("called_back_calls"),
                        count(when(col(CallFlags.IS_LOST_LEAD), 1)).as("lost_leads"),
                        count(when(col(CallFlags.LED_TO_DEAL), 1)).as("calls_with_deal"));
        return grouped.withColumn("share_with_deal", when(col("inbound_calls").gt(0),
                col("calls_with_deal").divide(col("inbound_calls"))));
    }
}
