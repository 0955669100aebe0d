package io.ltvlake.tools;

import io.ltvlake.common.config.Settings;
import io.ltvlake.tools.sample.SampleSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The size and seed of a generated sample; what is not given comes from config (ltvlake.sample.*). */
public final class SampleOptions {

    @Option(names = "--customers", description = "buying customers; default from config sample.customers")
    Integer customers;

    @Option(names = "--days", description = "days of history; default from config sample.days")
    Integer days;

    @Option(names = "--seed", description = "random seed; default from config sample.seed")
    Long seed;

    SampleSettings settings(Settings settings, LocalDate endDate, Path out) {
        return GenerateCommand.settings(settings, customers, days, seed, endDate, out);
    }
}
