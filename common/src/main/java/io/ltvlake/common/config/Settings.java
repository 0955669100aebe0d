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
        S3Settings s3,
        String phoneDefaultRegion,
        IdentitySettings identity,
        List<SourceSettings> sources,
        SampleDefaults sample,
        Path home,
        Path confDir,
        Config raw,
        Map<Class<?>, Object> sections) {

    public Settings {
        sections = Map.copyOf(sections);
    }

    /** The parsed {@link ConfigSection} of {@code type}; every section on the classpath was parsed and checked at load. */
    public <T> T section(Class<T> type) {
        Object value = sections.get(type);
        if (value == null) {
            throw new ConfigError("no config section " + type.getName() + " was loaded: is it listed in"
                    + " META-INF/services/" + ConfigSection.class.getName() + "?");
        }
        return type.cast(value);
    }

    public record SparkSettings(String master, String appName, int shufflePartitions, boolean uiEnabled,
                                Map<String, String> conf) {}

    /** Where s3a credentials come from: the driver's environment variables, or s3a's own provider chain. */
    public enum S3Authentication { ENVIRONMENT, DEFAULT_CHAIN }

    /**
     * Access keys read from the environment. Kept out of every config rendering and out of
     * Spark's configuration; {@link #toString()} masks them so a stray log line cannot print them.
     */
    public record AwsKeys(String accessKeyId, String secretAccessKey, java.util.Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "AwsKeys[****]";
        }
    }

    /**
     * s3a settings: endpoint and region ("" = AWS's own), path-style access, TLS, directory-marker
     * retention, and the credentials: {@code keys} holds the environment's keys when
     * {@code authentication} is ENVIRONMENT and they are set, else it is empty.
     */
    public record S3Settings(S3Authentication authentication, String endpoint, String region, boolean pathStyleAccess,
                             boolean sslEnabled, String directoryMarkerRetention, java.util.Optional<AwsKeys> keys) {}

    /** {@code keySecret}: the secret of customer keys (HMAC), from {@code LTVLAKE_KEY_SECRET} or the development one. */
    public record IdentitySettings(int maxIterations, int checkpointEvery, KeySecret keySecret) {}

    /**
     * The customer-key secret and where it came from. {@link #toString()} masks it, so a printed
     * Settings cannot show it; it is never in {@link Settings#raw()} either.
     */
    public record KeySecret(String value, boolean development, String whyMissing) {

        /**
         * The secret, or a config error when this env needs one and none is set. Asked by whatever
         * computes keys (a run), not at load, so {@code config} or {@code airflow-dag --env prod} work
         * on a machine without the production secret.
         */
        public String require() {
            if (value == null) {
                throw new ConfigError(whyMissing);
            }
            return value;
        }

        @Override
        public String toString() {
            return "KeySecret[" + (development ? "development" : "from the environment") + ", ****]";
        }
    }

    public record SampleDefaults(int customers, int days, long seed, LocalDate endDate) {}

    public SourceSettings source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown source '" + name + "'; configured sources: "
                        + sources.stream().map(SourceSettings::name).toList()));
    }
}
