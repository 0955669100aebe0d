package io.ltvlake.tools.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Deterministic sample data for ltvlake: an electronics retailer's exports in the canonical landing layout
 * ({@code <out>/landing/shop/<YYYY-MM-DD>/{order_lines,calls,sessions,ad_costs,products,messages}.csv}) plus the planted
 * ground truth ({@code <out>/truth/{identifiers,orders,people,malformed,duplicates,campaigns}.csv}).
 *
 * <p>JDK only. The same settings give byte-identical files: all randomness comes from {@link java.util.SplittableRandom}
 * streams derived from the seed, output order never depends on hash iteration, and no wall clock is read. Memory stays
 * flat in the number of customers: persons are simulated one at a time and their rows spilled per block of days
 * (under {@code <out>/.sample-spill}, removed at the end), then each day folder is written from its block.
 *
 * <p>Before writing, the export-day folders ({@code YYYY-MM-DD}) under {@code <out>/landing/shop}, the truth files
 * and a leftover spill folder are deleted, so a rerun never leaves export days of an earlier, longer history behind.
 * Nothing else under {@code out} is touched.
 *
 * <p>Volumes: {@code customers} buyers, about 0.3x call-only prospects and 2x anonymous visitors. One chain person
 * per thousand buyers (at least one) is reachable only through a phone-cookie-email chain (is_chain_person=true).
 */
public final class SampleGenerator {
  static final int MAX_CUSTOMERS = 50_000_000;
  static final int MIN_DAYS = 60;
  static final int MAX_DAYS = 3_660;

  private SampleGenerator() {}

  public static GenerationSummary generate(SampleSettings settings) throws IOException {
    validate(settings);
    Timeline tl = new Timeline(settings.endDate(), settings.days());
    Catalog cat = new Catalog(settings.seed(), tl);
    Simulator sim = new Simulator(settings.seed(), tl, cat, settings.customers());
    sim.campaigns.digestsPerWeek(settings.digestsPerWeek());
    Path out = settings.out();
    clearPreviousRun(out);
    try (Exporter exporter = new Exporter(out, tl, cat, settings.seed())) {
      for (int i = 0; i < sim.customers; i++) {
        exporter.emit(sim.buyer(i));
      }
      for (int i = 0; i < sim.prospects; i++) {
        exporter.emit(sim.prospect(i));
      }
      for (int i = 0; i < sim.visitors; i++) {
        exporter.emit(sim.visitor(i));
      }
      GenerationSummary summary = exporter.finish();
      sim.campaigns.writeTruth(out.resolve(TRUTH).resolve(CAMPAIGNS_TRUTH));
      return summary;
    }
  }

  static void validate(SampleSettings s) {
    if (s == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    if (s.customers() < 1) {
      throw new IllegalArgumentException("customers must be >= 1, was " + s.customers());
    }
    if (s.customers() > MAX_CUSTOMERS) {
      throw new IllegalArgumentException("customers must be <= " + MAX_CUSTOMERS + ", was " + s.customers());
    }
    if (s.days() < MIN_DAYS) {
      throw new IllegalArgumentException("days must be >= " + MIN_DAYS + ", was " + s.days());
    }
    if (s.days() > MAX_DAYS) {
      throw new IllegalArgumentException("days must be <= " + MAX_DAYS + ", was " + s.days());
    }
    if (s.digestsPerWeek() < 0 || s.digestsPerWeek() > 7) {
      throw new IllegalArgumentException("digestsPerWeek must be 0 to 7, was " + s.digestsPerWeek());
    }
    if (s.endDate() == null) {
      throw new IllegalArgumentException("endDate must not be null");
    }
    if (s.out() == null) {
      throw new IllegalArgumentException("out must not be null");
    }
  }

  private static final Pattern EXPORT_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  /**
   * The folder beside landing/ that holds the truth files. Jobs compare their findings with the truth they find under
   * this name in the lake root (a demo's lake; jobs' SampleTruth.FOLDER, which this JDK-only package cannot name);
   * a production lake has none.
   */
  public static final String TRUTH = "truth";
  /** The planted campaigns (CampaignPlan) with their rates and group sizes. */
  public static final String CAMPAIGNS_TRUTH = "campaigns.csv";
  /** The planted behaviour of every buyer: cyclic, leaving, non-target or ordinary (Exporter). */
  public static final String PEOPLE_TRUTH = "people.csv";
  private static final List<String> TRUTH_FILES = List.of("identifiers.csv", "orders.csv", PEOPLE_TRUTH, "malformed.csv",
      "duplicates.csv", CAMPAIGNS_TRUTH);

  private static void clearPreviousRun(Path out) throws IOException {
    Path shop = out.resolve("landing").resolve("shop");
    if (Files.isDirectory(shop)) {
      List<Path> days;
      try (Stream<Path> list = Files.list(shop)) {
        days = list.filter(p -> Files.isDirectory(p) && EXPORT_DAY.matcher(p.getFileName().toString()).matches())
            .sorted().collect(Collectors.toList());
      }
      for (Path day : days) {
        deleteRecursively(day);
      }
    }
    for (String f : TRUTH_FILES) {
      Files.deleteIfExists(out.resolve(TRUTH).resolve(f));
    }
    deleteRecursively(out.resolve(".sample-spill"));
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
