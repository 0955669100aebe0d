package io.ltvlake.common.job;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.lake.Lake;
import java.io.PrintStream;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** What a job gets: the run date (the night it processes), the config, the session and the lake. */
public record JobContext(LocalDate runDate, Settings settings, SparkSession spark, Lake lake, PrintStream out) {

    /** A progress line, indented under the job's header. */
    public void say(String message) {
        out.println("      " + message);
        out.flush();
    }

    /** A warning: shown to the user and kept in the job's result. */
    public void warn(JobResult.Builder result, String message) {
        out.println("      WARNING: " + message);
        out.flush();
        result.warn(message);
    }
}
