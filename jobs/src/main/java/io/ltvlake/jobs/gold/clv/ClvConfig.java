package io.ltvlake.jobs.gold.clv;

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
 * Predicted CLV: what counts as a purchase ({@code purchase-day} or {@code deal}), the time
 * unit in days, the horizon in time units, and an optional holdout start.
 */
public record ClvConfig(String frequency, String timeUnit, double timeUnitDays, double horizon,
                          java.util.Optional<LocalDate> holdoutDate) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<ClvConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<ClvConfig> type() {
            return ClvConfig.class;
        }


        @Override
        public ClvConfig parse(ConfigContext context) {
            Config c = context.config();
            return clv(c);
        }

        private static ClvConfig clv(Config c) {
            String p = ROOT + ".clv.";
            String frequency = get(c, p + "frequency", c::getString);
            if (!Set.of("purchase-day", "deal").contains(frequency)) {
                throw bad(c, p + "frequency", "'" + frequency + "' is not purchase-day or deal");
            }
            String unit = get(c, p + "time-unit", c::getString);
            double unitDays = switch (unit) {
                case "day" -> 1.0;
                case "week" -> 7.0;
                case "month" -> 365.25 / 12;
                default -> throw bad(c, p + "time-unit", "'" + unit + "' is not day, week or month");
            };
            double horizon = get(c, p + "horizon", c::getDouble);
            if (!(horizon > 0)) {
                throw bad(c, p + "horizon", "must be more than 0 time units");
            }
            String holdout = get(c, p + "holdout-date", c::getString);
            Optional<LocalDate> holdoutDate = Optional.empty();
            if (!holdout.isBlank()) {
                holdoutDate = Optional.of(date(c, p + "holdout-date"));
            }
            return new ClvConfig(frequency, unit, unitDays, horizon, holdoutDate);
        }
    }
}
