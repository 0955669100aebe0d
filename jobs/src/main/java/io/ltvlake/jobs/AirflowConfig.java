package io.ltvlake.jobs;

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
 * What the generated Airflow DAG is made of besides the job graph: its id, cron schedule (in
 * the business time zone) and first date, catch-up, retries, timeout, owner and tags, and how
 * each job is submitted (Spark connection, job jar, packages, the {@code --env} of the jobs,
 * extra job arguments and extra {@code --conf} settings).
 */
public record AirflowConfig(String dagId, String schedule, LocalDate startDate, boolean catchup, int retries,
                              Duration retryDelay, Duration executionTimeout, String owner, List<String> tags,
                              String sparkConnId, String application, String packages, String env,
                              List<String> extraArgs, Map<String, String> conf) {
    public AirflowConfig {
        tags = List.copyOf(tags);
        extraArgs = List.copyOf(extraArgs);
        conf = Map.copyOf(conf);
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<AirflowConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<AirflowConfig> type() {
            return AirflowConfig.class;
        }


        @Override
        public Set<String> freeForm() {
            return Set.of("ltvlake.airflow.conf");
        }

        @Override
        public AirflowConfig parse(ConfigContext context) {
            Config c = context.config();
            return airflow(c);
        }

        /** Airflow presets that a cron field may name instead of five fields. */
        private static final Set<String> CRON_PRESETS = Set.of("@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly");

        private static AirflowConfig airflow(Config c) {
            String p = ROOT + ".airflow.";
            String dagId = get(c, p + "dag-id", c::getString);
            if (!dagId.matches("[A-Za-z0-9_.-]+")) {
                throw bad(c, p + "dag-id", "'" + dagId + "' may hold only letters, digits, '_', '.' and '-' (Airflow's rule)");
            }
            String schedule = get(c, p + "schedule", c::getString).strip();
            if (!CRON_PRESETS.contains(schedule) && schedule.split("\\s+").length != 5) {
                throw bad(c, p + "schedule", "'" + schedule + "' is not a cron expression of five fields (minute hour "
                        + "day-of-month month day-of-week) nor one of " + new TreeSet<>(CRON_PRESETS));
            }
            int retries = get(c, p + "retries", c::getInt);
            if (retries < 0) {
                throw bad(c, p + "retries", "must be 0 or more, got " + retries);
            }
            List<String> tags = get(c, p + "tags", c::getStringList);
            if (tags.stream().anyMatch(String::isBlank)) {
                throw bad(c, p + "tags", "a tag must not be empty");
            }
            String env = get(c, p + "env", c::getString);
            if (!env.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                throw bad(c, p + "env", "'" + env + "' is not an env name (conf/<env>.conf)");
            }
            Map<String, String> conf = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : c.getConfig(p + "conf").entrySet()) {
                conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
            }
            return new AirflowConfig(dagId, schedule, date(c, p + "start-date"), get(c, p + "catchup", c::getBoolean),
                    retries, duration(c, p + "retry-delay"), duration(c, p + "execution-timeout"),
                    nonBlank(c, p + "owner"), tags, nonBlank(c, p + "spark-conn-id"), nonBlank(c, p + "application"),
                    get(c, p + "packages", c::getString).strip(), env, get(c, p + "extra-args", c::getStringList), conf);
        }
    }
}
