package io.ltvlake.tools;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BiDbCommandTest {

    private static java.util.function.Function<Map<String, String>, io.ltvlake.common.config.Settings> settings(Path lake) {
        return overrides -> {
            Map<String, String> all = new HashMap<>(overrides);
            all.put("lake.root", "\"" + lake + "\"");
            return TestSpark.settings(all);
        };
    }

    /** bi-db on a lake holding one mart, gold.rfm_segment_summary with one row (champions, 3 customers). */
    private static BiDbCommand.Running openWithOneMart(String lakeName, PrintStream out) throws Exception {
        Path root = TestSpark.tempDir(lakeName);
        LakeSeeds.seed(new Lake(TestSpark.session(), root.toString()), RfmTables.SEGMENT_SUMMARY, TestSpark.session().createDataFrame(
                List.of(RowFactory.create(java.sql.Date.valueOf("2026-11-20"), "champions", 3L, new BigDecimal("10.00"))),
                new StructType().add("snapshot_date", DataTypes.DateType).add("segment", DataTypes.StringType)
                        .add("customers", DataTypes.LongType).add("revenue", DataTypes.createDecimalType(18, 2))));
        return BiDbCommand.open(settings(root), 0, "127.0.0.1", LocalDate.of(2026, 11, 20), null, out);
    }

    @Test
    void servesTheMartsToTheBiRoleWithItsPasswordOnly() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        BiDbCommand.Running running = openWithOneMart("ltvlake-bi-db", out);
        try {
            BiDbCommand.printSettings(running, out);
            String text = printed.toString(StandardCharsets.UTF_8);
            int port = running.database().port();
            assertTrue(text.contains("Port           " + port), text);
            assertTrue(text.contains("Database name  ltvlake"), text);
            assertTrue(text.contains("Username       ltvlake_bi"), text);
            assertTrue(text.contains("Password       " + running.biPassword()), text);
            assertEquals(24, running.biPassword().length(), "a generated password");

            String url = "jdbc:postgresql://localhost:" + port + "/ltvlake";
            try (Connection bi = DriverManager.getConnection(url, "ltvlake_bi", running.biPassword());
                 ResultSet rows = bi.createStatement().executeQuery("select segment, customers from marts.rfm_segment_summary")) {
                rows.next();
                assertEquals("champions", rows.getString(1));
                assertEquals(3, rows.getLong(2));
            }
            SQLException wrong = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "ltvlake_bi", "guess"));
            assertEquals("28P01", wrong.getSQLState(), "password authentication failed");
            SQLException admin = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "postgres"));
            assertEquals("28P01", admin.getSQLState(), "no trust login for the administrator either: " + admin.getMessage());
        } finally {
            running.database().close();
        }
    }

    /**
     * The README's promise for the BI role, tried as the role itself: it reads marts and can do
     * nothing else. PostgreSQL 14 (the embedded server) lets every role create tables in schema
     * public unless the database revokes it, so the first attempt is the one bi-db must prevent; the
     * same holds in the server's other databases, so the role may not connect to them.
     */
    @Test
    void theBiRoleCanReadTheMartsAndNothingElse() throws Exception {
        BiDbCommand.Running running = openWithOneMart("ltvlake-bi-db-role",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            String url = "jdbc:postgresql://localhost:" + running.database().port() + "/ltvlake";
            try (Connection admin = DriverManager.getConnection(url, "postgres", running.database().adminPassword());
                 java.sql.Statement statement = admin.createStatement()) {
                // what the role must not reach: a half-loaded staging table and another team's schema
                statement.execute("create table marts_staging.half_loaded (amount int)");
                statement.execute("create schema finance");
                statement.execute("create table finance.margins (amount int)");
                statement.execute("insert into finance.margins values (1)");
            }
            try (Connection bi = DriverManager.getConnection(url, "ltvlake_bi", running.biPassword());
                 java.sql.Statement statement = bi.createStatement()) {
                try (ResultSet rows = statement.executeQuery("select count(*) from marts.rfm_segment_summary")) {
                    rows.next();
                    assertEquals(1, rows.getLong(1), "the marts are readable");
                }
                Map<String, String> attempts = new java.util.LinkedHashMap<>();
                attempts.put("create table public.probe (x int)", "permission denied for schema public");
                attempts.put("create table marts.probe (x int)", "permission denied for schema marts");
                attempts.put("delete from marts.rfm_segment_summary", "permission denied for table rfm_segment_summary");
                attempts.put("select * from marts_staging.half_loaded", "permission denied for schema marts_staging");
                attempts.put("select * from finance.margins", "permission denied for schema finance");
                attempts.put("create temporary table probe (x int)", "permission denied to create temporary tables in database");
                for (Map.Entry<String, String> attempt : attempts.entrySet()) {
                    SQLException denied = assertThrows(SQLException.class, () -> statement.execute(attempt.getKey()),
                            attempt.getKey() + " must be refused to the BI role");
                    assertEquals("42501", denied.getSQLState(), attempt.getKey() + ": " + denied.getMessage());
                    assertTrue(denied.getMessage().contains(attempt.getValue()), attempt.getKey() + ": " + denied.getMessage());
                }
            }
            // the server's other databases: on PostgreSQL 14 their schema public is open to every role that may connect
            for (String other : List.of("postgres", "template1")) {
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + running.database().port() + "/" + other, "ltvlake_bi", running.biPassword()),
                        "the BI role must not connect to database " + other);
                assertEquals("42501", refused.getSQLState(), other + ": " + refused.getMessage());
                assertTrue(refused.getMessage().contains("User does not have CONNECT privilege"), other + ": " + refused.getMessage());
            }
            assertEquals(List.of(), running.published().warnings(), "publish finds no BI privilege beyond the promise");
        } finally {
            running.database().close();
        }
    }

    @Test
    void aLakeWithoutMartsSaysSoBeforeStartingAnything() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BiDbCommand.Running running = BiDbCommand.open(settings(TestSpark.tempDir("ltvlake-empty")), 0, "127.0.0.1",
                LocalDate.of(2026, 11, 20), null, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertNull(running);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("run bin/ltvlake demo first"), printed.toString());
    }
}
