package io.ltvlake.jobs.bronze.ingest;

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
 * Ingest guards: the largest share of rows a re-delivered export day may lose ({@code maxShrink},
 * 0 ≤ x &lt; 1), the source/day pairs whose shrunken or empty delivery is accepted anyway, and the
 * window of plausible event times (no later than the end of the run date plus {@code maxFuture},
 * no earlier than {@code minDate}), and the file systems (URI schemes) whose folder modification times
 * tell whether a landing folder changed ({@code trustFolderTimes}).
 */
public record IngestConfig(double maxShrink, java.util.Set<String> acceptShrink, Duration maxFuture,
                             LocalDate minDate, java.util.Set<String> trustFolderTimes) {
    public IngestConfig {
        acceptShrink = java.util.Set.copyOf(acceptShrink);
        trustFolderTimes = java.util.Set.copyOf(trustFolderTimes);
    }

    /** Whether a folder on this URI scheme ({@code file}, {@code hdfs}, {@code s3a}...) changes its time whenever a file in it changes. */
    public boolean trustsFolderTimes(String scheme) {
        return trustFolderTimes.contains(scheme.toLowerCase(java.util.Locale.ROOT));
    }

    public boolean acceptsShrink(String source, LocalDate day) {
        return acceptShrink.contains(source + ":" + day);
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<IngestConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<IngestConfig> type() {
            return IngestConfig.class;
        }


        @Override
        public IngestConfig parse(ConfigContext context) {
            Config c = context.config();
            return ingest(c, context.sources());
        }

        private static IngestConfig ingest(Config c, List<SourceSettings> sources) {
            String p = ROOT + ".ingest.";
            double maxShrink = get(c, p + "max-shrink", c::getDouble);
            if (!(maxShrink >= 0 && maxShrink < 1)) {
                throw bad(c, p + "max-shrink", "must be a share of rows from 0 up to (not including) 1, e.g. 0.5, got " + maxShrink);
            }
            Set<String> names = new TreeSet<>(sources.stream().map(SourceSettings::name).toList());
            Set<String> accepted = new TreeSet<>();
            for (String pair : stringList(c.getConfig(ROOT + ".ingest"), ROOT + ".ingest", "accept-shrink")) {
                String[] parts = pair.split(":", 2);
                if (parts.length != 2 || !names.contains(parts[0]) || !parts[1].matches("\\d{4}-\\d{2}-\\d{2}")) {
                    throw bad(c, p + "accept-shrink", "'" + pair + "' is not SOURCE:DAY with a configured source "
                            + names + " and a day YYYY-MM-DD (e.g. " + names.iterator().next() + ":2026-11-20)");
                }
                try {
                    accepted.add(parts[0] + ":" + LocalDate.parse(parts[1]));
                } catch (DateTimeParseException e) {
                    throw bad(c, p + "accept-shrink", "'" + pair + "': '" + parts[1] + "' is not a date");
                }
            }
            java.time.Duration maxFuture = get(c, p + "max-future", c::getDuration);
            if (maxFuture.isNegative()) {
                throw bad(c, p + "max-future", "must not be negative");
            }
            Set<String> trusted = new TreeSet<>();
            for (String scheme : stringList(c.getConfig(ROOT + ".ingest"), ROOT + ".ingest", "trust-folder-times")) {
                if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                    throw bad(c, p + "trust-folder-times", "'" + scheme + "' is not a URI scheme (e.g. hdfs, file)");
                }
                trusted.add(scheme.toLowerCase(java.util.Locale.ROOT));
            }
            return new IngestConfig(maxShrink, accepted, maxFuture, date(c, p + "min-date"), trusted);
        }
    }
}
