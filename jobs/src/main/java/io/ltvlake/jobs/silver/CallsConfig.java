package io.ltvlake.jobs.silver;

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
 * Call analytics windows (DESIGN §4, Calls): uniqueness in days, the least talk time of a target
 * call in seconds, the callback window in hours, the lost-lead window in days, and the days after
 * a call within which a deal opened by the caller counts as the call's deal. All are elapsed time
 * from the call and include their limit.
 */
public record CallsConfig(int uniquenessDays, int targetMinDurationSeconds, int callbackHours, int lostLeadDays,
                           int dealWindowDays) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<CallsConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<CallsConfig> type() {
            return CallsConfig.class;
        }


        @Override
        public CallsConfig parse(ConfigContext context) {
            Config c = context.config();
            return calls(c);
        }

        private static CallsConfig calls(Config c) {
            String p = ROOT + ".calls.";
            int targetSeconds = get(c, p + "target-min-duration-s", c::getInt);
            if (targetSeconds < 0) {
                throw bad(c, p + "target-min-duration-s", "must be 0 or more seconds, got " + targetSeconds);
            }
            return new CallsConfig(positive(c, p + "uniqueness-days"), targetSeconds, positive(c, p + "callback-hours"),
                    positive(c, p + "lost-lead-days"), positive(c, p + "deal-window-days"));
        }
    }
}
