package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.lake.LakeFiles;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.tools.sample.GenerationSummary;
import io.ltvlake.tools.sample.SampleGenerator;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, description = {"Generate a deterministic sample business with its ground truth.",
        "Landing files in the canonical layout go to <out>/landing/shop/<day>/*.csv, the truth to <out>/truth/.",
        "The same settings give the same files. <out> may be s3a://bucket/prefix: the files are made in a local",
        "scratch folder and uploaded."})
final class GenerateCommand implements Callable<Integer> {

    private static final Pattern EXPORT_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Mixin
    LakeOptions lake;

    @Mixin
    SampleOptions sample;

    @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", description = "last day of history; default from config sample.end-date")
    LocalDate endDate;

    @Option(names = "--out", paramLabel = "DIR", description = "where landing/ and truth/ go (a folder or s3a://…); default: the lake root")
    String out;

    @Override
    public Integer call() throws IOException {
        Settings settings = lake.load();
        String target = out != null ? out : settings.lakeRoot();
        generate(sample.settings(settings, endDate, null), target,
                new LakeFiles(SparkSessions.hadoopConfiguration(settings)), System.out);
        return 0;
    }

    static SampleSettings settings(Settings settings, Integer customers, Integer days, Long seed, LocalDate endDate, Path out) {
        Settings.SampleDefaults defaults = settings.sample();
        return new SampleSettings(customers != null ? customers : defaults.customers(), days != null ? days : defaults.days(),
                seed != null ? seed : defaults.seed(), endDate != null ? endDate : defaults.endDate(), out);
    }

    /**
     * Generates into {@code target}: straight into a local folder; for any other file system
     * ({@code s3a://}) into a local scratch folder whose files are then uploaded, after the
     * target's export-day folders of source shop and its truth/ are removed, so no day of an
     * earlier, longer sample stays behind (as the generator does locally).
     */
    static GenerationSummary generate(SampleSettings sample, String target, LakeFiles files, PrintStream printer)
            throws IOException {
        if (LakeFiles.isLocal(target)) {
            return generate(withOut(sample, localPath(target)), printer);
        }
        Path scratch = Files.createTempDirectory("ltvlake-sample");
        try {
            GenerationSummary summary = generate(withOut(sample, scratch), printer);
            long started = System.nanoTime();
            for (String day : files.list(target + "/landing/shop", EXPORT_DAY)) {
                files.delete(target + "/landing/shop/" + day);
            }
            files.delete(target + "/truth");
            long uploaded = files.upload(scratch, target);
            printer.printf("      uploaded %,d files to %s in %.1f s%n", uploaded, target,
                    Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            return summary;
        } finally {
            LocalFolders.delete(scratch);
        }
    }

    static GenerationSummary generate(SampleSettings sample, PrintStream printer) throws IOException {
        printer.println("generating " + sample.customers() + " customers over " + sample.days() + " days to "
                + sample.endDate() + " (seed " + sample.seed() + ") into " + sample.out());
        long started = System.nanoTime();
        GenerationSummary summary = SampleGenerator.generate(sample);
        printer.printf("      %,d persons, %,d orders (%,d lines), %,d sessions, %,d calls, %,d ad cost rows, %,d products;"
                        + " planted %s malformed and %s duplicate rows; export days %s .. %s; %.1f s%n",
                summary.persons(), summary.orders(), summary.orderLines(), summary.sessions(), summary.calls(),
                summary.adCostRows(), summary.products(), summary.malformedRowsByEntity(), summary.exactDuplicatesByEntity(),
                summary.firstExportDate(), summary.lastExportDate(),
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        for (String campaign : io.ltvlake.tools.sample.CampaignPlan.describe(
                sample.out().resolve(SampleGenerator.TRUTH).resolve(SampleGenerator.CAMPAIGNS_TRUTH))) {
            printer.println("      campaign " + campaign);
        }
        return summary;
    }

    /** A local lake path as a folder: plain, or a file: URI. */
    static Path localPath(String path) {
        return path.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(path)) : Path.of(path);
    }

    private static SampleSettings withOut(SampleSettings sample, Path out) {
        return new SampleSettings(sample.customers(), sample.days(), sample.seed(), sample.endDate(), out,
                sample.digestsPerWeek());
    }
}
