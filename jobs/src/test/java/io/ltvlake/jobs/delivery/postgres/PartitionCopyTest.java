package io.ltvlake.jobs.delivery.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.delivery.postgres.PublishConfig.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Executors load a mart's partitions into the staging table, each with its own connection and COPY. */
class PartitionCopyTest {

    private static final LocalDate RUN = LocalDate.of(2026, 11, 20);
    /** The publishing user's password as the environment gives it; the embedded server trusts local logins. */
    private static final String PASSWORD = "pg-Secret-4711";
    private static final TableSpec SPEC = TableSpec.of("gold.copy_check", "one row per id", List.of("id"),
            "Hand-written rows for the partitioned COPY.");
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
            .add("name", DataTypes.StringType).add("amount", DataTypes.createDecimalType(12, 2))
            .add("note", DataTypes.StringType).add("quantity", DataTypes.IntegerType);

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** batch-rows 2, so a partition of two rows or more sends more than one batch. */
    private static PostgresSettings settings(String schema, int copyParallelism) {
        return new PostgresSettings(url(), "postgres", "LTVLAKE_PG_PASSWORD", schema, "ltvlake_bi", "LTVLAKE_BI_PASSWORD",
                2, 1_000, false, copyParallelism);
    }

    private static PostgresPublisher publisher(PostgresSettings settings, List<String> printed) {
        return new PostgresPublisher(settings, name -> name.equals("LTVLAKE_PG_PASSWORD") ? PASSWORD : null, printed::add,
                PostgresPublisher.Hooks.NONE);
    }

    private static Dataset<Row> rows(Object[]... values) {
        return TestSpark.session().createDataFrame(Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
    }

    /** Quotes, a comma, a newline, NULL against empty text, non-ASCII letters and an emoji (4 UTF-8 bytes). */
    private static final Object[][] TRICKY = {
            {"a", "O'Brien \"the\" great, sr.", new BigDecimal("1.50"), null, 7},
            {"b", "Zoë Ærøskøbing — 東京", new BigDecimal("-0.01"), "", null},
            {"c", "line\nbreak", new BigDecimal("1000000.00"), "comma, inside", 0},
            {"d", "", new BigDecimal("0.00"), "\"\"", -1},
            {"e", null, null, "back\\slash", 2147483647},
            {"f", "smile 😀", new BigDecimal("3.33"), "x", 1}};

    /** The rows as PostgreSQL gives them back as text, worked out from TRICKY by hand. */
    private static final List<List<String>> TRICKY_AS_TEXT = List.of(
            Arrays.asList("a", "O'Brien \"the\" great, sr.", "1.50", null, "7"),
            Arrays.asList("b", "Zoë Ærøskøbing — 東京", "-0.01", "", null),
            Arrays.asList("c", "line\nbreak", "1000000.00", "comma, inside", "0"),
            Arrays.asList("d", "", "0.00", "\"\"", "-1"),
            Arrays.asList("e", null, null, "back\\slash", "2147483647"),
            Arrays.asList("f", "smile 😀", "3.33", "x", "1"));

    private static List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url(), "postgres", "");
             Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Each partition's COPY commits in its own transaction, so the rows of a table carry as many
     * distinct xmin (inserting transaction ids) as COPYs loaded it; the swap moves the table
     * without rewriting its rows.
     */
    private static String copies(String table) throws SQLException {
        return query("select count(distinct xmin::text)::text from " + table).get(0).get(0);
    }

    @Test
    void everyRowOfEveryPartitionArrivesOnceWithItsValues() throws Exception {
        List<String> printed = new ArrayList<>();
        PostgresPublisher.Outcome outcome = publisher(settings("copy_three", 4), printed)
                .publish(List.of(new PostgresPublisher.Mart(SPEC, 7, rows(TRICKY).repartition(3))), RUN);

        assertEquals(List.of(new PostgresPublisher.Published("copy_three.copy_check", 6)), outcome.tables());
        assertEquals(TRICKY_AS_TEXT, query("select id, name, amount::text, note, quantity::text from copy_three.copy_check"
                + " order by id"));
        assertEquals("3", copies("copy_three.copy_check"), "three partitions, three COPYs (fewer than copy-parallelism 4)");
        assertTrue(printed.contains("copy_three.copy_check: 6 rows staged"), printed.toString());
        assertFalse(printed.toString().contains(PASSWORD), printed.toString());

        // five partitions with copy-parallelism 2: coalesced to two COPYs, the same six rows
        publisher(settings("copy_two", 2), new ArrayList<>())
                .publish(List.of(new PostgresPublisher.Mart(SPEC, 7, rows(TRICKY).repartition(5))), RUN);
        assertEquals(TRICKY_AS_TEXT, query("select id, name, amount::text, note, quantity::text from copy_two.copy_check"
                + " order by id"));
        assertEquals("2", copies("copy_two.copy_check"));
    }

    @Test
    void aPartitionThatFailsLeavesThePublishedTableUntouchedAndKeepsThePasswordOut() throws Exception {
        PostgresSettings settings = settings("copy_failure", 4);
        publisher(settings, new ArrayList<>()).publish(List.of(new PostgresPublisher.Mart(SPEC, 7,
                rows(TRICKY[0], TRICKY[1]))), RUN);
        String published = "select id, name from copy_failure.copy_check order by id";
        assertEquals(List.of(List.of("a", "O'Brien \"the\" great, sr."), List.of("b", "Zoë Ærøskøbing — 東京")), query(published));

        // today's rows in three partitions; text columns refuse the NUL character, so one partition's COPY fails
        // while the others may have loaded theirs into the staging table
        List<String> printed = new ArrayList<>();
        Dataset<Row> today = rows(new Object[] {"a", "new a", BigDecimal.ONE, null, 1},
                new Object[] {"b", "new b", BigDecimal.ONE, null, 2}, new Object[] {"c", "nul \u0000 inside", BigDecimal.ONE, null, 3},
                new Object[] {"d", "new d", BigDecimal.ONE, null, 4}, new Object[] {"e", "new e", BigDecimal.ONE, null, 5},
                new Object[] {"f", "new f", BigDecimal.ONE, null, 6}).repartition(3);
        SQLException failure = assertThrows(SQLException.class, () -> publisher(settings, printed)
                .publish(List.of(new PostgresPublisher.Mart(SPEC, 8, today)), RUN));

        assertTrue(failure.getMessage().startsWith("gold.copy_check: loading \"copy_failure_staging\".\"copy_check\" failed,"
                + " nothing was swapped: gold.copy_check: partition "), failure.getMessage());
        assertTrue(failure.getMessage().contains("0x00"), "PostgreSQL's reason: " + failure.getMessage());
        StringWriter everything = new StringWriter();
        failure.printStackTrace(new PrintWriter(everything));
        assertFalse(everything.toString().contains(PASSWORD), "the password is in no message or cause");
        assertFalse(printed.toString().contains(PASSWORD), printed.toString());

        assertEquals(List.of(List.of("a", "O'Brien \"the\" great, sr."), List.of("b", "Zoë Ærøskøbing — 東京")), query(published),
                "yesterday's table as it was");
        assertEquals(List.of(), query("select tablename from pg_tables where schemaname = 'copy_failure_staging'"),
                "the partly loaded staging table was dropped");
    }

    @Test
    void theConnectionSpecNeverShowsItsPassword() {
        PostgresConnection database = new PostgresConnection("jdbc:postgresql://localhost:1/none?password=" + PASSWORD,
                "publisher", "LTVLAKE_PG_PASSWORD", PASSWORD, Map.of("ApplicationName", "ltvlake publish"));
        assertEquals("PostgreSQL at jdbc:postgresql://localhost:1/none?password=**** as publisher", database.toString());
        SQLException refused = assertThrows(SQLException.class, database::open);
        assertTrue(refused.getMessage().startsWith("cannot connect to PostgreSQL at jdbc:postgresql://localhost:1/none?password=****"
                + " as publisher (password from $LTVLAKE_PG_PASSWORD): "), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    }
}
