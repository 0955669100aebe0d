package io.ltvlake.tools.sample;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Settings of one sample-data generation run.
 *
 * @param customers number of buying persons (visitors and call-only prospects come on top: about 2x and 0.3x)
 * @param days      length of the history in days, ending at {@code endDate} inclusive (at least 60)
 * @param seed      random seed; the same settings always give byte-identical files
 * @param endDate   last export day (UTC) of the history
 * @param out       output root; the generator (re)writes {@code <out>/landing/shop/} and {@code <out>/truth/}
 */
public record SampleSettings(int customers, int days, long seed, LocalDate endDate, Path out) {}
