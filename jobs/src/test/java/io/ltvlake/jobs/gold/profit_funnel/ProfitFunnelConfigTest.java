package io.ltvlake.jobs.gold.profit_funnel;

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

/** ProfitFunnel's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class ProfitFunnelConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void funnelPlanLinesAreTypedAndCheckedByKey() throws IOException {
        ProfitFunnelConfig defaults = ConfigLoader.load(request("")).section(ProfitFunnelConfig.class);
        // the web-lead predicate under the same key is the shared lead definition's (gold.shared.LeadsConfig)
        assertEquals("has_contact", ConfigLoader.load(request("")).section(io.ltvlake.jobs.gold.shared.LeadsConfig.class).webLead());
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
                // retired with issue 12: deals / leads could pass 1; the error says what to plan instead
                {"{ metric = lead_to_deal_conversion, min = 0.2, base = 0.25, max = 0.3 }",
                        "'ltvlake.funnel.plan[0].metric': 'lead_to_deal_conversion' is no longer planned"},
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
}
