package io.ltvlake.jobs.gold.jtbd;

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

/** The rule set chosen for orders without a CRM label; an empty list labels them all {@code other}. */
public record JtbdConfig(String ruleSet, List<JtbdRule> rules) {
    public JtbdConfig {
        rules = List.copyOf(rules);
    }

    /** One labelling rule: orders whose basket features satisfy {@code when} (Spark SQL) get {@code job}. */
    public record JtbdRule(String name, String job, String when) {}

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<JtbdConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<JtbdConfig> type() {
            return JtbdConfig.class;
        }


        @Override
        public Set<String> freeForm() {
            return Set.of("ltvlake.jtbd.rule-sets");
        }

        @Override
        public JtbdConfig parse(ConfigContext context) {
            Config c = context.config();
            return jtbd(c);
        }

        private static JtbdConfig jtbd(Config c) {
            String key = ROOT + ".jtbd.rule-set";
            String name = get(c, key, c::getString);
            if (name.equals("none")) {
                return new JtbdConfig(name, List.of());
            }
            Config sets = c.getConfig(ROOT + ".jtbd.rule-sets");
            if (!sets.root().containsKey(name)) {
                throw bad(c, key, "there is no rule set '" + name + "'; rule sets are " + new TreeSet<>(sets.root().keySet())
                        + " or none");
            }
            String at = ROOT + ".jtbd.rule-sets." + name;
            List<? extends Config> list = get(c, at, c::getConfigList);
            List<JtbdRule> rules = new ArrayList<>();
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < list.size(); i++) {
                Config rule = list.get(i);
                String ruleAt = at + "[" + i + "]";
                for (String k : rule.root().keySet()) {
                    if (!Set.of("name", "job", "when").contains(k)) {
                        throw new ConfigError("unknown config key '" + ruleAt + "." + k + "'; a rule takes job, when and an optional name");
                    }
                }
                String job = requiredString(rule, ruleAt, "job");
                if (!job.matches("[a-z0-9][a-z0-9_]*")) {
                    throw new ConfigError("bad value for config key '" + ruleAt + ".job': '" + job
                            + "' must be lower-case letters, digits and '_'");
                }
                String when = requiredString(rule, ruleAt, "when");
                if (when.isBlank()) {
                    throw new ConfigError("config key '" + ruleAt + ".when' is empty; it must be a Spark SQL predicate");
                }
                String ruleName = rule.hasPath("name") ? requiredString(rule, ruleAt, "name") : job;
                if (!names.add(ruleName)) {
                    throw new ConfigError("config key '" + ruleAt + "': rule set '" + name + "' has two rules named '" + ruleName
                            + "'; give one a distinct name");
                }
                rules.add(new JtbdRule(ruleName, job, when));
            }
            return new JtbdConfig(name, rules);
        }
    }
}
