package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRunner;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs jobs for the last day of every month in a range, oldest first: month-end snapshots (RFM)
 * for months the nightly run never saw. Each month is an ordinary run of that date, so it is as
 * idempotent as the nightly run. The jobs recompute from the tables already in the lake; their
 * upstream jobs are not run.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Run jobs for the last day of each month in a range, e.g. backfill --job rfm --from 2026-01 --to 2026-10.")
final class BackfillCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--job", required = true, split = ",", paramLabel = "JOB", description = "the jobs to run, e.g. rfm")
    List<String> jobs = new ArrayList<>();

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "the first month")
    YearMonth from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM", description = "the last month (included)")
    YearMonth to;

    @Override
    public Integer call() {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        Settings settings = lake.load();
        int exitCode = 0;
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            JobRunner.Report report = Session.runPipeline(settings, month.atEndOfMonth(), jobs, Optional.empty(), System.out);
            exitCode = Math.max(exitCode, report.exitCode());
            if (report.misconfigured()) {
                break;
            }
        }
        return exitCode;
    }
}
