package io.ltvlake.jobs.delivery.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.delivery.postgres.PublishConfig.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BI role check against the embedded PostgreSQL 14, without Spark: each test makes a database
 * of its own (the check looks at every schema) and sets it up with publish's own grants
 * ({@link PostgresPublisher#prepare}: schemas marts and marts_staging, the BI role, USAGE on marts,
 * SELECT on its tables by default privileges) plus one mart table. Each BI role name is used by
 * one test only, since roles belong to the whole server.
 */
class BiRoleCheckTest {

    private static final String EVERYONE = " (granted to PUBLIC, so every role has it; the fix applies to all)";
    private static final String BEYOND = ", beyond what it needs; fix: ";
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    private static PostgresSettings settings(String database, String biRole, boolean strict) {
        return new PostgresSettings(url(database), "postgres", "LTVLAKE_PG_PASSWORD", "marts", biRole, "LTVLAKE_BI_PASSWORD",
                10_000, 1_000, strict, 4);
    }

    /** A new database as publish leaves it, with the mart marts.customer_rfm; connected as the administrator. */
    private static Connection published(String database, String biRole) throws SQLException {
        try (Connection server = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement statement = server.createStatement()) {
            statement.execute("create database " + database);
        }
        Connection connection = DriverManager.getConnection(url(database), "postgres", "");
        new PostgresPublisher(settings(database, biRole, false), name -> null, line -> {}, PostgresPublisher.Hooks.NONE)
                .prepare(connection);
        // the BI role's own database: the other test's BI role may not log in here, so each sees the server's defaults only
        execute(connection, "revoke connect on database " + database + " from public; grant connect on database " + database
                + " to " + biRole);
        execute(connection, "create table marts.customer_rfm (customer_key text primary key, segment text)");
        return connection;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> warnings(Connection connection, String database, String biRole) throws SQLException {
        return BiRoleCheck.warnings(connection, settings(database, biRole, false));
    }

    /** Runs the fixes a warning names, as an administrator would paste them. */
    private static void applyFix(Connection connection, String warning) throws SQLException {
        execute(connection, warning.substring(warning.indexOf("; fix: ") + "; fix: ".length()));
    }

    private static void assertStrictFails(Connection connection, String database, String biRole, List<String> lines) {
        PostgresPublisher.BiRoleTooBroad refused = assertThrows(PostgresPublisher.BiRoleTooBroad.class,
                () -> BiRoleCheck.warnings(connection, settings(database, biRole, true)));
        assertTrue(refused.getMessage().startsWith("publish.postgres.strict-bi-role: the marts were swapped into schema marts,"
                + " but the BI role " + biRole + " can do more than read them:"), refused.getMessage());
        for (String line : lines) {
            assertTrue(refused.getMessage().contains("\n  " + line + "\n"), refused.getMessage());
        }
    }

    /**
     * PostgreSQL 14 gives PUBLIC CREATE and USAGE on schema public and TEMPORARY on every new
     * database, and CONNECT on the server's databases postgres and template1: publish's grants alone
     * leave the BI role those five, each named with its REVOKE;
     * strict fails on them; once the printed fixes are run, nothing is left and strict passes.
     */
    @Test
    void aNewPostgres14DatabaseLetsTheBiRoleCreateInPublicUntilThePrintedRevokesAreRun() throws Exception {
        try (Connection db = published("bi_check_new", "bi_new")) {
            try (ResultSet version = db.createStatement().executeQuery("show server_version_num")) {
                version.next();
                assertEquals(14, version.getInt(1) / 10_000, "the embedded server is PostgreSQL 14, where PUBLIC may create in public");
            }
            String prefix = "the BI role bi_new has ";
            List<String> expected = List.of(
                    prefix + "TEMPORARY on database bi_check_new" + EVERYONE + BEYOND + "revoke temporary on database \"bi_check_new\" from public;",
                    prefix + "CONNECT on database postgres" + EVERYONE + BEYOND + "revoke connect on database \"postgres\" from public;",
                    prefix + "CONNECT on database template1" + EVERYONE + BEYOND + "revoke connect on database \"template1\" from public;",
                    prefix + "CREATE on schema public" + EVERYONE + BEYOND + "revoke create on schema \"public\" from public;",
                    prefix + "USAGE on schema public" + EVERYONE + BEYOND + "revoke usage on schema \"public\" from public;");
            assertEquals(expected, warnings(db, "bi_check_new", "bi_new"));
            assertStrictFails(db, "bi_check_new", "bi_new", expected);

            for (String warning : expected) {
                applyFix(db, warning);
            }
            assertEquals(List.of(), warnings(db, "bi_check_new", "bi_new"));
            assertEquals(List.of(), BiRoleCheck.warnings(db, settings("bi_check_new", "bi_new", true)), "strict passes");
        } finally {
            openTheServersDatabases();
        }
    }

    /** What a new server has: every role may connect to databases postgres and template1. */
    private static void openTheServersDatabases() throws SQLException {
        try (Connection server = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            execute(server, "grant connect on database postgres, template1 to public");
        }
    }

    /**
     * Starting from a database with nothing beyond the promise, each extra grant (directly, through
     * a group role, on a column only, on a sequence, on another database, as owner, or through a
     * predefined role such as pg_write_all_data) is named with the statement that
     * takes it away, strict fails on it, and running that statement leaves nothing again.
     */
    @Test
    void eachPrivilegeBeyondReadingTheMartsIsNamedWithTheStatementThatTakesItAway() throws Exception {
        try (Connection db = published("bi_check_each", "bi_each")) {
            execute(db, "revoke temporary on database bi_check_each from public; revoke all on schema public from public;"
                    + " revoke connect on database postgres, template1 from public");
            execute(db, "create table marts_staging.half_loaded (amount int)");
            execute(db, "create schema finance; create table finance.margins (amount int)");
            execute(db, "create role finance_readers; grant finance_readers to bi_each");
            assertEquals(List.of(), warnings(db, "bi_check_each", "bi_each"), "publish's own grants are the promise");

            String prefix = "the BI role bi_each has ";
            Map<String, List<String>> cases = new LinkedHashMap<>();
            cases.put("grant create on schema public to bi_each", List.of(
                    prefix + "CREATE on schema public" + BEYOND + "revoke create on schema \"public\" from bi_each;"));
            cases.put("grant create on schema marts to bi_each", List.of(
                    prefix + "CREATE on schema marts" + BEYOND + "revoke create on schema \"marts\" from bi_each;"));
            cases.put("grant delete on marts.customer_rfm to bi_each", List.of(
                    prefix + "DELETE on table marts.customer_rfm" + BEYOND + "revoke delete on table marts.customer_rfm from bi_each;"));
            cases.put("grant update (segment) on marts.customer_rfm to bi_each", List.of(
                    prefix + "UPDATE on column marts.customer_rfm.segment" + BEYOND
                            + "revoke update (\"segment\") on table marts.customer_rfm from bi_each;"));
            cases.put("grant usage on schema marts_staging to bi_each; grant select on marts_staging.half_loaded to bi_each", List.of(
                    prefix + "USAGE on schema marts_staging" + BEYOND + "revoke usage on schema \"marts_staging\" from bi_each;",
                    prefix + "SELECT on table marts_staging.half_loaded" + BEYOND
                            + "revoke select on table marts_staging.half_loaded from bi_each;"));
            cases.put("grant usage on schema finance to finance_readers; grant select on finance.margins to finance_readers", List.of(
                    prefix + "USAGE on schema finance (as a member of finance_readers)" + BEYOND
                            + "revoke usage on schema \"finance\" from finance_readers;",
                    prefix + "SELECT on table finance.margins (as a member of finance_readers)" + BEYOND
                            + "revoke select on table finance.margins from finance_readers;"));
            cases.put("create sequence marts.ids; grant usage on sequence marts.ids to bi_each", List.of(
                    prefix + "USAGE on sequence marts.ids" + BEYOND + "revoke usage on sequence marts.ids from bi_each;"));
            // what a BI login may have made in public before the fix: an owner can grant itself everything again
            cases.put("create table finance.probe (x int); alter table finance.probe owner to bi_each", List.of(
                    prefix + "OWNERSHIP of table finance.probe" + BEYOND + "reassign owned by \"bi_each\" to postgres;"));
            cases.put("grant connect on database postgres to bi_each", List.of(
                    prefix + "CONNECT on database postgres" + BEYOND + "revoke connect on database \"postgres\" from bi_each;"));
            // a predefined role writes everywhere without a grant on any object
            cases.put("grant pg_write_all_data to bi_each", List.of(
                    prefix + "MEMBERSHIP of role pg_write_all_data" + BEYOND + "revoke pg_write_all_data from bi_each;"));
            cases.put("alter role bi_each createrole", List.of(
                    prefix + "CREATEROLE on role bi_each" + BEYOND + "alter role \"bi_each\" nocreaterole;"));

            for (Map.Entry<String, List<String>> grant : cases.entrySet()) {
                execute(db, grant.getKey());
                assertEquals(grant.getValue(), warnings(db, "bi_check_each", "bi_each"), grant.getKey());
                assertStrictFails(db, "bi_check_each", "bi_each", grant.getValue());
                for (String warning : grant.getValue()) {
                    applyFix(db, warning);
                }
                assertEquals(List.of(), warnings(db, "bi_check_each", "bi_each"), "after the fixes for: " + grant.getKey());
            }
        } finally {
            openTheServersDatabases();
        }
    }
}
