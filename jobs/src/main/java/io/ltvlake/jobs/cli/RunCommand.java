package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRunner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the nightly jobs for one date, in graph order.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the night to process (export days up to it)")
    LocalDate date;

    @Option(names = "--only", split = ",", paramLabel = "JOB", description = "run only these jobs, e.g. --only ingest,conform")
    List<String> only = new ArrayList<>();

    @Option(names = "--from", paramLabel = "JOB", description = "run this job and everything downstream of it")
    String from;

    @Option(names = "--full", description = "recompute every table from what the lake holds, as a first load would: "
            + "ingest lists every landing folder, rfm scores every month end again. A night gives the same tables; use it "
            + "after changing code, or to prove that")
    boolean full;

    @Option(names = "--accept-shrink", paramLabel = "SOURCE:DAY", split = ",",
            description = "apply an export day's re-delivery that the re-delivery guard holds back (fewer rows than "
                    + "ingest.max-shrink allows, or an empty or headerless file), e.g. --accept-shrink shop:2026-11-20; "
                    + "recorded in bronze.ingest_audit")
    List<String> acceptShrink = new ArrayList<>();

    @Override
    public Integer call() {
        if (!acceptShrink.isEmpty()) {
            lake.overrides.put("ingest.accept-shrink", acceptShrink.stream()
                    .map(pair -> "\"" + pair.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]")));
        }
        Settings settings = lake.load();
        JobRunner.Report report = Session.runPipeline(settings, date, only, Optional.ofNullable(from), full, System.out);
        return report.exitCode();
    }
}
