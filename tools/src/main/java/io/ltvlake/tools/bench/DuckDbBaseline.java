package io.ltvlake.tools.bench;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema;
import io.ltvlake.jobs.bronze.ingest.IngestConfig;
import io.ltvlake.jobs.gold.deals.DealsConfig;
import io.ltvlake.jobs.gold.jtbd.JtbdConfig;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.gold.rfm.RfmConfig;
import io.ltvlake.jobs.silver.ChannelsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The core steps of the pipeline computed by DuckDB (in this process, over JDBC) on the landing CSV
 * files of one source: typed lines with malformed ones set aside, the latest export per order,
 * sessions and calls; the identity graph; deals; RFM; cohort retention. A yardstick for the
 * pipeline's CPU cost, not a second pipeline: it writes nothing, and each step's tables are counted
 * so that the bench can check they have as many rows as the lake's. The SQL is in
 * {@code resources/io/ltvlake/tools/bench/duckdb}; ingest's typing rules are generated from
 * {@link CanonicalSchema} by {@link DuckDbTyping}.
 */
public final class DuckDbBaseline {

    /** The DuckDB steps, in order, and the pipeline jobs each one stands for. */
    public enum Step {
        LINES("typed lines, latest orders, sessions, calls", List.of("ingest", "conform")),
        IDENTITY("identity graph", List.of("conform")),
        DEALS("jobs and deals (2 h / 30 d windows)", List.of("jtbd", "deals")),
        RFM("RFM quintiles", List.of("rfm")),
        COHORTS("cohort retention", List.of("cohorts"));

        public final String description;
        public final List<String> sparkJobs;

        Step(String description, List<String> sparkJobs) {
            this.description = description;
            this.sparkJobs = sparkJobs;
        }
    }

    /** A lake table and the DuckDB query that counts the same rows. */
    public record Count(Step step, String table, String query) {}

    /** What the baseline counts, per step, against the lake's tables. */
    public static final List<Count> COUNTS = List.of(
            new Count(Step.LINES, "silver.order_lines", "SELECT count(*) FROM silver_order_lines"),
            new Count(Step.LINES, "silver.orders", "SELECT count(*) FROM silver_orders"),
            new Count(Step.LINES, "silver.sessions", "SELECT count(*) FROM silver_sessions"),
            new Count(Step.LINES, "silver.calls", "SELECT count(*) FROM silver_calls"),
            new Count(Step.IDENTITY, "silver.identity_map", "SELECT count(*) FROM identity_map"),
            new Count(Step.IDENTITY, "silver.customers", "SELECT count(*) FROM customers"),
            new Count(Step.DEALS, "gold.order_deals", "SELECT count(*) FROM order_deals"),
            new Count(Step.DEALS, "gold.deals", "SELECT count(*) FROM deals"),
            new Count(Step.RFM, "gold.customer_rfm", "SELECT count(*) FROM customer_rfm WHERE snapshot_date = DATE '${run_date}' OR snapshot_date = last_day(snapshot_date)"),
            new Count(Step.COHORTS, "gold.cohort_retention", "SELECT count(*) FROM cohort_retention"));

    /**
     * What the SQL needs from the config and the run.
     *
     * @param landing the source's landing folder (export-day folders of CSV files)
     * @param source the source's name, the prefix of deal ids
     * @param maxTime the latest plausible event time (the run date's end plus ingest.max-future)
     * @param rfmSnapshots the snapshot dates the rfm job scores besides the month ends (which the SQL finds from the
     *     first purchase on): the run date and the day before; gold.customer_rfm keeps the month ends and the run date
     */
    public record Parameters(Path landing, String source, LocalDate runDate, ZoneId businessZone, LocalDate minDate, Instant maxTime,
                             long immediateSeconds, long deferredSeconds, int rfmLookbackDays, int rfmLevels,
                             List<LocalDate> rfmSnapshots, String defaultChannel,
                             List<ChannelsConfig.ChannelRule> channelRules, List<JtbdConfig.JtbdRule> jobRules, int threads) {

        /** The parameters of a run on {@code runDate} with the lake's config; DuckDB gets two threads. */
        public static Parameters of(Settings settings, Path landing, String source, LocalDate runDate) {
            IngestConfig ingest = settings.section(IngestConfig.class);
            DealsConfig deals = settings.section(DealsConfig.class);
            RfmConfig rfm = settings.section(RfmConfig.class);
            ChannelsConfig channels = settings.section(ChannelsConfig.class);
            JtbdConfig jtbd = settings.section(JtbdConfig.class);
            Instant maxTime = runDate.plusDays(1).atStartOfDay(settings.businessTimeZone()).toInstant().plus(ingest.maxFuture());
            List<LocalDate> scored = List.of(runDate, runDate.minusDays(1));
            return new Parameters(landing, source, runDate, settings.businessTimeZone(), ingest.minDate(), maxTime,
                    deals.immediateWindow().toSeconds(), deals.deferredWindow().toSeconds(), rfm.lookbackDays(), rfm.levels(),
                    scored, channels.defaultChannel(), channels.rules(), jtbd.rules(), 2);
        }
    }

    /** One step's cost and its tables' row counts (lake table name → rows). */
    public record StepResult(Step step, double cpuSeconds, double wallSeconds, Map<String, Long> counts) {}

    private static final List<CanonicalSchema.Entity> ENTITIES = List.of(CanonicalSchema.ORDER_LINES, CanonicalSchema.SESSIONS,
            CanonicalSchema.CALLS, CanonicalSchema.MESSAGES, CanonicalSchema.PRODUCTS);
    private static final int MAX_IDENTITY_ROUNDS = 100;

    private final Parameters parameters;
    private final List<String> extraQueries = new ArrayList<>();
    private final Map<String, Long> extraCounts = new LinkedHashMap<>();
    private int identityRounds;
    private long quarantined;

    public DuckDbBaseline(Parameters parameters) {
        this.parameters = parameters;
    }

    /** Also runs these single-number queries after the last step (for checks beyond the lake's row counts). */
    public DuckDbBaseline alsoCounting(List<String> queries) {
        extraQueries.addAll(queries);
        return this;
    }

    /** The results of {@link #alsoCounting} queries, by query, after {@link #run}. */
    public Map<String, Long> counted() {
        return extraCounts;
    }

    /** Runs every step in an in-memory database and returns their costs and counts. */
    public List<StepResult> run() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the DuckDB JDBC driver (org.duckdb:duckdb_jdbc) is not on the classpath", e);
        }
        List<StepResult> results = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = connection.createStatement()) {
            sql.execute("SET threads = " + parameters.threads());
            sql.execute("SET TimeZone = 'UTC'");
            executeScript(sql, "functions.sql");
            for (Step step : Step.values()) {
                long cpu = JobRunner.processCpuNanos();
                long wall = System.nanoTime();
                runStep(sql, step);
                double cpuSeconds = (JobRunner.processCpuNanos() - cpu) / 1e9;
                double wallSeconds = (System.nanoTime() - wall) / 1e9;
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Count count : COUNTS) {
                    if (count.step() == step) {
                        counts.put(count.table(), single(sql, substitute(count.query())));
                    }
                }
                results.add(new StepResult(step, cpuSeconds, wallSeconds, counts));
            }
            for (String query : extraQueries) {
                extraCounts.put(query, single(sql, substitute(query)));
            }
        }
        return results;
    }

    /** Rounds the identity graph took (as conform reports them). */
    public int identityRounds() {
        return identityRounds;
    }

    /** Rows set aside by the typing rules and lines DuckDB could not split, over every entity read. */
    public long quarantined() {
        return quarantined;
    }

    private void runStep(Statement sql, Step step) throws SQLException {
        switch (step) {
            case LINES -> {
                String landing = parameters.landing().toAbsolutePath().toString().replace("'", "''");
                quarantined = 0;
                for (CanonicalSchema.Entity entity : ENTITIES) {
                    sql.execute(DuckDbTyping.readRaw(entity, landing));
                    Set<String> columns = new HashSet<>();
                    try (ResultSet described = sql.executeQuery("DESCRIBE raw_" + entity.name())) {
                        while (described.next()) {
                            columns.add(described.getString(1));
                        }
                    }
                    sql.execute(DuckDbTyping.checked(entity, columns, parameters.runDate(), parameters.minDate(), parameters.maxTime()));
                    quarantined += single(sql, "SELECT count(*) FROM checked_" + entity.name() + " WHERE _reason IS NOT NULL")
                            + single(sql, "SELECT count(*) FROM rejects_" + entity.name());
                }
                executeScript(sql, "conform.sql");
            }
            case IDENTITY -> {
                executeScript(sql, "identity_graph.sql");
                identityRounds = 0;
                while (true) {
                    identityRounds++;
                    if (identityRounds > MAX_IDENTITY_ROUNDS) {
                        throw new IllegalStateException("the DuckDB identity graph did not converge in " + MAX_IDENTITY_ROUNDS + " rounds");
                    }
                    executeScript(sql, "identity_round.sql");
                    long changed = single(sql, "SELECT count(*) FROM identity_next n JOIN identity_labels o USING (node) "
                            + "WHERE n.label <> o.label");
                    sql.execute("DROP TABLE identity_labels");
                    sql.execute("ALTER TABLE identity_next RENAME TO identity_labels");
                    if (changed == 0) {
                        break;
                    }
                }
                executeScript(sql, "identity_customers.sql");
            }
            case DEALS -> executeScript(sql, "deals.sql");
            case RFM -> executeScript(sql, "rfm.sql");
            case COHORTS -> executeScript(sql, "cohorts.sql");
        }
    }

    private void executeScript(Statement sql, String name) throws SQLException {
        for (String statement : substitute(resource(name)).split(";\\s*\\n")) {
            String body = statement.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (!body.isEmpty()) {
                try {
                    sql.execute(body);
                } catch (SQLException e) {
                    throw new SQLException("DuckDB baseline, " + name + ": " + e.getMessage() + "\n" + body, e);
                }
            }
        }
    }

    private String substitute(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("business_zone", parameters.businessZone().getId());
        values.put("source", parameters.source());
        values.put("run_date", parameters.runDate().toString());
        values.put("run_month", parameters.runDate().withDayOfMonth(1).toString());
        values.put("immediate_seconds", String.valueOf(parameters.immediateSeconds()));
        values.put("deferred_seconds", String.valueOf(parameters.deferredSeconds()));
        values.put("lookback_days", String.valueOf(parameters.rfmLookbackDays()));
        values.put("levels", String.valueOf(parameters.rfmLevels()));
        values.put("snapshot_dates", dates(parameters.rfmSnapshots()));
        values.put("default_job", JtbdTables.DEFAULT_JOB);
        values.put("default_channel", parameters.defaultChannel());
        values.put("channel_case", channelCase(parameters.channelRules(), parameters.defaultChannel()));
        values.put("job_rule_case", jobRuleCase(parameters.jobRules()));
        String result = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace("${" + value.getKey() + "}", value.getValue());
        }
        return result;
    }

    private static String dates(List<LocalDate> dates) {
        return String.join(", ", dates.stream().map(d -> "DATE '" + d + "'").toList());
    }

    private static final Pattern RLIKE = Pattern.compile("(\\w+)\\s+rlike\\s+('(?:[^']|'')*')", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARRAY = Pattern.compile("\\barray\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARRAYS_OVERLAP = Pattern.compile("\\barrays_overlap\\(", Pattern.CASE_INSENSITIVE);

    /**
     * A config predicate (Spark SQL) in DuckDB's dialect: {@code a rlike 'p'} is {@code regexp_matches(a, 'p')}
     * (both find the pattern anywhere), {@code arrays_overlap(x, array(...))} is {@code list_has_any(x, list_value(...))};
     * the rest of the shipped rules read the same in both.
     */
    static String duckDbPredicate(String sparkPredicate) {
        String predicate = RLIKE.matcher(sparkPredicate)
                .replaceAll(m -> Matcher.quoteReplacement("regexp_matches(" + m.group(1) + ", " + m.group(2) + ")"));
        predicate = ARRAYS_OVERLAP.matcher(predicate).replaceAll("list_has_any(");
        return ARRAY.matcher(predicate).replaceAll("list_value(");
    }

    /** The channel rules as one CASE: the first rule that holds names the channel, else the default channel. */
    static String channelCase(List<ChannelsConfig.ChannelRule> rules, String defaultChannel) {
        StringBuilder sql = new StringBuilder("CASE");
        for (ChannelsConfig.ChannelRule rule : rules) {
            sql.append("\n    WHEN coalesce((").append(duckDbPredicate(rule.when())).append("), false) THEN '")
                    .append(rule.channel().replace("'", "''")).append("'");
        }
        return sql.append("\n    ELSE '").append(defaultChannel.replace("'", "''")).append("' END").toString();
    }

    /** The job rules (jtbd.rule-set) over the basket features as one CASE: the first rule that holds names the job, else null. */
    static String jobRuleCase(List<JtbdConfig.JtbdRule> rules) {
        if (rules.isEmpty()) {
            return "NULL::VARCHAR";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (JtbdConfig.JtbdRule rule : rules) {
            sql.append("\n    WHEN coalesce((").append(duckDbPredicate(rule.when())).append("), false) THEN '")
                    .append(rule.job().replace("'", "''")).append("'");
        }
        return sql.append("\n    ELSE NULL END").toString();
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DuckDbBaseline.class.getResourceAsStream("duckdb/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/ltvlake/tools/bench/duckdb/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read io/ltvlake/tools/bench/duckdb/" + name, e);
        }
    }
}
