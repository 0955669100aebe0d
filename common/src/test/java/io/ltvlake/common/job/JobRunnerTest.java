package io.ltvlake.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    /** What Spark would attach to a job submitted at that moment: the job group and description of this thread. */
    record Seen(String group, String description) {
        static Seen now(SparkContext spark) {
            return new Seen(spark.getLocalProperty("spark.jobGroup.id"), spark.getLocalProperty("spark.job.description"));
        }
    }

    /** A job with two steps that notes the group and description Spark would see at its start and at each step. */
    record SteppedJob(String name, List<String> upstream, List<Seen> seen) implements Job {
        @Override
        public String description() {
            return "group purchases into " + name;
        }

        @Override
        public List<TableSpec> outputs() {
            return List.of();
        }

        @Override
        public JobResult run(JobContext context) {
            SparkContext spark = context.spark().sparkContext();
            seen.add(Seen.now(spark));
            context.step("assign " + name);
            seen.add(Seen.now(spark));
            context.step("write " + name);
            seen.add(Seen.now(spark));
            return JobResult.builder(name).build();
        }
    }

    @Test
    void eachJobRunsInItsOwnSparkJobGroupAndEachStepNamesItsSparkJobs() {
        List<Seen> seen = new ArrayList<>();
        JobRegistry registry = new JobRegistry(List.of(new SteppedJob("deals", List.of(), seen),
                new SteppedJob("baskets", List.of("deals"), seen)));
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        JobContext context = new JobContext(LocalDate.of(2026, 11, 20), null, TestSpark.session(), null, out);

        JobRunner.Report report = new JobRunner(registry, out).run(registry.ordered(), () -> context);

        assertTrue(report.succeeded(), JobRunner.summary(report));
        assertEquals(List.of(
                new Seen("deals", "deals: group purchases into deals"),
                new Seen("deals", "deals: assign deals"),
                new Seen("deals", "deals: write deals"),
                new Seen("baskets", "baskets: group purchases into baskets"),
                new Seen("baskets", "baskets: assign baskets"),
                new Seen("baskets", "baskets: write baskets")), seen);
        Seen after = Seen.now(TestSpark.session().sparkContext());
        assertNull(after.group(), "the group ends with the job: later Spark work is not booked to it");
        assertNull(after.description());
    }

    /** A job that only computes on this thread, for the CPU time the runner books to it. */
    record BusyJob(String name, int rounds) implements Job {
        @Override
        public String description() {
            return "hash numbers " + rounds + " times";
        }

        @Override
        public List<String> upstream() {
            return List.of();
        }

        @Override
        public List<TableSpec> outputs() {
            return List.of();
        }

        @Override
        public JobResult run(JobContext context) {
            long hash = 0;
            for (int i = 0; i < rounds; i++) {
                hash = Long.rotateLeft(hash ^ i, 7) * 0x9E3779B97F4A7C15L;
            }
            return JobResult.builder(name).read(hash == 42 ? 1 : 0).build();
        }
    }

    @Test
    void eachJobIsBookedItsCpuTimeBesideItsWallTimeAndTheSummaryShowsBoth() {
        JobRegistry registry = new JobRegistry(List.of(new BusyJob("busy", 200_000_000)));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        JobRunner.Report report = new JobRunner(registry, out).run(registry.ordered(), () -> null);

        JobResult busy = report.outcomes().get(0).result();
        assertTrue(busy.cpu().toNanos() > 0, "a job that computes uses CPU: " + busy.cpu());
        // The job's share of the process's CPU, not the process's total since start (which holds the Spark
        // session's earlier work): at most every core for the job's wall time. The second of slack absorbs
        // the JIT's, GC's and Spark's own threads, and a container quota settled in 100 ms periods, which
        // once booked 0.70 s against 0.35 s of wall on 2 cores.
        long boundNanos = busy.duration().toNanos() * Runtime.getRuntime().availableProcessors() + 1_000_000_000L;
        assertTrue(busy.cpu().toNanos() <= boundNanos, busy.cpu() + " against " + busy.duration());
        String summary = JobRunner.summary(report);
        assertTrue(summary.lines().findFirst().orElseThrow().contains("CPU"), summary);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("(CPU "), printed.toString(StandardCharsets.UTF_8));
    }

    /** The summary's cells of the row that starts with {@code job}, split on the two spaces between columns. */
    private static List<String> summaryRow(String summary, String job) {
        String line = summary.lines().filter(l -> l.startsWith(job + " ")).findFirst().orElseThrow(() -> new AssertionError(summary));
        return java.util.Arrays.stream(line.trim().split("\\s{2,}")).toList();
    }

    @Test
    void aJobWhoseInputCountIsUnknownShowsNoRowsReadAndNeitherDoesTheTotal() {
        JobResult known = JobResult.builder("deals").read(1_200).read(java.util.OptionalLong.of(34)).build();
        JobResult unknown = JobResult.builder("rfm").read(java.util.OptionalLong.of(5)).read(java.util.OptionalLong.empty()).build();
        JobRunner.Report report = new JobRunner.Report(List.of(new JobRunner.Outcome("deals", JobRunner.Status.OK, known, null),
                new JobRunner.Outcome("rfm", JobRunner.Status.OK, unknown, null)), java.time.Duration.ZERO, false);

        String summary = JobRunner.summary(report);

        assertEquals(1_234, known.rowsRead());
        assertTrue(known.rowsReadKnown());
        assertTrue(!unknown.rowsReadKnown(), "5 rows of one input and an unknown number of another");
        assertEquals(List.of("deals", "OK", "1,234"), summaryRow(summary, "deals").subList(0, 3), summary);
        assertEquals(List.of("rfm", "OK", "-"), summaryRow(summary, "rfm").subList(0, 3), summary);
        assertEquals(List.of("total", "OK", "-"), summaryRow(summary, "total").subList(0, 3), summary);
    }
}
