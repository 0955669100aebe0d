package io.ltvlake.jobs.gold.associated_conversions;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.config.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Associated conversions (DESIGN §4): what a conversion is, the lookback window in days
 * (1..90), the periods the tables are reported by, and how many top paths per period
 * gold.conversion_paths keeps before it sums the rest into one row.
 */
public record AttributionConfig(ConversionKind conversion, int lookbackDays, List<ReportPeriod> periods,
                                  int topPaths) {
    public AttributionConfig {
        periods = List.copyOf(periods);
    }

    /** What a conversion is for attribution: a deduplicated deal (at its opening) or every purchase order. */
    public enum ConversionKind { DEAL, ORDER }

    /** A period the attribution tables are reported by; {@code ALL} is the whole range of conversions at once. */
    public enum ReportPeriod {
        MONTH, QUARTER, YEAR, ALL;

        /** The name used in config and in the tables' {@code period_type} column. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<AttributionConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<AttributionConfig> type() {
            return AttributionConfig.class;
        }


        @Override
        public AttributionConfig parse(ConfigContext context) {
            Config c = context.config();
            return attribution(c);
        }

        /** The longest lookback GA's Multi-Channel Funnels allowed, and ours (DESIGN §4). */
        public static final int MAX_ATTRIBUTION_LOOKBACK_DAYS = 90;

        private static AttributionConfig attribution(Config c) {
            String p = ROOT + ".attribution.";
            String conversion = get(c, p + "conversion", c::getString);
            ConversionKind kind = switch (conversion) {
                case "deal" -> ConversionKind.DEAL;
                case "order" -> ConversionKind.ORDER;
                default -> throw bad(c, p + "conversion", "'" + conversion + "' must be deal or order");
            };
            java.time.Duration lookback = get(c, p + "lookback", c::getDuration);
            if (lookback.toSeconds() % 86_400 != 0 || lookback.toDays() < 1 || lookback.toDays() > MAX_ATTRIBUTION_LOOKBACK_DAYS) {
                throw bad(c, p + "lookback", "must be whole days from 1d to " + MAX_ATTRIBUTION_LOOKBACK_DAYS + "d, got " + lookback);
            }
            List<String> periodNames = get(c, p + "periods", c::getStringList);
            List<ReportPeriod> periods = new ArrayList<>();
            for (String name : periodNames) {
                ReportPeriod period = java.util.Arrays.stream(ReportPeriod.values())
                        .filter(v -> v.label().equals(name)).findFirst()
                        .orElseThrow(() -> bad(c, p + "periods", "'" + name + "' is not one of month, quarter, year, all"));
                if (periods.contains(period)) {
                    throw bad(c, p + "periods", "'" + name + "' is listed twice");
                }
                periods.add(period);
            }
            if (periods.isEmpty()) {
                throw bad(c, p + "periods", "must list at least one of month, quarter, year, all");
            }
            return new AttributionConfig(kind, (int) lookback.toDays(), periods, positive(c, p + "top-paths"));
        }
    }
}
