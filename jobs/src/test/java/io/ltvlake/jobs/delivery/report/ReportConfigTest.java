package io.ltvlake.jobs.delivery.report;

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

/** Report's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class ReportConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
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
}
