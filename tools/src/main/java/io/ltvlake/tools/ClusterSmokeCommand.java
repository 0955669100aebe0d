package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.LakeFiles;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Main;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cluster-smoke", mixinStandardHelpOptions = true, description = {
        "Run the nightly pipeline on a Spark standalone cluster and check it against a local run.",
        "Starts a master and a worker on 127.0.0.1 (separate JVMs, Spark's jars only), submits the shaded jar",
        "with org.apache.spark.deploy.SparkSubmit (client mode, Delta as extra jars), runs the same pipeline",
        "locally on a copy of the same generated sample, and compares every gold table (exceptAll both ways).",
        "Stops the cluster whatever happens. Exit 0 when every gold table is equal."})
final class ClusterSmokeCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    SampleOptions sample;

    @Option(names = "--work", paramLabel = "DIR", description = "scratch folder for the lakes, SPARK_HOME and logs; default: a new temporary folder")
    Path work;

    @Option(names = "--keep", description = "keep the scratch folder (lakes and logs) afterwards")
    boolean keep;

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "give up on the cluster run after this long (default ${DEFAULT-VALUE})")
    int timeoutMinutes = 30;

    @Override
    public Integer call() throws IOException {
        if (lake.lake != null) {
            throw new IllegalArgumentException("cluster-smoke makes its own lakes under --work; it takes no --lake");
        }
        Path home = LakeOptions.home();
        Path jar = home.resolve("jobs/target/ltvlake-jobs.jar");
        List<Path> sparkJars = classpath(home.resolve("tools/target/spark-classpath.txt"));
        List<Path> deltaJars = classpath(home.resolve("tools/target/delta-classpath.txt"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + jar + "; build it first (bin/ltvlake builds when needed, or mvn -DskipTests package)");
        }
        // A sample big enough for every model (the CLV fit needs repeat buyers), small enough for a smoke test.
        sample.customers = sample.customers != null ? sample.customers : 500;
        sample.days = sample.days != null ? sample.days : 240;
        Settings base = lake.load();
        SampleSettings sampleSettings = sample.settings(base, null, null);
        boolean temporary = work == null;
        Path scratch = temporary ? Files.createTempDirectory("ltvlake-cluster-smoke") : Files.createDirectories(work);
        String clusterLake = scratch.resolve("cluster-lake").toString();
        String localLake = scratch.resolve("local-lake").toString();
        long started = System.nanoTime();
        System.out.println("cluster-smoke: " + sampleSettings.customers() + " customers, " + sampleSettings.days()
                + " days to " + sampleSettings.endDate() + "; scratch " + scratch);
        try {
            LakeFiles files = new LakeFiles(SparkSessions.hadoopConfiguration(base));
            for (String target : List.of(clusterLake, localLake)) {
                files.delete(target);
                GenerateCommand.generate(sampleSettings, target, files, System.out);
            }

            long clusterStarted = System.nanoTime();
            int exit;
            Duration clusterStart;
            try (StandaloneCluster cluster = StandaloneCluster.start(scratch, sparkJars, 2, "3g", Duration.ofMinutes(2), System.out)) {
                clusterStart = since(clusterStarted);
                List<String> submit = cluster.java("2g");
                submit.addAll(List.of("-Dltvlake.home=" + home, "-Dltvlake.log.dir=" + scratch.resolve("logs"),
                        "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties")));
                submit.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(),
                        "--deploy-mode", "client", "--name", "ltvlake-cluster-smoke", "--class", Main.class.getName(),
                        "--jars", String.join(",", deltaJars.stream().map(Path::toString).toList()),
                        "--executor-memory", "2g", "--total-executor-cores", "2",
                        "--conf", "spark.driver.host=" + StandaloneCluster.HOST,
                        "--conf", "spark.driver.bindAddress=" + StandaloneCluster.HOST,
                        "--conf", "spark.executor.extraJavaOptions=-Duser.timezone=UTC",
                        jar.toString()));
                submit.addAll(runArguments(sampleSettings, clusterLake));
                System.out.println("  submit   " + String.join(" ", submit.subList(submit.indexOf("org.apache.spark.deploy.SparkSubmit"), submit.size())));
                exit = cluster.run(submit, scratch.resolve("logs/submit.log"), Duration.ofMinutes(timeoutMinutes), System.out);
            }
            Duration clusterRun = since(clusterStarted).minus(clusterStart);
            if (exit != 0) {
                System.out.println("cluster-smoke: FAILED: the cluster run exited " + exit + " (logs in " + scratch.resolve("logs") + ")");
                keep = true;
                return 1;
            }

            // a cluster run checkpoints reliably under the lake (Checkpoints) and removes its folder when it ends
            String checkpoints = clusterLake + "/" + Checkpoints.FOLDER;
            List<String> leftBehind = files.list(checkpoints, java.util.regex.Pattern.compile(".*"));
            if (!files.exists(checkpoints) || !leftBehind.isEmpty()) {
                System.out.println("cluster-smoke: FAILED: " + checkpoints + (files.exists(checkpoints)
                        ? " still holds " + leftBehind : " was not made, so the run did not checkpoint reliably"));
                keep = true;
                return 1;
            }
            System.out.println("  reliable checkpoints: " + checkpoints + " made by the run and emptied at its end");

            System.out.println("  cluster run done; cluster stopped. Now the same pipeline in this JVM (local[2]) on " + localLake + " ...");
            long localStarted = System.nanoTime();
            lake.lake = localLake;
            Settings local = lake.load();
            JobRunner.Report report = Session.runPipeline(local, sampleSettings.endDate(), List.of(), Optional.empty(),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            Duration localRun = since(localStarted);
            if (!report.succeeded()) {
                System.out.println("cluster-smoke: FAILED: the local run failed:\n" + JobRunner.summary(report));
                keep = true;
                return 1;
            }

            long compareStarted = System.nanoTime();
            SparkSession spark = Session.spark(local);
            Lake onCluster = new Lake(spark, clusterLake);
            Lake onLocal = new Lake(spark, localLake);
            TextTable table = new TextTable("gold table", "rows (cluster)", "rows (local)", "only cluster", "only local", "result")
                    .alignRight(1, 2, 3, 4);
            int different = 0;
            int compared = 0;
            for (TableSpec spec : Pipeline.tables()) {
                if (!spec.ref().layer().equals("gold")) {
                    continue;
                }
                compared++;
                if (!onCluster.exists(spec) || !onLocal.exists(spec)) {
                    different++;
                    table.row(spec.name(), onCluster.exists(spec) ? "" : "missing", onLocal.exists(spec) ? "" : "missing", "", "", "MISSING");
                    continue;
                }
                var clusterRows = onCluster.read(spec);
                var localRows = onLocal.read(spec);
                DatasetDiff.Difference difference = DatasetDiff.between(clusterRows, localRows);
                if (!difference.same()) {
                    different++;
                }
                table.row(spec.name(), TextTable.count(clusterRows.count()), TextTable.count(localRows.count()),
                        TextTable.count(difference.onlyLeft()), TextTable.count(difference.onlyRight()),
                        difference.same() ? "equal" : "DIFFERENT");
            }
            Duration compare = since(compareStarted);
            System.out.println();
            System.out.print(table.render());
            System.out.println();
            TextTable timing = new TextTable("step", "time").alignRight(1);
            timing.row("start master and worker", TextTable.duration(clusterStart));
            timing.row("pipeline on the cluster (spark-submit)", TextTable.duration(clusterRun));
            timing.row("pipeline locally (local[2])", TextTable.duration(localRun));
            timing.row("compare gold tables", TextTable.duration(compare));
            timing.row("total", TextTable.duration(since(started)));
            System.out.print(timing.render());
            if (different > 0) {
                keep = true;
                System.out.println("cluster-smoke: FAILED: " + different + " of " + compared + " gold tables differ (lakes kept in " + scratch + ")");
                return 1;
            }
            System.out.println("cluster-smoke: OK: all " + compared + " gold tables equal on the cluster and locally");
            return 0;
        } finally {
            if (temporary && !keep) {
                LocalFolders.delete(scratch);
            } else {
                System.out.println("scratch kept: " + scratch);
            }
        }
    }

    /** The nightly run as the cluster gets it: the same env, --set overrides and conf folder as this command. */
    private List<String> runArguments(SampleSettings sampleSettings, String lakeRoot) {
        List<String> args = new ArrayList<>(List.of("run", "--date", sampleSettings.endDate().toString(), "--lake", lakeRoot,
                "--env", lake.env));
        for (Map.Entry<String, String> entry : lake.overrides.entrySet()) {
            args.addAll(List.of("--set", entry.getKey() + "=" + entry.getValue()));
        }
        if (lake.confDir != null) {
            args.addAll(List.of("--conf-dir", lake.confDir.toAbsolutePath().toString()));
        }
        return args;
    }

    private static List<Path> classpath(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file + "; build first (bin/ltvlake builds when needed, or mvn -DskipTests package)");
        }
        return Arrays.stream(Files.readString(file).strip().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
