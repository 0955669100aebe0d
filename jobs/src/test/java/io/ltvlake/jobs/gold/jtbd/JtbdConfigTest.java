package io.ltvlake.jobs.gold.jtbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jtbd's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class JtbdConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
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
}
