package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.jobs.delivery.postgres.PublishConfig.PostgresSettings;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.delivery.PersonalDataCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import scala.Tuple2;

/**
 * Publishes marts into PostgreSQL atomically: each mart is loaded into a table of the staging
 * schema (by the executors, partitions in parallel, each with its own COPY; then given its
 * primary key, indexes and comments), and only when all are loaded does one transaction drop
 * the old tables, move the staged ones into the marts schema and grant SELECT on them to the
 * BI role. A reader sees yesterday's marts or today's, never a mix or a half-loaded table; a
 * failure anywhere before the commit leaves yesterday's marts as they were and removes what
 * was staged.
 *
 * <p>The BI role gets USAGE on the marts schema and SELECT on its tables, nothing else: the
 * staging schema is not granted to it, so it never sees a table while it loads. Grants belong to
 * a table, not its name, so they are given again inside the swap.
 */
public final class PostgresPublisher {

    /** A mart to publish: its spec, the Delta version read and its rows. */
    public record Mart(TableSpec spec, long deltaVersion, Dataset<Row> rows) {
        public String table() {
            return spec.ref().name();
        }
    }

    /** A published table and the rows it holds. */
    public record Published(String table, long rows) {}

    /** What a publish did: the tables, in order, and what the BI role can do beyond reading them (warnings). */
    public record Outcome(List<Published> tables, List<String> warnings) {}

    /** With publish.postgres.strict-bi-role: the BI role has a privilege beyond reading the marts. */
    public static final class BiRoleTooBroad extends IllegalStateException {
        BiRoleTooBroad(String message) {
            super(message);
        }
    }

    /** Called between the steps of a publish; tests use it to fail a publish in the middle. */
    public interface Hooks {
        Hooks NONE = new Hooks() {};

        /** After a mart's staging table is loaded and indexed, before the next one. */
        default void staged(String table) throws Exception {}
    }

    /** How long the swap waits for a BI query holding a mart before it gives up (and changes nothing). */
    static final String SWAP_LOCK_TIMEOUT = "2min";

    private final PostgresSettings settings;
    private final Function<String, String> environment;
    private final Consumer<String> say;
    private final Hooks hooks;

    /**
     * @param environment where the passwords are looked up by the variable names in the settings
     *                    (System::getenv in production)
     * @param say         progress lines
     */
    public PostgresPublisher(PostgresSettings settings, Function<String, String> environment, Consumer<String> say, Hooks hooks) {
        this.settings = settings;
        this.environment = environment;
        this.say = say;
        this.hooks = hooks;
    }

    /**
     * Publishes all marts together, or none of them. Returns what was published, in order, and
     * what the BI role can do beyond reading the marts, checked after the swap (an error instead,
     * once the marts are swapped, with {@code strict-bi-role}). Personal data is checked before
     * the database is touched.
     */
    public Outcome publish(List<Mart> marts, LocalDate runDate) throws Exception {
        for (Mart mart : marts) {
            checkBeforeLoading(mart);
        }
        try (Connection connection = database().open()) {
            lock(connection);
            prepare(connection);
            List<Published> published = new ArrayList<>();
            try {
                for (Mart mart : marts) {
                    long rows = stage(connection, mart, runDate);
                    published.add(new Published(settings.schema() + "." + mart.table(), rows));
                    hooks.staged(mart.table());
                }
                swap(connection, marts);
            } catch (Exception | Error e) {
                dropStaging(connection, marts);
                throw e;
            }
            reportLeftovers(connection, marts);
            // after the swap, so default privileges and grants on the new tables count
            return new Outcome(published, BiRoleCheck.warnings(connection, settings));
        }
    }

    private void checkBeforeLoading(Mart mart) {
        String name = mart.spec().name();
        StructType schema = mart.rows().schema();
        for (String key : mart.spec().primaryKey()) {
            if (!List.of(schema.fieldNames()).contains(key)) {
                throw new IllegalStateException(name + ": primary key column '" + key + "' is not in the table "
                        + List.of(schema.fieldNames()));
            }
        }
        PersonalDataCheck.refuseContactColumns(name, mart.rows());
        PersonalDataCheck.refuseContactValues(name, mart.rows(), settings.checkSampleRows());
    }

    // ---------------------------------------------------------------- connection and set-up

    /** The publishing user's connection, the same for the driver and the executors that load partitions. */
    private PostgresConnection database() {
        return new PostgresConnection(settings.url(), settings.user(), settings.passwordEnv(),
                environment.apply(settings.passwordEnv()), Map.of("ApplicationName", "ltvlake publish"));
    }

    /** One publish per schema at a time: a second one fails at once instead of mixing staging tables. */
    private void lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            statement.setString(1, "ltvlake publish " + settings.schema());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    throw new IllegalStateException("another publish into schema " + settings.schema()
                            + " is running; nothing was changed");
                }
            }
        }
    }

    /** The schemas and the BI role with its grants, as every publish leaves them (package-private for BiRoleCheckTest). */
    void prepare(Connection connection) throws SQLException {
        String schema = quoteIdentifier(settings.schema());
        String staging = quoteIdentifier(settings.stagingSchema());
        String role = quoteIdentifier(settings.biRole());
        String biPassword = environment.apply(settings.biPasswordEnv());
        boolean hasPassword = biPassword != null && !biPassword.isEmpty();
        execute(connection, "create schema if not exists " + schema);
        execute(connection, "create schema if not exists " + staging);
        execute(connection, "revoke all on schema " + staging + " from public");
        if (!roleExists(connection, settings.biRole())) {
            try {
                execute(connection, "create role " + role + (hasPassword ? " login" : " nologin"));
            } catch (SQLException e) {
                throw new SQLException("the BI role " + settings.biRole() + " does not exist and " + settings.user()
                        + " cannot create it (" + e.getMessage() + "); create it once as an administrator: create role "
                        + settings.biRole() + " login password '…'", e.getSQLState(), e);
            }
            say.accept("created the read-only BI role " + settings.biRole() + (hasPassword ? "" : " (nologin: $"
                    + settings.biPasswordEnv() + " is not set; grant it to people's own roles)"));
        }
        if (hasPassword) {
            execute(connection, "alter role " + role + " login");
            // hashed by the driver: the password never travels or lands in a server log as text
            connection.unwrap(PGConnection.class).alterUserPassword(settings.biRole(), biPassword.toCharArray(), null);
        }
        execute(connection, "revoke all on schema " + staging + " from " + role);
        execute(connection, "grant usage on schema " + schema + " to " + role);
        // tables made in the schema by other means (views, by hand) are readable too; ours are granted in the swap
        execute(connection, "alter default privileges in schema " + schema + " grant select on tables to " + role);
    }

    private static boolean roleExists(Connection connection, String role) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            statement.setString(1, role);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    // ---------------------------------------------------------------- staging

    private long stage(Connection connection, Mart mart, LocalDate runDate) throws SQLException {
        String name = mart.spec().name();
        String table = quoteIdentifier(settings.stagingSchema()) + "." + quoteIdentifier(mart.table());
        Dataset<Row> rows = PostgresTypes.forCopy(mart.rows());
        StructType schema = mart.rows().schema();
        execute(connection, "drop table if exists " + table);
        StringBuilder create = new StringBuilder("create table " + table + " (");
        for (int i = 0; i < schema.fields().length; i++) {
            StructField field = schema.fields()[i];
            create.append(i == 0 ? "" : ", ").append(quoteIdentifier(field.name())).append(' ')
                    .append(PostgresTypes.columnType(field.dataType()));
        }
        execute(connection, create.append(')').toString());

        long loaded = copy(connection, table, name, rows);
        if (!mart.spec().primaryKey().isEmpty()) {
            try {
                execute(connection, "alter table " + table + " add constraint " + quoteIdentifier(indexName(mart.table(), "pkey"))
                        + " primary key (" + identifiers(mart.spec().primaryKey()) + ")");
            } catch (SQLException e) {
                throw new SQLException(name + ": its primary key (" + String.join(", ", mart.spec().primaryKey())
                        + ") does not hold in the data: " + e.getMessage(), e.getSQLState(), e);
            }
        }
        for (String column : indexedColumns(mart.spec(), schema)) {
            execute(connection, "create index " + quoteIdentifier(indexName(mart.table(), column + "_idx")) + " on " + table
                    + " (" + quoteIdentifier(column) + ")");
        }
        comment(connection, table, mart, runDate, schema);
        execute(connection, "analyze " + table);
        say.accept(settings.schema() + "." + mart.table() + ": " + String.format("%,d", loaded) + " rows staged");
        return loaded;
    }

    /**
     * Loads the rows into the staging table from the executors, at most copy-parallelism partitions
     * at once, each over its own connection (see {@link PartitionCopy}); the driver sees one pair of
     * counts per partition, never a row. Fails unless every row Spark sent was loaded exactly once.
     */
    private long copy(Connection connection, String table, String name, Dataset<Row> rows) throws SQLException {
        Dataset<Row> partitions = rows.coalesce(settings.copyParallelism());
        PartitionCopy load = new PartitionCopy(database(), name, table, rows.schema(), settings.batchRows());
        List<Tuple2<Long, Long>> counts;
        try {
            counts = partitions.mapPartitions(load, Encoders.tuple(Encoders.LONG(), Encoders.LONG())).collectAsList();
        } catch (Exception e) {
            throw loadFailed(name, table, e);
        }
        long sent = 0;
        long loaded = 0;
        for (Tuple2<Long, Long> partition : counts) {
            sent += partition._1();
            loaded += partition._2();
        }
        if (loaded != sent) {
            throw new IllegalStateException(name + ": Spark sent " + sent + " rows but COPY loaded " + loaded + " into "
                    + table + "; not published");
        }
        // a partition retried after its COPY had committed would have loaded its rows twice
        long held = count(connection, table);
        if (held != loaded) {
            throw new IllegalStateException(name + ": " + table + " holds " + held + " rows but its partitions' COPYs loaded "
                    + loaded + " (a partition loaded twice by a retried task?); not published");
        }
        return loaded;
    }

    /**
     * A failed partition fails the Spark job; its cause is what to report. A contact found while
     * encoding stays that error; anything else is said in one line naming the mart (the cause keeps
     * Spark's detail). Passwords never appear: they are in no message the load makes.
     */
    private static SQLException loadFailed(String name, String table, Exception failure) {
        SQLException sql = null;
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CopyRows.ContactFound contact) {
                throw contact;
            }
            if (sql == null && cause instanceof SQLException found) {
                sql = found;
            }
            deepest = cause;
        }
        String why = sql != null ? sql.getMessage() : deepest.getMessage();
        return new SQLException(name + ": loading " + table + " failed, nothing was swapped: " + why,
                sql != null ? sql.getSQLState() : null, failure);
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Indexes besides the primary key: the partition columns, date columns and customer_key (what
     * BI filters and joins on), each unless the primary key already starts with it.
     */
    static List<String> indexedColumns(TableSpec spec, StructType schema) {
        Set<String> columns = new LinkedHashSet<>(spec.partitionColumns());
        for (StructField field : schema.fields()) {
            DataType type = field.dataType();
            if (type instanceof DateType || field.name().equals("customer_key")) {
                columns.add(field.name());
            }
        }
        if (!spec.primaryKey().isEmpty()) {
            columns.remove(spec.primaryKey().get(0));
        }
        return List.copyOf(columns);
    }

    private void comment(Connection connection, String table, Mart mart, LocalDate runDate, StructType schema)
            throws SQLException {
        TableSpec spec = mart.spec();
        String text = spec.comment() + " Grain: " + spec.grain() + "."
                + (spec.primaryKey().isEmpty() ? "" : " Primary key: " + String.join(", ", spec.primaryKey()) + ".")
                + " Published from " + spec.name() + " (Delta version " + mart.deltaVersion() + ") by the run of " + runDate + ".";
        execute(connection, "comment on table " + table + " is " + quoteLiteral(text));
        List<String> columns = List.of(schema.fieldNames());
        for (var doc : spec.columnDocs().entrySet()) {
            if (!columns.contains(doc.getKey())) {
                say.accept("note: " + spec.name() + " documents a column '" + doc.getKey() + "' it does not have");
                continue;
            }
            execute(connection, "comment on column " + table + "." + quoteIdentifier(doc.getKey()) + " is "
                    + quoteLiteral(doc.getValue()));
        }
    }

    // ---------------------------------------------------------------- swap

    private void swap(Connection connection, List<Mart> marts) throws SQLException {
        String schema = quoteIdentifier(settings.schema());
        String staging = quoteIdentifier(settings.stagingSchema());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout = '" + SWAP_LOCK_TIMEOUT + "'");
            for (Mart mart : marts) {
                String table = quoteIdentifier(mart.table());
                statement.execute("drop table if exists " + schema + "." + table);
                statement.execute("alter table " + staging + "." + table + " set schema " + schema);
                statement.execute("grant select on " + schema + "." + table + " to " + quoteIdentifier(settings.biRole()));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                // a lost connection rolls back on the server by itself; the cause above is what to report
                e.addSuppressed(rollback);
            }
            throw new SQLException("the swap of " + marts.size() + " marts into schema " + settings.schema()
                    + " was rolled back, the previous marts are unchanged: " + e.getMessage(), e);
        } finally {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        }
        say.accept(marts.size() + " marts swapped into schema " + settings.schema() + " in one transaction");
    }

    private void dropStaging(Connection connection, List<Mart> marts) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            for (Mart mart : marts) {
                execute(connection, "drop table if exists " + quoteIdentifier(settings.stagingSchema()) + "."
                        + quoteIdentifier(mart.table()));
            }
        } catch (SQLException | RuntimeException cleanup) {
            // the next publish drops leftovers before it loads; the failure that got us here matters more
            say.accept("note: staging tables could not be removed (" + cleanup.getMessage() + "); the next publish drops them");
        }
    }

    private void reportLeftovers(Connection connection, List<Mart> marts) throws SQLException {
        List<String> published = marts.stream().map(Mart::table).toList();
        List<String> others = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select tablename from pg_tables where schemaname = ? order by tablename")) {
            statement.setString(1, settings.schema());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!published.contains(result.getString(1))) {
                        others.add(result.getString(1));
                    }
                }
            }
        }
        if (!others.isEmpty()) {
            say.accept("left as they were (not marts of this lake): " + settings.schema() + "." + String.join(", ", others));
        }
    }

    // ---------------------------------------------------------------- SQL text

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String identifiers(List<String> names) {
        return String.join(", ", names.stream().map(PostgresPublisher::quoteIdentifier).toList());
    }

    /** PostgreSQL cuts names at 63 bytes; a long one keeps its start and gets a short hash to stay unique. */
    static String indexName(String table, String suffix) {
        String name = table + "_" + suffix;
        if (name.length() <= 63) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode());
        return name.substring(0, 62 - hash.length()) + "_" + hash;
    }
}
