package io.ltvlake.jobs.gold.campaign_effect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** campaigns.* and messages.*: defaults, and errors that name the key. */
class CampaignsConfigTest {

    @TempDir
    Path home;

    private CampaignsConfig load(String application) throws IOException {
        return ConfigLoader.load(ConfigFixture.request(home, application)).section(CampaignsConfig.class);
    }

    @Test
    void defaultsAndCostsPerChannel() throws IOException {
        assertEquals(new CampaignsConfig(14, 100, Map.of(), 3), load(""));
        CampaignsConfig set = load("ltvlake.campaigns.response-days = 7\nltvlake.messages.cost-per-channel { sms = 0.05, email = 0 }\n"
                + "ltvlake.messages.max-per-week = 5");
        assertEquals(7, set.responseDays());
        assertEquals(Map.of("sms", new BigDecimal("0.05"), "email", new BigDecimal("0")), set.costPerChannel());
        assertEquals(5, set.maxPerWeek());
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigError channel = assertThrows(ConfigError.class, () -> load("ltvlake.messages.cost-per-channel.fax = 1"));
        assertTrue(channel.getMessage().contains("ltvlake.messages.cost-per-channel.fax") && channel.getMessage().contains("not a channel"),
                channel.getMessage());
        ConfigError negative = assertThrows(ConfigError.class, () -> load("ltvlake.messages.cost-per-channel.sms = -1"));
        assertTrue(negative.getMessage().contains("must not be negative"), negative.getMessage());
        ConfigError days = assertThrows(ConfigError.class, () -> load("ltvlake.campaigns.response-days = 400"));
        assertTrue(days.getMessage().contains("ltvlake.campaigns.response-days"), days.getMessage());
        ConfigError cap = assertThrows(ConfigError.class, () -> load("ltvlake.messages.max-per-week = 0"));
        assertTrue(cap.getMessage().contains("ltvlake.messages.max-per-week"), cap.getMessage());
        ConfigError typo = assertThrows(ConfigError.class, () -> load("ltvlake.campaigns.response-day = 7"));
        assertTrue(typo.getMessage().contains("response-day"), typo.getMessage());
    }
}
