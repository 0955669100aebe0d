package io.ltvlake.common.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
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
        SampleDefaults sample,
        Path home,
        Path confDir,
        Config raw) {

    public record SparkSettings(String master, String appName, int shufflePartitions, boolean uiEnabled,
                                Map<String, String> conf) {}

    public record IdentitySettings(int maxIterations, int checkpointEvery) {}

    public record SampleDefaults(int customers, int days, long seed, LocalDate endDate) {}

    public SourceSettings source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown source '" + name + "'; configured sources: "
                        + sources.stream().map(SourceSettings::name).toList()));
    }
}
