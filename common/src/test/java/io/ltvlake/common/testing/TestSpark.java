package io.ltvlake.common.testing;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.common.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One SparkSession per test JVM, made by the project's own factory with the test settings. */
public final class TestSpark {

    private static SparkSession session;

    /** The folders {@link #tempDir} made, deleted when the test JVM exits. */
    private static final List<Path> TEMPORARY = new ArrayList<>();

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create(settings(Map.of()));
        }
        return session;
    }

    /** The project's real config (conf/ of the checkout), with overrides. */
    public static Settings settings(Map<String, String> overrides) {
        return settings("local", overrides);
    }

    /** The project's real config for a shipped env (conf/&lt;env&gt;.conf), with overrides. */
    public static Settings settings(String env, Map<String, String> overrides) {
        // The project's conf/ configures every mart; a module tested without the job modules has
        // none of their sections on its classpath, and those sections are not its to check.
        return ConfigLoader.load(ConfigLoader.Request.of(projectRoot(), env)
                .withUnclaimedSectionsSkipped()
                .withEnvironment(Map.of())
                .withOverrides(TEST_SPARK)
                .withOverrides(overrides));
    }

    /**
     * Two shuffle partitions, and Spark evaluates expressions without generating and compiling Java code in
     * the test JVMs: most tests' rows are a handful, so compiling each query's code cost more than running
     * it, and the jobs module's tests take about a sixth less time this way (README, Tests). Every run
     * outside the tests keeps code generation, and so do the S3 test's two demos, which {@code bin/ltvlake}
     * starts in JVMs of their own.
     */
    private static final Map<String, String> TEST_SPARK = Map.of(
            "spark.shuffle-partitions", "2",
            "spark.conf.\"spark.sql.codegen.wholeStage\"", "false",
            "spark.conf.\"spark.sql.codegen.factoryMode\"", "NO_CODEGEN");

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

    /**
     * The shared datasets folder: {@code LTVLAKE_SHARED_DATASETS} when set (a git worktree elsewhere),
     * else {@code ../shared/datasets} beside the checkout. It may be absent.
     */
    public static Path sharedDatasets() {
        String given = System.getenv("LTVLAKE_SHARED_DATASETS");
        return given != null && !given.isBlank() ? Path.of(given)
                : projectRoot().resolve("../shared/datasets").normalize();
    }

    /**
     * A file of the shared datasets, for a test that reads real data. When it is absent the test is
     * skipped with a message saying so, except on CI ({@code CI=true}), where a skipped check would
     * pass unnoticed: there it fails.
     */
    public static Path requireSharedDataset(String relativePath) {
        Path file = sharedDatasets().resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            String why = file + " is not there (../shared/datasets is absent; LTVLAKE_SHARED_DATASETS names another folder)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail("CI=true and " + why);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + why);
        }
        return file;
    }

    /** A new folder in the temp folder, deleted with what it holds when the test JVM exits. */
    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (TEMPORARY) {
                if (TEMPORARY.isEmpty()) {
                    // a lake of a job test is tens of megabytes: hundreds of test runs would fill /tmp
                    Runtime.getRuntime().addShutdownHook(new Thread(TestSpark::deleteTemporary, "delete test folders"));
                }
                TEMPORARY.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTemporary() {
        List<Path> folders;
        synchronized (TEMPORARY) {
            folders = List.copyOf(TEMPORARY);
        }
        for (Path folder : folders) {
            try {
                LocalFolders.delete(folder);
            } catch (IOException | UncheckedIOException e) {
                // the JVM is exiting: a folder left behind is only a leftover in the temp folder
            }
        }
    }
}
