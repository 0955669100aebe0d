package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.sample.GenerationSummary;
import io.ltvlake.jobs.sample.SampleGenerator;
import io.ltvlake.jobs.sample.SampleSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, description = {"Generate a deterministic sample business with its ground truth.",
        "Landing files in the canonical layout go to <out>/landing/shop/<day>/*.csv, the truth to <out>/truth/.",
        "The same settings give the same files."})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    SampleOptions sample;

    @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", description = "last day of history; default from config sample.end-date")
    LocalDate endDate;

    @Option(names = "--out", paramLabel = "DIR", description = "where landing/ and truth/ go; default: the lake root")
    Path out;

    @Override
    public Integer call() throws IOException {
        Settings settings = lake.load();
        generate(sample.settings(settings, endDate, out != null ? out : Path.of(settings.lakeRoot())), System.out);
        return 0;
    }

    static SampleSettings settings(Settings settings, Integer customers, Integer days, Long seed, LocalDate endDate, Path out) {
        Settings.SampleDefaults defaults = settings.sample();
        return new SampleSettings(customers != null ? customers : defaults.customers(), days != null ? days : defaults.days(),
                seed != null ? seed : defaults.seed(), endDate != null ? endDate : defaults.endDate(), out);
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
        return summary;
    }
}
