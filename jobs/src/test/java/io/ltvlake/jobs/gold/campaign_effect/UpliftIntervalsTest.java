package io.ltvlake.jobs.gold.campaign_effect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.jobs.gold.campaign_effect.UpliftIntervals.Interval;
import org.junit.jupiter.api.Test;

/** The intervals against published values. */
class UpliftIntervalsTest {

    private static final double Z = UpliftIntervals.Z_95;

    private static void assertInterval(double low, double high, Interval actual, double tolerance) {
        assertEquals(low, actual.low(), tolerance, "low end of " + actual);
        assertEquals(high, actual.high(), tolerance, "high end of " + actual);
    }

    @Test
    void wilsonMatchesNewcombesSingleProportionExamples() {
        // Newcombe 1998, "Two-sided confidence intervals for the single proportion", Table I, method 3 (score)
        assertInterval(0.2553, 0.3662, UpliftIntervals.wilson(81, 263, Z), 0.00005);
        assertInterval(0.0624, 0.1605, UpliftIntervals.wilson(15, 148, Z), 0.00005);
        assertInterval(0.0, 0.1611, UpliftIntervals.wilson(0, 20, Z), 0.00005);
        assertInterval(0.0061, 0.1718, UpliftIntervals.wilson(1, 29, Z), 0.00005);
    }

    @Test
    void newcombeMatchesMethodTenOfHisDifferenceOfProportionsPaper() {
        // Newcombe 1998, Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score), examples (a) to (f)
        assertInterval(0.0524, 0.3339, UpliftIntervals.newcombe(56, 70, 48, 80, Z), 0.00005);
        assertInterval(0.1705, 0.8090, UpliftIntervals.newcombe(9, 10, 3, 10, Z), 0.00005);
        assertInterval(0.0582, 0.8062, UpliftIntervals.newcombe(6, 7, 2, 7, Z), 0.00005);
        assertInterval(-0.0381, 0.1926, UpliftIntervals.newcombe(5, 56, 0, 29, Z), 0.00005);
        assertInterval(-0.1611, 0.2775, UpliftIntervals.newcombe(0, 10, 0, 20, Z), 0.00005);
        assertInterval(0.6791, 1.0000, UpliftIntervals.newcombe(10, 10, 0, 20, Z), 0.00005);
    }

    @Test
    void relativeUpliftIsTheLogRiskRatioIntervalMinusOne() {
        // 56/70 against 48/80: risk ratio 0.8 / 0.6 = 1.333, se(ln RR) = sqrt(1/56 - 1/70 + 1/48 - 1/80) = 0.1091,
        // exp(ln 1.333 -+ 1.96 x 0.1091) = 1.0766 .. 1.6512
        assertInterval(0.0766, 0.6512, UpliftIntervals.relativeUplift(56, 70, 48, 80, Z), 0.00005);
        assertNull(UpliftIntervals.relativeUplift(3, 10, 0, 10, Z), "no control conversion: no ratio");
    }

    @Test
    void welchOnRevenuePerPersonByHand() {
        // revenue 0, 0, 10, 20 against 0, 0, 0, 10: means 7.5 and 2.5, variances 91.667 and 25,
        // se = sqrt(91.667/4 + 25/4) = 5.4006, Welch-Satterthwaite df = 29.1667^2 / (22.9167^2/3 + 6.25^2/3) = 4.5231,
        // t(0.975; 4.5231) = 2.6531: 5 -+ 14.3348 (scipy.stats.ttest_ind(equal_var=False) gives -9.3348 .. 19.3348)
        Interval interval = UpliftIntervals.welch(4, 30, 500, 4, 10, 100, 0.95);
        assertInterval(-9.3348, 19.3348, interval, 0.0005);
        assertInterval(3.0, 3.0, UpliftIntervals.welch(2, 10, 50, 3, 6, 12, 0.95), 1e-12);
        assertNull(UpliftIntervals.welch(1, 10, 100, 5, 0, 0, 0.95), "one person has no variance");
    }
}
