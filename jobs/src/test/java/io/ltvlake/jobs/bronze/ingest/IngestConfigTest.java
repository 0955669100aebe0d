package io.ltvlake.jobs.bronze.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.jobs.ConfigFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest's config keys: defaults, and errors that name the key (moved from ConfigLoaderTest). */
class IngestConfigTest {

    @TempDir
    Path home;

    private ConfigLoader.Request request(String application) throws IOException {
        return ConfigFixture.request(home, application);
    }

    @Test
    void ingestGuardKeysHaveDefaultsAndBadValuesNameTheKey() throws IOException {
        IngestConfig defaults = ConfigLoader.load(request("")).section(IngestConfig.class);
        assertEquals(0.5, defaults.maxShrink());
        assertEquals(java.time.Duration.ofDays(1), defaults.maxFuture());
        assertEquals(LocalDate.parse("1990-01-01"), defaults.minDate());
        assertFalse(defaults.acceptsShrink("shop", LocalDate.parse("2025-03-02")));
        assertTrue(defaults.trustsFolderTimes("hdfs"));
        assertFalse(defaults.trustsFolderTimes("file"), "a local file rewritten in place leaves its folder's time alone");
        assertFalse(defaults.trustsFolderTimes("s3a"));
        assertTrue(ConfigLoader.load(request("ltvlake.ingest.trust-folder-times = [FILE]")).section(IngestConfig.class)
                .trustsFolderTimes("file"));

        IngestConfig accepting = ConfigLoader.load(request(
                "ltvlake.ingest.accept-shrink = [\"shop:2025-03-02\"]")).section(IngestConfig.class);
        assertTrue(accepting.acceptsShrink("shop", LocalDate.parse("2025-03-02")));
        assertFalse(accepting.acceptsShrink("shop", LocalDate.parse("2025-03-03")));

        Map<String, String> bad = Map.of(
                "ltvlake.ingest.max-shrink = 1", "ltvlake.ingest.max-shrink",
                "ltvlake.ingest.max-shrink = half", "ltvlake.ingest.max-shrink",
                "ltvlake.ingest.accept-shrink = [\"shop:yesterday\"]", "ltvlake.ingest.accept-shrink",
                "ltvlake.ingest.accept-shrink = [\"web:2025-03-02\"]", "ltvlake.ingest.accept-shrink",
                "ltvlake.ingest.max-future = -1d", "ltvlake.ingest.max-future",
                "ltvlake.ingest.min-date = \"1990\"", "ltvlake.ingest.min-date",
                "ltvlake.ingest.trust-folder-times = [\"hdfs://namenode\"]", "ltvlake.ingest.trust-folder-times");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            ConfigError error = assertThrows(ConfigError.class, () -> ConfigLoader.load(request(entry.getKey())), entry.getKey());
            assertTrue(error.getMessage().contains("config key '" + entry.getValue() + "'"), error.getMessage());
        }
    }
}
