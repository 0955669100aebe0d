package io.ltvlake.jobs.gold.clv;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BgNbdTest {

    /** Three histories, two customers each: too little data for an interior maximum. */
    static final List<BgNbd.Observation> GROUPED = List.of(
            new BgNbd.Observation(0, 0, 20, 2),
            new BgNbd.Observation(1, 4, 20, 2),
            new BgNbd.Observation(4, 18, 20, 2));

    static final BgNbd.Fit PAPER = BgNbd.Fit.of(0.243, 4.414, 0.793, 2.426);

    @Test
    void fittingAHistogramEqualsFittingOneRowPerCustomerInAnyOrder() {
        // whole weeks, as a job that buckets times would ship them; some x > 0 round to t_x = 0
        List<BgNbd.Observation> perCustomer = new ArrayList<>();
        for (BgNbd.Observation o : simulate(0.5, 6.0, 0.8, 2.5, 2_000, 23)) {
            perCustomer.add(new BgNbd.Observation(o.repeatPurchases(), Math.rint(o.timeOfLastPurchase()), o.age(), 1));
        }
        Map<BgNbd.Observation, Long> counts = new HashMap<>();
        for (BgNbd.Observation o : perCustomer) {
            counts.merge(new BgNbd.Observation(o.repeatPurchases(), o.timeOfLastPurchase(), o.age(), 1), 1L, Long::sum);
        }
        List<BgNbd.Observation> histogram = new ArrayList<>();
        counts.forEach((o, n) -> histogram.add(new BgNbd.Observation(o.repeatPurchases(), o.timeOfLastPurchase(), o.age(), n)));
        Collections.shuffle(perCustomer, new Random(7));
        assertTrue(histogram.size() < 0.6 * perCustomer.size(), histogram.size() + " rows");
        assertTrue(perCustomer.stream().anyMatch(o -> o.repeatPurchases() > 0 && o.timeOfLastPurchase() == 0));

        BgNbd.Fit fromHistogram = BgNbd.fit(histogram);

        assertTrue(fromHistogram.converged(), fromHistogram.toString());
        assertEquals(2_000, fromHistogram.customers());
        assertEquals(fromHistogram, BgNbd.fit(perCustomer));
    }

    @Test
    void tooLittleDataIsFittedButNotReportedAsConverged() {
        // six customers: the likelihood keeps rising as some parameter runs off to its limit
        BgNbd.Fit fit = BgNbd.fit(GROUPED);
        assertEquals(6, fit.customers());
        assertFalse(fit.converged(), fit.toString());
    }

    @Test
    void logLikelihoodCountsEachRowOncePerCustomer() {
        List<BgNbd.Observation> once = GROUPED.stream()
                .map(o -> new BgNbd.Observation(o.repeatPurchases(), o.timeOfLastPurchase(), o.age(), 1))
                .toList();
        assertEquals(2 * PAPER.logLikelihood(once), PAPER.logLikelihood(GROUPED), 1e-9);
    }

    @Test
    void recoversTheParametersOfSimulatedCustomers() {
        double r = 0.5;
        double alpha = 6.0;
        double a = 0.8;
        double b = 2.5;
        List<BgNbd.Observation> customers = simulate(r, alpha, a, b, 6_000, 11);

        BgNbd.Fit fit = BgNbd.fit(customers);

        assertTrue(fit.converged(), fit.toString());
        // a maximum must be at least as likely as the truth
        assertTrue(fit.logLikelihood() >= BgNbd.Fit.of(r, alpha, a, b).logLikelihood(customers), fit.toString());
        assertEquals(r, fit.r(), 0.15 * r, fit.toString());
        assertEquals(alpha, fit.alpha(), 0.2 * alpha, fit.toString());
        assertEquals(a, fit.a(), 0.35 * a, fit.toString());
        assertEquals(b, fit.b(), 0.35 * b, fit.toString());
    }

    @Test
    void probabilityAliveIsOneWithoutRepeatPurchases() {
        // the model only lets a customer drop out right after a repeat purchase
        for (double age : new double[] {0, 1, 38.86, 1_000}) {
            assertEquals(1.0, PAPER.probabilityAlive(0, 0, age));
        }
    }

    @Test
    void probabilityAliveFallsWhileACustomerStaysQuiet() {
        // at T = t_x the odds of having dropped out are just E[p]-like: a / (b + x - 1)
        assertEquals(1 / (1 + 0.793 / (2.426 + 3 - 1)), PAPER.probabilityAlive(3, 10, 10), 1e-12);
        double previous = 1.0;
        for (double age : new double[] {10, 11, 15, 20, 39, 80, 200}) {
            double alive = PAPER.probabilityAlive(3, 10, age);
            assertTrue(alive < previous, "P(alive) at T=" + age + " is " + alive + ", not below " + previous);
            previous = alive;
        }
        assertTrue(previous < 0.01);
    }

    @Test
    void expectedPurchasesAgreesWithEquationTenSummedDirectly() {
        for (double a : new double[] {0.3, 0.793, 1.7, 4.0}) {
            BgNbd.Fit fit = BgNbd.Fit.of(0.243, 4.414, a, 2.426);
            for (long x : new long[] {0, 1, 2, 7, 40}) {
                double lastPurchase = x == 0 ? 0 : 30.43;
                for (double horizon : new double[] {0.5, 39, 156}) {
                    double expected = equationTen(fit, horizon, x, lastPurchase, 38.86);
                    double actual = fit.expectedPurchases(horizon, x, lastPurchase, 38.86);
                    assertEquals(expected, actual, 1e-10 * Math.max(1, Math.abs(expected)),
                            "a=" + a + ", x=" + x + ", horizon=" + horizon);
                }
            }
        }
    }

    @Test
    void expectedPurchasesIsSmoothThroughAEqualsOneWhereEquationTenIsZeroOverZero() {
        double atOne = BgNbd.Fit.of(0.243, 4.414, 1.0, 2.426).expectedPurchases(39, 2, 30.43, 38.86);
        double below = BgNbd.Fit.of(0.243, 4.414, 1.0 - 1e-7, 2.426).expectedPurchases(39, 2, 30.43, 38.86);
        double above = BgNbd.Fit.of(0.243, 4.414, 1.0 + 1e-7, 2.426).expectedPurchases(39, 2, 30.43, 38.86);
        assertTrue(Double.isFinite(atOne) && atOne > 0);
        assertEquals(atOne, below, 1e-6);
        assertEquals(atOne, above, 1e-6);
    }

    @Test
    void expectedPurchasesOverAShortHorizonIsTheAliveCustomersRateTimesTheHorizon() {
        // posterior mean rate of a customer who is alive: (r + x) / (alpha + T)
        double horizon = 1e-6;
        double rate = (0.243 + 2) / (4.414 + 38.86);
        assertEquals(PAPER.probabilityAlive(2, 30.43, 38.86) * rate * horizon,
                PAPER.expectedPurchases(horizon, 2, 30.43, 38.86), 1e-6 * rate * horizon);
        assertEquals(0.0, PAPER.expectedPurchases(0, 2, 30.43, 38.86));
        assertEquals(PAPER.expectedPurchases(52, 0, 0, 0), PAPER.expectedPurchasesNewCustomer(52));
    }

    @Test
    void expectedPurchasesGrowWithTheHorizonEvenOverDecades() {
        double previous = 0;
        for (double horizon : new double[] {1, 10, 100, 1_000, 10_000}) {
            double expected = PAPER.expectedPurchases(horizon, 2, 30.43, 38.86);
            assertTrue(expected > previous, "E[Y(" + horizon + ")] = " + expected);
            previous = expected;
        }
    }

    @Test
    void aRepeatPurchaseAtTimeZeroIsAllowed() {
        // happens when times are rounded coarser than purchases; the likelihood is defined there
        BgNbd.Observation sameWeek = new BgNbd.Observation(1, 0, 20, 1);
        assertTrue(Double.isFinite(PAPER.logLikelihood(List.of(sameWeek))));
        assertTrue(PAPER.probabilityAlive(1, 0, 20) < 1);
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertRejected(() -> BgNbd.fit(List.of()), "no observations");
        assertRejected(() -> BgNbd.fit(null), "no observations");
        assertRejected(() -> new BgNbd.Observation(-1, 0, 5, 1), "repeat purchases x must be >= 0");
        assertRejected(() -> new BgNbd.Observation(2, 6, 5, 1), "after the end of the calibration period");
        assertRejected(() -> new BgNbd.Observation(0, 1, 5, 1), "t_x must be 0 when there is no repeat purchase");
        assertRejected(() -> new BgNbd.Observation(1, Double.NaN, 5, 1), "t_x must be a finite time >= 0");
        assertRejected(() -> new BgNbd.Observation(1, -1, 5, 1), "t_x must be a finite time >= 0");
        assertRejected(() -> new BgNbd.Observation(1, 1, Double.POSITIVE_INFINITY, 1), "age T must be a finite time");
        assertRejected(() -> new BgNbd.Observation(1, 1, 5, 0), "customers must be at least 1");
        assertRejected(() -> BgNbd.fit(List.of(new BgNbd.Observation(0, 0, 5, 3), new BgNbd.Observation(0, 0, 9, 1))),
                "no customer has a repeat purchase");
        assertRejected(() -> PAPER.expectedPurchases(-1, 1, 1, 5), "horizon must be a finite time >= 0");
        assertRejected(() -> PAPER.probabilityAlive(3, 9, 5), "after the end of the calibration period");
        assertRejected(() -> BgNbd.Fit.of(0, 1, 1, 1), "r must be a finite number > 0");
        assertDoesNotThrow(() -> new BgNbd.Observation(0, 0, 0, 1), "a customer whose first purchase ends the period");
    }

    static void assertRejected(Executable call, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(reason), "message \"" + e.getMessage() + "\" should say: " + reason);
    }

    /** Equation 10 as printed, with ₂F₁ summed term by term: independent of the transformed form. */
    static double equationTen(BgNbd.Fit fit, double horizon, long x, double lastPurchase, double age) {
        double r = fit.r();
        double alpha = fit.alpha();
        double a = fit.a();
        double b = fit.b();
        double z = horizon / (alpha + age + horizon);
        double hypergeometric = gaussHypergeometric(r + x, b + x, a + b + x - 1, z);
        double bracket = 1 - Math.pow((alpha + age) / (alpha + age + horizon), r + x) * hypergeometric;
        double deadOdds = x > 0 ? a / (b + x - 1) * Math.pow((alpha + age) / (alpha + lastPurchase), r + x) : 0;
        return (a + b + x - 1) / (a - 1) * bracket / (1 + deadOdds);
    }

    static double gaussHypergeometric(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int k = 0; k < 1_000_000; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum) && k > a + b) {
                return sum;
            }
        }
        throw new AssertionError("2F1 series did not converge");
    }

    /** The BG/NBD story told customer by customer: buy at rate λ, after each purchase drop out with p. */
    static List<BgNbd.Observation> simulate(double r, double alpha, double a, double b, int customers, long seed) {
        Well19937c random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, r, 1 / alpha);
        BetaDistribution dropOuts = new BetaDistribution(random, a, b);
        List<BgNbd.Observation> rows = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            double rate = rates.sample();
            double dropOut = dropOuts.sample();
            double age = 13 + random.nextInt(40); // acquired 13 to 52 weeks before the end
            long repeats = 0;
            double last = 0;
            double time = 0;
            while (true) {
                time += -Math.log(1 - random.nextDouble()) / rate;
                if (time > age) {
                    break;
                }
                repeats++;
                last = time;
                if (random.nextDouble() < dropOut) {
                    break;
                }
            }
            rows.add(new BgNbd.Observation(repeats, last, age, 1));
        }
        return rows;
    }
}
