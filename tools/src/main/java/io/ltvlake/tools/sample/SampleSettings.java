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
 * @param digestsPerWeek routine e-mails (weekly_digest, no holdout) per buyer and week from their first deal on,
 *                  0 to 7; 0 (the default) sends only the planted campaigns. The bench uses it for message volume.
 */
public record SampleSettings(int customers, int days, long seed, LocalDate endDate, Path out, int digestsPerWeek) {

  /** Settings without routine e-mails. */
  public SampleSettings(int customers, int days, long seed, LocalDate endDate, Path out) {
    this(customers, days, seed, endDate, out, 0);
  }

  public SampleSettings withDigestsPerWeek(int perWeek) {
    return new SampleSettings(customers, days, seed, endDate, out, perWeek);
  }
}
