package io.ltvlake.tools.bench;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.job.TextTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --nights N}: each night's CPU and wall seconds per job beside the first load's (the
 * full run), and what share of the full run a night costs (the nights' mean over the full run).
 */
public final class NightsTable {

    private NightsTable() {}

    /** A run of the pipeline for one date. */
    public record Run(LocalDate date, JobRunner.Report report) {}

    /** Job → (CPU seconds, wall seconds) of one run; jobs that did not run are absent. */
    static Map<String, double[]> costs(JobRunner.Report report) {
        Map<String, double[]> costs = new LinkedHashMap<>();
        for (JobRunner.Outcome outcome : report.outcomes()) {
            JobResult result = outcome.result();
            if (result != null) {
                costs.put(outcome.job(), new double[] {result.cpu().toNanos() / 1e9, result.duration().toNanos() / 1e9});
            }
        }
        return costs;
    }

    /** The table: job, full CPU s, night 1..N CPU s, night share %; a total row; wall seconds in the same layout below. */
    public static String render(Run full, List<Run> nights) {
        Map<String, double[]> fullCosts = costs(full.report());
        List<Map<String, double[]>> nightCosts = nights.stream().map(n -> costs(n.report())).toList();
        StringBuilder text = new StringBuilder();
        for (int measure = 0; measure < 2; measure++) {
            List<String> header = new ArrayList<>(List.of("job", (measure == 0 ? "full CPU s (" : "full wall s (") + full.date() + ")"));
            for (int i = 0; i < nights.size(); i++) {
                header.add("night " + (i + 1) + " (" + nights.get(i).date() + ")");
            }
            header.add("night share %");
            TextTable table = new TextTable(header.toArray(String[]::new));
            int[] right = new int[header.size() - 1];
            for (int i = 0; i < right.length; i++) {
                right[i] = i + 1;
            }
            table.alignRight(right);
            double fullTotal = 0;
            double[] nightTotals = new double[nights.size()];
            for (Map.Entry<String, double[]> job : fullCosts.entrySet()) {
                List<String> row = new ArrayList<>(List.of(job.getKey(), seconds(job.getValue()[measure])));
                fullTotal += job.getValue()[measure];
                double nightSum = 0;
                for (int i = 0; i < nights.size(); i++) {
                    double[] night = nightCosts.get(i).get(job.getKey());
                    double value = night == null ? 0 : night[measure];
                    nightTotals[i] += value;
                    nightSum += value;
                    row.add(night == null ? "-" : seconds(value));
                }
                row.add(share(nightSum / nights.size(), job.getValue()[measure]));
                table.row(row.toArray());
            }
            List<String> total = new ArrayList<>(List.of("all jobs", seconds(fullTotal)));
            double nightSum = 0;
            for (double night : nightTotals) {
                total.add(seconds(night));
                nightSum += night;
            }
            total.add(share(nightSum / nights.size(), fullTotal));
            table.row(total.toArray());
            text.append(measure == 0 ? "CPU seconds per job, the first load (full run) against each night:\n"
                    : "\nwall seconds per job:\n").append(table.render());
        }
        return text.toString();
    }

    /** CSV lines {@code run,date,job,cpu_seconds,wall_seconds} for the full run and each night. */
    public static List<String> csvRows(Run full, List<Run> nights) {
        List<String> lines = new ArrayList<>();
        List<Run> runs = new ArrayList<>(List.of(full));
        runs.addAll(nights);
        for (int i = 0; i < runs.size(); i++) {
            for (Map.Entry<String, double[]> job : costs(runs.get(i).report()).entrySet()) {
                lines.add(String.join(",", i == 0 ? "full" : "night" + i, runs.get(i).date().toString(), job.getKey(),
                        String.format(Locale.ROOT, "%.3f", job.getValue()[0]), String.format(Locale.ROOT, "%.3f", job.getValue()[1])));
            }
        }
        return lines;
    }

    public static final String CSV_HEADER = "run,run_date,job,cpu_seconds,wall_seconds";

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String share(double night, double full) {
        return full > 0 ? String.format(Locale.ROOT, "%.0f", 100 * night / full) : "n/a";
    }
}
