package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.delivery.extracts.ExtractsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config of the PostgreSQL publish and of the scheduled extracts. */
class PublishConfigTest {

    @TempDir
    Path home;

    private Settings load(String application, Map<String, String> environment) throws IOException {
        Files.createDirectories(home.resolve("conf/sources"));
        Files.writeString(home.resolve("conf/application.conf"), application);
        return ConfigLoader.load(ConfigLoader.Request.of(home, "local").withEnvironment(environment));
    }

    private Settings load(String application) throws IOException {
        return load(application, Map.of());
    }

    private String error(String application) {
        return assertThrows(ConfigError.class, () -> load(application)).getMessage();
    }

    @Test
    void publishDefaultsToNoDatabaseAndReadsTheUrlFromTheEnvironment() throws IOException {
        PublishConfig.PostgresSettings none = load("").section(PublishConfig.class).postgres();
        assertFalse(none.configured());
        assertEquals("marts", none.schema());
        assertEquals("marts_staging", none.stagingSchema());
        assertEquals("LTVLAKE_PG_PASSWORD", none.passwordEnv());
        PublishConfig.PostgresSettings set = load("ltvlake.publish.postgres.url = ${?LTVLAKE_PG_URL}",
                Map.of("LTVLAKE_PG_URL", "jdbc:postgresql://db:5432/bi")).section(PublishConfig.class).postgres();
        assertTrue(set.configured());
        assertEquals("jdbc:postgresql://db:5432/bi", set.url());
    }

    @Test
    void badPublishSettingsNameTheKey() {
        assertTrue(error("ltvlake.publish.postgres.url = \"postgres://db/bi\"").contains("'ltvlake.publish.postgres.url'"));
        assertTrue(error("ltvlake.publish.postgres.schema = public").contains("'ltvlake.publish.postgres.schema'"));
        assertTrue(error("ltvlake.publish.postgres.bi-role = ltvlake").contains("must not be the publishing user"));
        assertTrue(error("ltvlake.publish.postgres.password-env = \"s3cr3t!\"").contains("not the secret itself"));
        assertTrue(error("ltvlake.publish.postgres.strict-bi-role = maybe").contains("'ltvlake.publish.postgres.strict-bi-role'"));
    }

    @Test
    void aBiRoleWithMoreThanReadAccessIsAWarningUnlessStrict() throws IOException {
        assertFalse(load("").section(PublishConfig.class).postgres().strictBiRole());
        assertTrue(load("ltvlake.publish.postgres.strict-bi-role = true").section(PublishConfig.class).postgres().strictBiRole());
    }

    @Test
    void copyParallelismDefaultsToFourAndMustBeAtLeastOne() throws IOException {
        assertEquals(4, load("").section(PublishConfig.class).postgres().copyParallelism());
        assertEquals(2, load("ltvlake.publish.postgres.copy-parallelism = 2").section(PublishConfig.class).postgres()
                .copyParallelism());
        String zero = error("ltvlake.publish.postgres.copy-parallelism = 0");
        assertTrue(zero.contains("'ltvlake.publish.postgres.copy-parallelism'") && zero.contains("must be at least 1, got 0"), zero);
    }

    @Test
    void configMasksPasswordsButShowsWhichVariableHoldsThem() throws IOException {
        Settings settings = load("ltvlake.publish.postgres.url = \"jdbc:postgresql://db:5432/bi?user=x&password=hunter2\"");
        String rendered = ConfigLoader.render(settings);
        assertFalse(rendered.contains("hunter2"), rendered);
        assertTrue(rendered.contains("password=****"), rendered);
        assertTrue(rendered.contains("LTVLAKE_PG_PASSWORD"), "the variable's name is not a secret: " + rendered);
        assertEquals("jdbc:postgresql://u:****@db/bi", ConfigLoader.maskUrlPassword("jdbc:postgresql://u:pw@db/bi"));
    }

    @Test
    void extractsAreTypedWithTheirDefaults() throws IOException {
        Settings settings = load("""
                ltvlake.s3.authentication = default-chain
                ltvlake.extracts.list = [
                  { name = segments, mart = gold.rfm_segment_summary, columns = [segment, customers],
                    filter = "snapshot_date = {run_date}", format = csv, schedule = "weekly on monday" }
                  { name = win-back, sql = "select customer_key, email from silver.customers", format = XLSX,
                    schedule = "monthly on last", destination = "s3a://bucket/inbox", contacts = true }
                ]""");
        ExtractsConfig.Extract segments = settings.section(ExtractsConfig.class).extract("segments");
        assertEquals(Optional.of("gold.rfm_segment_summary"), segments.mart());
        assertEquals(java.util.List.of("segment", "customers"), segments.columns());
        assertEquals(ExtractsConfig.ExtractFormat.CSV, segments.format());
        assertEquals(settings.lakeRoot() + "/extracts/segments", segments.destination());
        assertFalse(segments.contacts());
        ExtractsConfig.Extract winBack = settings.section(ExtractsConfig.class).extract("win-back");
        assertEquals(ExtractsConfig.ExtractFormat.XLSX, winBack.format());
        assertEquals("s3a://bucket/inbox", winBack.destination());
        assertTrue(winBack.schedule().dueOn(java.time.LocalDate.parse("2027-02-28")));
        assertTrue(winBack.contacts());
    }

    @Test
    void anExtractThatSelectsContactsWithoutOptingInIsRefusedAtStartUpByName() {
        String columns = error("ltvlake.extracts.list = [{ name = leak, mart = gold.customer_rfm, columns = [customer_key, email],"
                + " format = csv, schedule = daily }]");
        assertTrue(columns.contains("extract 'leak'") && columns.contains("email") && columns.contains("contacts = true"), columns);
        String sql = error("ltvlake.extracts.list = [{ name = calls, sql = \"select c.caller_phone from silver.calls c\","
                + " format = xlsx, schedule = daily }]");
        assertTrue(sql.contains("extract 'calls'") && sql.contains("caller_phone"), sql);
    }

    @Test
    void aStringLiteralThatSaysEmailIsNotAContactColumn() throws IOException {
        Settings settings = load("ltvlake.extracts.list = [{ name = by-channel, mart = gold.channel_cac,"
                + " filter = \"channel = 'email'\", format = csv, schedule = daily }]");
        assertEquals(Optional.of("channel = 'email'"), settings.section(ExtractsConfig.class).extract("by-channel").filter());
    }

    @Test
    void badExtractsNameTheExtractAndKey() {
        assertTrue(error("ltvlake.extracts.list = [{ name = x, format = csv, schedule = daily }]")
                .contains("needs exactly one of mart"));
        assertTrue(error("ltvlake.extracts.list = [{ name = x, mart = silver.customers, format = csv, schedule = daily }]")
                .contains("must be a gold table"));
        assertTrue(error("ltvlake.extracts.list = [{ name = x, mart = gold.deals, format = pdf, schedule = daily }]")
                .contains("'ltvlake.extracts.list[0].format'"));
        assertTrue(error("ltvlake.extracts.list = [{ name = x, mart = gold.deals, format = csv, schedule = \"monthly on 0\" }]")
                .contains("'ltvlake.extracts.list[0].schedule'"));
        assertTrue(error("ltvlake.extracts.list = [{ name = x, mart = gold.deals, format = csv, schedule = daily, colums = [a] }]")
                .contains("unknown config key 'ltvlake.extracts.list[0].colums'"));
        assertTrue(error("ltvlake.extracts.list = [{ name = x, mart = gold.deals, format = csv, schedule = daily },"
                + " { name = x, mart = gold.deals, format = csv, schedule = daily }]").contains("configured twice"));
    }
}
