package io.ltvlake.jobs.gold.associated_conversions;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ConformJob;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The touch stream and associated conversions (DESIGN §4): sessions and inbound calls with their
 * channels, every conversion with its path, and the Multi-Channel Funnels tables. Rebuilt in full
 * as of the run date, so a rerun gives the same rows.
 */
public final class AttributionJob implements Job {

    private static final List<String> PERIOD_KEY = List.of("period_type", "period_start");

    public static final TableSpec TOUCHES = TableSpec.of("gold.touches", "one row per web session or inbound call",
            List.of("source", "touch_type", "touch_id"),
            "The touch stream: web sessions and inbound calls (touch_type session or call) with customer_key (a visitor "
                    + "never identified is the customer of their cookie alone), touched_at, the business-day touch_date, the channel of the first "
                    + "matching rule of ltvlake.channels (channel_rule; null for the default) and the tags it was read from. "
                    + "Sessions of a cookie identified later carry that customer's key.");
    public static final TableSpec ATTRIBUTED_CONVERSIONS = TableSpec.of("gold.attributed_conversions",
            "one row per conversion", List.of("conversion_type", "conversion_id"),
            "Every conversion (a deal at its opening, or a purchase order: attribution.conversion) with its path: the "
                    + "customer's touches in the lookback window before it. touch_count, first_channel, last_channel, "
                    + "channel_path (consecutive repeats collapsed), touch_path (every touch), first/last touch times and "
                    + "time_lag_days from the first touch. A conversion without a touch has the channel '(no touch)'.");
    public static final TableSpec CHANNEL_CONVERSIONS = TableSpec.of("gold.channel_conversions",
            "one row per period and channel", List.of("period_type", "period_start", "channel"),
            "Associated conversions as in Google Analytics Multi-Channel Funnels, per period (month, all ...) and channel: "
                    + "last-interaction, assisted (on the path but not last, once per conversion) and first-interaction "
                    + "conversions and value, assisted/last and first/last ratios (by conversions and by value), and the "
                    + "conversions and value credited by the linear and position-based (40/20/40) models.");
    public static final TableSpec CONVERSION_PATHS = TableSpec.of("gold.conversion_paths",
            "one row per period and channel path (the top paths of the period, the rest in one row)",
            List.of("period_type", "period_start", "channel_path"),
            "Top conversion paths per period: channel_path with consecutive repeats collapsed (display > paid_search > "
                    + "direct), path_steps, conversions, value and their shares, path_rank by conversions. Paths below "
                    + "attribution.top-paths are summed into '(other paths)'.");
    public static final TableSpec CONVERSION_PATH_LENGTHS = TableSpec.of("gold.conversion_path_lengths",
            "one row per period and path length", List.of("period_type", "period_start", "path_length_bucket"),
            "Path length distribution per period: conversions and value by touches on the path (1 .. 11, 12+; '(no touch)').");
    public static final TableSpec CONVERSION_TIME_LAGS = TableSpec.of("gold.conversion_time_lags",
            "one row per period and time lag", List.of("period_type", "period_start", "time_lag_bucket"),
            "Time lag distribution per period: conversions and value by business days from the first touch of the path "
                    + "to the conversion (0 .. 11, 12-30, 31-60, 61-90; '(no touch)').");

    @Override
    public String name() {
        return "attribution";
    }

    @Override
    public String description() {
        return "touch stream (sessions and calls with channels), conversion paths, associated conversions by channel";
    }

    @Override
    public List<String> upstream() {
        return List.of("deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(TOUCHES, ATTRIBUTED_CONVERSIONS, CHANNEL_CONVERSIONS, CONVERSION_PATHS, CONVERSION_PATH_LENGTHS,
                CONVERSION_TIME_LAGS);
    }

    @Override
    public void validate(JobContext context) {
        ChannelRules.validateRules(context.spark(), context.settings().channels().rules());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Settings.AttributionSettings settings = context.settings().attribution();
        Dataset<Row> sessions = lake.read(ConformJob.SESSIONS);
        Dataset<Row> calls = lake.read(ConformJob.CALLS);
        result.read(sessions.count() + calls.count());
        Lake.Write touchesWrite = lake.overwrite(TOUCHES, AttributionTransforms.touches(sessions, calls,
                context.settings().channels(), context.runDate()));
        result.wrote(touchesWrite);

        Dataset<Row> conversions = settings.conversion() == Settings.ConversionKind.DEAL
                ? AttributionTransforms.dealConversions(lake.read(DealsJob.DEALS), context.runDate())
                : AttributionTransforms.orderConversions(lake.read(ConformJob.ORDERS), context.runDate());
        Dataset<Row> paths = AttributionTransforms.paths(lake.read(TOUCHES), conversions, settings.lookbackDays())
                .localCheckpoint(true);
        Lake.Write conversionsWrite = lake.overwrite(ATTRIBUTED_CONVERSIONS, AttributionTransforms.attributedConversions(paths));
        result.wrote(conversionsWrite);
        result.wrote(lake.overwrite(CHANNEL_CONVERSIONS, AttributionTransforms.channelConversions(
                AttributionTransforms.credits(paths), settings.periods())));
        result.wrote(lake.overwrite(CONVERSION_PATHS, AttributionTransforms.conversionPaths(paths, settings.periods(),
                settings.topPaths())));
        result.wrote(lake.overwrite(CONVERSION_PATH_LENGTHS, AttributionTransforms.pathLengths(paths, settings.periods())));
        result.wrote(lake.overwrite(CONVERSION_TIME_LAGS, AttributionTransforms.timeLags(paths, settings.periods())));

        long withoutTouch = lake.read(ATTRIBUTED_CONVERSIONS).filter(col("touch_count").equalTo(0)).count();
        context.say(TextTable.count(touchesWrite.rowsWritten()) + " touches; " + TextTable.count(conversionsWrite.rowsWritten())
                + " conversions (" + settings.conversion().name().toLowerCase(java.util.Locale.ROOT) + "s, lookback "
                + settings.lookbackDays() + " days), " + TextTable.count(withoutTouch) + " without a touch in the window");
        sayChannels(context, settings);
        return result.build();
    }

    /** The channels over the widest configured period, most last-interaction conversions first. */
    private static void sayChannels(JobContext context, Settings.AttributionSettings settings) {
        Settings.ReportPeriod widest = settings.periods().get(settings.periods().size() - 1);
        for (Settings.ReportPeriod period : settings.periods()) {
            if (period.ordinal() > widest.ordinal()) {
                widest = period;
            }
        }
        Dataset<Row> rows = context.lake().read(CHANNEL_CONVERSIONS).filter(col("period_type").equalTo(widest.label()));
        Row latest = rows.agg(org.apache.spark.sql.functions.max("period_start")).first();
        if (latest.isNullAt(0)) {
            return;
        }
        context.say("channels, " + widest.label() + " from " + latest.get(0) + ":");
        TextTable table = new TextTable("channel", "last interaction", "assisted", "first interaction", "assisted/last",
                "linear value").alignRight(1, 2, 3, 4, 5);
        for (Row row : rows.filter(col("period_start").equalTo(latest.get(0)))
                .orderBy(col("last_interaction_conversions").desc(), col("channel"))
                .select("channel", "last_interaction_conversions", "assisted_conversions", "first_interaction_conversions",
                        "assisted_last_ratio", "linear_value").collectAsList()) {
            table.row(row.getString(0), TextTable.count(row.getLong(1)), TextTable.count(row.getLong(2)),
                    TextTable.count(row.getLong(3)), row.isNullAt(4) ? "-" : String.format("%.2f", row.getDouble(4)),
                    String.format("%,.2f", row.getDecimal(5)));
        }
        table.render().lines().forEach(context::say);
    }
}
