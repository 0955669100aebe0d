package io.ltvlake.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Common is tested without the job modules: sections nobody declares here are skipped only on request. */
class UnclaimedSectionsTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String applicationConf) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("application.conf"), applicationConf);
        return ConfigLoader.Request.of(home, "local").withEnvironment(Map.of());
    }

    @Test
    void aSectionNoModuleDeclaresIsUnknownInARun() throws IOException {
        ConfigError error = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(request("ltvlake { some-mart { threshold = 3 } }")));
        assertTrue(error.getMessage().contains("unknown config key 'ltvlake.some-mart.threshold'"), error.getMessage());
    }

    @Test
    void skippingUnclaimedSectionsLoadsTheRestAndStillCatchesATypoInACoreSection() throws IOException {
        Settings settings = ConfigLoader.load(request("ltvlake { some-mart { threshold = 3 }, env = local }")
                .withUnclaimedSectionsSkipped());
        assertEquals("local", settings.env());

        ConfigError typo = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                request("ltvlake { some-mart { threshold = 3 }, lake { rooot = /tmp/x } }").withUnclaimedSectionsSkipped()));
        assertTrue(typo.getMessage().contains("unknown config key 'ltvlake.lake.rooot'"), typo.getMessage());
    }
}
