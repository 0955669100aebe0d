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
        IngestSettings ingest,
        JtbdSettings jtbd,
        DealSettings deals,
        ClvSettings clv,
        RfmSettings rfm,
        ChannelSettings channels,
        CallSettings calls,
        BasketAffinitySettings basketAffinity,
        AttributionSettings attribution,
        FunnelSettings funnel,
        PublishSettings publish,
        List<Extract> extracts,
        ReportSettings report,
        AirflowSettings airflow,
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

    /**
     * Ingest guards: the largest share of rows a re-delivered export day may lose ({@code maxShrink},
     * 0 ≤ x &lt; 1), the source/day pairs whose shrunken or empty delivery is accepted anyway, and the
     * window of plausible event times (no later than the end of the run date plus {@code maxFuture},
     * no earlier than {@code minDate}).
     */
    public record IngestSettings(double maxShrink, java.util.Set<String> acceptShrink, Duration maxFuture,
                                 LocalDate minDate) {
        public IngestSettings {
            acceptShrink = java.util.Set.copyOf(acceptShrink);
        }

        public boolean acceptsShrink(String source, LocalDate day) {
            return acceptShrink.contains(source + ":" + day);
        }
    }

    /** One labelling rule: orders whose basket features satisfy {@code when} (Spark SQL) get {@code job}. */
    public record JtbdRule(String name, String job, String when) {}

    /** The rule set chosen for orders without a CRM label; an empty list labels them all {@code other}. */
    public record JtbdSettings(String ruleSet, List<JtbdRule> rules) {
        public JtbdSettings {
            rules = List.copyOf(rules);
        }
    }

    public record DealSettings(Duration immediateWindow, Duration deferredWindow) {}

    /**
     * Predicted CLV: what counts as a purchase ({@code purchase-day} or {@code deal}), the time
     * unit in days, the horizon in time units, and an optional holdout start.
     */
    public record ClvSettings(String frequency, String timeUnit, double timeUnitDays, double horizon,
                              java.util.Optional<LocalDate> holdoutDate) {}

    /**
     * How RFM scores 1..levels are made, all from one pass over the snapshot's customers:
     * PERCENT_RANK ({@code 1 + floor(levels x percent_rank)}, equal values equal scores; "quintiles"),
     * NTILE (equal-sized groups, ties split by customer key), RANK_BINS (rank with ties at their
     * lowest rank, cut into equal-width bins, as pandas' {@code cut(rank(method='min'))}), or THRESHOLDS.
     */
    public enum RfmScoring { PERCENT_RANK, NTILE, RANK_BINS, THRESHOLDS }

    /** What RFM frequency counts: deduplicated deals (the point of the method), or raw orders (invoices). */
    public enum RfmFrequency { DEALS, ORDERS }

    /**
     * Fixed cut points, levels - 1 ascending values each. Recency: the most days since the last deal that
     * still earn 5, 4, 3, 2. Frequency and monetary: the least value that earns 2, 3, 4, 5.
     */
    public record RfmThresholds(List<java.math.BigDecimal> recencyDays, List<java.math.BigDecimal> frequency,
                                List<java.math.BigDecimal> monetary) {
        public RfmThresholds {
            recencyDays = List.copyOf(recencyDays);
            frequency = List.copyOf(frequency);
            monetary = List.copyOf(monetary);
        }
    }

    /** An inclusive range of scores (or of their sum). */
    public record ScoreRange(int from, int to) {
        public static final ScoreRange ANY = new ScoreRange(Integer.MIN_VALUE, Integer.MAX_VALUE);

        public boolean holds(int score) {
            return score >= from && score <= to;
        }

        public boolean isAny() {
            return equals(ANY);
        }
    }

    /** An inclusive range of a raw value; a missing end is open. */
    public record ValueRange(java.util.Optional<java.math.BigDecimal> from, java.util.Optional<java.math.BigDecimal> to) {}

    /**
     * One rule of the segment map. A customer matches when every condition given holds: the R, F and M
     * score ranges, the cell list ({@code "555"}: R, F, M), the range of R + F + M, and the raw
     * {@code average-check} (monetary / deals) and {@code deals} ranges. Conditions not given hold for everyone.
     */
    public record RfmSegmentRule(String id, String name, ScoreRange recency, ScoreRange frequency, ScoreRange monetary,
                                 java.util.Set<String> cells, ScoreRange scoreSum, java.util.Optional<ValueRange> averageCheck,
                                 java.util.Optional<ValueRange> deals) {
        public RfmSegmentRule {
            cells = java.util.Set.copyOf(cells);
        }

        /** An R/F rule, as the rf-11 map has them. */
        public RfmSegmentRule(String id, String name, int recencyFrom, int recencyTo, int frequencyFrom, int frequencyTo) {
            this(id, name, new ScoreRange(recencyFrom, recencyTo), new ScoreRange(frequencyFrom, frequencyTo), ScoreRange.ANY,
                    java.util.Set.of(), ScoreRange.ANY, java.util.Optional.empty(), java.util.Optional.empty());
        }

        /** Whether the rule's score conditions hold for the cell; raw-value conditions are not looked at. */
        public boolean coversScores(int recencyScore, int frequencyScore, int monetaryScore) {
            return recency.holds(recencyScore) && frequency.holds(frequencyScore) && monetary.holds(monetaryScore)
                    && (cells.isEmpty() || cells.contains("" + recencyScore + frequencyScore + monetaryScore))
                    && scoreSum.holds(recencyScore + frequencyScore + monetaryScore);
        }

        /** A rule with a raw-value condition may miss any cell, so it never counts as covering one. */
        public boolean hasValueConditions() {
            return averageCheck.isPresent() || deals.isPresent();
        }

        /** Whether the rule looks at M: then the map is checked over R-F-M cells, not R/F cells. */
        public boolean usesMonetary() {
            return !monetary.isAny() || !cells.isEmpty() || !scoreSum.isAny();
        }
    }

    /**
     * RFM: lookback in days, the preset the map came from ({@code custom} for explicit segments), scoring,
     * score levels (5: 1-5; 4: quartiles), what frequency counts, thresholds (for THRESHOLDS) and the
     * ordered segment map.
     */
    public record RfmSettings(int lookbackDays, String preset, RfmScoring scoring, int levels, RfmFrequency frequencyCounts,
                              RfmThresholds thresholds, List<RfmSegmentRule> segments) {
        public RfmSettings {
            segments = List.copyOf(segments);
        }

        /** The default R/F settings with other segments and scoring (tests and callers that only change those). */
        public RfmSettings(int lookbackDays, RfmScoring scoring, RfmThresholds thresholds, List<RfmSegmentRule> segments) {
            this(lookbackDays, "custom", scoring, 5, RfmFrequency.DEALS, thresholds, segments);
        }
    }

    /** One channel-grouping rule: touches whose tags satisfy {@code when} (Spark SQL) belong to {@code channel}. */
    public record ChannelRule(String name, String channel, String when) {}

    /** Channel grouping: ordered rules, first match wins; a touch no rule matches gets {@code defaultChannel}. */
    public record ChannelSettings(String defaultChannel, List<ChannelRule> rules) {
        public ChannelSettings {
            rules = List.copyOf(rules);
        }
    }

    /**
     * Call analytics windows (DESIGN §4, Calls): uniqueness in days, the least talk time of a target
     * call in seconds, the callback window in hours, the lost-lead window in days, and the days after
     * a call within which a deal opened by the caller counts as the call's deal. All are elapsed time
     * from the call and include their limit.
     */
    public record CallSettings(int uniquenessDays, int targetMinDurationSeconds, int callbackHours, int lostLeadDays,
                               int dealWindowDays) {}

    /** What a basket is for basket affinity. */
    public enum BasketKind { ORDER, DEAL }

    /**
     * Basket affinity: baskets are orders or deals, pairs below {@code minSupport} (a share of the
     * scope's baskets) are left out, {@code filter} (a Spark SQL predicate over order attributes,
     * empty = every order) picks the orders, and {@code excludeProducts} are taken out of every basket.
     */
    public record BasketAffinitySettings(BasketKind basket, double minSupport, java.util.Optional<String> filter,
                                         List<String> excludeProducts) {
        public BasketAffinitySettings {
            excludeProducts = List.copyOf(excludeProducts);
        }
    }

    /**
     * The PostgreSQL the marts are published to. No password is held here: {@code passwordEnv}
     * and {@code biPasswordEnv} name the environment variables that hold them, read when the
     * job connects. An empty {@code url} means there is no database: publish skips. With
     * {@code strictBiRole} a BI role privilege beyond USAGE on the schema and SELECT on its tables
     * fails the publish instead of being a warning.
     */
    public record PostgresSettings(String url, String user, String passwordEnv, String schema, String biRole,
                                   String biPasswordEnv, int batchRows, int checkSampleRows, boolean strictBiRole) {
        public boolean configured() {
            return !url.isBlank();
        }

        /** Where staging tables are loaded: a schema of its own, so the BI role never sees a half-loaded table. */
        public String stagingSchema() {
            return schema + "_staging";
        }
    }

    public record PublishSettings(PostgresSettings postgres) {}

    /** File format of an extract: CSV in UTF-8 with a byte-order mark (for Excel), or XLSX with typed cells. */
    public enum ExtractFormat {
        CSV("csv"), XLSX("xlsx");

        private final String extension;

        ExtractFormat(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** What a conversion is for attribution: a deduplicated deal (at its opening) or every purchase order. */
    public enum ConversionKind { DEAL, ORDER }

    /** A period the attribution tables are reported by; {@code ALL} is the whole range of conversions at once. */
    public enum ReportPeriod {
        MONTH, QUARTER, YEAR, ALL;

        /** The name used in config and in the tables' {@code period_type} column. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A scheduled extract: rows of a gold mart ({@code mart}, with optional {@code columns} and
     * {@code filter}) or of a Spark SQL query ({@code sql}), in {@code orderBy} order (default: all
     * columns), written when {@code schedule} is due to {@code destination} (a folder, local or
     * s3a://). {@code contacts}: the extract may carry phones and e-mails (it opted in).
     * {@code {run_date}} in sql and filter stands for the run date as a SQL date literal.
     */
    public record Extract(String name, java.util.Optional<String> mart, java.util.Optional<String> sql, List<String> columns,
                          java.util.Optional<String> filter, List<String> orderBy, ExtractFormat format, Schedule schedule,
                          String destination, boolean contacts) {
        public Extract {
            columns = List.copyOf(columns);
            orderBy = List.copyOf(orderBy);
        }
    }

    /**
     * Associated conversions (DESIGN §4): what a conversion is, the lookback window in days
     * (1..90), the periods the tables are reported by, and how many top paths per period
     * gold.conversion_paths keeps before it sums the rest into one row.
     */
    public record AttributionSettings(ConversionKind conversion, int lookbackDays, List<ReportPeriod> periods,
                                      int topPaths) {
        public AttributionSettings {
            periods = List.copyOf(periods);
        }
    }

    /**
     * The HTML report: its title, the latest {@code cohorts} monthly cohorts of the retention
     * heatmap up to {@code monthsSinceAcquisition}, one LTV curve for each of the latest {@code
     * ltvCohorts} complete cohorts, and the period type ({@code month} or {@code quarter}) of the
     * JTBD migration matrix.
     */
    public record ReportSettings(String title, int cohorts, int monthsSinceAcquisition, int ltvCohorts,
                                 String jtbdMigrationPeriod) {}

    /**
     * What the generated Airflow DAG is made of besides the job graph: its id, cron schedule (in
     * the business time zone) and first date, catch-up, retries, timeout, owner and tags, and how
     * each job is submitted (Spark connection, job jar, packages, the {@code --env} of the jobs,
     * extra job arguments and extra {@code --conf} settings).
     */
    public record AirflowSettings(String dagId, String schedule, LocalDate startDate, boolean catchup, int retries,
                                  Duration retryDelay, Duration executionTimeout, String owner, List<String> tags,
                                  String sparkConnId, String application, String packages, String env,
                                  List<String> extraArgs, Map<String, String> conf) {
        public AirflowSettings {
            tags = List.copyOf(tags);
            extraArgs = List.copyOf(extraArgs);
            conf = Map.copyOf(conf);
        }
    }

    /**
     * One plan line of the profit funnel: min, base and max of {@code metric} for {@code month}
     * (empty = every month without a line of its own) and {@code channel} (empty = the business as
     * a whole, the funnel's {@code (all)} rows).
     */
    public record PlanLevel(java.util.Optional<java.time.YearMonth> month, java.util.Optional<String> channel,
                            String metric, java.math.BigDecimal min, java.math.BigDecimal base, java.math.BigDecimal max) {}

    /**
     * The profit funnel: the Spark SQL predicate that makes a web session a web lead, and the
     * plan lines shown beside the actuals.
     */
    public record FunnelSettings(String webLead, List<PlanLevel> plan) {
        /** The funnel measures a plan line may name (columns of gold.profit_funnel). */
        public static final List<String> PLAN_METRICS = List.of("sessions", "leads", "call_leads", "web_leads", "deals",
                "first_deals", "repeat_deals", "revenue", "average_check", "session_to_lead_conversion",
                "lead_to_deal_conversion", "repeat_deal_share", "ad_cost", "cpl", "cac", "romi");

        public FunnelSettings {
            plan = List.copyOf(plan);
        }
    }

    public record SampleDefaults(int customers, int days, long seed, LocalDate endDate) {}

    public Extract extract(String name) {
        return extracts.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown extract '" + name + "'; configured extracts: "
                        + extracts.stream().map(Extract::name).toList()));
    }

    public SourceSettings source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown source '" + name + "'; configured sources: "
                        + sources.stream().map(SourceSettings::name).toList()));
    }
}
