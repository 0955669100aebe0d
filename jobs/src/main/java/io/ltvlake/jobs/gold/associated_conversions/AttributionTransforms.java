package io.ltvlake.jobs.gold.associated_conversions;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.jobs.gold.associated_conversions.AttributionConfig.ReportPeriod;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables.Touches;
import io.ltvlake.jobs.gold.shared.ConversionPaths;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.CallFlags;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ConformTransforms;
import io.ltvlake.jobs.silver.SilverTables.Orders;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Touches, conversion paths and associated conversions (DESIGN §4), pure. Web sessions and
 * inbound calls become one touch stream with a channel each; every conversion (a deal, or an
 * order) gets the path of its customer's touches in the lookback window; the paths give the
 * Multi-Channel Funnels measures per channel and period, the top paths, and the path length and
 * time lag distributions. The paths and their rules are shared with the profit funnel: {@link TouchPaths}, {@link ConversionPaths}.
 */
public final class AttributionTransforms {

    /** The row of gold.conversion_paths that sums the paths below the top ones of a period. */
    public static final String OTHER_PATHS = "(other paths)";

    private static final String MONEY = ConformTransforms.MONEY;
    /** Fractional conversions credited by the linear and position-based models: exact millionths. */
    private static final String CREDIT = "decimal(18,6)";
    private static final String[] PERIOD = {"period_type", "period_start", "period_end"};

    /** One channel's part in one conversion. */
    public static final StructType CREDITS = new StructType()
            .add("conversion_type", DataTypes.StringType)
            .add("conversion_id", DataTypes.StringType)
            .add("conversion_date", DataTypes.DateType)
            .add("value", DataTypes.createDecimalType(18, 2))
            .add("channel", DataTypes.StringType)
            .add("is_first_interaction", DataTypes.BooleanType)
            .add("is_last_interaction", DataTypes.BooleanType)
            .add("is_assist", DataTypes.BooleanType)
            .add("linear_credit", DataTypes.createDecimalType(18, 6))
            .add("linear_value", DataTypes.createDecimalType(18, 2))
            .add("position_based_credit", DataTypes.createDecimalType(18, 6))
            .add("position_based_value", DataTypes.createDecimalType(18, 2));

    private AttributionTransforms() {}

    // ------------------------------------------------------------------ touches and conversions

    /**
     * gold.touches: every web session and every inbound call as one stream, with its channel from
     * the config rules ({@link ChannelRules}, which see {@code touch_type}, so an untagged call is
     * told from an untagged visit). Outbound calls are the business calling back, not a marketing
     * touch, and are left out. Anonymous sessions stay, with a null customer: they are traffic.
     *
     * @param sessions silver.sessions: source, session_id, started_at, session_date, customer_key,
     *                 utm_source, utm_medium, utm_campaign, referrer, landing_page
     * @param calls    silver.calls: source, call_id, started_at, call_date, customer_key, direction,
     *                 utm_source, utm_medium, utm_campaign, landing_page
     */
    public static Dataset<Row> touches(Dataset<Row> sessions, Dataset<Row> calls, ChannelsConfig channels,
                                       LocalDate runDate) {
        Dataset<Row> web = sessions.select(col(Touches.SOURCE), lit(TouchPaths.SESSION).as(Touches.TOUCH_TYPE),
                col("session_id").as(Touches.TOUCH_ID), col(Touches.CUSTOMER_KEY), col("started_at").as(Touches.TOUCHED_AT),
                col("session_date").as(Touches.TOUCH_DATE), col(Touches.UTM_SOURCE), col(Touches.UTM_MEDIUM),
                col(Touches.UTM_CAMPAIGN), col("referrer"), col("landing_page"));
        Dataset<Row> phone = calls.filter(CallFlags.isInbound()).select(col(Touches.SOURCE),
                lit(TouchPaths.CALL).as(Touches.TOUCH_TYPE), col("call_id").as(Touches.TOUCH_ID), col(Touches.CUSTOMER_KEY),
                col("started_at").as(Touches.TOUCHED_AT), col("call_date").as(Touches.TOUCH_DATE), col(Touches.UTM_SOURCE),
                col(Touches.UTM_MEDIUM), col(Touches.UTM_CAMPAIGN),
                lit(null).cast("string").as("referrer"), col("landing_page"));
        Dataset<Row> upToRunDate = web.unionByName(phone).filter(col(Touches.TOUCH_DATE).leq(lit(Date.valueOf(runDate))));
        return ChannelRules.assign(upToRunDate, channels).select(Touches.SOURCE, Touches.TOUCH_TYPE, Touches.TOUCH_ID,
                Touches.CUSTOMER_KEY, Touches.TOUCHED_AT, Touches.TOUCH_DATE, Touches.CHANNEL, Touches.CHANNEL_RULE,
                Touches.UTM_SOURCE, Touches.UTM_MEDIUM, Touches.UTM_CAMPAIGN, "referrer", "landing_page");
    }

    /**
     * Purchase orders as conversions (silver.orders with {@code is_purchase}), upsells included;
     * the id is {@code source:order_id} like a deal id. Orders without a customer stay: they have
     * no path and count under {@value ConversionPaths#NO_TOUCH}, so the value adds up to revenue.
     */
    public static Dataset<Row> orderConversions(Dataset<Row> orders, LocalDate runDate) {
        return orders.filter(col(Orders.IS_PURCHASE).and(col(Orders.ORDER_DATE).leq(lit(Date.valueOf(runDate)))))
                .select(lit(TouchPaths.ORDER).as("conversion_type"),
                        concat_ws(":", col(Orders.SOURCE), col(Orders.ORDER_ID)).as("conversion_id"),
                        col(Orders.CUSTOMER_KEY), col(Orders.ORDERED_AT).as("converted_at"),
                        col(Orders.ORDER_DATE).as("conversion_date"), col(Orders.REVENUE).cast(MONEY).as("value"));
    }

    /**
     * gold.attributed_conversions: the paths without their arrays, one row per conversion.
     */
    public static Dataset<Row> attributedConversions(Dataset<Row> paths) {
        return paths.select("conversion_type", "conversion_id", "customer_key", "converted_at", "conversion_date", "value",
                "touch_count", "first_channel", "last_channel", "channel_path", "path_steps", "touch_path",
                "first_touched_at", "last_touched_at", "time_lag_days");
    }

    /** One row per conversion and channel on its path ({@link #CREDITS}), by the rules of {@link ConversionPaths}. */
    public static Dataset<Row> credits(Dataset<Row> paths) {
        int type = TouchPaths.PATHS.fieldIndex("conversion_type");
        int id = TouchPaths.PATHS.fieldIndex("conversion_id");
        int date = TouchPaths.PATHS.fieldIndex("conversion_date");
        int value = TouchPaths.PATHS.fieldIndex("value");
        int channels = TouchPaths.PATHS.fieldIndex("path_channels");
        FlatMapFunction<Row, Row> perConversion = path -> {
            BigDecimal worth = path.isNullAt(value) ? BigDecimal.ZERO.setScale(2) : path.getDecimal(value).setScale(2);
            long cents = worth.unscaledValue().longValueExact();
            List<Row> rows = new ArrayList<>();
            for (ConversionPaths.Credit credit : ConversionPaths.credits(path.<String>getList(channels), cents)) {
                rows.add(RowFactory.create(path.getString(type), path.getString(id), path.getDate(date), worth,
                        credit.channel(), credit.firstInteraction(), credit.lastInteraction(), credit.assist(),
                        BigDecimal.valueOf(credit.linearUnits(), 6), BigDecimal.valueOf(credit.linearCents(), 2),
                        BigDecimal.valueOf(credit.positionBasedUnits(), 6), BigDecimal.valueOf(credit.positionBasedCents(), 2)));
            }
            return rows.iterator();
        };
        return TouchPaths.project(paths, TouchPaths.PATHS).flatMap(perConversion, Encoders.row(CREDITS));
    }

    // ------------------------------------------------------------------ reports

    /**
     * The rows once per configured period, with {@code period_type} (month, quarter, year, all),
     * {@code period_start} and {@code period_end} from the business date in {@code dateColumn}. The
     * period {@code all} runs from the earliest to the latest date of the rows.
     */
    public static Dataset<Row> inPeriods(Dataset<Row> rows, String dateColumn, List<ReportPeriod> periods) {
        Column date = col(dateColumn);
        Dataset<Row> result = null;
        for (ReportPeriod period : periods) {
            Dataset<Row> labelled = switch (period) {
                case MONTH -> rows.withColumn("period_start", trunc(date, "month")).withColumn("period_end", last_day(date));
                case QUARTER -> rows.withColumn("period_start", trunc(date, "quarter"))
                        .withColumn("period_end", date_sub(add_months(col("period_start"), 3), 1));
                case YEAR -> rows.withColumn("period_start", trunc(date, "year"))
                        .withColumn("period_end", date_sub(add_months(col("period_start"), 12), 1));
                case ALL -> rows.crossJoin(broadcast(rows.agg(min(date).as("period_start"), max(date).as("period_end"))));
            };
            labelled = labelled.withColumn("period_type", lit(period.label()));
            result = result == null ? labelled : result.unionByName(labelled);
        }
        return result;
    }

    /**
     * gold.channel_conversions: per period and channel, the Multi-Channel Funnels measures:
     * conversions and value where the channel was the last interaction, assisted (on the path but
     * not last; once per conversion), and the first interaction; the assisted/last and first/last
     * ratios by conversions and by value (null without a last-interaction conversion); and the
     * conversions and value credited by the linear and position-based models.
     */
    public static Dataset<Row> channelConversions(Dataset<Row> credits, List<ReportPeriod> periods) {
        Column last = col("is_last_interaction");
        Column assist = col("is_assist");
        Column firstTouch = col("is_first_interaction");
        return inPeriods(credits, "conversion_date", periods)
                .groupBy("period_type", "period_start", "period_end", "channel")
                .agg(count(when(last, 1)).as("last_interaction_conversions"),
                        money(sum(when(last, col("value")))).as("last_interaction_value"),
                        count(when(assist, 1)).as("assisted_conversions"),
                        money(sum(when(assist, col("value")))).as("assisted_value"),
                        count(when(firstTouch, 1)).as("first_interaction_conversions"),
                        money(sum(when(firstTouch, col("value")))).as("first_interaction_value"),
                        sum("linear_credit").cast(CREDIT).as("linear_conversions"),
                        money(sum("linear_value")).as("linear_value"),
                        sum("position_based_credit").cast(CREDIT).as("position_based_conversions"),
                        money(sum("position_based_value")).as("position_based_value"))
                .withColumn("assisted_last_ratio", ratio(col("assisted_conversions"), col("last_interaction_conversions")))
                .withColumn("first_last_ratio", ratio(col("first_interaction_conversions"), col("last_interaction_conversions")))
                .withColumn("assisted_last_value_ratio", ratio(col("assisted_value"), col("last_interaction_value")))
                .withColumn("first_last_value_ratio", ratio(col("first_interaction_value"), col("last_interaction_value")))
                .select("period_type", "period_start", "period_end", "channel", "last_interaction_conversions",
                        "last_interaction_value", "assisted_conversions", "assisted_value", "first_interaction_conversions",
                        "first_interaction_value", "assisted_last_ratio", "first_last_ratio", "assisted_last_value_ratio",
                        "first_last_value_ratio", "linear_conversions", "linear_value", "position_based_conversions",
                        "position_based_value");
    }

    /**
     * gold.conversion_paths: per period, the channel paths (consecutive repeats collapsed) with
     * their conversions, value and shares, ranked by conversions (then value, then the path); the
     * top {@code topPaths} are kept and the rest summed into one {@value #OTHER_PATHS} row without
     * a rank, so a period's rows still add up to its conversions.
     */
    public static Dataset<Row> conversionPaths(Dataset<Row> paths, List<ReportPeriod> periods, int topPaths) {
        WindowSpec period = Window.partitionBy("period_type", "period_start");
        Dataset<Row> ranked = inPeriods(paths, "conversion_date", periods)
                .groupBy("period_type", "period_start", "period_end", "channel_path")
                .agg(first("path_steps").as("path_steps"), count(lit(1)).as("conversions"), money(sum("value")).as("value"))
                .withColumn("path_rank", row_number().over(period.orderBy(col("conversions").desc(), col("value").desc(),
                        col("channel_path"))));
        Column top = col("path_rank").leq(topPaths);
        Dataset<Row> kept = ranked.filter(top);
        Dataset<Row> rest = ranked.filter(top.unary_$bang())
                .groupBy("period_type", "period_start", "period_end")
                .agg(count(lit(1)).as("__paths"), sum("conversions").as("conversions"), money(sum("value")).as("value"))
                .select(col("period_type"), col("period_start"), col("period_end"),
                        lit(OTHER_PATHS).as("channel_path"), lit(null).cast("int").as("path_steps"), col("conversions"),
                        col("value"), lit(null).cast("int").as("path_rank"));
        return withShares(kept.unionByName(rest), period)
                .select("period_type", "period_start", "period_end", "path_rank", "channel_path", "path_steps",
                        "conversions", "value", "share_of_conversions", "share_of_value");
    }

    /**
     * gold.conversion_path_lengths: per period, conversions and value by the number of touches on
     * the path (as Google Analytics: 1 .. 11 and 12+; {@value ConversionPaths#NO_TOUCH} for none).
     */
    public static Dataset<Row> pathLengths(Dataset<Row> paths, List<ReportPeriod> periods) {
        Column touches = col("touch_count");
        Column bucket = when(touches.equalTo(0), lit(TouchPaths.NO_TOUCH)).when(touches.geq(12), lit("12+"))
                .otherwise(touches.cast("string"));
        Column order = when(touches.geq(12), lit(12)).otherwise(touches);
        return distribution(paths, periods, bucket, order, "path_length");
    }

    /**
     * gold.conversion_time_lags: per period, conversions and value by business days from the
     * path's first touch to the conversion (as Google Analytics: 0 .. 11, 12-30, 31-60, 61-90;
     * {@value ConversionPaths#NO_TOUCH} last).
     */
    public static Dataset<Row> timeLags(Dataset<Row> paths, List<ReportPeriod> periods) {
        Column days = col("time_lag_days");
        Column bucket = when(days.isNull(), lit(TouchPaths.NO_TOUCH)).when(days.leq(11), days.cast("string"))
                .when(days.leq(30), lit("12-30")).when(days.leq(60), lit("31-60")).otherwise(lit("61-90"));
        Column order = when(days.isNull(), lit(15)).when(days.leq(11), days).when(days.leq(30), lit(12))
                .when(days.leq(60), lit(13)).otherwise(lit(14));
        return distribution(paths, periods, bucket, order, "time_lag");
    }

    private static Dataset<Row> distribution(Dataset<Row> paths, List<ReportPeriod> periods, Column bucket, Column order,
                                             String name) {
        WindowSpec period = Window.partitionBy("period_type", "period_start");
        Dataset<Row> counted = inPeriods(paths, "conversion_date", periods)
                .groupBy(col("period_type"), col("period_start"), col("period_end"), bucket.as(name + "_bucket"),
                        order.as("bucket_order"))
                .agg(count(lit(1)).as("conversions"), money(sum("value")).as("value"));
        return withShares(counted, period).select("period_type", "period_start", "period_end", name + "_bucket",
                "bucket_order", "conversions", "value", "share_of_conversions", "share_of_value");
    }

    private static Dataset<Row> withShares(Dataset<Row> rows, WindowSpec period) {
        return rows.withColumn("share_of_conversions", ratio(col("conversions"), sum("conversions").over(period)))
                .withColumn("share_of_value", ratio(col("value"), sum("value").over(period)));
    }

    private static Column money(Column sum) {
        return coalesce(sum, lit(0)).cast(MONEY);
    }

    /** numerator / denominator as a double; null when the denominator is 0 or null. */
    static Column ratio(Column numerator, Column denominator) {
        return when(denominator.notEqual(0), numerator.cast("double").divide(denominator.cast("double")));
    }
}
