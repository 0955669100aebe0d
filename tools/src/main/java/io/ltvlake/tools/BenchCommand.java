package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.jobs.cli.SqlCommand;
import io.ltvlake.tools.sample.GenerationSummary;
import io.ltvlake.tools.sample.SampleGenerator;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {"Measure the pipeline on a generated sample of a given size.",
        "Generates into a scratch lake, runs every job once and prints per job its wall time, the CPU time of",
        "this process (driver and local executors), rows in and out and rows per second; the same figures go",
        "to a CSV (with the commit and the machine) beside the",
        "scratch lake. A command, not a test.",
        "--baseline duckdb then computes the core steps in DuckDB (2 threads, this process) on the same landing files,",
        "checks its row counts against the lake's tables and prints the CPU ratio per step.",
        "--nights N loads the history up to the end date minus N days, runs each of the N next dates as a night and",
        "sets each night's CPU and wall seconds per job against that first (full) load."})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--customers", required = true, description = "buying customers to generate")
    int customers;

    @Option(names = "--days", description = "days of history (default ${DEFAULT-VALUE})")
    int days = 730;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--digests-per-week", description = "routine e-mails per buyer and week, for message volume "
            + "(default ${DEFAULT-VALUE}; 1 gives about 1 M messages at 20,000 customers over 730 days)")
    int digestsPerWeek = 0;

    @Option(names = "--baseline", paramLabel = "ENGINE", description = "also compute the core steps in this engine "
            + "and compare (only duckdb)")
    String baseline;

    @Option(names = "--nights", paramLabel = "N", description = "first load at the end date minus N days, then N nightly "
            + "runs, one per date (default 0: one run at the end date)")
    int nights = 0;

    @Option(names = "--scratch", paramLabel = "DIR", description = "where the scratch lakes go (default <project>/bench-runs)")
    Path scratch;

    @Override
    public Integer call() throws IOException, java.sql.SQLException {
        if (baseline != null && !baseline.equals("duckdb")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--baseline: the only baseline is duckdb, not '" + baseline + "'");
        }
        if (baseline != null && nights > 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--baseline compares one full run: run it without --nights");
        }
        if (nights < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--nights must be 0 or more");
        }
        Path root = (scratch != null ? scratch : LakeOptions.home().resolve("bench-runs")).toAbsolutePath();
        Path scratchLake = root.resolve("lake-c" + customers + "-d" + days + "-s" + seed);
        LocalFolders.delete(scratchLake);
        lake.lake = scratchLake.toString();
        Settings settings = lake.load();

        long started = System.nanoTime();
        long cpuStarted = JobRunner.processCpuNanos();
        SampleSettings sample = GenerateCommand.settings(settings, customers, days, seed, null, scratchLake)
                .withDigestsPerWeek(digestsPerWeek);
        GenerationSummary generated = GenerateCommand.generate(sample, System.out);
        double generateSeconds = (System.nanoTime() - started) / 1e9;
        double generateCpuSeconds = (JobRunner.processCpuNanos() - cpuStarted) / 1e9;
        Path truth = truthBesideTheLake(scratchLake);
        System.out.println("bench: the generator's truth moved to " + truth + ", so no job compares its findings with it,"
                + " as on a production lake");
        java.time.LocalDate firstDate = sample.endDate().minusDays(nights);
        // ingest loads the export days up to the run date only, so the first load sees the history to firstDate
        JobRunner.Report report = Session.runPipeline(settings, firstDate, List.of(), Optional.empty(), System.out);
        List<io.ltvlake.tools.bench.NightsTable.Run> nightRuns = new ArrayList<>();
        for (int night = 1; night <= nights; night++) {
            java.time.LocalDate date = firstDate.plusDays(night);
            System.out.println();
            System.out.println("bench: night " + night + " of " + nights + ", run date " + date);
            nightRuns.add(new io.ltvlake.tools.bench.NightsTable.Run(date,
                    Session.runPipeline(settings, date, List.of(), Optional.empty(), System.out)));
        }

        String commit = commit();
        String machine = machine();
        String at = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        TextTable table = new TextTable("step", "status", "wall s", "CPU s", "rows in", "rows out", "rows/s").alignRight(2, 3, 4, 5, 6);
        List<String> csv = new ArrayList<>();
        csv.add("measured_at,commit,machine,customers,days,seed,step,status,wall_seconds,cpu_seconds,rows_in,rows_out,rows_per_second");
        long generatedRows = (long) generated.orderLines() + generated.sessions() + generated.calls() + generated.adCostRows();
        addRow(table, csv, at, commit, machine, "generate", "OK", generateSeconds, generateCpuSeconds, java.util.OptionalLong.of(0), generatedRows);
        for (JobRunner.Outcome outcome : report.outcomes()) {
            JobResult r = outcome.result();
            double seconds = r == null ? 0 : r.duration().toMillis() / 1000.0;
            double cpuSeconds = r == null ? 0 : r.cpu().toMillis() / 1000.0;
            addRow(table, csv, at, commit, machine, outcome.job(), outcome.status().name(), seconds, cpuSeconds,
                    r == null ? java.util.OptionalLong.of(0) : r.rowsReadKnown() ? java.util.OptionalLong.of(r.rowsRead())
                            : java.util.OptionalLong.empty(), r == null ? 0 : r.rowsWritten());
        }
        System.out.println();
        System.out.println("bench: " + customers + " customers, " + days + " days, commit " + commit + ", " + machine);
        System.out.print(table.render());
        Path file = root.resolve("bench-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-c" + customers + ".csv");
        Files.write(file, csv, StandardCharsets.UTF_8);
        System.out.println("figures: " + file + "   scratch lake: " + scratchLake);
        String prefix = String.join(",", at, commit, SqlCommand.csv(machine), String.valueOf(customers), String.valueOf(days),
                String.valueOf(seed)) + ",";
        String stem = file.getFileName().toString().replace(".csv", "");
        int exitCode = report.exitCode();
        if (nights > 0) {
            io.ltvlake.tools.bench.NightsTable.Run full = new io.ltvlake.tools.bench.NightsTable.Run(firstDate, report);
            System.out.println();
            System.out.print(io.ltvlake.tools.bench.NightsTable.render(full, nightRuns));
            List<String> nightsCsv = new ArrayList<>(List.of("measured_at,commit,machine,customers,days,seed,"
                    + io.ltvlake.tools.bench.NightsTable.CSV_HEADER));
            io.ltvlake.tools.bench.NightsTable.csvRows(full, nightRuns).forEach(line -> nightsCsv.add(prefix + line));
            Path nightsFile = root.resolve(stem + "-nights.csv");
            Files.write(nightsFile, nightsCsv, StandardCharsets.UTF_8);
            System.out.println("nights: " + nightsFile);
            for (io.ltvlake.tools.bench.NightsTable.Run run : nightRuns) {
                exitCode = Math.max(exitCode, run.report().exitCode());
            }
        }
        if (baseline != null) {
            List<io.ltvlake.tools.bench.BaselineComparison.Row> rows = io.ltvlake.tools.bench.BaselineComparison.compare(
                    settings, scratchLake, sample.endDate(), report, System.out);
            List<String> baselineCsv = new ArrayList<>(List.of("measured_at,commit,machine,customers,days,seed,"
                    + io.ltvlake.tools.bench.BaselineComparison.CSV_HEADER));
            io.ltvlake.tools.bench.BaselineComparison.csvRows(rows).forEach(line -> baselineCsv.add(prefix + line));
            Path baselineFile = root.resolve(stem + "-duckdb.csv");
            Files.write(baselineFile, baselineCsv, StandardCharsets.UTF_8);
            System.out.println("baseline: " + baselineFile);
        }
        return exitCode;
    }

    /**
     * Moves the generator's truth out of a scratch lake, to {@code <lake>-truth} beside it (replacing an earlier one).
     * Jobs compare what they found with a truth they find in the lake (deals, cycles, triggers and campaign_effect on a
     * demo's lake), which is work a production lake never asks for, so a measurement must not include it.
     */
    static Path truthBesideTheLake(Path lake) throws IOException {
        Path beside = lake.resolveSibling(lake.getFileName() + "-" + SampleGenerator.TRUTH);
        LocalFolders.delete(beside);
        Path truth = lake.resolve(SampleGenerator.TRUTH);
        if (Files.exists(truth)) {
            Files.move(truth, beside);
        }
        return beside;
    }

    private void addRow(TextTable table, List<String> csv, String at, String commit, String machine, String step,
                        String status, double seconds, double cpuSeconds, java.util.OptionalLong in, long out) {
        // rows in is unknown when an input table's count was (JobResult#rowsReadKnown): shown as "-", left empty in the CSV
        long perSecond = seconds > 0 ? Math.round(Math.max(in.orElse(0), out) / seconds) : 0;
        table.row(step, status, String.format("%.1f", seconds), String.format("%.1f", cpuSeconds),
                in.isPresent() ? TextTable.count(in.getAsLong()) : "-",
                TextTable.count(out), TextTable.count(perSecond));
        csv.add(String.join(",", at, commit, SqlCommand.csv(machine), String.valueOf(customers), String.valueOf(days),
                String.valueOf(seed), step, status, String.format(java.util.Locale.ROOT, "%.3f", seconds),
                String.format(java.util.Locale.ROOT, "%.3f", cpuSeconds),
                in.isPresent() ? String.valueOf(in.getAsLong()) : "", String.valueOf(out), String.valueOf(perSecond)));
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "-C", LakeOptions.home().toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return host + " " + System.getProperty("os.arch") + " " + Runtime.getRuntime().availableProcessors() + " cores "
                + (memory >> 30) + " GiB, Java " + System.getProperty("java.version");
    }
}
