package io.ltvlake.jobs.gold.rfm;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which RFM snapshots a run scores. The table holds every month end from the month of the first
 * purchase to the run date, and the run date itself, so it depends on the deals and the date alone:
 * nights and one full run at the last date give the same snapshots. A month end is scored again only
 * when what it reads changed: its fingerprint folds the monthly fingerprints of
 * {@link RfmTransforms#monthlyInputs} up to its month, and the settings that score it. A night that
 * adds today's orders therefore leaves every closed month alone, while a late correction, an identity
 * merge (customer keys change) or new settings reach every month end from the first one they touch.
 */
final class SnapshotPlan {

    /** One row of {@link RfmTransforms#monthlyInputs}. */
    record MonthInputs(LocalDate month, long purchaseFingerprint, long purchases, long dealFingerprint, long deals) {}

    private SnapshotPlan() {}

    /** The month ends before {@code date}, from the month of the first purchase; none without purchases. */
    static List<LocalDate> monthEndsBefore(List<MonthInputs> months, LocalDate date) {
        Optional<YearMonth> first = months.stream().filter(m -> m.purchases() > 0).map(m -> YearMonth.from(m.month()))
                .min(Comparator.naturalOrder());
        List<LocalDate> monthEnds = new ArrayList<>();
        for (YearMonth month = first.orElse(YearMonth.from(date)); month.atEndOfMonth().isBefore(date); month = month.plusMonths(1)) {
            monthEnds.add(month.atEndOfMonth());
        }
        return monthEnds;
    }

    /**
     * Each date's fingerprint: the settings, then every month up to the date's month in calendar order.
     * A month after a snapshot never changes it, a change in any month up to it always does.
     */
    static Map<LocalDate, Long> fingerprints(List<MonthInputs> months, List<LocalDate> dates, String settings) {
        List<MonthInputs> ordered = months.stream().sorted(Comparator.comparing(MonthInputs::month)).toList();
        Map<LocalDate, Long> fingerprints = new LinkedHashMap<>();
        for (LocalDate date : dates) {
            long fingerprint = mix(0L, settings.hashCode());
            for (MonthInputs month : ordered) {
                if (month.month().isAfter(date)) {
                    break;
                }
                fingerprint = mix(fingerprint, month.month().toEpochDay());
                fingerprint = mix(fingerprint, month.purchaseFingerprint());
                fingerprint = mix(fingerprint, month.purchases());
                fingerprint = mix(fingerprint, month.dealFingerprint());
                fingerprint = mix(fingerprint, month.deals());
            }
            fingerprints.put(date, fingerprint);
        }
        return fingerprints;
    }

    /**
     * {@code dates}, then {@code date} and the day before it unless already there: the day before is
     * scored with the run date, for the triggers (who entered a segment today).
     */
    static List<LocalDate> withRunDateAndDayBefore(List<LocalDate> dates, LocalDate date) {
        List<LocalDate> all = new ArrayList<>(dates);
        for (LocalDate day : List.of(date, date.minusDays(1))) {
            if (!all.contains(day)) {
                all.add(day);
            }
        }
        return all;
    }

    /** The month ends whose stored fingerprint is their current one: the run keeps them as they are. */
    static List<LocalDate> unchanged(Map<LocalDate, Long> current, Map<LocalDate, Long> stored) {
        return current.entrySet().stream().filter(e -> e.getValue().equals(stored.get(e.getKey()))).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** SplitMix64's finaliser over the running value and the next one: order-sensitive, well spread. */
    private static long mix(long running, long value) {
        long z = (running ^ value) + 0x9E3779B97F4A7C15L * (running + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
