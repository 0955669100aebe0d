package io.ltvlake.common.config;

import io.ltvlake.jobs.AirflowConfig;
import io.ltvlake.jobs.ConfigFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void layersApplyInOrderAndRelativePathsResolveAgainstHome() throws IOException {
        ConfigLoader.Request request = request("ltvlake { business-time-zone = \"Europe/Moscow\", lake.root = \"data/lake\" }");
        Files.writeString(home.resolve("conf/local.conf"), "ltvlake.spark.shuffle-partitions = 3");
        Settings settings = ConfigLoader.load(request.withOverrides(Map.of("identity.max-iterations", "7")));
        assertEquals(ZoneId.of("Europe/Moscow"), settings.businessTimeZone());
        assertEquals(home.resolve("data/lake").toString(), settings.lakeRoot());
        assertEquals(3, settings.spark().shufflePartitions());
        assertEquals(7, settings.identity().maxIterations());
        // defaults from reference.conf
        assertEquals("RU", settings.phoneDefaultRegion());
        assertEquals(LocalDate.parse("2026-11-20"), settings.sample().endDate());
        // the default source lands under the lake
        assertEquals(home.resolve("data/lake").toString() + "/landing/shop", settings.source("shop").landing());
    }

    @Test
    void environmentVariablesOverrideThroughTheFilesAndLakeOptionWinsOverAll() throws IOException {
        ConfigLoader.Request request = request("ltvlake { lake.root = \"lake\", lake.root = ${?LTVLAKE_LAKE_ROOT} }")
                .withEnvironment(Map.of("LTVLAKE_LAKE_ROOT", "s3a://bucket/lake", "AWS_ACCESS_KEY_ID", "id",
                        "AWS_SECRET_ACCESS_KEY", "secret"));
        assertEquals("s3a://bucket/lake", ConfigLoader.load(request).lakeRoot());
        assertEquals("/tmp/elsewhere", ConfigLoader.load(request.withLakeRoot("/tmp/elsewhere")).lakeRoot());
        assertEquals(home.resolve("lake").toString(),
                ConfigLoader.load(request.withEnvironment(Map.of())).lakeRoot(), "unset variable keeps the file's value");
    }

    @Test
    void unknownKeyStopsWithTheKeyNamedAndASuggestion() throws IOException {
        ConfigError error = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake { lake.rot = \"x\" }")));
        assertTrue(error.getMessage().contains("unknown config key 'ltvlake.lake.rot'"), error.getMessage());
        assertTrue(error.getMessage().contains("did you mean 'ltvlake.lake.root'"), error.getMessage());
        assertTrue(error.getMessage().contains("application.conf"), "names the file: " + error.getMessage());
    }

    @Test
    void unknownKeyFromSetAndUnknownTopLevelAreRejected() throws IOException {
        ConfigLoader.Request request = request("");
        ConfigError fromSet = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("identity.max-iteration", "3"))));
        assertTrue(fromSet.getMessage().contains("'ltvlake.identity.max-iteration'"), fromSet.getMessage());
        ConfigError topLevel = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlak { env = x }")));
        assertTrue(topLevel.getMessage().contains("unknown config key 'ltvlak'"), topLevel.getMessage());
    }

    @Test
    void theCustomerKeySecretComesFromTheEnvironmentAndProdRefusesToStartWithoutIt() throws IOException {
        ConfigLoader.Request request = request("");
        Files.writeString(home.resolve("conf/prod.conf"), "ltvlake.env = prod");
        String secret = "0123456789abcdef0123456789abcdef-real";
        Settings local = ConfigLoader.load(request);
        assertTrue(local.identity().keySecret().development(), "local falls back to the development secret");
        assertEquals(io.ltvlake.common.identity.CustomerKeys.DEVELOPMENT_SECRET, local.identity().keySecret().value());

        Settings withoutSecret = ConfigLoader.load(ConfigLoader.Request.of(home, "prod").withEnvironment(Map.of()));
        ConfigError missing = assertThrows(ConfigError.class, () -> withoutSecret.identity().keySecret().require());
        assertEquals("env prod needs the customer key secret: set the environment variable LTVLAKE_KEY_SECRET (at least 32 "
                + "characters, e.g. openssl rand -hex 32); the development secret is only for other envs", missing.getMessage());
        ConfigError required = assertThrows(ConfigError.class, () -> ConfigLoader.load(request.withOverrides(
                Map.of("identity.key-secret-required", "true"))).identity().keySecret().require());
        assertTrue(required.getMessage().startsWith("env local needs the customer key secret"), required.getMessage());
        ConfigError tooShort = assertThrows(ConfigError.class, () -> ConfigLoader.load(ConfigLoader.Request.of(home, "prod")
                .withEnvironment(Map.of("LTVLAKE_KEY_SECRET", "hunter2"))));
        assertFalse(tooShort.getMessage().contains("hunter2"), tooShort.getMessage());

        Settings prod = ConfigLoader.load(ConfigLoader.Request.of(home, "prod").withEnvironment(Map.of("LTVLAKE_KEY_SECRET", secret)));
        assertEquals(secret, prod.identity().keySecret().require());
        assertFalse(prod.identity().keySecret().development());
        assertFalse(ConfigLoader.render(prod).contains(secret), "config output never shows the secret");
        assertFalse(prod.toString().contains(secret), "nor does a printed Settings");
    }

    @Test
    void errorsAboutSetOverridesNameSetAsTheirOrigin() throws IOException {
        ConfigLoader.Request request = request("");
        ConfigError unknown = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("identity.max-iteratons", "3"))));
        assertEquals("unknown config key 'ltvlake.identity.max-iteratons' (--set); did you mean "
                + "'ltvlake.identity.max-iterations'?", unknown.getMessage());
        ConfigError badNumber = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("identity.max-iterations", "many"))));
        assertTrue(badNumber.getMessage().contains("'ltvlake.identity.max-iterations' (--set)"), badNumber.getMessage());
        ConfigError nested = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("identity", "{ max-iteratons = 3 }"))));
        assertTrue(nested.getMessage().contains("'ltvlake.identity.max-iteratons' (--set)"), nested.getMessage());
    }

    @Test
    void sparkConfIsFreeForm() throws IOException {
        Settings settings = ConfigLoader.load(request("ltvlake.spark.conf { \"spark.executor.memory\" = \"4g\" }"));
        assertEquals("4g", settings.spark().conf().get("spark.executor.memory"));
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        ConfigError notANumber = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.spark.shuffle-partitions = many")));
        assertTrue(notANumber.getMessage().contains("ltvlake.spark.shuffle-partitions"), notANumber.getMessage());
        ConfigError zero = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.identity.max-iterations = 0")));
        assertTrue(zero.getMessage().contains("ltvlake.identity.max-iterations") && zero.getMessage().contains("at least 1"),
                zero.getMessage());
        ConfigError zone = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.business-time-zone = \"Mars/Olympus\"")));
        assertTrue(zone.getMessage().contains("ltvlake.business-time-zone"), zone.getMessage());
        ConfigError region = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.phones.default-region = XX")));
        assertTrue(region.getMessage().contains("ltvlake.phones.default-region"), region.getMessage());
        ConfigError date = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.sample.end-date = \"2026-02-30\"")));
        assertTrue(date.getMessage().contains("ltvlake.sample.end-date"), date.getMessage());
    }

    @Test
    void sourcesAreChecked() throws IOException {
        ConfigError unknownKey = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                request("ltvlake.ingest.sources = [ { name = shop, profile = canonical, landnig = \"/x\" } ]")));
        assertTrue(unknownKey.getMessage().contains("ltvlake.ingest.sources[0].landnig"), unknownKey.getMessage());
        ConfigError twice = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.ingest.sources = [ { name = a, profile = canonical }, { name = a, profile = canonical } ]")));
        assertTrue(twice.getMessage().contains("configured twice"), twice.getMessage());
        Settings single = ConfigLoader.load(request("ltvlake.ingest.sources = [ { name = retail, profile = canonical, "
                + "single-export { path = \"../data/file.csv.gz\", date = \"2011-12-09\" } } ]"));
        SourceSettings retail = single.source("retail");
        assertTrue(retail.isSingleExport());
        assertEquals(home.getParent().resolve("data/file.csv.gz").toString(), retail.singleExportPath().orElseThrow());
        assertEquals(LocalDate.parse("2011-12-09"), retail.singleExportDate().orElseThrow());
    }

    @Test
    void airflowSettingsAreTypedAndChecked() throws IOException {
        AirflowConfig defaults = ConfigLoader.load(request("")).section(AirflowConfig.class);
        assertEquals("ltvlake_nightly", defaults.dagId());
        assertEquals("0 3 * * *", defaults.schedule());
        assertEquals(LocalDate.parse("2026-01-01"), defaults.startDate());
        assertFalse(defaults.catchup());
        assertEquals(2, defaults.retries());
        assertEquals(java.time.Duration.ofMinutes(10), defaults.retryDelay());
        assertEquals(java.time.Duration.ofHours(2), defaults.executionTimeout());
        assertEquals(java.util.List.of("ltvlake", "nightly"), defaults.tags());
        assertEquals("prod", defaults.env());
        assertEquals(java.util.List.of(), defaults.extraArgs());

        AirflowConfig mine = ConfigLoader.load(request("""
                ltvlake.airflow {
                  schedule = "30 1 * * 1-5", catchup = true, retries = 0, tags = [marketing]
                  extra-args = ["--set", "lake.root=s3a://bucket/lake"]
                  conf { "spark.executor.memory" = "8g" }
                }""")).section(AirflowConfig.class);
        assertEquals("30 1 * * 1-5", mine.schedule());
        assertTrue(mine.catchup());
        assertEquals(0, mine.retries());
        assertEquals(java.util.List.of("--set", "lake.root=s3a://bucket/lake"), mine.extraArgs());
        assertEquals(Map.of("spark.executor.memory", "8g"), mine.conf(), "conf is free-form");
        assertEquals("@daily", ConfigLoader.load(request("ltvlake.airflow.schedule = \"@daily\"")).section(AirflowConfig.class).schedule());

        for (String[] bad : new String[][] {
                {"ltvlake.airflow.schedule = \"every night\"", "ltvlake.airflow.schedule"},
                {"ltvlake.airflow.dag-id = \"nightly run\"", "ltvlake.airflow.dag-id"},
                {"ltvlake.airflow.retries = -1", "ltvlake.airflow.retries"},
                {"ltvlake.airflow.retry-delay = 0s", "ltvlake.airflow.retry-delay"},
                {"ltvlake.airflow.start-date = \"2026-13-01\"", "ltvlake.airflow.start-date"},
                {"ltvlake.airflow.application = \"\"", "ltvlake.airflow.application"},
                {"ltvlake.airflow.tags = [\"\"]", "ltvlake.airflow.tags"},
                {"ltvlake.airflow.catchup = sometimes", "ltvlake.airflow.catchup"}}) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(bad[0])), bad[0]);
            assertTrue(error.getMessage().contains(bad[1]), error.getMessage());
        }
    }

    @Test
    void unknownEnvAndUnknownProfileAreClearErrors() throws IOException {
        ConfigLoader.Request request = request("");
        ConfigError env = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                new ConfigLoader.Request(home, java.util.Optional.empty(), "staging", Map.of(), java.util.Optional.empty(), Map.of(), false)));
        assertTrue(env.getMessage().contains("unknown env 'staging'"), env.getMessage());
        Settings settings = ConfigLoader.load(request);
        ConfigError profile = assertThrows(ConfigError.class, () -> ConfigLoader.loadSourceProfile(settings, "sap-export"));
        assertTrue(profile.getMessage().contains("unknown source profile 'sap-export'"), profile.getMessage());
        assertTrue(profile.getMessage().contains("canonical"), "lists what exists: " + profile.getMessage());
    }

    @Test
    void renderMasksSecrets() throws IOException {
        Settings settings = ConfigLoader.load(request("ltvlake.spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = \"hunter2\" }"));
        String rendered = ConfigLoader.render(settings);
        assertFalse(rendered.contains("hunter2"), rendered);
        assertTrue(rendered.contains("****"), rendered);
        assertTrue(ConfigLoader.isSecretKey("publish.postgres.password"));
        assertFalse(ConfigLoader.isSecretKey("lake.root"));
    }

    @Test
    void anS3aLakeTakesItsKeysFromTheEnvironmentAndNeverShowsThem() throws IOException {
        ConfigLoader.Request request = request("ltvlake { lake.root = \"s3a://bucket/lake\"\n"
                + "s3 { endpoint = \"http://127.0.0.1:9000\", path-style-access = true, ssl-enabled = false } }");
        ConfigError missing = assertThrows(ConfigError.class, () -> ConfigLoader.load(request));
        assertTrue(missing.getMessage().contains("lake.root s3a://bucket/lake on s3a:// needs credentials"), missing.getMessage());
        assertTrue(missing.getMessage().contains("'ltvlake.s3.authentication' = environment"), missing.getMessage());
        assertTrue(missing.getMessage().contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), missing.getMessage());
        ConfigError halfSet = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"))));
        assertTrue(halfSet.getMessage().contains("the environment variable AWS_SECRET_ACCESS_KEY (and"), halfSet.getMessage());

        Settings settings = ConfigLoader.load(request.withEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-example-secret")));
        Settings.S3Settings s3 = settings.s3();
        assertEquals(Settings.S3Authentication.ENVIRONMENT, s3.authentication());
        assertEquals("AKIDEXAMPLE", s3.keys().orElseThrow().accessKeyId());
        assertEquals("wJalrXUtnFEMI-example-secret", s3.keys().orElseThrow().secretAccessKey());
        assertTrue(s3.keys().orElseThrow().sessionToken().isEmpty());
        assertEquals("http://127.0.0.1:9000", s3.endpoint());
        assertTrue(s3.pathStyleAccess());
        assertFalse(s3.sslEnabled());
        assertEquals("keep", s3.directoryMarkerRetention());
        assertTrue(ConfigLoader.render(settings).contains("authentication=environment"), "the mode is no secret");
        for (String shown : new String[] {ConfigLoader.render(settings), settings.toString()}) {
            assertFalse(shown.contains("wJalrXUtnFEMI-example-secret"), shown);
            assertFalse(shown.contains("AKIDEXAMPLE"), shown);
        }

        // On a cluster with a role, s3a's own chain finds the keys: nothing is required here.
        Settings chain = ConfigLoader.load(request.withOverrides(Map.of("s3.authentication", "default-chain")));
        assertEquals(Settings.S3Authentication.DEFAULT_CHAIN, chain.s3().authentication());
        assertTrue(chain.s3().keys().isEmpty());
        // An extract delivered to s3a:// needs them as well.
        ConfigError extract = assertThrows(ConfigError.class, () -> ConfigLoader.load(request.withLakeRoot("/tmp/lake")
                .withOverrides(Map.of("extracts.list", "[{ name = inbox, mart = gold.deals, format = csv, schedule = daily,"
                        + " destination = \"s3a://marketing/inbox\" }]"))));
        assertTrue(extract.getMessage().startsWith("extract 'inbox' on s3a:// needs credentials"), extract.getMessage());
        // A local lake needs no keys.
        assertTrue(ConfigLoader.load(request.withLakeRoot("/tmp/lake")).s3().keys().isEmpty());
    }

    @Test
    void badS3ValuesNameTheKey() throws IOException {
        ConfigLoader.Request request = request("");
        ConfigError endpoint = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("s3.endpoint", "127.0.0.1:9000"))));
        assertTrue(endpoint.getMessage().contains("'ltvlake.s3.endpoint'"), endpoint.getMessage());
        ConfigError mode = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("s3.authentication", "config-file"))));
        assertTrue(mode.getMessage().contains("'ltvlake.s3.authentication'") && mode.getMessage().contains("default-chain"),
                mode.getMessage());
        ConfigError retention = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request.withOverrides(Map.of("s3.directory-marker-retention", "maybe"))));
        assertTrue(retention.getMessage().contains("'ltvlake.s3.directory-marker-retention'"), retention.getMessage());
    }

    @Test
    void theShippedConfigLoadsForEveryEnv() {
        Path project = io.ltvlake.common.testing.TestSpark.projectRoot();
        for (String env : new String[] {"local", "prod", "online-retail", "cdnow"}) {
            Settings settings = ConfigLoader.load(ConfigLoader.Request.of(project, env).withEnvironment(Map.of()));
            assertEquals(env, settings.env());
        }
    }
}
