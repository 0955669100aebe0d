package io.ltvlake.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobRegistryTest {

    /** A job that records that it ran, and fails when told to. */
    record FakeJob(String name, List<String> upstream, boolean fails, List<String> ran) implements Job {
        @Override
        public String description() {
            return "test job " + name;
        }

        @Override
        public List<TableSpec> outputs() {
            return List.of(TableSpec.of("gold." + name, "one row per test", List.of("id"), "test table"));
        }

        @Override
        public JobResult run(JobContext context) {
            ran.add(name);
            if (fails) {
                throw new IllegalStateException("disk full", new RuntimeException("no space left on device"));
            }
            return JobResult.builder(name).read(10).quarantined(1).build();
        }
    }

    private final List<String> ran = new ArrayList<>();

    private JobRegistry diamond(String failing) {
        // declared out of order on purpose: the registry must sort it
        return new JobRegistry(List.of(
                new FakeJob("report", List.of("rfm", "deals"), "report".equals(failing), ran),
                new FakeJob("rfm", List.of("deals"), "rfm".equals(failing), ran),
                new FakeJob("ingest", List.of(), "ingest".equals(failing), ran),
                new FakeJob("deals", List.of("ingest"), "deals".equals(failing), ran),
                new FakeJob("calls", List.of("ingest"), "calls".equals(failing), ran)));
    }

    @Test
    void ordersJobsAfterTheirUpstream() {
        List<String> order = diamond(null).ordered().stream().map(Job::name).toList();
        assertEquals(List.of("ingest", "deals", "rfm", "report", "calls"), order);
    }

    @Test
    void selectsOnlyOrFromADownstreamCut() {
        JobRegistry registry = diamond(null);
        assertEquals(List.of("deals", "rfm"), registry.select(List.of("rfm", "deals"), Optional.empty()).stream().map(Job::name).toList());
        assertEquals(List.of("deals", "rfm", "report"), registry.select(List.of(), Optional.of("deals")).stream().map(Job::name).toList());
        assertThrows(IllegalArgumentException.class, () -> registry.select(List.of("nope"), Optional.empty()));
    }

    @Test
    void rejectsCyclesAndUnknownUpstream() {
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> new JobRegistry(List.of(
                new FakeJob("a", List.of("b"), false, ran), new FakeJob("b", List.of("a"), false, ran))));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new JobRegistry(List.of(
                new FakeJob("a", List.of("ghost"), false, ran))));
        assertTrue(unknown.getMessage().contains("'ghost'"), unknown.getMessage());
    }

    @Test
    void aFailedJobStopsItsDownstreamOnlyAndTheRunFails() {
        JobRegistry registry = diamond("deals");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        JobRunner.Report report = new JobRunner(registry, out).run(registry.ordered(), () -> null);
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertEquals(List.of("ingest", "deals", "calls"), ran, "rfm and report depend on deals; calls does not");
        assertEquals(1, report.exitCode());
        List<JobRunner.Status> statuses = report.outcomes().stream().map(JobRunner.Outcome::status).toList();
        assertEquals(List.of(JobRunner.Status.OK, JobRunner.Status.FAILED, JobRunner.Status.SKIPPED,
                JobRunner.Status.SKIPPED, JobRunner.Status.OK), statuses);
        assertTrue(printed.contains("FAILED: job 'deals': disk full <- no space left on device"), printed);
        assertTrue(printed.contains("[3/5] rfm  skipped"), printed);
        // the summary table ends the run with totals: 2 jobs read 10 rows each
        assertTrue(printed.matches("(?s).*total\\s+FAILED\\s+20\\s+0\\s+2.*"), printed);
    }
}
