package io.ltvlake.jobs.gold.associated_conversions;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: AttributionJob writes them, everyone else reads them from here. */
public final class AssociatedConversionsTables {

    private AssociatedConversionsTables() {}

    /** The columns of gold.touches that other code names: a renamed column is a compile error there. */
    public static final class Touches {
        public static final String SOURCE = "source";
        public static final String TOUCH_TYPE = "touch_type";
        public static final String TOUCH_ID = "touch_id";
        public static final String CUSTOMER_KEY = "customer_key";
        public static final String TOUCHED_AT = "touched_at";
        public static final String TOUCH_DATE = "touch_date";
        public static final String CHANNEL = "channel";
        public static final String CHANNEL_RULE = "channel_rule";
        public static final String UTM_SOURCE = "utm_source";
        public static final String UTM_MEDIUM = "utm_medium";
        public static final String UTM_CAMPAIGN = "utm_campaign";

        private Touches() {}
    }

    public static final TableSpec TOUCHES = TableSpec.of("gold.touches",
            "one row per web session, inbound call or opened CRM message",
            List.of("source", "touch_type", "touch_id"),
            "The touch stream: web sessions and inbound calls (touch_type session or call) with customer_key (a visitor "
                    + "never identified is the customer of their cookie alone), touched_at, the business-day touch_date, the channel of the first "
                    + "matching rule of ltvlake.channels (channel_rule; null for the default) and the tags it was read from. "
                    + "Sessions of a cookie identified later carry that customer's key. CRM messages the person opened or "
                    + "clicked are touches too (touch_type message, at the first open or click, channel crm_<channel>, "
                    + "the campaign in utm_campaign); a bounced or unopened message is none.")
            .documented(
                    "source", "the source system of the session, call or message (profile name)",
                    "touch_type", "session, call or message (a CRM message the person opened or clicked)",
                    "touch_id", "the session_id, call_id or message_id",
                    "customer_key", "the customer (identity component); a never identified visitor is the customer of their cookie alone",
                    "touched_at", "when the session or call started, or the message was first opened or clicked (UTC)",
                    "touch_date", "the business day of touched_at",
                    "channel", "the channel of the first matching rule of ltvlake.channels, else the default channel",
                    "channel_rule", "the name of that rule; null for the default",
                    "utm_source", "the utm_source the channel was read from",
                    "utm_medium", "the utm_medium the channel was read from",
                    "utm_campaign", "the utm_campaign the channel was read from",
                    "referrer", "the session's referrer; null for calls and messages",
                    "landing_page", "the first page of the session, or the call tracking page")
            .check(Expectation.acceptedValues("touch_type", "session", "call", "message"))
            .check(Expectation.notNull("touched_at", "touch_date", "channel"))
            .refreshed(Refresh.Kind.CUSTOMER);

    public static final TableSpec LEADS = TableSpec.of("gold.leads",
            "one row per lead: a target inbound call or a web-lead session",
            List.of("lead_type", "source", "lead_id"),
            "Every lead of the one shared definition (DESIGN §4, Profit formula): a target inbound call (answered, long "
                    + "enough) or a session for which ltvlake.funnel.web-lead holds, with the channel of its touch and "
                    + "is_unique (no lead of the same kind by the same person in the calls.uniqueness-days before it). "
                    + "Written once by attribution, so the profit funnel, manager performance and the journey count the same leads "
                    + "without each recomputing them from the sessions.")
            .documented(
                    "lead_type", "call (a target inbound call) or web (a session the web-lead predicate accepts)",
                    "source", "the source system of the call or session (profile name)",
                    "lead_id", "the call_id or session_id",
                    "customer_key", "the customer; null for a web lead of a visitor never identified",
                    "lead_at", "when the call or session started (UTC)",
                    "lead_date", "the business day of lead_at",
                    "channel", "the channel of the lead's touch in gold.touches; null for a call that is no touch",
                    "manager_id", "the manager who answered the call; null for web leads",
                    "is_unique", "no lead of the same kind by the same person (else the same cookie) in the calls.uniqueness-days before it")
            .check(Expectation.acceptedValues("lead_type", "call", "web"))
            .check(Expectation.notNull("lead_at", "lead_date", "is_unique"))
            .refreshed(Refresh.Kind.CUSTOMER);

    public static final TableSpec ATTRIBUTED_CONVERSIONS = TableSpec.of("gold.attributed_conversions",
            "one row per conversion", List.of("conversion_type", "conversion_id"),
            "Every conversion (a deal at its opening, or a purchase order: attribution.conversion) with its path: the "
                    + "customer's touches in the lookback window before it. touch_count, first_channel, last_channel, "
                    + "channel_path (consecutive repeats collapsed), touch_path (every touch), first/last touch times and "
                    + "time_lag_days from the first touch. A conversion without a touch has the channel '(no touch)'.")
            .documented(
                    "conversion_type", "deal (a deal at its opening) or order (a purchase), per attribution.conversion",
                    "conversion_id", "the deal_id, or source:order_id",
                    "customer_key", "the customer who converted; null for an anonymous purchase order",
                    "converted_at", "when the deal opened or the order was placed (UTC)",
                    "conversion_date", "the business day of converted_at",
                    "value", "the conversion's revenue in the currency of the source",
                    "touch_count", "touches on the path (in the lookback before the conversion)",
                    "first_channel", "channel of the first touch; '(no touch)' without a touch",
                    "last_channel", "channel of the last touch; '(no touch)' without a touch",
                    "channel_path", "the channels of the path, consecutive repeats collapsed, joined by ' > '",
                    "path_steps", "channels on channel_path",
                    "touch_path", "the channel of every touch on the path, in order",
                    "first_touched_at", "when the first touch of the path started (UTC)",
                    "last_touched_at", "when the last touch of the path started (UTC)",
                    "time_lag_days", "business days from the first touch to the conversion")
            .check(Expectation.acceptedValues("conversion_type", "deal", "order"))
            .check(Expectation.notNull("converted_at", "value", "touch_count"))
            .check(Expectation.expression("value_non_negative", "value >= 0"))
            .check(Expectation.expression("time_lag_days_non_negative", "time_lag_days >= 0"))
            .refreshed(Refresh.Kind.CUSTOMER);

    public static final TableSpec CHANNEL_CONVERSIONS = TableSpec.of("gold.channel_conversions",
            "one row per period and channel", List.of("period_type", "period_start", "channel"),
            "Associated conversions as in Google Analytics Multi-Channel Funnels, per period (month, all ...) and channel: "
                    + "last-interaction, assisted (on the path but not last, once per conversion) and first-interaction "
                    + "conversions and value, assisted/last and first/last ratios (by conversions and by value), and the "
                    + "conversions and value credited by the linear and position-based (40/20/40) models.")
            .documented(
                    "period_type", "month, quarter or all (the whole history); see attribution.periods",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period (the last conversion day for all)",
                    "channel", "the channel",
                    "last_interaction_conversions", "conversions whose last touch was the channel",
                    "last_interaction_value", "their value in the currency of the source",
                    "assisted_conversions", "conversions with the channel on the path but not last, once per conversion",
                    "assisted_value", "their value in the currency of the source",
                    "first_interaction_conversions", "conversions whose first touch was the channel",
                    "first_interaction_value", "their value in the currency of the source",
                    "assisted_last_ratio", "assisted_conversions / last_interaction_conversions; null without a last interaction",
                    "first_last_ratio", "first_interaction_conversions / last_interaction_conversions; null without a last interaction",
                    "assisted_last_value_ratio", "assisted_value / last_interaction_value",
                    "first_last_value_ratio", "first_interaction_value / last_interaction_value",
                    "linear_conversions", "conversions credited equally to every touch of the path",
                    "linear_value", "value credited so, in the currency of the source",
                    "position_based_conversions", "conversions credited 40% first, 40% last, 20% spread over the middle touches",
                    "position_based_value", "value credited so, in the currency of the source")
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec CONVERSION_PATHS = TableSpec.of("gold.conversion_paths",
            "one row per period and channel path (the top paths of the period, the rest in one row)",
            List.of("period_type", "period_start", "channel_path"),
            "Top conversion paths per period: channel_path with consecutive repeats collapsed (display > paid_search > "
                    + "direct), path_steps, conversions, value and their shares, path_rank by conversions. Paths below "
                    + "attribution.top-paths are summed into '(other paths)'.")
            .documented(
                    "period_type", "month, quarter or all (the whole history); see attribution.periods",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period (the last conversion day for all)",
                    "path_rank", "rank of the path by conversions (then value) in the period; null for '(other paths)'",
                    "channel_path", "the channels of the path, repeats collapsed; '(other paths)' for the rest",
                    "path_steps", "channels on the path; null for '(other paths)'",
                    "conversions", "conversions with the path",
                    "value", "their value in the currency of the source",
                    "share_of_conversions", "conversions / conversions of the period, 0-1",
                    "share_of_value", "value / value of the period, 0-1")
            .check(Expectation.expression("share_of_conversions_is_a_share", "share_of_conversions between 0 and 1"))
            .check(Expectation.expression("share_of_value_is_a_share", "share_of_value between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec CONVERSION_PATH_LENGTHS = TableSpec.of("gold.conversion_path_lengths",
            "one row per period and path length", List.of("period_type", "period_start", "path_length_bucket"),
            "Path length distribution per period: conversions and value by touches on the path (1 .. 11, 12+; '(no touch)').")
            .documented(
                    "period_type", "month, quarter or all (the whole history); see attribution.periods",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period (the last conversion day for all)",
                    "path_length_bucket", "touches on the path: 1 .. 11, 12+, or '(no touch)'",
                    "bucket_order", "the bucket's place in the report order",
                    "conversions", "conversions in the bucket",
                    "value", "their value in the currency of the source",
                    "share_of_conversions", "conversions / conversions of the period, 0-1",
                    "share_of_value", "value / value of the period, 0-1")
            .check(Expectation.expression("share_of_conversions_is_a_share", "share_of_conversions between 0 and 1"))
            .check(Expectation.expression("share_of_value_is_a_share", "share_of_value between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec CONVERSION_TIME_LAGS = TableSpec.of("gold.conversion_time_lags",
            "one row per period and time lag", List.of("period_type", "period_start", "time_lag_bucket"),
            "Time lag distribution per period: conversions and value by business days from the first touch of the path "
                    + "to the conversion (0 .. 11, 12-30, 31-60, 61-90; '(no touch)').")
            .documented(
                    "period_type", "month, quarter or all (the whole history); see attribution.periods",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period (the last conversion day for all)",
                    "time_lag_bucket", "business days from the first touch to the conversion: 0 .. 11, 12-30, 31-60, 61-90, or '(no touch)'",
                    "bucket_order", "the bucket's place in the report order",
                    "conversions", "conversions in the bucket",
                    "value", "their value in the currency of the source",
                    "share_of_conversions", "conversions / conversions of the period, 0-1",
                    "share_of_value", "value / value of the period, 0-1")
            .check(Expectation.expression("share_of_conversions_is_a_share", "share_of_conversions between 0 and 1"))
            .check(Expectation.expression("share_of_value_is_a_share", "share_of_value between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);
}
