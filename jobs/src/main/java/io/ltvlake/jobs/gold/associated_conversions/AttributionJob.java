package io.ltvlake.jobs.gold.associated_conversions;

import io.ltvlake.jobs.silver.ChannelsConfig;
import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.LeadsConfig;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The touch stream and associated conversions (DESIGN §4): sessions and inbound calls with their
 * channels, every conversion with its path, and the Multi-Channel Funnels tables. Rebuilt in full
 * as of the run date, so a rerun gives the same rows.
 */
public final class AttributionJob extends DeclaredJob {

    public AttributionJob() {
        super("attribution",
                "touch stream (sessions, calls and opened CRM messages with channels), conversion paths, associated conversions by channel",
                List.of("deals"),
                List.of(AssociatedConversionsTables.TOUCHES, AssociatedConversionsTables.LEADS, AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS,
                        AssociatedConversionsTables.CHANNEL_CONVERSIONS, AssociatedConversionsTables.CONVERSION_PATHS,
                        AssociatedConversionsTables.CONVERSION_PATH_LENGTHS, AssociatedConversionsTables.CONVERSION_TIME_LAGS));
    }

    private static final List<String> PERIOD_KEY = List.of("period_type", "period_start");

    @Override
    public void validate(JobContext context) {
        ChannelRules.validateRules(context.spark(), context.settings().section(ChannelsConfig.class).rules());
        Leads.validateWebLead(context.spark(), context.settings().section(LeadsConfig.class).webLead());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        AttributionConfig settings = context.settings().section(AttributionConfig.class);
        context.step("read sessions and calls");
        Dataset<Row> sessions = lake.read(SilverTables.SESSIONS);
        Dataset<Row> calls = lake.read(SilverTables.CALLS);
        result.read(lake.rows(SilverTables.SESSIONS)).read(lake.rows(SilverTables.CALLS));
        context.step("assign channels to touches");
        Dataset<Row> touches = AttributionTransforms.touches(sessions, calls, context.settings().section(ChannelsConfig.class),
                context.runDate());
        // outbound CRM messages, when a source delivers them: opened or clicked ones are touches too
        java.util.Optional<Dataset<Row>> messages = lake.readIfExists(SilverTables.MESSAGES);
        if (messages.isPresent()) {
            touches = touches.unionByName(MessageTouches.touches(messages.get(), context.settings().businessTimeZone(),
                    context.runDate()));
        }
        Lake.Write touchesWrite = lake.overwrite(AssociatedConversionsTables.TOUCHES, touches);
        result.wrote(touchesWrite);
        context.step("find leads");
        Dataset<Row> touchStream = lake.read(AssociatedConversionsTables.TOUCHES);
        result.wrote(lake.overwrite(AssociatedConversionsTables.LEADS, Leads.leads(touchStream, calls, Leads.webLeads(sessions,
                touchStream, context.settings().section(LeadsConfig.class).webLead(),
                context.settings().section(CallsConfig.class).uniquenessDays()))));

        Dataset<Row> conversions = settings.conversion() == AttributionConfig.ConversionKind.DEAL
                ? TouchPaths.dealConversions(lake.read(DealsTables.DEALS), context.runDate())
                : AttributionTransforms.orderConversions(lake.read(SilverTables.ORDERS), context.runDate());
        context.step("build conversion paths");
        Dataset<Row> paths = Checkpoints.eager(TouchPaths.paths(lake.read(AssociatedConversionsTables.TOUCHES), conversions,
                settings.lookbackDays()));
        Lake.Write conversionsWrite = lake.overwrite(AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS, AttributionTransforms.attributedConversions(paths));
        result.wrote(conversionsWrite);
        context.step("credit channels");
        // the channel table labels the credits once per configured period: computed once, not once per period
        Dataset<Row> credits = Checkpoints.eager(AttributionTransforms.credits(paths));
        result.wrote(lake.overwrite(AssociatedConversionsTables.CHANNEL_CONVERSIONS, AttributionTransforms.channelConversions(
                credits, settings.periods())));
        result.wrote(lake.overwrite(AssociatedConversionsTables.CONVERSION_PATHS, AttributionTransforms.conversionPaths(paths, settings.periods(),
                settings.topPaths())));
        result.wrote(lake.overwrite(AssociatedConversionsTables.CONVERSION_PATH_LENGTHS, AttributionTransforms.pathLengths(paths, settings.periods())));
        result.wrote(lake.overwrite(AssociatedConversionsTables.CONVERSION_TIME_LAGS, AttributionTransforms.timeLags(paths, settings.periods())));

        // conversions without a touch in the window show as the channel (no touch) in the channel table below
        context.say(TextTable.count(touchesWrite.rowsWritten()) + " touches; " + TextTable.count(conversionsWrite.rowsWritten())
                + " conversions (" + settings.conversion().name().toLowerCase(java.util.Locale.ROOT) + "s, lookback "
                + settings.lookbackDays() + " days)");
        sayChannels(context, settings);
        return result.build();
    }

    /** The channels over the widest configured period, most last-interaction conversions first. */
    private static void sayChannels(JobContext context, AttributionConfig settings) {
        AttributionConfig.ReportPeriod widest = settings.periods().get(settings.periods().size() - 1);
        for (AttributionConfig.ReportPeriod period : settings.periods()) {
            if (period.ordinal() > widest.ordinal()) {
                widest = period;
            }
        }
        Dataset<Row> rows = context.lake().read(AssociatedConversionsTables.CHANNEL_CONVERSIONS).filter(col("period_type").equalTo(widest.label()));
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
