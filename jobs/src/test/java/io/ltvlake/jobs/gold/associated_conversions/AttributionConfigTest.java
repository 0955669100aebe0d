package io.ltvlake.jobs.gold.associated_conversions;

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

/** Attribution's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class AttributionConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
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
}
