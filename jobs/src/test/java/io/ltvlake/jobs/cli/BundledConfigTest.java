package io.ltvlake.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.bronze.ingest.SourceProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under spark-submit there is no conf/ folder: the copy bundled in the jobs jar is used. */
class BundledConfigTest {

    @TempDir
    Path home;

    @Test
    void withoutAConfFolderTheBundledConfigAndProfilesAreUsed() {
        Settings prod = ConfigLoader.load(ConfigLoader.Request.of(home, "prod")
                .withEnvironment(Map.of("LTVLAKE_LAKE_ROOT", "s3a://bucket/lake", "LTVLAKE_S3_AUTHENTICATION", "default-chain")));
        assertEquals("prod", prod.env());
        assertEquals(200, prod.spark().shufflePartitions(), "from the bundled prod.conf");
        assertTrue(prod.spark().uiEnabled(), "the Spark UI is on for cluster runs");
        assertEquals("s3a://bucket/lake", prod.lakeRoot());
        assertEquals(Settings.S3Authentication.DEFAULT_CHAIN, prod.s3().authentication(), "a cluster role, from the environment");
        assertEquals("Europe/Moscow", prod.businessTimeZone().getId(), "from the bundled application.conf");
        SourceProfile canonical = SourceProfile.parse("canonical", ConfigLoader.loadSourceProfile(prod, "canonical"));
        assertTrue(canonical.entities().containsKey("order_lines"));
    }
}
