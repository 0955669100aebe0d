package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.ConfigError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/ltvlake: the command line of the pipeline. */
@Command(name = "ltvlake", mixinStandardHelpOptions = true, version = "ltvlake 0.1.0",
        description = "Customer-profitability pipeline: Spark jobs from order, call and web-touch exports to Delta marts.",
        subcommands = {DemoCommand.class, RunCommand.class, BackfillCommand.class, JobsCommand.class, TablesCommand.class, ConfigCommand.class,
                AirflowDagCommand.class,
                SqlCommand.class, GenerateCommand.class, BenchCommand.class, BiDbCommand.class, ExtractCommand.class,
                ClusterSmokeCommand.class, CrashTestCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for bad usage or bad config: nothing ran. */
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigError || e instanceof IllegalArgumentException) {
                err.println("ltvlake: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                // a query that names a missing table or column, or does not parse: the user's to fix
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                err.println("ltvlake: " + message.lines().findFirst().orElse(message));
                return USAGE;
            }
            err.println("ltvlake: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cli.execute(args);
    }
}
