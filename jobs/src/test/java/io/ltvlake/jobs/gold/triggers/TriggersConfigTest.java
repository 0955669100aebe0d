package io.ltvlake.jobs.gold.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The triggers.* keys: defaults, switches, and errors naming the key (unknown trigger names included). */
class TriggersConfigTest {

    @TempDir
    Path home;

    private TriggersConfig load(String application) throws IOException {
        return ConfigLoader.load(ConfigFixture.request(home, application)).section(TriggersConfig.class);
    }

    @Test
    void defaultsSwitchesAndBadValuesNameTheKey() throws IOException {
        assertEquals(new TriggersConfig(Set.copyOf(TriggersConfig.ALL), Set.of(), 3, 1.0, 0.25, 2.0, 0,
                List.of("at_risk", "cant_lose_them"), 0.3), load(""));
        TriggersConfig set = load("ltvlake.triggers { leaving.enabled = false, cycle-due.include-non-target = true, "
                + "cycle-overdue.cycles = 2.5, rfm-entered.segments = [lost_customers] }");
        assertEquals(false, set.on(TriggersConfig.LEAVING));
        assertEquals(Set.of(TriggersConfig.CYCLE_DUE), set.includeNonTarget());
        assertEquals(2.5, set.overdueCycles());
        assertEquals(List.of("lost_customers"), set.rfmSegments());
        for (String bad : List.of("cycle-due.within-days = -1", "cycle-overdue.cycles = 0", "leaving.visit-ratio = 1",
                "leaving.min-usual-visits = 0", "leaving.days-before-expected = -1", "p-alive-below.threshold = 1.2", "rfm-entered.segments = [\"At Risk\"]",
                "rfm-entered.segments = []", "leaving.enabled = sometimes")) {
            String key = "'ltvlake.triggers." + bad.substring(0, bad.indexOf(' ')) + "'";
            ConfigError error = assertThrows(ConfigError.class, () -> load("ltvlake.triggers." + bad), bad);
            assertTrue(error.getMessage().contains(key), error.getMessage());
        }
        ConfigError unknown = assertThrows(ConfigError.class, () -> load("ltvlake.triggers.leavng.enabled = false"));
        assertTrue(unknown.getMessage().contains("ltvlake.triggers.leavng"), unknown.getMessage());
    }
}
