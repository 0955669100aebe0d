package io.ltvlake.jobs.gold.clv;

import io.ltvlake.common.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CDNOW sample of Fader, Hardie &amp; Lee (2005) summarised the way the paper does: purchases
 * grouped per day, a 39-week calibration period ending 1997-09-30, times in weeks (days / 7).
 * Plain Java, no Spark: it only feeds the fitters.
 */
final class CdnowSample {

    static final String RELATIVE_PATH = "cdnow/CDNOW_sample.txt";
    static final Path FILE = TestSpark.sharedDatasets().resolve(RELATIVE_PATH);
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    /** One customer's calibration summary; {@code meanRepeatSpend} is NaN without repeat purchases. */
    record Customer(String sampleId, long repeatPurchases, double timeOfLastPurchase, double age, double meanRepeatSpend) {}

    private CdnowSample() {}

    /** Skips the test when the file is absent, or fails it on CI ({@link TestSpark#requireSharedDataset}). */
    static void require() {
        TestSpark.requireSharedDataset(RELATIVE_PATH);
    }

    /** Every customer of the file, in sample-id order. */
    static List<Customer> calibrationSummary() {
        // sample id -> purchase day -> that day's total value
        Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            // master id, sample id, date, number of CDs, dollar value
            String[] columns = line.trim().split("\\s+");
            if (columns.length != 5) {
                throw new IllegalStateException("expected 5 columns in " + FILE + ": " + line);
            }
            LocalDate date = LocalDate.parse(columns[2], yyyymmdd);
            days.computeIfAbsent(columns[1], id -> new TreeMap<>()).merge(date, Double.parseDouble(columns[4]), Double::sum);
        }
        List<Customer> customers = new ArrayList<>(days.size());
        days.forEach((id, purchases) -> {
            LocalDate first = purchases.firstKey();
            List<Map.Entry<LocalDate, Double>> calibration = new ArrayList<>(purchases.headMap(CALIBRATION_END, true).entrySet());
            long repeats = calibration.size() - 1;
            LocalDate last = calibration.get(calibration.size() - 1).getKey();
            double repeatSpend = 0;
            for (Map.Entry<LocalDate, Double> day : calibration.subList(1, calibration.size())) {
                repeatSpend += day.getValue();
            }
            customers.add(new Customer(id, repeats, weeks(first, last), weeks(first, CALIBRATION_END),
                    repeats == 0 ? Double.NaN : repeatSpend / repeats));
        });
        return customers;
    }

    /** The histogram a Spark job would ship: one row per distinct (x, t_x, T). */
    static List<BgNbd.Observation> purchaseHistogram(List<Customer> customers) {
        Map<List<Double>, Long> counts = new TreeMap<>((left, right) -> {
            for (int i = 0; i < left.size(); i++) {
                int order = Double.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
        for (Customer c : customers) {
            counts.merge(List.of((double) c.repeatPurchases(), c.timeOfLastPurchase(), c.age()), 1L, Long::sum);
        }
        List<BgNbd.Observation> rows = new ArrayList<>();
        counts.forEach((key, n) -> rows.add(new BgNbd.Observation(key.get(0).longValue(), key.get(1), key.get(2), n)));
        return rows;
    }

    /** One row per repeat customer: (x, mean repeat spend) rarely coincide, so there is little to group. */
    static List<GammaGamma.Observation> spendRows(List<Customer> customers) {
        List<GammaGamma.Observation> rows = new ArrayList<>();
        for (Customer c : customers) {
            if (c.repeatPurchases() > 0) {
                rows.add(new GammaGamma.Observation(c.repeatPurchases(), c.meanRepeatSpend(), 1));
            }
        }
        return rows;
    }

    private static double weeks(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / 7.0;
    }
}
