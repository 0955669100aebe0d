package io.ltvlake.jobs.gold.journey;

import static io.ltvlake.common.config.ConfigValues.bad;
import static io.ltvlake.common.config.ConfigValues.date;
import static io.ltvlake.common.config.ConfigValues.get;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The journey in people and the profit formula: the periods they are reported by (the reporting
 * cadence) and the day two-week periods are counted from.
 */
public record JourneyConfig(List<Period> periods, LocalDate twoWeeksFrom) {

    public JourneyConfig {
        periods = List.copyOf(periods);
    }

    /** A reporting period; {@link #label()} is its name in config and in the tables' {@code period_type}. */
    public enum Period {
        WEEK("week"), TWO_WEEKS("two_weeks"), MONTH("month"), QUARTER("quarter");

        private final String label;

        Period(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static String names() {
            return String.join(", ", Arrays.stream(values()).map(Period::label).toList());
        }
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<JourneyConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<JourneyConfig> type() {
            return JourneyConfig.class;
        }

        @Override
        public String reference() {
            return "io/ltvlake/jobs/gold/journey/JourneyConfig.conf";
        }

        @Override
        public JourneyConfig parse(ConfigContext context) {
            Config c = context.config();
            String p = ROOT + ".journey.";
            List<Period> periods = new ArrayList<>();
            for (String name : get(c, p + "periods", c::getStringList)) {
                Period period = Arrays.stream(Period.values())
                        .filter(candidate -> candidate.label().equals(name.strip().toLowerCase(Locale.ROOT).replace('-', '_')))
                        .findFirst()
                        .orElseThrow(() -> bad(c, p + "periods", "'" + name + "' is not one of " + Period.names()));
                if (periods.contains(period)) {
                    throw bad(c, p + "periods", "'" + name + "' is listed twice");
                }
                periods.add(period);
            }
            if (periods.isEmpty()) {
                throw bad(c, p + "periods", "must list at least one of " + Period.names());
            }
            return new JourneyConfig(periods, date(c, p + "two-weeks-from"));
        }
    }
}
