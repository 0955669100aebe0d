package io.ltvlake.common.job;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.lake.Lake;
import java.io.PrintStream;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * What a job gets: the run date (the night it processes), the config, the session and the lake, and
 * whether the run is {@code --full}: a job that keeps what its inputs did not change (a night's
 * shortcut) recomputes everything instead, and must give the same tables.
 */
public record JobContext(LocalDate runDate, Settings settings, SparkSession spark, Lake lake, PrintStream out, boolean full) {

    /** A night's context: jobs may keep what their inputs did not change. */
    public JobContext(LocalDate runDate, Settings settings, SparkSession spark, Lake lake, PrintStream out) {
        this(runDate, settings, spark, lake, out, false);
    }

    /** A progress line, indented under the job's header. */
    public void say(String message) {
        out.println("      " + message);
        out.flush();
    }

    /**
     * Names what Spark runs next, until the next step or the job's end: "<job>: <step>" in the
     * Spark UI and the event log, under the job's group, which {@link JobRunner} sets to the job's name.
     */
    public void step(String step) {
        if (spark == null) {
            return;
        }
        // the local property SparkContext.setJobGroup sets (Spark's constant for it is private to Spark)
        String job = spark.sparkContext().getLocalProperty("spark.jobGroup.id");
        spark.sparkContext().setJobDescription(job == null ? step : job + ": " + step);
    }

    /** A warning: shown to the user and kept in the job's result. */
    public void warn(JobResult.Builder result, String message) {
        out.println("      WARNING: " + message);
        out.flush();
        result.warn(message);
    }
}
