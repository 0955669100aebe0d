package io.ltvlake.jobs.gold.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import io.ltvlake.jobs.gold.journey.JourneyConfig.Period;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journey's keys, and the profit formula's plan lines (which live under ltvlake.funnel.plan). */
class JourneyConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void periodsDefaultToMonthsAndTwoWeeksAndBadOnesNameTheKey() throws IOException {
        JourneyConfig defaults = ConfigLoader.load(request("")).section(JourneyConfig.class);
        assertEquals(new JourneyConfig(List.of(Period.MONTH, Period.TWO_WEEKS), LocalDate.parse("2024-01-01")), defaults);
        JourneyConfig set = ConfigLoader.load(request("ltvlake.journey { periods = [week, quarter, two-weeks], "
                + "two-weeks-from = \"2025-06-02\" }")).section(JourneyConfig.class);
        assertEquals(new JourneyConfig(List.of(Period.WEEK, Period.QUARTER, Period.TWO_WEEKS), LocalDate.parse("2025-06-02")), set);
        for (String bad : List.of("periods = [fortnight]", "periods = [month, month]", "periods = []",
                "two-weeks-from = \"2025-13-01\"")) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.journey." + bad)), bad);
            assertTrue(error.getMessage().contains("'ltvlake.journey." + bad.substring(0, bad.indexOf(' ')) + "'"),
                    error.getMessage());
        }
    }

    @Test
    void formulaPlanLinesUseTheFunnelsPlanAndLevelsOutOfOrderStopTheStartNamingTheLine() throws IOException {
        ProfitFunnelConfig planned = ConfigLoader.load(request("""
                ltvlake.funnel.plan = [
                  { metric = visitors, min = 800, base = 1000, max = 1200 }
                  { metric = visitor_to_buyer_conversion, min = 0.04, base = 0.05, max = 0.06 }
                  { metric = deals_per_buyer, min = 1, base = 1.1, max = 1.2 }
                ]""")).section(ProfitFunnelConfig.class);
        assertEquals(List.of("visitors", "visitor_to_buyer_conversion", "deals_per_buyer"),
                planned.plan().stream().map(ProfitFunnelConfig.PlanLevel::metric).toList());
        ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(
                "ltvlake.funnel.plan = [ { metric = average_check, min = 100, base = 120, max = 110 } ]")));
        assertTrue(error.getMessage().contains("'ltvlake.funnel.plan[0]'") && error.getMessage().contains("min <= base <= max"),
                error.getMessage());
    }
}
