package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.ConfigError;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the pipeline: the commands a cluster runs (the job jar's main class).
 * bin/ltvlake adds the local tools (demo, generate, bench, bi-db, cluster-smoke, airflow-dag)
 * from the tools module with {@link #commandLine(List)}.
 */
@Command(name = "ltvlake", mixinStandardHelpOptions = true, version = "ltvlake 0.1.0",
        description = "Customer-profitability pipeline: Spark jobs from order, call and web-touch exports to Delta marts.",
        subcommands = {RunCommand.class, BackfillCommand.class, JobsCommand.class, TablesCommand.class, ConfigCommand.class,
                SqlCommand.class, ExtractCommand.class})
public final class Main {

    /** Exit code for bad usage or bad config: nothing ran. */
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine(List.of()).execute(args);
    }

    /**
     * This command line with {@code tools} (picocli commands) added beside its own commands; the
     * error handling below covers them too, since picocli hands it only to the commands present
     * when it is set.
     */
    public static CommandLine commandLine(List<Object> tools) {
        CommandLine cli = new CommandLine(new Main());
        tools.forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
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
        return cli;
    }
}
