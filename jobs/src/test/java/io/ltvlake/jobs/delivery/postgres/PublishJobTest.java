package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.delivery.PersonalDataCheck;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.gold.rfm.RfmJob;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publish job against a real (embedded) PostgreSQL, one server for the class; each test has its own schema. */
class PublishJobTest {

    private static final LocalDate RUN = LocalDate.of(2026, 11, 20);
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A temp lake whose publish goes to {@code schema} of the embedded server. */
    private static TestJobs lake(String schema) {
        return new TestJobs(Map.of("publish.postgres.url", "\"jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres\"",
                "publish.postgres.user", "postgres", "publish.postgres.schema", schema));
    }

    private static PublishJob job(Function<String, String> environment, PostgresPublisher.Hooks hooks) {
        return new PublishJob(List.of(new JtbdJob(), new DealsJob(), new RfmJob()), environment, hooks);
    }

    private static PublishJob job() {
        return job(name -> null, PostgresPublisher.Hooks.NONE);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
    }

    private static Connection as(String role) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", role, "");
    }

    private static List<List<String>> query(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
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

    private static String single(Connection connection, String sql) throws SQLException {
        return query(connection, sql).get(0).get(0);
    }

    // ---------------------------------------------------------------- hand-written gold tables

    private static Dataset<Row> rows(StructType schema, Object[]... values) {
        return TestSpark.session().createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), schema);
    }

    private static final StructType RFM = new StructType().add("snapshot_date", DataTypes.DateType)
            .add("customer_key", DataTypes.StringType).add("recency_days", DataTypes.IntegerType)
            .add("frequency", DataTypes.LongType).add("monetary", DataTypes.createDecimalType(18, 2))
            .add("segment", DataTypes.StringType);
    private static final StructType SUMMARY = new StructType().add("snapshot_date", DataTypes.DateType)
            .add("segment", DataTypes.StringType).add("customers", DataTypes.LongType)
            .add("customer_share", DataTypes.DoubleType);
    private static final StructType DEALS = new StructType().add("deal_id", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType).add("opened_at", DataTypes.TimestampType)
            .add("revenue", DataTypes.createDecimalType(18, 2)).add("is_lead_magnet_deal", DataTypes.BooleanType);
    private static final StructType ORDER_JOBS = new StructType().add("source", DataTypes.StringType)
            .add("order_id", DataTypes.StringType).add("categories", DataTypes.createArrayType(DataTypes.StringType))
            .add("store", DataTypes.StringType).add("total", DataTypes.DoubleType);

    private static java.sql.Date date(String day) {
        return java.sql.Date.valueOf(day);
    }

    /** Four marts of the three jobs; gold.rfm_migration and gold.order_deals are left out (not in the lake). */
    private static void writeMarts(TestJobs jobs, String segmentOfP) {
        LakeSeeds.seed(jobs.lake, RfmTables.CUSTOMER_RFM, rows(RFM,
                new Object[] {date("2026-11-20"), "p", 3, 4L, new BigDecimal("1234567.89"), segmentOfP},
                new Object[] {date("2026-11-20"), "q", 200, 1L, new BigDecimal("10.00"), "lost_customers"},
                new Object[] {date("2026-10-31"), "p", 12, 3L, new BigDecimal("999.99"), "champions"}));
        LakeSeeds.seed(jobs.lake, RfmTables.SEGMENT_SUMMARY, rows(SUMMARY,
                new Object[] {date("2026-11-20"), segmentOfP, 1L, 0.5},
                new Object[] {date("2026-11-20"), "lost_customers", 1L, 0.5}));
        LakeSeeds.seed(jobs.lake, DealsTables.DEALS, rows(DEALS,
                new Object[] {"shop:1", "p", java.sql.Timestamp.from(java.time.Instant.parse("2026-11-19T22:15:30Z")),
                        new BigDecimal("120.50"), false},
                new Object[] {"shop:2", "q", null, new BigDecimal("-3.00"), null}));
        LakeSeeds.seed(jobs.lake, JtbdTables.ORDER_JOBS, rows(ORDER_JOBS,
                new Object[] {"shop", "1", List.of("tv", "a \"quoted\", {item}", "back\\slash"), "", Double.NaN},
                new Object[] {"shop", "2", java.util.Arrays.asList("laptop", null), null, 1.5e10}));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void everyMartInTheLakeIsPublishedWithItsRowsTypesKeysIndexesAndComments() throws Exception {
        TestJobs jobs = lake("marts_types");
        writeMarts(jobs, "champions");
        JobResult result = job().run(jobs.context(RUN));

        assertEquals(3 + 2 + 2 + 2, result.rowsWritten());
        assertEquals(Map.of("gold.customer_rfm", jobs.lake.version(RfmTables.CUSTOMER_RFM), "gold.rfm_segment_summary",
                jobs.lake.version(RfmTables.SEGMENT_SUMMARY), "gold.deals", jobs.lake.version(DealsTables.DEALS), "gold.order_jobs",
                jobs.lake.version(JtbdTables.ORDER_JOBS)), result.tableVersions(), "the Delta versions published");
        assertTrue(jobs.printed().contains("not in the lake yet, not published: gold.order_deals, gold.customer_rfm_daily, gold.rfm_migration"),
                jobs.printed());
        try (Connection db = admin()) {
            assertEquals(List.of(List.of("customer_rfm", "3"), List.of("deals", "2"), List.of("order_jobs", "2"),
                    List.of("rfm_segment_summary", "2")), query(db, """
                    select c.relname, c.reltuples::bigint::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'marts_types' and c.relkind = 'r' order by 1"""), "analysed row counts");
            assertEquals("3", single(db, "select count(*) from marts_types.customer_rfm"));

            Map<String, String> types = new TreeMap<>();
            for (List<String> row : query(db, "select table_name || '.' || column_name, format_type(a.atttypid, a.atttypmod)"
                    + " from information_schema.columns c join pg_attribute a on a.attrelid = (c.table_schema || '.' || "
                    + "c.table_name)::regclass and a.attname = c.column_name where c.table_schema = 'marts_types'")) {
                types.put(row.get(0), row.get(1));
            }
            assertEquals("date", types.get("customer_rfm.snapshot_date"));
            assertEquals("text", types.get("customer_rfm.customer_key"));
            assertEquals("integer", types.get("customer_rfm.recency_days"));
            assertEquals("bigint", types.get("customer_rfm.frequency"));
            assertEquals("numeric(18,2)", types.get("customer_rfm.monetary"));
            assertEquals("double precision", types.get("rfm_segment_summary.customer_share"));
            assertEquals("timestamp with time zone", types.get("deals.opened_at"));
            assertEquals("boolean", types.get("deals.is_lead_magnet_deal"));
            assertEquals("text[]", types.get("order_jobs.categories"));

            // values arrive exactly: decimals, the instant, null against empty text, array quoting, NaN
            assertEquals(List.of(List.of("1234567.89", "champions")),
                    query(db, "select monetary::text, segment from marts_types.customer_rfm where customer_key = 'p'"
                            + " and snapshot_date = date '2026-11-20'"));
            assertEquals("2026-11-19T22:15:30Z", single(db, "select to_char(opened_at at time zone 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from marts_types.deals where deal_id = 'shop:1'"));
            assertEquals(List.of(List.of("3", "a \"quoted\", {item}", "back\\slash", "", "NaN"),
                    java.util.Arrays.asList("2", "laptop", null, null, "15000000000")), query(db, "select array_length(categories, 1)::text, categories[2 - (order_id = '2')::int],"
                    + " categories[3 - (order_id = '2')::int], store, total::numeric::text from marts_types.order_jobs"
                    + " order by order_id"));

            assertEquals(List.of(List.of("customer_rfm", "snapshot_date, customer_key"), List.of("deals", "deal_id"),
                    List.of("order_jobs", "source, order_id"), List.of("rfm_segment_summary", "snapshot_date, segment")), query(db, """
                    select t.relname, string_agg(a.attname, ', ' order by k.ordinality)
                    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
                    cross join unnest(c.conkey) with ordinality k(attnum, ordinality)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                    where n.nspname = 'marts_types' and c.contype = 'p' group by t.relname order by 1"""));
            assertEquals(List.of(List.of("customer_rfm_customer_key_idx"), List.of("deals_customer_key_idx")), query(db,
                    "select indexname from pg_indexes where schemaname = 'marts_types' and indexname like '%_idx' order by 1"),
                    "customer_key indexed; snapshot_date is covered by the primary key");

            String tableComment = single(db, "select obj_description('marts_types.customer_rfm'::regclass, 'pg_class')");
            assertTrue(tableComment.startsWith(RfmTables.CUSTOMER_RFM.comment()), tableComment);
            assertTrue(tableComment.contains("Grain: one row per snapshot date and customer"), tableComment);
            assertTrue(tableComment.contains("by the run of 2026-11-20"), tableComment);
            assertEquals(RfmTables.CUSTOMER_RFM.columnDocs().get("recency_days"), single(db,
                    "select col_description('marts_types.customer_rfm'::regclass, 3)"), "column docs become column comments");
            assertEquals(0, query(db, "select 1 from pg_tables where schemaname = 'marts_types_staging'").size(),
                    "nothing left in staging");
        }
    }

    @Test
    void aFailureInTheMiddleOrABadMartLeavesYesterdaysMartsIntact() throws Exception {
        TestJobs jobs = lake("marts_failure");
        writeMarts(jobs, "champions");
        job().run(jobs.context(RUN));
        String yesterday = "select segment from marts_failure.rfm_segment_summary order by segment";
        List<List<String>> before;
        try (Connection db = admin()) {
            before = query(db, yesterday);
        }
        assertEquals(List.of(List.of("champions"), List.of("lost_customers")), before);

        // today's data differs; the publish breaks after two marts are staged
        writeMarts(jobs, "at_risk");
        List<String> staged = new ArrayList<>();
        PostgresPublisher.Hooks failing = new PostgresPublisher.Hooks() {
            @Override
            public void staged(String table) {
                staged.add(table);
                if (staged.size() == 2) {
                    throw new IllegalStateException("injected failure after " + staged);
                }
            }
        };
        Exception failure = assertThrows(IllegalStateException.class, () -> job(name -> null, failing).run(jobs.context(RUN)));
        assertTrue(failure.getMessage().contains("injected failure"), failure.getMessage());
        assertEquals(2, staged.size());
        try (Connection db = admin()) {
            assertEquals(before, query(db, yesterday), "yesterday's marts unchanged");
            assertEquals("0", single(db, "select count(*) from marts_failure.customer_rfm where segment = 'at_risk'"));
            assertEquals("0", single(db, "select count(*) from pg_tables where schemaname = 'marts_failure_staging'"),
                    "the staged tables were removed");
        }

        // a mart whose primary key does not hold: the lake refuses to write it, and publish refuses one that got
        // into the lake by other means (written before the lake checked keys, or by another tool)
        Dataset<Row> duplicated = rows(DEALS, new Object[] {"shop:1", "p", null, BigDecimal.ONE, false},
                new Object[] {"shop:1", "q", null, BigDecimal.TEN, false});
        // gold.deals as far as these five columns go: its key, which the lake checks on every table
        io.ltvlake.common.lake.TableSpec keyOnly = io.ltvlake.common.lake.TableSpec.of(DealsTables.DEALS.name(),
                DealsTables.DEALS.grain(), DealsTables.DEALS.primaryKey(), DealsTables.DEALS.comment());
        assertThrows(io.ltvlake.common.lake.Expectations.Refused.class, () -> jobs.lake.overwrite(keyOnly, duplicated));
        duplicated.write().format("delta").mode("overwrite").save(jobs.lake.path(DealsTables.DEALS));
        Exception duplicate = assertThrows(SQLException.class, () -> job().run(jobs.context(RUN)));
        assertTrue(duplicate.getMessage().contains("gold.deals: its primary key (deal_id) does not hold"), duplicate.getMessage());

        // a mart with an e-mail in it is refused before anything is loaded
        LakeSeeds.seed(jobs.lake, DealsTables.DEALS, rows(DEALS, new Object[] {"shop:1", "anna@example.org", null, BigDecimal.ONE, false}));
        Exception contact = assertThrows(PersonalDataCheck.Refused.class, () -> job().run(jobs.context(RUN)));
        assertTrue(contact.getMessage().contains("gold.deals.customer_key holds an e-mail address"), contact.getMessage());
        try (Connection db = admin()) {
            assertEquals(before, query(db, yesterday), "still yesterday's marts");
            assertEquals("2", single(db, "select count(*) from marts_failure.deals"));
        }
    }

    @Test
    void aPhoneFoundWhileLoadingBeyondTheSampleStopsThePublish() throws Exception {
        TestJobs jobs = new TestJobs(Map.of("publish.postgres.url", "\"jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres\"", "publish.postgres.user", "postgres", "publish.postgres.schema", "marts_sample",
                "publish.postgres.check-sample-rows", "1"));
        LakeSeeds.seed(jobs.lake, DealsTables.DEALS, rows(DEALS, new Object[] {"shop:1", "a", null, BigDecimal.ONE, false},
                new Object[] {"shop:2", "+79161234567", null, BigDecimal.ONE, false}).coalesce(1));
        Exception contact = assertThrows(CopyRows.ContactFound.class, () -> job().run(jobs.context(RUN)));
        assertTrue(contact.getMessage().contains("gold.deals.customer_key holds an E.164 phone number"), contact.getMessage());
        try (Connection db = admin()) {
            assertEquals("0", single(db, "select count(*) from pg_tables where schemaname like 'marts_sample%'"));
        }
    }

    @Test
    void theBiRoleReadsTheMartsAndNothingElseAlsoAfterTheNextSwap() throws Exception {
        TestJobs jobs = lake("marts_access");
        writeMarts(jobs, "champions");
        Function<String, String> environment = name -> name.equals("LTVLAKE_BI_PASSWORD") ? "bi-secret" : null;
        job(environment, PostgresPublisher.Hooks.NONE).run(jobs.context(RUN));
        assertTrue(!jobs.printed().contains("bi-secret"), "the password is never printed");
        try (Connection db = admin(); Statement statement = db.createStatement()) {
            statement.execute("create table if not exists public.payroll (amount int)");
            statement.execute("create schema if not exists finance");
            statement.execute("create table if not exists finance.margins (amount int)");
            statement.execute("create table if not exists marts_access_staging.half_loaded (amount int)");
            assertEquals("t", single(db, "select rolcanlogin::text from pg_roles where rolname = 'ltvlake_bi'").substring(0, 1));
            assertTrue(single(db, "select rolpassword from pg_authid where rolname = 'ltvlake_bi'").startsWith("SCRAM-SHA-256$"),
                    "the password is set, hashed");
        }
        try (Connection bi = as("ltvlake_bi")) {
            assertEquals("3", single(bi, "select count(*) from marts_access.customer_rfm"));
            for (String forbidden : List.of("select * from public.payroll", "select * from finance.margins",
                    "select * from marts_access_staging.half_loaded", "insert into marts_access.deals (deal_id) values ('x')",
                    "delete from marts_access.deals", "create table marts_access.mine (x int)",
                    "drop table marts_access.deals")) {
                SQLException denied = assertThrows(SQLException.class, () -> query(bi, forbidden), forbidden);
                assertEquals("42501", denied.getSQLState(), forbidden + ": " + denied.getMessage());
            }
        }
        // the next night's swap replaces every table; the grants come with it, and the rows are the same (idempotent)
        List<List<String>> first;
        try (Connection db = admin()) {
            first = query(db, "select * from marts_access.deals order by deal_id");
        }
        job().run(jobs.context(RUN));
        try (Connection bi = as("ltvlake_bi")) {
            assertEquals(first, query(bi, "select * from marts_access.deals order by deal_id"));
            assertEquals("2", single(bi, "select count(*) from marts_access.rfm_segment_summary"));
        }
    }

    /**
     * An external database as PostgreSQL 14 makes it (PUBLIC may create in schema public and make
     * temporary tables), plus a role the BI role belongs to that reads another team's table and a
     * role attribute it should not have; the server's other databases are open to PUBLIC as well.
     * Each is one warning naming the privilege and its REVOKE;
     * strict makes them an error; once revoked, the strict publish passes. A database of its own,
     * because the check looks at every schema and the other tests' mart schemas are granted too.
     */
    @Test
    void theBiRolesPrivilegesBeyondReadingTheMartsAreNamedWithTheirFix() throws Exception {
        try (Connection db = admin(); Statement statement = db.createStatement()) {
            statement.execute("create database bi_check");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/bi_check";
        try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement statement = db.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = 'ltvlake_bi') then"
                    + " create role ltvlake_bi login; end if; end $$");
            statement.execute("create role analysts");
            statement.execute("grant analysts to ltvlake_bi");
            statement.execute("create schema crm");
            statement.execute("create table crm.contacts (phone text)");
            statement.execute("grant usage on schema crm to analysts");
            statement.execute("grant select on crm.contacts to analysts");
            statement.execute("alter role ltvlake_bi createdb");
        }
        try {
            Map<String, String> database = Map.of("publish.postgres.url", "\"" + url + "\"", "publish.postgres.user", "postgres",
                    "publish.postgres.schema", "marts");
            TestJobs jobs = new TestJobs(database);
            writeMarts(jobs, "champions");
            JobResult result = job().run(jobs.context(RUN));
            String prefix = "the BI role ltvlake_bi has ";
            String everyone = " (granted to PUBLIC, so every role has it; the fix applies to all), beyond what it needs; fix: ";
            List<String> expected = List.of(
                    prefix + "CREATEDB on role ltvlake_bi, beyond what it needs; fix: alter role \"ltvlake_bi\" nocreatedb;",
                    prefix + "TEMPORARY on database bi_check" + everyone + "revoke temporary on database \"bi_check\" from public;",
                    prefix + "CONNECT on database postgres" + everyone + "revoke connect on database \"postgres\" from public;",
                    prefix + "CONNECT on database template1" + everyone + "revoke connect on database \"template1\" from public;",
                    prefix + "USAGE on schema crm (as a member of analysts), beyond what it needs; fix: revoke usage on schema"
                            + " \"crm\" from analysts;",
                    prefix + "CREATE on schema public" + everyone + "revoke create on schema \"public\" from public;",
                    prefix + "USAGE on schema public" + everyone + "revoke usage on schema \"public\" from public;",
                    prefix + "SELECT on table crm.contacts (as a member of analysts), beyond what it needs; fix: revoke select"
                            + " on table crm.contacts from analysts;");
            assertEquals(expected, result.warnings());
            assertTrue(jobs.printed().contains("WARNING: " + expected.get(5)), jobs.printed());

            TestJobs strict = new TestJobs(new java.util.HashMap<>(Map.of("publish.postgres.url", "\"" + url + "\"",
                    "publish.postgres.user", "postgres", "publish.postgres.schema", "marts",
                    "publish.postgres.strict-bi-role", "true")));
            writeMarts(strict, "at_risk");
            Exception refused = assertThrows(PostgresPublisher.BiRoleTooBroad.class, () -> job().run(strict.context(RUN)));
            for (String line : expected) {
                assertTrue(refused.getMessage().contains(line), refused.getMessage());
            }
            assertTrue(refused.getMessage().startsWith("publish.postgres.strict-bi-role: the marts were swapped into schema marts"),
                    refused.getMessage());

            try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement statement = db.createStatement()) {
                statement.execute("alter role ltvlake_bi nocreatedb");
                statement.execute("revoke temporary on database \"bi_check\" from public");
                statement.execute("revoke connect on database \"postgres\" from public");
                statement.execute("revoke connect on database \"template1\" from public");
                statement.execute("revoke usage on schema \"crm\" from analysts");
                statement.execute("revoke create on schema \"public\" from public");
                statement.execute("revoke usage on schema \"public\" from public");
                statement.execute("revoke select on table crm.contacts from analysts");
            }
            JobResult clean = job().run(strict.context(RUN));
            assertEquals(List.of(), clean.warnings(), "after the fixes the strict publish passes");
            try (Connection bi = DriverManager.getConnection(url, "ltvlake_bi", "")) {
                assertEquals("at_risk", single(bi, "select segment from marts.customer_rfm where customer_key = 'p'"
                        + " and snapshot_date = date '2026-11-20'"));
            }
        } finally {
            try (Connection db = admin(); Statement statement = db.createStatement()) {
                statement.execute("alter role ltvlake_bi nocreatedb");
                statement.execute("revoke analysts from ltvlake_bi");
                statement.execute("grant connect on database postgres, template1 to public"); // the other tests log in
            }
        }
    }

    @Test
    void withoutADatabaseThePublishSkipsWithAWarning() throws Exception {
        TestJobs jobs = new TestJobs();
        JobResult result = job().run(jobs.context(RUN));
        assertEquals(0, result.rowsWritten());
        assertEquals(1, result.warnings().size());
        assertTrue(result.warnings().get(0).contains("no PostgreSQL configured (ltvlake.publish.postgres.url is empty"),
                result.warnings().toString());
    }

    @Test
    void theMartsAreTheGoldTablesOfTheJobsAndItRunsAfterThem() {
        PublishJob job = job();
        assertEquals(List.of("gold.order_jobs", "gold.order_deals", "gold.deals", "gold.customer_rfm", "gold.customer_rfm_daily",
                "gold.rfm_segment_summary", "gold.rfm_migration"), job.marts().stream().map(TableSpec::name).toList());
        assertEquals(List.of("jtbd", "deals", "rfm"), job.upstream());
    }

    @Test
    void inThePipelinePublishAndExtractsRunLastAfterEveryJobThatWritesGold() {
        List<io.ltvlake.common.job.Job> ordered = io.ltvlake.jobs.Pipeline.registry().ordered();
        int count = ordered.size();
        assertEquals(List.of("publish", "extracts"), List.of(ordered.get(count - 2).name(), ordered.get(count - 1).name()));
        List<String> goldWriters = ordered.stream().filter(j -> j.outputs().stream().anyMatch(t -> t.ref().layer().equals("gold")))
                .map(io.ltvlake.common.job.Job::name).toList();
        // after every one of them; in which order they are listed does not matter to the runner
        assertEquals(new java.util.TreeSet<>(goldWriters), new java.util.TreeSet<>(ordered.get(count - 2).upstream()));
        assertEquals(new java.util.TreeSet<>(goldWriters), new java.util.TreeSet<>(ordered.get(count - 1).upstream()));
    }

    // ---------------------------------------------------------------- partitions loaded by the executors

    /** The publishing user's password as the environment gives it; the embedded server trusts local logins. */
    private static final String PASSWORD = "pg-Secret-4711";
    private static final TableSpec COPY_CHECK = TableSpec.of("gold.copy_check", "one row per id", List.of("id"),
            "Hand-written rows for the partitioned COPY.");
    private static final StructType COPY_ROWS = new StructType().add("id", DataTypes.StringType)
            .add("name", DataTypes.StringType).add("amount", DataTypes.createDecimalType(12, 2))
            .add("note", DataTypes.StringType).add("quantity", DataTypes.IntegerType);

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
            java.util.Arrays.asList("a", "O'Brien \"the\" great, sr.", "1.50", null, "7"),
            java.util.Arrays.asList("b", "Zoë Ærøskøbing — 東京", "-0.01", "", null),
            java.util.Arrays.asList("c", "line\nbreak", "1000000.00", "comma, inside", "0"),
            java.util.Arrays.asList("d", "", "0.00", "\"\"", "-1"),
            java.util.Arrays.asList("e", null, null, "back\\slash", "2147483647"),
            java.util.Arrays.asList("f", "smile 😀", "3.33", "x", "1"));

    /** batch-rows 2, so a partition of two rows or more sends more than one batch. */
    private static PublishConfig.PostgresSettings settings(String schema, int copyParallelism) {
        return new PublishConfig.PostgresSettings("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres",
                "LTVLAKE_PG_PASSWORD", schema, "ltvlake_bi", "LTVLAKE_BI_PASSWORD", 2, 1_000, false, copyParallelism);
    }

    private static PostgresPublisher publisher(PublishConfig.PostgresSettings settings, List<String> printed) {
        return new PostgresPublisher(settings, name -> name.equals("LTVLAKE_PG_PASSWORD") ? PASSWORD : null, printed::add,
                PostgresPublisher.Hooks.NONE);
    }

    /**
     * Each partition's COPY commits in its own transaction, so the rows of a table carry as many
     * distinct xmin (inserting transaction ids) as COPYs loaded it; the swap moves the table
     * without rewriting its rows.
     */
    private static String copies(Connection db, String table) throws SQLException {
        return single(db, "select count(distinct xmin::text)::text from " + table);
    }

    @Test
    void everyRowOfEveryPartitionArrivesOnceWithItsValues() throws Exception {
        List<String> printed = new ArrayList<>();
        PostgresPublisher.Outcome outcome = publisher(settings("copy_three", 4), printed)
                .publish(List.of(new PostgresPublisher.Mart(COPY_CHECK, 7, rows(COPY_ROWS, TRICKY).repartition(3))), RUN);
        // five partitions with copy-parallelism 2: coalesced to two COPYs, the same six rows
        publisher(settings("copy_two", 2), new ArrayList<>())
                .publish(List.of(new PostgresPublisher.Mart(COPY_CHECK, 7, rows(COPY_ROWS, TRICKY).repartition(5))), RUN);

        assertEquals(List.of(new PostgresPublisher.Published("copy_three.copy_check", 6)), outcome.tables());
        assertTrue(printed.contains("copy_three.copy_check: 6 rows staged"), printed.toString());
        assertTrue(!printed.toString().contains(PASSWORD), printed.toString());
        try (Connection db = admin()) {
            for (String schema : List.of("copy_three", "copy_two")) {
                assertEquals(TRICKY_AS_TEXT, query(db, "select id, name, amount::text, note, quantity::text from " + schema
                        + ".copy_check order by id"), schema);
            }
            assertEquals("3", copies(db, "copy_three.copy_check"), "three partitions, three COPYs (fewer than copy-parallelism 4)");
            assertEquals("2", copies(db, "copy_two.copy_check"), "five partitions, at most copy-parallelism 2 COPYs");
        }
    }

    @Test
    void aPartitionThatFailsLeavesThePublishedTableUntouchedAndKeepsThePasswordOut() throws Exception {
        PublishConfig.PostgresSettings settings = settings("copy_failure", 4);
        publisher(settings, new ArrayList<>()).publish(List.of(new PostgresPublisher.Mart(COPY_CHECK, 7,
                rows(COPY_ROWS, TRICKY[0], TRICKY[1]))), RUN);
        String published = "select id, name from copy_failure.copy_check order by id";
        List<List<String>> yesterday = List.of(List.of("a", "O'Brien \"the\" great, sr."), List.of("b", "Zoë Ærøskøbing — 東京"));
        try (Connection db = admin()) {
            assertEquals(yesterday, query(db, published));
        }

        // today's rows in three partitions; text columns refuse the NUL character, so one partition's COPY fails
        // while the others may have loaded theirs into the staging table
        List<String> printed = new ArrayList<>();
        Dataset<Row> today = rows(COPY_ROWS, new Object[] {"a", "new a", BigDecimal.ONE, null, 1},
                new Object[] {"b", "new b", BigDecimal.ONE, null, 2}, new Object[] {"c", "nul \u0000 inside", BigDecimal.ONE, null, 3},
                new Object[] {"d", "new d", BigDecimal.ONE, null, 4}, new Object[] {"e", "new e", BigDecimal.ONE, null, 5},
                new Object[] {"f", "new f", BigDecimal.ONE, null, 6}).repartition(3);
        SQLException failure = assertThrows(SQLException.class, () -> publisher(settings, printed)
                .publish(List.of(new PostgresPublisher.Mart(COPY_CHECK, 8, today)), RUN));

        assertTrue(failure.getMessage().startsWith("gold.copy_check: loading \"copy_failure_staging\".\"copy_check\" failed,"
                + " nothing was swapped: gold.copy_check: partition "), failure.getMessage());
        assertTrue(failure.getMessage().contains("0x00"), "PostgreSQL's reason: " + failure.getMessage());
        java.io.StringWriter everything = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(everything));
        assertTrue(!everything.toString().contains(PASSWORD), "the password is in no message or cause");
        assertTrue(!printed.toString().contains(PASSWORD), printed.toString());
        try (Connection db = admin()) {
            assertEquals(yesterday, query(db, published), "yesterday's table as it was");
            assertEquals(List.of(), query(db, "select tablename from pg_tables where schemaname = 'copy_failure_staging'"),
                    "the partly loaded staging table was dropped");
        }
    }

    @Test
    void theConnectionSpecNeverShowsItsPassword() {
        PostgresConnection database = new PostgresConnection("jdbc:postgresql://localhost:1/none?password=" + PASSWORD,
                "publisher", "LTVLAKE_PG_PASSWORD", PASSWORD, Map.of("ApplicationName", "ltvlake publish"));
        assertEquals("PostgreSQL at jdbc:postgresql://localhost:1/none?password=**** as publisher", database.toString());
        SQLException refused = assertThrows(SQLException.class, database::open);
        assertTrue(refused.getMessage().startsWith("cannot connect to PostgreSQL at jdbc:postgresql://localhost:1/none?password=****"
                + " as publisher (password from $LTVLAKE_PG_PASSWORD): "), refused.getMessage());
        assertTrue(!refused.getMessage().contains(PASSWORD), refused.getMessage());
    }
}
