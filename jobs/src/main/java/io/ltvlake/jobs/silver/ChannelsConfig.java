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

/** Channel grouping: ordered rules, first match wins; a touch no rule matches gets {@code defaultChannel}. */
public record ChannelsConfig(String defaultChannel, List<ChannelRule> rules) {
    public ChannelsConfig {
        rules = List.copyOf(rules);
    }

    /** One channel-grouping rule: touches whose tags satisfy {@code when} (Spark SQL) belong to {@code channel}. */
    public record ChannelRule(String name, String channel, String when) {}

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<ChannelsConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<ChannelsConfig> type() {
            return ChannelsConfig.class;
        }


        @Override
        public ChannelsConfig parse(ConfigContext context) {
            Config c = context.config();
            return channels(c);
        }

        private static ChannelsConfig channels(Config c) {
            String defaultKey = ROOT + ".channels.default-channel";
            String defaultChannel = get(c, defaultKey, c::getString);
            if (!defaultChannel.matches("[a-z0-9][a-z0-9_]*")) {
                throw bad(c, defaultKey, "'" + defaultChannel + "' must be lower-case letters, digits and '_'");
            }
            String at = ROOT + ".channels.rules";
            List<? extends Config> list = get(c, at, c::getConfigList);
            List<ChannelRule> rules = new ArrayList<>();
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < list.size(); i++) {
                Config rule = list.get(i);
                String ruleAt = at + "[" + i + "]";
                for (String k : rule.root().keySet()) {
                    if (!Set.of("name", "channel", "when").contains(k)) {
                        throw new ConfigError("unknown config key '" + ruleAt + "." + k + "' (" + rule.root().get(k).origin()
                                .description() + ") in channel rule " + ruleLabel(rule)
                                + "; a channel rule takes channel, when and an optional name");
                    }
                }
                String channel = requiredString(rule, ruleAt, "channel");
                if (!channel.matches("[a-z0-9][a-z0-9_]*")) {
                    throw new ConfigError("bad value for config key '" + ruleAt + ".channel': '" + channel
                            + "' must be lower-case letters, digits and '_'");
                }
                String when = requiredString(rule, ruleAt, "when");
                if (when.isBlank()) {
                    throw new ConfigError("config key '" + ruleAt + ".when' is empty; it must be a Spark SQL predicate");
                }
                String ruleName = rule.hasPath("name") ? requiredString(rule, ruleAt, "name") : channel;
                if (!names.add(ruleName)) {
                    throw new ConfigError("config key '" + ruleAt + "': two channel rules are named '" + ruleName
                            + "'; give one a distinct name");
                }
                rules.add(new ChannelRule(ruleName, channel, when));
            }
            return new ChannelsConfig(defaultChannel, rules);
        }

        /** How a channel rule is known to the user: its name, else its channel, else its position alone. */
        private static String ruleLabel(Config rule) {
            for (String key : List.of("name", "channel")) {
                if (rule.hasPath(key) && rule.getValue(key).valueType() == ConfigValueType.STRING) {
                    return "'" + rule.getString(key) + "'";
                }
            }
            return "(unnamed)";
        }
    }
}
