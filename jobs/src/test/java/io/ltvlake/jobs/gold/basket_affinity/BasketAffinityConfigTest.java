package io.ltvlake.jobs.gold.basket_affinity;

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

/** BasketAffinity's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class BasketAffinityConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void basketAffinitySettingsAreTypedAndBadOnesNameTheKey() throws IOException {
        BasketAffinityConfig defaults = ConfigLoader.load(request("")).section(BasketAffinityConfig.class);
        assertEquals(new BasketAffinityConfig(BasketAffinityConfig.BasketKind.ORDER, 0.01, java.util.Optional.empty(),
                java.util.List.of()), defaults);
        BasketAffinityConfig set = ConfigLoader.load(request("""
                ltvlake.basket-affinity { basket = deal, min-support = 1, filter = " country = 'France' ",
                  exclude-products = [POST, "BANK CHARGES"] }""")).section(BasketAffinityConfig.class);
        assertEquals(new BasketAffinityConfig(BasketAffinityConfig.BasketKind.DEAL, 1.0, java.util.Optional.of("country = 'France'"),
                java.util.List.of("POST", "BANK CHARGES")), set);
        ConfigError kind = assertThrows(ConfigError.class, () -> ConfigLoader.load(request("ltvlake.basket-affinity.basket = cart")));
        assertTrue(kind.getMessage().contains("'ltvlake.basket-affinity.basket'") && kind.getMessage().contains("order or deal"),
                kind.getMessage());
        for (String support : java.util.List.of("0", "1.5", "-0.1")) {
            ConfigError error = assertThrows(ConfigError.class,
                    () -> ConfigLoader.load(request("ltvlake.basket-affinity.min-support = " + support)));
            assertTrue(error.getMessage().contains("'ltvlake.basket-affinity.min-support'"), error.getMessage());
        }
        ConfigError blank = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake.basket-affinity.exclude-products = [\" \"]")));
        assertTrue(blank.getMessage().contains("'ltvlake.basket-affinity.exclude-products'"), blank.getMessage());
    }
}
