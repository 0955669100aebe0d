package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.LakeFiles;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.jobs.Pipeline;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/** What the commands that touch the lake share: one Spark session, made only once config is valid. */
public final class Session {

    private Session() {}

    public static SparkSession spark(Settings settings) {
        return SparkSessions.create(settings);
    }

    /**
     * Stops before Spark starts and before any job when nothing can be written under the lake
     * root, instead of failing inside the first write minutes later with a Delta error.
     */
    public static void requireWritableLake(Settings settings) {
        new LakeFiles(SparkSessions.hadoopConfiguration(settings)).whyNotWritable(settings.lakeRoot()).ifPresent(why -> {
            throw new IllegalArgumentException("the lake root " + settings.lakeRoot() + " cannot be written (read-only, no "
                    + "permission, or not a folder): " + why + "; nothing ran");
        });
    }

    /** Runs the selected jobs for one date, as a night (jobs keep what their inputs did not change), and returns the runner's report. */
    public static JobRunner.Report runPipeline(Settings settings, LocalDate date, Collection<String> only, Optional<String> from,
                                        PrintStream terminal) {
        return runPipeline(settings, date, only, from, false, terminal);
    }

    /** The same, {@code full}: every job recomputes everything it writes, as a first load would. */
    public static JobRunner.Report runPipeline(Settings settings, LocalDate date, Collection<String> only, Optional<String> from,
                                        boolean full, PrintStream terminal) {
        // prod without LTVLAKE_KEY_SECRET stops here, before Spark and before any job
        settings.identity().keySecret().require();
        requireWritableLake(settings);
        PrintStream out = io.ltvlake.common.job.ProgressLog.tee(terminal);
        JobRegistry registry = Pipeline.registry();
        List<Job> selected = registry.select(only, from);
        out.println("ltvlake run " + date + (full ? " --full" : "") + "  env " + settings.env() + "  lake " + settings.lakeRoot()
                + "  jobs " + selected.stream().map(Job::name).toList());
        JobRunner runner = new JobRunner(registry, out);
        AtomicReference<SparkSession> started = new AtomicReference<>();
        try {
            return runner.run(selected, () -> {
                SparkSession spark = spark(settings);
                started.set(spark);
                return new JobContext(date, settings, spark, new Lake(spark, settings.lakeRoot()), out, full);
            });
        } finally {
            if (started.get() != null) {
                try {
                    Checkpoints.removeFolder(started.get());
                } catch (UncheckedIOException e) {
                    // the tables are written or not, as the report says; a folder left behind costs storage, not correctness
                    out.println("warning: " + e.getMessage() + ": " + e.getCause().getMessage() + "; delete it by hand");
                }
            }
        }
    }
}
