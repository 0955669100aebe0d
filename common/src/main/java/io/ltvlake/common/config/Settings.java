package io.ltvlake.common.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The effective configuration, typed. Built only by {@link ConfigLoader}. */
public record Settings(
        String env,
        ZoneId businessTimeZone,
        String lakeRoot,
        SparkSettings spark,
        String phoneDefaultRegion,
        IdentitySettings identity,
        List<SourceSettings> sources,
        JtbdSettings jtbd,
        DealSettings deals,
        ChannelSettings channels,
        SampleDefaults sample,
        Path home,
        Path confDir,
        Config raw) {

    public record SparkSettings(String master, String appName, int shufflePartitions, boolean uiEnabled,
                                Map<String, String> conf) {}

    public record IdentitySettings(int maxIterations, int checkpointEvery) {}

    /** One labelling rule: orders whose basket features satisfy {@code when} (Spark SQL) get {@code job}. */
    public record JtbdRule(String name, String job, String when) {}

    /** The rule set chosen for orders without a CRM label; an empty list labels them all {@code other}. */
    public record JtbdSettings(String ruleSet, List<JtbdRule> rules) {
        public JtbdSettings {
            rules = List.copyOf(rules);
        }
    }

    public record DealSettings(Duration immediateWindow, Duration deferredWindow) {}

    /** One channel-grouping rule: touches whose tags satisfy {@code when} (Spark SQL) belong to {@code channel}. */
    public record ChannelRule(String name, String channel, String when) {}

    /** Channel grouping: ordered rules, first match wins; a touch no rule matches gets {@code defaultChannel}. */
    public record ChannelSettings(String defaultChannel, List<ChannelRule> rules) {
        public ChannelSettings {
            rules = List.copyOf(rules);
        }
    }

    public record SampleDefaults(int customers, int days, long seed, LocalDate endDate) {}

    public SourceSettings source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown source '" + name + "'; configured sources: "
                        + sources.stream().map(SourceSettings::name).toList()));
    }
}
