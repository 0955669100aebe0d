package io.ltvlake.jobs.gold.profitability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The targeting.* keys: defaults, and out-of-range values stop the load naming the key. */
class TargetingConfigTest {

    @TempDir
    Path home;

    @Test
    void defaultsAndOutOfRangeValuesNameTheKey() throws IOException {
        TargetingConfig defaults = ConfigLoader.load(ConfigFixture.request(home, "")).section(TargetingConfig.class);
        assertEquals(new TargetingConfig(90, BigDecimal.ZERO, 2.0, true, BigDecimal.ZERO), defaults);
        assertEquals(false, defaults.averageCheckRule(), "min-average-check 0 switches the rule off");
        TargetingConfig set = ConfigLoader.load(ConfigFixture.request(home,
                "ltvlake.targeting { lookback = 30d, min-average-check = 3000, min-deals-per-month = 0.5, negative-margin = false, "
                        + "cost-to-serve-per-deal = 12.5 }")).section(TargetingConfig.class);
        assertEquals(new TargetingConfig(30, new BigDecimal("3000"), 0.5, false, new BigDecimal("12.5")), set);
        for (String bad : List.of("lookback = 36h", "min-average-check = -1", "min-deals-per-month = 0",
                "cost-to-serve-per-deal = -0.01", "negative-margin = maybe")) {
            String key = "'ltvlake.targeting." + bad.substring(0, bad.indexOf(' ')) + "'";
            ConfigError error = assertThrows(ConfigError.class,
                    () -> ConfigLoader.load(ConfigFixture.request(home, "ltvlake.targeting." + bad)), bad);
            assertTrue(error.getMessage().contains(key), error.getMessage());
        }
    }
}
