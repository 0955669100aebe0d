package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class CallsConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
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
}
