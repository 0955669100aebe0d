package io.ltvlake.common.job;

import io.ltvlake.common.lake.Lake;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Runs jobs in graph order, printing which job runs and what it did, and ends with a summary
 * table. A failing job is named with its cause; the jobs downstream of it are skipped, the
 * others still run, and the run reports failure.
 */
public final class JobRunner {

    public enum Status { OK, FAILED, SKIPPED }

    public record Outcome(String job, Status status, JobResult result, String cause) {}

    /** {@code misconfigured}: a job's validation failed, so nothing ran; that is a config error (exit 2). */
    public record Report(List<Outcome> outcomes, Duration duration, boolean misconfigured) {
        public boolean succeeded() {
            return outcomes.stream().allMatch(o -> o.status() == Status.OK);
        }

        public int exitCode() {
            return succeeded() ? 0 : misconfigured ? 2 : 1;
        }
    }

    private final JobRegistry registry;
    private final PrintStream out;

    public JobRunner(JobRegistry registry, PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    public Report run(List<Job> selected, Supplier<JobContext> contexts) {
        long started = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        JobContext context = null;
        if (selected.stream().anyMatch(JobRunner::validates)) {
            context = contexts.get();
            for (Job job : selected) {
                try {
                    job.validate(context);
                } catch (Exception | LinkageError e) {
                    return refused(selected, job, describe(e), started);
                }
            }
        }
        int index = 0;
        for (Job job : selected) {
            index++;
            String header = "[" + index + "/" + selected.size() + "] " + job.name();
            if (blocked.contains(job.name())) {
                out.println(header + "  skipped: an upstream job failed");
                outcomes.add(new Outcome(job.name(), Status.SKIPPED, null, "upstream failed"));
                continue;
            }
            out.println(header + "  " + job.description());
            out.flush();
            long jobStarted = System.nanoTime();
            long cpuStarted = processCpuNanos();
            try {
                if (context == null) {
                    context = contexts.get();
                }
                JobResult result;
                if (context == null || context.lake() == null) {
                    result = runInJobGroup(job, context);
                } else {
                    // relationships between two tables of the job wait for the second write (Lake#beginJob)
                    try (Lake.JobScope writes = context.lake().beginJob(job.outputs(), out)) {
                        JobResult ran = runInJobGroup(job, context);
                        List<String> late = writes.finish();
                        result = late.isEmpty() ? ran : ran.withWarnings(late);
                    }
                }
                result = result.withTimes(Duration.ofNanos(System.nanoTime() - jobStarted),
                        Duration.ofNanos(processCpuNanos() - cpuStarted));
                out.println("      done: read " + rowsRead(result) + ", wrote "
                        + TextTable.count(result.rowsWritten()) + ", quarantined " + TextTable.count(result.rowsQuarantined())
                        + " in " + TextTable.duration(result.duration()) + " (CPU " + TextTable.duration(result.cpu()) + ")");
                outcomes.add(new Outcome(job.name(), Status.OK, result, null));
            } catch (Exception | LinkageError e) {
                String cause = describe(e);
                out.println("      FAILED: job '" + job.name() + "': " + cause);
                outcomes.add(new Outcome(job.name(), Status.FAILED,
                        JobResult.builder(job.name()).build().withTimes(Duration.ofNanos(System.nanoTime() - jobStarted),
                                Duration.ofNanos(processCpuNanos() - cpuStarted)),
                        cause));
                blocked.addAll(registry.downstreamOf(job.name()));
            }
            out.flush();
        }
        Report report = new Report(outcomes, Duration.ofNanos(System.nanoTime() - started), false);
        out.println();
        out.print(summary(report));
        out.flush();
        return report;
    }

    /**
     * Runs the job with its name as the Spark job group and "name: description" as the job
     * description, so the Spark UI and the event log read like the job graph; the job's
     * {@link JobContext#step} calls name its steps within the group.
     */
    private static JobResult runInJobGroup(Job job, JobContext context) throws Exception {
        if (context == null || context.spark() == null) {
            return job.run(context);
        }
        SparkContext spark = context.spark().sparkContext();
        spark.setJobGroup(job.name(), job.name() + ": " + job.description(), false);
        try {
            return job.run(context);
        } finally {
            spark.clearJobGroup();
        }
    }

    /** CPU time of this process so far: the driver's, and in local mode the executors' as well. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean system = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return system instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }

    /** Only jobs that override {@link Job#validate} need a session before the first job runs. */
    private static boolean validates(Job job) {
        try {
            return job.getClass().getMethod("validate", JobContext.class).getDeclaringClass() != Job.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private Report refused(List<Job> selected, Job invalid, String cause, long started) {
        out.println("FAILED before any job ran: job '" + invalid.name() + "': " + cause);
        List<Outcome> outcomes = new ArrayList<>();
        for (Job job : selected) {
            outcomes.add(job == invalid ? new Outcome(job.name(), Status.FAILED, null, cause)
                    : new Outcome(job.name(), Status.SKIPPED, null, "not started: job '" + invalid.name() + "' is misconfigured"));
        }
        Report report = new Report(outcomes, Duration.ofNanos(System.nanoTime() - started), true);
        out.println();
        out.print(summary(report));
        out.flush();
        return report;
    }

    public static String summary(Report report) {
        TextTable table = new TextTable("job", "status", "rows read", "rows written", "quarantined", "time", "CPU", "tables (version)")
                .alignRight(2, 3, 4, 5, 6);
        long read = 0;
        boolean readKnown = true;
        long written = 0;
        long quarantined = 0;
        Duration cpu = Duration.ZERO;
        for (Outcome o : report.outcomes()) {
            JobResult r = o.result();
            if (r == null) {
                table.row(o.job(), o.status(), "", "", "", "", "", "");
                continue;
            }
            read += r.rowsRead();
            readKnown &= r.rowsReadKnown();
            written += r.rowsWritten();
            quarantined += r.rowsQuarantined();
            cpu = cpu.plus(r.cpu());
            List<String> versions = new ArrayList<>();
            r.tableVersions().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> versions.add(e.getKey() + " (v" + e.getValue() + ")"));
            table.row(o.job(), o.status() + (r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " warnings)"),
                    rowsRead(r), TextTable.count(r.rowsWritten()), TextTable.count(r.rowsQuarantined()),
                    TextTable.duration(r.duration()), TextTable.duration(r.cpu()), String.join(", ", versions));
        }
        table.row("total", report.succeeded() ? "OK" : "FAILED", readKnown ? TextTable.count(read) : "-", TextTable.count(written),
                TextTable.count(quarantined), TextTable.duration(report.duration()), TextTable.duration(cpu), "");
        StringBuilder text = new StringBuilder(table.render());
        for (Outcome o : report.outcomes()) {
            if (o.status() == Status.FAILED) {
                text.append("FAILED ").append(o.job()).append(": ").append(o.cause()).append('\n');
            }
        }
        return text.toString();
    }

    /** Rows read as printed: "-" when a count was unknown, since part of a sum would be a wrong number. */
    private static String rowsRead(JobResult result) {
        return result.rowsReadKnown() ? TextTable.count(result.rowsRead()) : "-";
    }

    /** The chain of causes, innermost last, each once: enough to act on without a stack trace. */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        Throwable current = e;
        while (current != null && parts.size() < 4) {
            String message = current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
            message = message.lines().findFirst().orElse(message);
            if (parts.stream().noneMatch(message::contains)) {
                parts.add(message);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return String.join(" <- ", parts);
    }
}
