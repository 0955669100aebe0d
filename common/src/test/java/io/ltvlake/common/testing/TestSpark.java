package io.ltvlake.common.testing;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One SparkSession per test JVM, made by the project's own factory with the test settings. */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create(settings(Map.of()));
        }
        return session;
    }

    /** The project's real config (conf/ of the checkout), with overrides. */
    public static Settings settings(Map<String, String> overrides) {
        return ConfigLoader.load(ConfigLoader.Request.of(projectRoot(), "local")
                .withEnvironment(Map.of())
                .withOverrides(Map.of("spark.shuffle-partitions", "2"))
                .withOverrides(overrides));
    }

    /** The checkout's root: surefire passes it; running from an IDE in a module folder also works. */
    public static Path projectRoot() {
        String fromMaven = System.getProperty("ltvlake.project.root");
        Path candidate = fromMaven != null ? Path.of(fromMaven) : Path.of("").toAbsolutePath();
        while (candidate != null && !Files.isDirectory(candidate.resolve("conf"))) {
            candidate = candidate.getParent();
        }
        if (candidate == null) {
            throw new IllegalStateException("cannot find the project root (a folder with conf/)");
        }
        return candidate;
    }

    /** The shared datasets folder beside the checkout, if it is there. */
    public static Path sharedDatasets() {
        return projectRoot().resolve("../shared/datasets").normalize();
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
