package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ChannelsConfig.ChannelRule;
import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.common.spark.SqlPredicates;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Channel grouping (DESIGN §4, associated conversions), pure: every touch (a web session, a call,
 * an ad-cost row) gets the channel of the first config rule whose predicate holds over its tags,
 * else the default channel. One implementation for cohorts, CAC, the touch stream, attribution and
 * the profit funnel, so a session and the ad spend that bought it always land in the same channel.
 */
public final class ChannelRules {

    /**
     * What a rule may refer to, as the rules see it: lower-cased and trimmed, blank = null. Besides
     * the tags, {@code touch_type} ({@code session} or {@code call}) lets a rule tell an untagged
     * call (phone) from an untagged visit (direct); it is null on touches without that column.
     */
    public static final StructType FEATURES = new StructType()
            .add("utm_source", DataTypes.StringType)
            .add("utm_medium", DataTypes.StringType)
            .add("utm_campaign", DataTypes.StringType)
            .add("referrer", DataTypes.StringType)
            .add("referrer_host", DataTypes.StringType)
            .add("touch_type", DataTypes.StringType);

    private static final List<String> TAGS = List.of("utm_source", "utm_medium", "utm_campaign", "referrer", "touch_type");
    private static final String SAVED = "__channel_original_";

    private ChannelRules() {}

    /**
     * Adds {@code channel} and {@code channel_rule} (the name of the rule that matched, null for
     * the default) to touches. Touches need none of the tag columns: a missing one (ad costs have
     * no referrer, sessions read by the cohorts have no touch_type) reads as null. The touches' own columns are returned unchanged; the rules see
     * normalised copies, so "CPC" and " cpc" are one medium.
     */
    public static Dataset<Row> assign(Dataset<Row> touches, ChannelsConfig settings) {
        List<String> columns = Arrays.asList(touches.columns());
        Dataset<Row> work = touches;
        for (String tag : TAGS) {
            if (columns.contains(tag)) {
                work = work.withColumn(SAVED + tag, col(tag));
            }
            Column raw = columns.contains(tag) ? col(tag).cast("string") : lit(null).cast("string");
            Column normalised = lower(trim(raw));
            work = work.withColumn(tag, when(normalised.notEqual(""), normalised));
        }
        work = work.withColumn("referrer_host", regexp_replace(expr("parse_url(referrer, 'HOST')"), "^www[.]", ""));

        Column matchedRule = lit(null).cast("string");
        Column channel = lit(settings.defaultChannel());
        List<ChannelRule> rules = settings.rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            ChannelRule rule = rules.get(i);
            Column holds = coalesce(expr(rule.when()), lit(false));
            matchedRule = when(holds, lit(rule.name())).otherwise(matchedRule);
            channel = when(holds, lit(rule.channel())).otherwise(channel);
        }
        work = work.withColumn("channel", channel).withColumn("channel_rule", matchedRule).drop("referrer_host");
        for (String tag : TAGS) {
            work = columns.contains(tag) ? work.withColumn(tag, col(SAVED + tag)).drop(SAVED + tag) : work.drop(tag);
        }
        return work;
    }

    /**
     * Every rule must be a deterministic boolean predicate over {@link #FEATURES}; the error names
     * the rule, its position and what is wrong, and lists the columns a rule may use.
     */
    public static void validateRules(SparkSession spark, List<ChannelRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            ChannelRule rule = rules.get(i);
            SqlPredicates.check(spark, FEATURES, "channel rule '" + rule.name() + "' (rule " + (i + 1)
                    + " of ltvlake.channels.rules, when = \"" + rule.when() + "\")", rule.when(),
                    "a rule may use " + String.join(", ", FEATURES.fieldNames()) + " (strings)");
        }
    }
}
