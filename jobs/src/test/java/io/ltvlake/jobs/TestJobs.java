package io.ltvlake.jobs;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** A job context on a temporary lake, with what the job printed kept for assertions. */
public final class TestJobs {

    public final Path root;
    public final Settings settings;
    public final Lake lake;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    public TestJobs(Map<String, String> overrides) {
        this("local", overrides);
    }

    /** A temporary lake with a shipped env's config (conf/&lt;env&gt;.conf) and overrides. */
    public TestJobs(String env, Map<String, String> overrides) {
        root = TestSpark.tempDir("ltvlake-job-test");
        Map<String, String> all = new HashMap<>(overrides);
        all.put("lake.root", "\"" + root + "\"");
        settings = TestSpark.settings(env, all);
        lake = new Lake(TestSpark.session(), settings.lakeRoot());
    }

    public TestJobs() {
        this(Map.of());
    }

    public JobContext context(LocalDate runDate) {
        return new JobContext(runDate, settings, TestSpark.session(), lake,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Writes a landing file for source 'shop': landing/shop/<day>/<name>. */
    public Path landing(String day, String name, String content) {
        try {
            Path file = root.resolve("landing/shop").resolve(day).resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
