package io.ltvlake.tools;

import io.ltvlake.jobs.cli.Main;
import java.util.List;

/**
 * bin/ltvlake's main class: the job jar's command line plus the local tools, which stay out of
 * the jar a cluster runs (the sample generator, demo, bench, bi-db with its embedded PostgreSQL,
 * cluster-smoke with its standalone cluster, and the Airflow DAG generator).
 */
public final class ToolsMain {

    private ToolsMain() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return Main.commandLine(List.of(new DemoCommand(), new GenerateCommand(), new BenchCommand(), new BiDbCommand(),
                new ClusterSmokeCommand(), new AirflowDagCommand(), new CrashTestCommand(), new CompareLakesCommand())).execute(args);
    }
}
