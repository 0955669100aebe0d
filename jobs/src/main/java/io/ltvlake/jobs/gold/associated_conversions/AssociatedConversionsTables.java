package io.ltvlake.jobs.gold.associated_conversions;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: AttributionJob writes them, everyone else reads them from here. */
public final class AssociatedConversionsTables {

    private AssociatedConversionsTables() {}

    public static final TableSpec TOUCHES = TableSpec.of("gold.touches",
            "one row per web session, inbound call or opened CRM message",
            List.of("source", "touch_type", "touch_id"),
            "The touch stream: web sessions and inbound calls (touch_type session or call) with customer_key (a visitor "
                    + "never identified is the customer of their cookie alone), touched_at, the business-day touch_date, the channel of the first "
                    + "matching rule of ltvlake.channels (channel_rule; null for the default) and the tags it was read from. "
                    + "Sessions of a cookie identified later carry that customer's key. CRM messages the person opened or "
                    + "clicked are touches too (touch_type message, at the first open or click, channel crm_<channel>, "
                    + "the campaign in utm_campaign); a bounced or unopened message is none.");

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
}
