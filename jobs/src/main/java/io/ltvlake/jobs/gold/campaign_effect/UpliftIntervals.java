package io.ltvlake.jobs.gold.campaign_effect;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The 95 % intervals of campaign effect, as plain arithmetic on group counts and sums (no Spark), so each is
 * checked against a textbook value.
 *
 * <ul>
 *   <li>{@link #wilson}: Wilson's score interval for one proportion (Wilson 1927).</li>
 *   <li>{@link #newcombe}: the difference of two independent proportions by Newcombe's hybrid score
 *       interval (Newcombe 1998, Statistics in Medicine 17:873, method 10), built from the two Wilson
 *       intervals; unlike the Wald interval it stays inside [-1, 1] and behaves with few conversions.</li>
 *   <li>{@link #relativeUplift}: the ratio of two proportions minus 1, by the log risk ratio (Katz et al. 1978).</li>
 *   <li>{@link #welch}: the difference of two means with unequal variances (Welch 1947), for revenue per person.</li>
 * </ul>
 */
public final class UpliftIntervals {

    /** The standard normal quantile of 0.975: two-sided 95 %. */
    public static final double Z_95 = 1.959963984540054;

    /** An interval; {@code low <= high}. */
    public record Interval(double low, double high) {}

    private UpliftIntervals() {}

    /** Wilson's score interval for {@code successes} of {@code trials} ({@code trials >= 1}). */
    public static Interval wilson(long successes, long trials, double z) {
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Newcombe's hybrid score interval for p1 - p2, p1 = x1/n1 (recipients), p2 = x2/n2 (control):
     * {@code d - sqrt((p1-l1)^2 + (u2-p2)^2)} to {@code d + sqrt((u1-p1)^2 + (p2-l2)^2)}, with (l, u) each
     * proportion's Wilson interval.
     */
    public static Interval newcombe(long x1, long n1, long x2, long n2, double z) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        Interval first = wilson(x1, n1, z);
        Interval second = wilson(x2, n2, z);
        double difference = p1 - p2;
        double below = Math.sqrt(square(p1 - first.low()) + square(second.high() - p2));
        double above = Math.sqrt(square(first.high() - p1) + square(p2 - second.low()));
        return new Interval(difference - below, difference + above);
    }

    /**
     * The interval of p1/p2 - 1 from the log risk ratio, {@code ln(p1/p2) ± z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)};
     * null when either group has no conversion (the ratio or its variance is then undefined).
     */
    public static Interval relativeUplift(long x1, long n1, long x2, long n2, double z) {
        if (x1 == 0 || x2 == 0) {
            return null;
        }
        double logRatio = Math.log(((double) x1 / n1) / ((double) x2 / n2));
        double standardError = Math.sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2);
        return new Interval(Math.exp(logRatio - z * standardError) - 1, Math.exp(logRatio + z * standardError) - 1);
    }

    /**
     * Welch's interval for mean1 - mean2 from each group's size, sum and sum of squares, at two-sided
     * {@code confidence} (0.95): Student's t with the Welch–Satterthwaite degrees of freedom. Null when a group
     * has fewer than two people (no variance); a zero width when neither group varies.
     */
    public static Interval welch(long n1, double sum1, double sumOfSquares1, long n2, double sum2, double sumOfSquares2,
                                 double confidence) {
        if (n1 < 2 || n2 < 2) {
            return null;
        }
        double mean1 = sum1 / n1;
        double mean2 = sum2 / n2;
        double share1 = sampleVariance(n1, sum1, sumOfSquares1) / n1;
        double share2 = sampleVariance(n2, sum2, sumOfSquares2) / n2;
        double difference = mean1 - mean2;
        double standardError = Math.sqrt(share1 + share2);
        if (standardError == 0) {
            return new Interval(difference, difference);
        }
        double degrees = square(share1 + share2) / (square(share1) / (n1 - 1) + square(share2) / (n2 - 1));
        double t = new TDistribution(null, degrees).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Interval(difference - t * standardError, difference + t * standardError);
    }

    /** The unbiased variance from n, sum and sum of squares; never below 0 (rounding). */
    static double sampleVariance(long n, double sum, double sumOfSquares) {
        return Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1));
    }

    private static double square(double x) {
        return x * x;
    }
}
