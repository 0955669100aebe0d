package io.ltvlake.common.config;

import io.ltvlake.jobs.bronze.ingest.IngestConfig;
import io.ltvlake.jobs.gold.deals.DealsConfig;
import io.ltvlake.jobs.delivery.report.ReportConfig;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig;
import io.ltvlake.jobs.gold.associated_conversions.AttributionConfig;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig;
import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.jobs.gold.jtbd.JtbdConfig;
import io.ltvlake.jobs.gold.rfm.RfmConfig;
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
        Files.createDirectories(home.resolve("conf/sources"));
        Files.writeString(home.resolve("conf/application.conf"), application);
        Files.writeString(home.resolve("conf/sources/canonical.conf"), "entities { order_lines { files = \"*.csv\" } }");
        return ConfigLoader.Request.of(home, "local").withEnvironment(Map.of());
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
    void ingestGuardKeysHaveDefaultsAndBadValuesNameTheKey() throws IOException {
        IngestConfig defaults = ConfigLoader.load(request("")).section(IngestConfig.class);
        assertEquals(0.5, defaults.maxShrink());
        assertEquals(java.time.Duration.ofDays(1), defaults.maxFuture());
        assertEquals(LocalDate.parse("1990-01-01"), defaults.minDate());
        assertFalse(defaults.acceptsShrink("shop", LocalDate.parse("2025-03-02")));

        IngestConfig accepting = ConfigLoader.load(request(
                "ltvlake.ingest.accept-shrink = [\"shop:2025-03-02\"]")).section(IngestConfig.class);
        assertTrue(accepting.acceptsShrink("shop", LocalDate.parse("2025-03-02")));
        assertFalse(accepting.acceptsShrink("shop", LocalDate.parse("2025-03-03")));

        Map<String, String> bad = Map.of(
                "ltvlake.ingest.max-shrink = 1", "ltvlake.ingest.max-shrink",
                "ltvlake.ingest.max-shrink = half", "ltvlake.ingest.max-shrink",
                "ltvlake.ingest.accept-shrink = [\"shop:yesterday\"]", "ltvlake.ingest.accept-shrink",
                "ltvlake.ingest.accept-shrink = [\"web:2025-03-02\"]", "ltvlake.ingest.accept-shrink",
                "ltvlake.ingest.max-future = -1d", "ltvlake.ingest.max-future",
                "ltvlake.ingest.min-date = \"1990\"", "ltvlake.ingest.min-date");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(entry.getKey())), entry.getKey());
            assertTrue(error.getMessage().contains("config key '" + entry.getValue() + "'"), error.getMessage());
        }
    }

    @Test
    void jtbdRuleSetsAreCheckedAndYourOwnCanBeAdded() throws IOException {
        Settings own = ConfigLoader.load(request("""
                ltvlake.jtbd.rule-set = bakery
                ltvlake.jtbd.rule-sets.bakery = [
                  { job = breakfast, when = "hour < 11" }
                  { name = big_order, job = catering, when = "item_count >= 20" }
                ]"""));
        assertEquals("bakery", own.section(JtbdConfig.class).ruleSet());
        assertEquals(java.util.List.of(new JtbdConfig.JtbdRule("breakfast", "breakfast", "hour < 11"),
                new JtbdConfig.JtbdRule("big_order", "catering", "item_count >= 20")), own.section(JtbdConfig.class).rules());
        assertEquals(java.util.List.of(), ConfigLoader.load(request("")).section(JtbdConfig.class).rules(), "the reference default is none");

        ConfigError unknown = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.jtbd.rule-set = bakery")));
        assertTrue(unknown.getMessage().contains("there is no rule set 'bakery'")
                && unknown.getMessage().contains("electronics"), unknown.getMessage());
        ConfigError noWhen = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.jtbd.rule-set = x\nltvlake.jtbd.rule-sets.x = [ { job = breakfast } ]")));
        assertTrue(noWhen.getMessage().contains("ltvlake.jtbd.rule-sets.x[0].when' is required"), noWhen.getMessage());
        ConfigError badJob = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.jtbd.rule-set = x\nltvlake.jtbd.rule-sets.x = [ { job = \"Big Lunch\", when = \"true\" } ]")));
        assertTrue(badJob.getMessage().contains("'Big Lunch' must be lower-case"), badJob.getMessage());
        ConfigError typo = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.jtbd.rule-set = x\nltvlake.jtbd.rule-sets.x = [ { job = a, wehn = \"true\" } ]")));
        assertTrue(typo.getMessage().contains("unknown config key 'ltvlake.jtbd.rule-sets.x[0].wehn'"), typo.getMessage());
    }

    @Test
    void rfmDefaultsAreTheElevenSegmentMapOverEveryCell() throws IOException {
        RfmConfig rfm = ConfigLoader.load(request("")).section(RfmConfig.class);
        assertEquals(365, rfm.lookbackDays());
        assertEquals(RfmConfig.RfmScoring.PERCENT_RANK, rfm.scoring());
        assertEquals(11, rfm.segments().stream().map(RfmConfig.RfmSegmentRule::id).distinct().count());
        assertEquals("Can't Lose Them", rfm.segments().stream().filter(r -> r.id().equals("cant_lose_them")).findFirst()
                .orElseThrow().name());
        assertEquals(java.util.List.of(new java.math.BigDecimal("30"), new java.math.BigDecimal("90"),
                new java.math.BigDecimal("180"), new java.math.BigDecimal("270")), rfm.thresholds().recencyDays());
        RfmConfig fixed = ConfigLoader.load(request(
                "ltvlake.rfm { scoring = thresholds, lookback = 180d, thresholds.monetary = [10, 20.5, 30, 40] }")).section(RfmConfig.class);
        assertEquals(RfmConfig.RfmScoring.THRESHOLDS, fixed.scoring());
        assertEquals(180, fixed.lookbackDays());
        assertEquals(new java.math.BigDecimal("20.5"), fixed.thresholds().monetary().get(1));
    }

    @Test
    void rfmMapThatLeavesCellsUnassignedIsReportedWithTheCells() throws IOException {
        // R 1-5 x F 1-4 covered, F = 5 only for R 3-5: (1,5) and (2,5) are left over
        ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = top, name = "Top", recency = [3, 5], frequency = [5, 5] }
                  { id = rest, name = "Rest", recency = [1, 5], frequency = [1, 4] }
                ]""")));
        assertTrue(error.getMessage().contains("'ltvlake.rfm.segments'"), error.getMessage());
        assertTrue(error.getMessage().contains("rfm segments leave R/F cells unassigned: (1,5), (2,5) "),
                error.getMessage());
    }

    @Test
    void rfmPresetsBringTheirMapAndScoring() throws IOException {
        RfmConfig rfm125 = ConfigLoader.load(request("ltvlake.rfm.preset = rfm-125")).section(RfmConfig.class);
        assertEquals("rfm-125", rfm125.preset());
        assertEquals(RfmConfig.RfmScoring.RANK_BINS, rfm125.scoring());
        assertEquals(11, rfm125.segments().size());
        assertEquals(125, rfm125.segments().stream().mapToInt(r -> r.cells().size()).sum(), "every R-F-M cell named once");
        RfmConfig quartile = ConfigLoader.load(request("ltvlake.rfm.preset = rfm-quartile")).section(RfmConfig.class);
        assertEquals(4, quartile.levels());
        assertEquals(new RfmConfig.ScoreRange(9, 12), quartile.segments().get(0).scoreSum());
        // an explicit scoring wins over the preset's; own segments replace the default preset's map
        assertEquals(RfmConfig.RfmScoring.NTILE, ConfigLoader.load(request(
                "ltvlake.rfm { preset = rfm-125, scoring = ntile, frequency-counts = orders }")).section(RfmConfig.class).scoring());
        RfmConfig own = ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = everyone, recency = [1, 5], frequency = [1, 5] } ]")).section(RfmConfig.class);
        assertEquals("custom", own.preset());
        assertEquals(1, own.segments().size());
    }

    @Test
    void rfmPresetWithSegmentsUnknownScoresAndUncoveredRfmCellsAreErrors() throws IOException {
        ConfigError both = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.preset = rfm-125
                ltvlake.rfm.segments = [ { id = everyone } ]""")));
        assertTrue(both.getMessage().contains("'ltvlake.rfm.preset'") && both.getMessage().contains("'ltvlake.rfm.segments'"),
                both.getMessage());
        ConfigError unknownScore = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = top, recency = [5, 5] }
                  { id = loyal, loyalty = [4, 5] }
                  { id = other }
                ]""")));
        assertTrue(unknownScore.getMessage().contains("'ltvlake.rfm.segments[1].loyalty'")
                && unknownScore.getMessage().contains("segment rule 2"), unknownScore.getMessage());
        // R-F-M rules: M 5 is covered for every R and F, M 1-4 only for R 2-5; and a raw-value rule covers nothing
        ConfigError cells = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = big, monetary = [5, 5] }
                  { id = small_check, average-check = [null, 10] }
                  { id = rest, recency = [2, 5] }
                ]""")));
        assertTrue(cells.getMessage().contains("rfm segments leave R-F-M cells unassigned: 111, 112, 113, 114, 121, "),
                cells.getMessage());
        assertTrue(cells.getMessage().contains(", 154 ("), cells.getMessage());
        ConfigError unknownPreset = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.preset = rfm-999")));
        assertTrue(unknownPreset.getMessage().contains("'ltvlake.rfm.preset'") && unknownPreset.getMessage().contains("rfm-125"),
                unknownPreset.getMessage());
    }

    @Test
    void rfmBadSettingsNameTheKey() throws IOException {
        ConfigError scoring = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.rfm.scoring = deciles")));
        assertTrue(scoring.getMessage().contains("'ltvlake.rfm.scoring'"), scoring.getMessage());
        ConfigError cuts = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.thresholds.frequency = [2, 2, 3, 4]")));
        assertTrue(cuts.getMessage().contains("'ltvlake.rfm.thresholds.frequency'"), cuts.getMessage());
        ConfigError range = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = all, recency = [1, 6], frequency = [1, 5] } ]")));
        assertTrue(range.getMessage().contains("'ltvlake.rfm.segments[0].recency'"), range.getMessage());
        ConfigError reserved = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.rfm.segments = [ { id = lost, recency = [1, 5], frequency = [1, 5] } ]")));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        ConfigError shadowed = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("""
                ltvlake.rfm.segments = [
                  { id = all, recency = [1, 5], frequency = [1, 5] }
                  { id = top, recency = [5, 5], frequency = [5, 5] }
                ]""")));
        assertTrue(shadowed.getMessage().contains("'ltvlake.rfm.segments[1]'") && shadowed.getMessage().contains("never matches"),
                shadowed.getMessage());
        ConfigError lookback = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.rfm.lookback = 36h")));
        assertTrue(lookback.getMessage().contains("whole days"), lookback.getMessage());
    }

    @Test
    void dealWindowsAreDurations() throws IOException {
        Settings defaults = ConfigLoader.load(request(""));
        assertEquals(java.time.Duration.ofHours(2), defaults.section(DealsConfig.class).immediateWindow());
        assertEquals(java.time.Duration.ofDays(30), defaults.section(DealsConfig.class).deferredWindow());
        assertEquals(java.time.Duration.ofMinutes(90),
                ConfigLoader.load(request("ltvlake.deals.immediate-window = 90m")).section(DealsConfig.class).immediateWindow());
        ConfigError notADuration = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.deals.deferred-window = \"a month\"")));
        assertTrue(notADuration.getMessage().contains("ltvlake.deals.deferred-window"), notADuration.getMessage());
        ConfigError inverted = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                request("ltvlake.deals.immediate-window = 3d\nltvlake.deals.deferred-window = 1d")));
        assertTrue(inverted.getMessage().contains("must not be shorter than deals.immediate-window"), inverted.getMessage());
    }

    @Test
    void callWindowsAreWholeUnitsAndBadOnesNameTheKey() throws IOException {
        CallsConfig defaults = ConfigLoader.load(request("")).section(CallsConfig.class);
        assertEquals(new CallsConfig(30, 60, 24, 7, 30), defaults);
        assertEquals(0, ConfigLoader.load(request("ltvlake.calls.target-min-duration-s = 0")).section(CallsConfig.class).targetMinDurationSeconds(),
                "every answered call may be a target");
        ConfigError zero = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.calls.uniqueness-days = 0")));
        assertTrue(zero.getMessage().contains("'ltvlake.calls.uniqueness-days'"), zero.getMessage());
        ConfigError negative = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.calls.target-min-duration-s = -1")));
        assertTrue(negative.getMessage().contains("'ltvlake.calls.target-min-duration-s'"), negative.getMessage());
        ConfigError text = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.calls.callback-hours = soon")));
        assertTrue(text.getMessage().contains("ltvlake.calls.callback-hours"), text.getMessage());
        ConfigError misspelt = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.calls.lost-lead-day = 3")));
        assertTrue(misspelt.getMessage().contains("did you mean 'ltvlake.calls.lost-lead-days'"), misspelt.getMessage());
    }

    @Test
    void basketAffinitySettingsAreTypedAndBadOnesNameTheKey() throws IOException {
        BasketAffinityConfig defaults = ConfigLoader.load(request("")).section(BasketAffinityConfig.class);
        assertEquals(new BasketAffinityConfig(BasketAffinityConfig.BasketKind.ORDER, 0.01, java.util.Optional.empty(),
                java.util.List.of()), defaults);
        BasketAffinityConfig set = ConfigLoader.load(request("""
                ltvlake.basket-affinity { basket = deal, min-support = 1, filter = " country = 'France' ",
                  exclude-products = [POST, "BANK CHARGES"] }""")).section(BasketAffinityConfig.class);
        assertEquals(new BasketAffinityConfig(BasketAffinityConfig.BasketKind.DEAL, 1.0, java.util.Optional.of("country = 'France'"),
                java.util.List.of("POST", "BANK CHARGES")), set);
        ConfigError kind = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.basket-affinity.basket = cart")));
        assertTrue(kind.getMessage().contains("'ltvlake.basket-affinity.basket'") && kind.getMessage().contains("order or deal"),
                kind.getMessage());
        for (String support : java.util.List.of("0", "1.5", "-0.1")) {
            ConfigError error = assertThrows(ConfigError.class,
                    () -> ConfigLoader.load(request("ltvlake.basket-affinity.min-support = " + support)));
            assertTrue(error.getMessage().contains("'ltvlake.basket-affinity.min-support'"), error.getMessage());
        }
        ConfigError blank = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.basket-affinity.exclude-products = [\" \"]")));
        assertTrue(blank.getMessage().contains("'ltvlake.basket-affinity.exclude-products'"), blank.getMessage());
    }

    @Test
    void reportSettingsAreTypedAndChecked() throws IOException {
        ReportConfig defaults = ConfigLoader.load(request("")).section(ReportConfig.class);
        assertEquals(new ReportConfig("Customer profitability", 12, 12, 6, "month"), defaults);
        assertEquals("quarter", ConfigLoader.load(request("ltvlake.report.jtbd-migration-period = quarter"))
                .section(ReportConfig.class).jtbdMigrationPeriod());
        ConfigError period = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.report.jtbd-migration-period = week")));
        assertTrue(period.getMessage().contains("ltvlake.report.jtbd-migration-period")
                && period.getMessage().contains("month or quarter"), period.getMessage());
        ConfigError cohorts = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.report.cohorts = 0")));
        assertTrue(cohorts.getMessage().contains("ltvlake.report.cohorts"), cohorts.getMessage());
        ConfigError months = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.report.months-since-acquisition = 500")));
        assertTrue(months.getMessage().contains("ltvlake.report.months-since-acquisition"), months.getMessage());
    }

    @Test
    void airflowSettingsAreTypedAndChecked() throws IOException {
        Settings.AirflowSettings defaults = ConfigLoader.load(request("")).airflow();
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

        Settings.AirflowSettings mine = ConfigLoader.load(request("""
                ltvlake.airflow {
                  schedule = "30 1 * * 1-5", catchup = true, retries = 0, tags = [marketing]
                  extra-args = ["--set", "lake.root=s3a://bucket/lake"]
                  conf { "spark.executor.memory" = "8g" }
                }""")).airflow();
        assertEquals("30 1 * * 1-5", mine.schedule());
        assertTrue(mine.catchup());
        assertEquals(0, mine.retries());
        assertEquals(java.util.List.of("--set", "lake.root=s3a://bucket/lake"), mine.extraArgs());
        assertEquals(Map.of("spark.executor.memory", "8g"), mine.conf(), "conf is free-form");
        assertEquals("@daily", ConfigLoader.load(request("ltvlake.airflow.schedule = \"@daily\"")).airflow().schedule());

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
    void attributionLookbackIsOneToNinetyWholeDays() throws IOException {
        AttributionConfig defaults = ConfigLoader.load(request("")).section(AttributionConfig.class);
        assertEquals(new AttributionConfig(AttributionConfig.ConversionKind.DEAL, 30,
                java.util.List.of(AttributionConfig.ReportPeriod.MONTH, AttributionConfig.ReportPeriod.ALL), 50), defaults);
        assertEquals(1, ConfigLoader.load(request("ltvlake.attribution.lookback = 1d")).section(AttributionConfig.class).lookbackDays());
        assertEquals(90, ConfigLoader.load(request("ltvlake.attribution.lookback = 90d")).section(AttributionConfig.class).lookbackDays());
        for (String bad : new String[] {"91d", "0d", "36h", "30"}) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                    "ltvlake.attribution.lookback = " + bad)), bad);
            assertTrue(error.getMessage().contains("'ltvlake.attribution.lookback'")
                    && error.getMessage().contains("whole days from 1d to 90d"), error.getMessage());
        }
        Settings orders = ConfigLoader.load(request("ltvlake.attribution { conversion = order, periods = [quarter, year] }"));
        assertEquals(AttributionConfig.ConversionKind.ORDER, orders.section(AttributionConfig.class).conversion());
        assertEquals(java.util.List.of(AttributionConfig.ReportPeriod.QUARTER, AttributionConfig.ReportPeriod.YEAR), orders.section(AttributionConfig.class).periods());
        ConfigError kind = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.attribution.conversion = lead")));
        assertTrue(kind.getMessage().contains("'ltvlake.attribution.conversion'"), kind.getMessage());
        ConfigError period = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.attribution.periods = [week]")));
        assertTrue(period.getMessage().contains("'ltvlake.attribution.periods'") && period.getMessage().contains("'week'"),
                period.getMessage());
        ConfigError top = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.attribution.top-paths = 0")));
        assertTrue(top.getMessage().contains("'ltvlake.attribution.top-paths'"), top.getMessage());
    }

    @Test
    void funnelPlanLinesAreTypedAndCheckedByKey() throws IOException {
        ProfitFunnelConfig defaults = ConfigLoader.load(request("")).section(ProfitFunnelConfig.class);
        assertEquals("has_contact", defaults.webLead());
        assertTrue(defaults.plan().isEmpty());
        ProfitFunnelConfig planned = ConfigLoader.load(request("""
                ltvlake.funnel.plan = [
                  { metric = leads, min = 80, base = 100, max = 130 }
                  { month = "2026-11", channel = paid_search, metric = cac, min = 0, base = 12.5, max = 20 }
                  { month = "2026-11", metric = leads, min = 90, base = 120, max = 150 }
                  { metric = romi, min = -0.5, base = 0.2, max = 1 }
                ]""")).section(ProfitFunnelConfig.class);
        assertEquals(new ProfitFunnelConfig.PlanLevel(java.util.Optional.empty(), java.util.Optional.empty(), "leads",
                new java.math.BigDecimal("80"), new java.math.BigDecimal("100"), new java.math.BigDecimal("130")), planned.plan().get(0));
        assertEquals(java.util.Optional.of(java.time.YearMonth.of(2026, 11)), planned.plan().get(1).month());
        assertEquals(java.util.Optional.of("paid_search"), planned.plan().get(1).channel());
        assertEquals(new java.math.BigDecimal("12.5"), planned.plan().get(1).base());
        String[][] bad = {
                {"{ metric = leads, min = 1, base = 2, max = 3, level = 4 }", "'ltvlake.funnel.plan[0].level'"},
                {"{ metric = visits, min = 1, base = 2, max = 3 }", "'ltvlake.funnel.plan[0].metric'"},
                {"{ month = \"2026-13\", metric = leads, min = 1, base = 2, max = 3 }", "'ltvlake.funnel.plan[0].month'"},
                {"{ channel = \"Paid Search\", metric = leads, min = 1, base = 2, max = 3 }", "'ltvlake.funnel.plan[0].channel'"},
                {"{ metric = leads, min = 5, base = 2, max = 3 }", "min <= base <= max"},
                {"{ metric = leads, min = -1, base = 2, max = 3 }", "'ltvlake.funnel.plan[0].min'"},
                {"{ metric = leads, min = 1, max = 3 }", "'ltvlake.funnel.plan[0].base' is required"},
                {"{ metric = leads, min = 1, base = 2, max = 3 }, { metric = leads, min = 1, base = 2, max = 4 }",
                        "'ltvlake.funnel.plan[1]': a second plan line for every month / (all) / leads"}};
        for (String[] line : bad) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                    "ltvlake.funnel.plan = [ " + line[0] + " ]")), line[0]);
            assertTrue(error.getMessage().contains(line[1]), error.getMessage());
        }
        ConfigError blank = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.funnel.web-lead = \" \"")));
        assertTrue(blank.getMessage().contains("'ltvlake.funnel.web-lead'"), blank.getMessage());
    }

    @Test
    void unknownEnvAndUnknownProfileAreClearErrors() throws IOException {
        ConfigLoader.Request request = request("");
        ConfigError env = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                new ConfigLoader.Request(home, java.util.Optional.empty(), "staging", Map.of(), java.util.Optional.empty(), Map.of())));
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
