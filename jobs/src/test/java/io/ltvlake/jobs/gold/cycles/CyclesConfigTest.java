package io.ltvlake.jobs.gold.cycles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cycles.* keys: defaults, and out-of-range values stop the load naming the key. */
class CyclesConfigTest {

    @TempDir
    Path home;

    @Test
    void defaultsAndOutOfRangeValuesNameTheKey() throws IOException {
        assertEquals(new CyclesConfig(4, 0.5, 5, 30),
                ConfigLoader.load(ConfigFixture.request(home, "")).section(CyclesConfig.class));
        assertEquals(new CyclesConfig(2, 1.5, 1, 7), ConfigLoader.load(ConfigFixture.request(home,
                "ltvlake.cycles { min-deals = 2, max-variation = 1.5, job-norm-min-customers = 1, pre-purchase-window = 7d }"))
                .section(CyclesConfig.class));
        for (String bad : List.of("min-deals = 1", "max-variation = 0", "job-norm-min-customers = 0",
                "pre-purchase-window = 12h", "pre-purchase-window = 400d")) {
            String key = "'ltvlake.cycles." + bad.substring(0, bad.indexOf(' ')) + "'";
            ConfigError error = assertThrows(ConfigError.class,
                    () -> ConfigLoader.load(ConfigFixture.request(home, "ltvlake.cycles." + bad)), bad);
            assertTrue(error.getMessage().contains(key), error.getMessage());
        }
    }
}
