package io.ltvlake.tools;

import io.ltvlake.jobs.AirflowConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.Pipeline;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Airflow DAG: the committed file is up to date, it follows the graph and config, and its Python test passes. */
class AirflowDagTest {

    private static final Path DAG = TestSpark.projectRoot().resolve(AirflowDag.PATH);

    private static String generated(Settings settings) {
        return AirflowDag.render(Pipeline.registry(), settings.section(AirflowConfig.class), settings.businessTimeZone());
    }

    @Test
    void theCommittedDagIsTheOneTheJobRegistryGenerates() throws Exception {
        String committed = Files.readString(DAG, StandardCharsets.UTF_8);
        assertEquals(generated(TestSpark.settings(Map.of())), committed, AirflowDag.PATH
                + " is out of date (a job or the ltvlake.airflow config changed); regenerate it: " + AirflowDag.COMMAND);
    }

    @Test
    void everyJobIsATaskAfterItsUpstreamJobs() {
        String dag = generated(TestSpark.settings(Map.of()));
        JobRegistry registry = Pipeline.registry();
        String jobs = dag.substring(dag.indexOf("JOBS = {\n") + 9, dag.indexOf("}\n", dag.indexOf("JOBS = {")));
        String expected = registry.ordered().stream().map(job -> "    \"" + job.name() + "\": "
                + job.upstream().stream().map(up -> "\"" + up + "\"").collect(Collectors.joining(", ", "[", "]")) + ",\n")
                .collect(Collectors.joining());
        assertEquals(expected, jobs);
        assertTrue(dag.contains("\"report\": [\"deal_inflation\", \"repeat_deals\", \"jtbd_migration\", \"rfm\", \"cohorts\", \"attribution\", \"profit_funnel\", \"journey\", \"cycles\", \"triggers\", \"profitability\", \"campaign_effect\", \"contact_pressure\"],"));
    }

    @Test
    void theConfigReachesTheDagAsPythonLiterals() {
        Settings settings = TestSpark.settings(Map.of(
                "airflow.schedule", "\"30 1 * * 1-5\"",
                "airflow.catchup", "true",
                "airflow.retries", "5",
                "airflow.retry-delay", "90s",
                "airflow.start-date", "\"2025-07-04\"",
                "airflow.tags", "[marketing, \"a \\\"quoted\\\" tag\"]",
                "airflow.application", "\"s3a://jars/ltvlake-jobs.jar\"",
                "airflow.extra-args", "[\"--set\", \"lake.root=s3a://bucket/lake\"]",
                "airflow.conf", "{ \"spark.executor.memory\" = 8g, \"spark.driver.extraJavaOptions\" = \"-Dx=\\\\y ü\" }"));
        String dag = generated(settings);
        assertTrue(dag.contains("SCHEDULE = \"30 1 * * 1-5\"\n"), dag);
        assertTrue(dag.contains("catchup=True,"), dag);
        assertTrue(dag.contains("\"retries\": 5,"), dag);
        assertTrue(dag.contains("\"retry_delay\": timedelta(seconds=90),"), dag);
        assertTrue(dag.contains("start_date=pendulum.datetime(2025, 7, 4, tz=TIME_ZONE),"), dag);
        assertTrue(dag.contains("tags=[\"marketing\", \"a \\\"quoted\\\" tag\"],"), dag);
        assertTrue(dag.contains("APPLICATION = \"s3a://jars/ltvlake-jobs.jar\"\n"), dag);
        assertTrue(dag.contains("EXTRA_ARGS = [\"--set\", \"lake.root=s3a://bucket/lake\"]\n"), dag);
        // backslash doubled, non-ASCII as an escape: the file stays ASCII and means the same text
        assertTrue(dag.contains("    \"spark.driver.extraJavaOptions\": \"-Dx=\\\\y \\u00fc\",\n"), dag);
        assertTrue(dag.contains("    \"spark.executor.memory\": \"8g\",\n"), dag);
        assertTrue(dag.contains("in_timezone('Europe/Moscow')"), "the processed day is in the business time zone");
        assertEquals("\"\\U0001f600 \\\\n\"", AirflowDag.py("\uD83D\uDE00 \\n"));
    }

    @Test
    void theCommandWritesTheFileOrPrintsIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dags/nightly.py");
        String home = System.getProperty("ltvlake.home");
        System.setProperty("ltvlake.home", TestSpark.projectRoot().toString());
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(0, ToolsMain.execute("airflow-dag", "--out", out.toString()));
            assertEquals(0, ToolsMain.execute("airflow-dag", "--set", "airflow.dag-id=other_nightly"));
        } finally {
            System.setOut(stdout);
            if (home == null) {
                System.clearProperty("ltvlake.home");
            } else {
                System.setProperty("ltvlake.home", home);
            }
        }
        assertEquals(Files.readString(DAG, StandardCharsets.UTF_8), Files.readString(out, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("wrote " + out), text);
        assertTrue(text.contains("DAG_ID = \"other_nightly\""), "without --out the DAG is printed: " + text);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left");
        }
    }

    /** The DAG's own Python test, with the graph and settings this build expects. Skipped without python3. */
    @Test
    void theDagsPythonTestPassesUnderTheAirflowStandIn() throws Exception {
        Optional<Path> python = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "python3")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(python.isPresent(), "python3 is not on PATH: airflow-dags/tests is not run here "
                + "(run it with: python3 -m unittest discover -s airflow-dags/tests)");
        Settings settings = TestSpark.settings(Map.of());
        AirflowConfig airflow = settings.section(AirflowConfig.class);
        String graph = Pipeline.registry().ordered().stream().map(job -> json(job.name()) + ": "
                + job.upstream().stream().map(AirflowDagTest::json).collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(", ", "{", "}"));
        String expected = "{" + String.join(", ",
                json("dag_id") + ": " + json(airflow.dagId()),
                json("schedule") + ": " + json(airflow.schedule()),
                json("time_zone") + ": " + json(settings.businessTimeZone().getId()),
                json("start_date") + ": " + json(airflow.startDate().toString()),
                json("catchup") + ": " + airflow.catchup(),
                json("retries") + ": " + airflow.retries(),
                json("retry_delay_seconds") + ": " + airflow.retryDelay().toSeconds(),
                json("execution_timeout_seconds") + ": " + airflow.executionTimeout().toSeconds(),
                json("tags") + ": " + airflow.tags().stream().map(AirflowDagTest::json).collect(Collectors.joining(", ", "[", "]")),
                json("env") + ": " + json(airflow.env()),
                json("extra_args") + ": " + airflow.extraArgs().stream().map(AirflowDagTest::json)
                        .collect(Collectors.joining(", ", "[", "]")),
                json("spark_conn_id") + ": " + json(airflow.sparkConnId()),
                json("graph") + ": " + graph) + "}";
        Path log = Files.createTempFile("ltvlake-dag-test", ".log");
        ProcessBuilder builder = new ProcessBuilder(python.get().toString(), "-B", "-m", "unittest", "discover",
                "-s", "tests", "-v").directory(DAG.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LTVLAKE_DAG_EXPECTED", expected);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python3 did not finish in 120 s");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertEquals(0, process.exitValue(), "airflow-dags/tests failed:\n" + output);
        assertTrue(output.contains("Ran 7 tests"), output);
    }

    private static String json(String text) {
        return io.ltvlake.jobs.delivery.extracts.ExtractFiles.jsonString(text);
    }
}
