package io.ltvlake.jobs.gold.shared;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The path rules of DESIGN §4 (associated conversions) for one customer, kept apart from Spark so
 * they read as one piece; {@link AttributionTransforms} runs them per customer on the executors.
 *
 * <p>A conversion's path is the customer's touches from {@code lookback} before it up to its
 * time, both ends included, in time order. An earlier conversion does not cut the path: a touch
 * can be on the paths of two conversions, as in Google Analytics' Multi-Channel Funnels.
 *
 * <p>Credits per channel on a path of n touches (channels c1 .. cn):
 * <ul>
 *   <li>last interaction: cn; first interaction: c1;</li>
 *   <li>assist: every channel at positions 1 .. n-1, once per conversion however often it appears
 *       there; a channel can be both an assist and the last interaction (direct &gt; direct);</li>
 *   <li>linear: 1/n per touch;</li>
 *   <li>position-based: 40 % to the first touch, 40 % to the last and 20 % shared evenly by the
 *       touches between; a one-touch path gives its touch 100 %, a two-touch path 50 % each.</li>
 * </ul>
 * A conversion without a touch gets the single channel {@link #NO_TOUCH} in every role but
 * assist, so every model credits the whole value and the totals reconcile with the conversions.
 *
 * <p>Credits are exact: a share of the value is a whole number of cents and a share of the
 * conversion a whole number of millionths, each touch getting the difference of the rounded
 * running totals, so the shares of one conversion always add up to its value and to 1.
 */
public final class ConversionPaths implements Serializable {

    /** The channel of a conversion without a touch in its window. Config channels cannot take this name. */
    public static final String NO_TOUCH = "(no touch)";
    /** Units of a conversion in the credit columns: millionths, so fractional conversions add up exactly. */
    public static final long CONVERSION_UNITS = 1_000_000L;

    /** One touch; {@code at} in epoch seconds, {@code day} the business date as an epoch day. */
    public record Touch(long at, long day, String type, String id, String channel) {}

    /** A channel's part in one conversion; values in cents, conversions in millionths. */
    public record Credit(String channel, boolean firstInteraction, boolean lastInteraction, boolean assist, long linearUnits,
                  long linearCents, long positionBasedUnits, long positionBasedCents) {}

    public static final Comparator<Touch> TIME_ORDER = Comparator.comparingLong(Touch::at).thenComparing(Touch::type)
            .thenComparing(Touch::id);

    private ConversionPaths() {}

    /**
     * The touches on the path of a conversion at {@code conversionAt}: those at or after
     * {@code conversionAt - lookbackSeconds} and at or before {@code conversionAt}.
     *
     * @param sorted the customer's touches in {@link #TIME_ORDER}
     */
    public static List<Touch> window(List<Touch> sorted, long conversionAt, long lookbackSeconds) {
        int from = firstAtOrAfter(sorted, conversionAt - lookbackSeconds);
        int to = firstAtOrAfter(sorted, conversionAt + 1);
        return sorted.subList(from, Math.max(from, to));
    }

    private static int firstAtOrAfter(List<Touch> sorted, long at) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted.get(middle).at() < at) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The channels with consecutive repeats collapsed: display, direct, direct, display → display, direct, display. */
    public static List<String> collapse(List<String> channels) {
        List<String> result = new ArrayList<>();
        for (String channel : channels) {
            if (result.isEmpty() || !result.get(result.size() - 1).equals(channel)) {
                result.add(channel);
            }
        }
        return result;
    }

    /** A path as people read it: {@code display > paid_search > direct}; {@value #NO_TOUCH} when empty. */
    public static String text(List<String> channels) {
        return channels.isEmpty() ? NO_TOUCH : String.join(" > ", channels);
    }

    /**
     * Each channel's credit for a conversion worth {@code valueCents} whose path has these channels
     * in time order (not collapsed), channels in order of first appearance.
     */
    public static List<Credit> credits(List<String> channels, long valueCents) {
        if (channels.isEmpty()) {
            return List.of(new Credit(NO_TOUCH, true, true, false, CONVERSION_UNITS, valueCents, CONVERSION_UNITS, valueCents));
        }
        int n = channels.size();
        Map<String, long[]> perChannel = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long[] sums = perChannel.computeIfAbsent(channels.get(i), k -> new long[5]);
            sums[0] += share(CONVERSION_UNITS, i, n, false);
            sums[1] += share(valueCents, i, n, false);
            sums[2] += share(CONVERSION_UNITS, i, n, true);
            sums[3] += share(valueCents, i, n, true);
            if (i < n - 1) {
                sums[4] = 1;
            }
        }
        List<Credit> result = new ArrayList<>(perChannel.size());
        for (Map.Entry<String, long[]> entry : perChannel.entrySet()) {
            long[] sums = entry.getValue();
            result.add(new Credit(entry.getKey(), entry.getKey().equals(channels.get(0)),
                    entry.getKey().equals(channels.get(n - 1)), sums[4] == 1, sums[0], sums[1], sums[2], sums[3]));
        }
        return result;
    }

    /** Touch i's part of {@code total}: the rounded running total after it less the one before it. */
    private static long share(long total, int i, int n, boolean positionBased) {
        return runningTotal(total, i + 1, n, positionBased) - runningTotal(total, i, n, positionBased);
    }

    /** {@code total} × the weight of the first {@code k} of {@code n} touches, rounded half up to a whole unit. */
    private static long runningTotal(long total, int k, int n, boolean positionBased) {
        if (k == 0) {
            return 0;
        }
        if (k == n) {
            return total;
        }
        if (!positionBased || n == 2) {
            return rounded(Math.multiplyExact(total, k), n);
        }
        // n >= 3 and 1 <= k <= n - 1: 40 % for the first touch, then 20 % / (n - 2) for each middle one,
        // i.e. (2 (n - 2) + (k - 1)) / (5 (n - 2))
        return rounded(Math.multiplyExact(total, 2L * (n - 2) + (k - 1)), 5L * (n - 2));
    }

    private static long rounded(long numerator, long denominator) {
        return Math.floorDiv(2 * numerator + denominator, 2 * denominator);
    }
}
