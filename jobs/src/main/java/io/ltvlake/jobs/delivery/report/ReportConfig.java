package io.ltvlake.jobs.delivery.report;

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
 * The HTML report: its title, the latest {@code cohorts} monthly cohorts of the retention
 * heatmap up to {@code monthsSinceAcquisition}, one LTV curve for each of the latest {@code
 * ltvCohorts} complete cohorts, and the period type ({@code month} or {@code quarter}) of the
 * JTBD migration matrix.
 */
public record ReportConfig(String title, int cohorts, int monthsSinceAcquisition, int ltvCohorts,
                             String jtbdMigrationPeriod) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<ReportConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<ReportConfig> type() {
            return ReportConfig.class;
        }


        @Override
        public ReportConfig parse(ConfigContext context) {
            Config c = context.config();
            return report(c);
        }

        private static ReportConfig report(Config c) {
            String p = ROOT + ".report.";
            String title = get(c, p + "title", c::getString);
            if (title.isBlank()) {
                throw bad(c, p + "title", "must not be empty");
            }
            String period = get(c, p + "jtbd-migration-period", c::getString);
            if (!Set.of("month", "quarter").contains(period)) {
                throw bad(c, p + "jtbd-migration-period", "'" + period + "' must be month or quarter");
            }
            int months = get(c, p + "months-since-acquisition", c::getInt);
            if (months < 1 || months > 120) {
                throw bad(c, p + "months-since-acquisition", "must be between 1 and 120, got " + months);
            }
            return new ReportConfig(title, positive(c, p + "cohorts"), months, positive(c, p + "ltv-cohorts"), period);
        }
    }
}
