package io.ltvlake.tools.bench;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.cli.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --baseline duckdb}: after the pipeline's run, the same core steps in DuckDB on the same
 * landing files; each step's tables must have as many rows as the lake's, and its CPU seconds are set
 * against those of the pipeline jobs it stands for. A count that differs is printed as a mismatch
 * beside both numbers, never hidden.
 */
public final class BaselineComparison {

    /** One comparison row: a DuckDB step against its Spark jobs. */
    public record Row(String step, List<String> sparkJobs, double sparkCpuSeconds, double duckdbCpuSeconds,
                      double duckdbWallSeconds, Map<String, long[]> counts) {
        public double ratio() {
            return duckdbCpuSeconds > 0 ? sparkCpuSeconds / duckdbCpuSeconds : Double.NaN;
        }

        public boolean matches() {
            return counts.values().stream().allMatch(c -> c[0] == c[1]);
        }
    }

    private BaselineComparison() {}

    /**
     * Runs the DuckDB steps (nothing else may run in this JVM meanwhile: CPU is the process's), then
     * counts the lake's tables with Spark.
     */
    public static List<Row> compare(Settings settings, Path lakeRoot, LocalDate runDate, JobRunner.Report report, PrintStream out)
            throws SQLException {
        out.println();
        out.println("baseline: DuckDB (2 threads, in this process) on " + lakeRoot.resolve("landing/shop"));
        DuckDbBaseline baseline = new DuckDbBaseline(DuckDbBaseline.Parameters.of(settings, lakeRoot.resolve("landing/shop"), "shop",
                runDate));
        List<DuckDbBaseline.StepResult> steps = baseline.run();
        out.println("baseline: identity graph in " + baseline.identityRounds() + " rounds; " + baseline.quarantined()
                + " rows set aside by the typing rules");

        Map<String, Double> sparkCpu = new HashMap<>();
        for (JobRunner.Outcome outcome : report.outcomes()) {
            JobResult result = outcome.result();
            sparkCpu.put(outcome.job(), result == null ? 0 : result.cpu().toNanos() / 1e9);
        }
        Lake lake = new Lake(Session.spark(settings), settings.lakeRoot());
        Map<String, TableSpec> tables = new HashMap<>();
        for (var job : Pipeline.registry().ordered()) {
            job.outputs().forEach(t -> tables.put(t.name(), t));
        }
        // ingest and conform are one comparison: conform builds the identity graph while it writes silver
        List<Row> rows = new ArrayList<>();
        Map<String, long[]> pending = new LinkedHashMap<>();
        double pendingCpu = 0;
        double pendingWall = 0;
        for (DuckDbBaseline.StepResult step : steps) {
            for (Map.Entry<String, Long> count : step.counts().entrySet()) {
                TableSpec table = tables.get(count.getKey());
                long lakeRows = table == null ? -1 : lake.readIfExists(table).map(t -> t.count()).orElse(-1L);
                pending.put(count.getKey(), new long[] {lakeRows, count.getValue()});
            }
            pendingCpu += step.cpuSeconds();
            pendingWall += step.wallSeconds();
            if (step.step() == DuckDbBaseline.Step.LINES) {
                continue;
            }
            String name = step.step() == DuckDbBaseline.Step.IDENTITY ? "lines, orders, sessions, calls, identity"
                    : step.step().description;
            List<String> jobs = step.step() == DuckDbBaseline.Step.IDENTITY ? List.of("ingest", "conform") : step.step().sparkJobs;
            double spark = jobs.stream().mapToDouble(j -> sparkCpu.getOrDefault(j, 0.0)).sum();
            rows.add(new Row(name, jobs, spark, pendingCpu, pendingWall, pending));
            pending = new LinkedHashMap<>();
            pendingCpu = 0;
            pendingWall = 0;
        }
        print(rows, steps, sparkCpu, out);
        return rows;
    }

    private static void print(List<Row> rows, List<DuckDbBaseline.StepResult> steps, Map<String, Double> sparkCpu, PrintStream out) {
        TextTable costs = new TextTable("step", "Spark jobs", "Spark CPU s", "DuckDB CPU s", "DuckDB wall s", "Spark / DuckDB", "counts")
                .alignRight(2, 3, 4, 5);
        double spark = 0;
        double duckdb = 0;
        for (Row row : rows) {
            costs.row(row.step(), String.join(" + ", row.sparkJobs()), seconds(row.sparkCpuSeconds()), seconds(row.duckdbCpuSeconds()),
                    seconds(row.duckdbWallSeconds()), ratio(row.ratio()), row.matches() ? "match" : "MISMATCH");
            spark += row.sparkCpuSeconds();
            duckdb += row.duckdbCpuSeconds();
        }
        costs.row("core steps", "the jobs above", seconds(spark), seconds(duckdb), "", ratio(duckdb > 0 ? spark / duckdb : Double.NaN), "");
        double pipeline = sparkCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        costs.row("whole pipeline", "every job", seconds(pipeline), seconds(duckdb), "", ratio(duckdb > 0 ? pipeline / duckdb : Double.NaN),
                "");
        out.println();
        out.println("Spark against DuckDB, process CPU seconds per step:");
        out.print(costs.render());
        out.println("DuckDB steps alone: " + String.join(", ", steps.stream()
                .map(s -> s.step().name().toLowerCase(Locale.ROOT) + " " + seconds(s.cpuSeconds()) + " CPU s").toList()));

        TextTable counts = new TextTable("table", "lake rows", "DuckDB rows", "").alignRight(1, 2);
        for (Row row : rows) {
            for (Map.Entry<String, long[]> count : row.counts().entrySet()) {
                long[] c = count.getValue();
                counts.row(count.getKey(), c[0] < 0 ? "absent" : TextTable.count(c[0]), TextTable.count(c[1]),
                        c[0] == c[1] ? "match" : "MISMATCH in step '" + row.step() + "'");
            }
        }
        out.println();
        out.println("row counts, lake against DuckDB:");
        out.print(counts.render());
    }

    /** CSV lines (without the leading measured_at..seed columns the caller adds): one per step and table. */
    public static List<String> csvRows(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows) {
            for (Map.Entry<String, long[]> count : row.counts().entrySet()) {
                lines.add(String.join(",", "\"" + row.step() + "\"", String.join("+", row.sparkJobs()),
                        format(row.sparkCpuSeconds()), format(row.duckdbCpuSeconds()), format(row.duckdbWallSeconds()),
                        format(row.ratio()), count.getKey(), String.valueOf(count.getValue()[0]), String.valueOf(count.getValue()[1]),
                        count.getValue()[0] == count.getValue()[1] ? "match" : "mismatch"));
            }
        }
        return lines;
    }

    public static final String CSV_HEADER = "step,spark_jobs,spark_cpu_seconds,duckdb_cpu_seconds,duckdb_wall_seconds,"
            + "spark_to_duckdb_cpu_ratio,table,lake_rows,duckdb_rows,counts";

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1fx", value);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
