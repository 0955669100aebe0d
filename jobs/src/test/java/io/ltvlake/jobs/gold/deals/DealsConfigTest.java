package io.ltvlake.jobs.gold.deals;

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

/** Deals's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class DealsConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
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
}
