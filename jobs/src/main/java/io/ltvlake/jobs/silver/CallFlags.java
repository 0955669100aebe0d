package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.CallsConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Call flags, pure (DESIGN §4, Calls): conform adds them to silver.calls, and the call marts
 * (calls_daily, manager performance, the profit funnel) read them by these names. The flags describe inbound calls, the leads: an
 * outbound call is the business calling, so it is never unique, target, missed or a lost lead,
 * and it only matters as the callback of a missed call. Every window is elapsed time measured
 * from the call and includes its limit, like the deal windows.
 */
public final class CallFlags {

    /** Flag columns added to silver.calls. */
    public static final String IS_UNIQUE = "is_unique";
    public static final String IS_TARGET = "is_target";
    public static final String IS_MISSED = "is_missed";
    public static final String IS_CALLED_BACK = "is_called_back";
    public static final String IS_LOST_LEAD = "is_lost_lead";

    /** The manager of calls no manager took (missed calls): a key column of the marts cannot be null. */
    public static final String NO_MANAGER = "unassigned";
    /** Added by {@link #withFollowingDeal}: the caller opened a deal within the deal window after the call. */
    public static final String LED_TO_DEAL = "led_to_deal";

    private static final long HOUR = 3_600L;
    private static final long DAY = 86_400L;

    private CallFlags() {}

    /** An inbound call: direction {@code in}, or no direction (call-tracking exports often list only inbound calls). */
    public static Column isInbound() {
        return coalesce(lower(trim(col("direction"))), lit("in")).equalTo("in");
    }

    /** Answered: status {@code answered}; an export without status counts a call with talk time as answered. */
    public static Column isAnswered() {
        return coalesce(col("status").equalTo("answered"), coalesce(col("duration_s"), lit(0)).gt(0));
    }

    /**
     * Adds the call flags to silver calls:
     * <ul>
     *   <li>{@code is_unique}: inbound, and no inbound call from the same number in the
     *       {@code uniqueness-days} before it (one exactly that long before still counts; of two
     *       calls in the same second only the first is unique). A call without a number is unique;
     *   <li>{@code is_target}: inbound, answered and at least {@code target-min-duration-s} long;
     *   <li>{@code is_missed}: inbound and not answered;
     *   <li>{@code is_called_back}: missed, and an outbound call to the number started no more than
     *       {@code callback-hours} after it (whether or not it got through);
     *   <li>{@code is_lost_lead}: missed, not called back, and no order of the caller (any status:
     *       the lead was caught even if the order was later cancelled) at or after the call within
     *       {@code lost-lead-days}. The caller is the call's {@code customer_key}: the identity graph
     *       links the number to the orders that carry it, so "same customer or same phone" is one test.
     *       A call without a customer is lost when missed and not called back.
     * </ul>
     * The flags are as known on the data at hand: a missed call of the last days is a lost lead
     * until a callback or an order arrives, and conform recomputes them every night.
     *
     * @param calls silver calls: {@code source, call_id, started_at, caller_phone, direction, status,
     *     duration_s, customer_key}
     * @param orders silver orders: {@code customer_key, ordered_at}
     * @return the calls with the five flags appended, every flag non-null
     */
    public static Dataset<Row> withFlags(Dataset<Row> calls, Dataset<Row> orders, CallsConfig settings) {
        Column at = col("started_at").cast("long");
        Column inbound = isInbound();
        // One timeline per number; a call without a number stands alone.
        Column number = coalesce(col("caller_phone"), concat_ws("|", lit("no-number"), col("source"), col("call_id")));
        // Inbound before outbound in the same second, so a callback in the very second of the call still follows it.
        WindowSpec timeline = Window.partitionBy(number).orderBy(col("started_at"), when(inbound, 0).otherwise(1),
                col("source"), col("call_id"));
        Column previousInbound = last(when(inbound, at), true).over(timeline.rowsBetween(Window.unboundedPreceding(), -1));
        Column nextOutbound = first(when(inbound.unary_$bang(), at), true)
                .over(timeline.rowsBetween(1, Window.unboundedFollowing()));

        Dataset<Row> flagged = calls
                .withColumn(IS_UNIQUE, inbound.and(coalesce(at.minus(previousInbound).gt(settings.uniquenessDays() * DAY),
                        lit(true))))
                .withColumn(IS_TARGET, inbound.and(isAnswered())
                        .and(coalesce(col("duration_s"), lit(0)).geq(settings.targetMinDurationSeconds())))
                .withColumn(IS_MISSED, inbound.and(isAnswered().unary_$bang()))
                .withColumn(IS_CALLED_BACK, col(IS_MISSED).and(coalesce(nextOutbound.minus(at)
                        .leq(settings.callbackHours() * HOUR), lit(false))));

        Dataset<Row> open = flagged.filter(col(IS_MISSED).and(col(IS_CALLED_BACK).unary_$bang())
                        .and(col("customer_key").isNotNull()))
                .select(col("source").as("__source"), col("call_id").as("__call_id"), col("customer_key").as("__customer"),
                        col("started_at").as("__started_at"));
        Column orderedAt = col("__ordered_at").cast("long");
        Column startedAt = col("__started_at").cast("long");
        Dataset<Row> ordered = open.join(orders.select(col("customer_key").as("__order_customer"),
                                col("ordered_at").as("__ordered_at")),
                        col("__customer").equalTo(col("__order_customer")).and(orderedAt.geq(startedAt))
                                .and(orderedAt.minus(startedAt).leq(settings.lostLeadDays() * DAY)), "left_semi")
                .select(col("__source"), col("__call_id"), lit(true).as("__ordered"));
        return flagged.join(ordered, col("source").equalTo(col("__source")).and(col("call_id").equalTo(col("__call_id"))),
                        "left")
                .withColumn(IS_LOST_LEAD, col(IS_MISSED).and(col(IS_CALLED_BACK).unary_$bang())
                        .and(col("__ordered").isNull()))
                .drop("__source", "__call_id", "__ordered");
    }

    /**
     * Adds {@code led_to_deal}: an inbound call after which the caller (its {@code customer_key})
     * opened a deal within {@code dealWindowDays} (a deal opened in the very second of the call
     * counts; one opened before it does not). Outbound calls and calls without a customer get false.
     *
     * @param calls silver calls with their flags
     * @param deals gold.deals: {@code customer_key, opened_at}
     */
    public static Dataset<Row> withFollowingDeal(Dataset<Row> calls, Dataset<Row> deals, int dealWindowDays) {
        Column callAt = col("__call_at").cast("long");
        Column openedAt = col("__opened_at").cast("long");
        Dataset<Row> inbound = calls.filter(isInbound().and(col("customer_key").isNotNull()))
                .select(col("source").as("__source"), col("call_id").as("__call_id"), col("customer_key").as("__customer"),
                        col("started_at").as("__call_at"));
        Dataset<Row> converted = inbound.join(deals.select(col("customer_key").as("__deal_customer"),
                                col("opened_at").as("__opened_at")),
                        col("__customer").equalTo(col("__deal_customer")).and(openedAt.geq(callAt))
                                .and(openedAt.minus(callAt).leq(dealWindowDays * DAY)), "left_semi")
                .select(col("__source"), col("__call_id"), lit(true).as("__deal"));
        return calls.join(converted, col("source").equalTo(col("__source")).and(col("call_id").equalTo(col("__call_id"))),
                        "left")
                .withColumn(LED_TO_DEAL, col("__deal").isNotNull())
                .drop("__source", "__call_id", "__deal");
    }
}
