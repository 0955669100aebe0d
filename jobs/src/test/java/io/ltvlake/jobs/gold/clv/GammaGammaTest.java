package io.ltvlake.jobs.gold.clv;

import static io.ltvlake.jobs.gold.clv.BgNbdTest.assertRejected;
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
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class GammaGammaTest {

    static final GammaGamma.Fit NOTE = GammaGamma.Fit.of(6.25, 3.74, 15.44);

    @Test
    void fittingGroupedRowsEqualsFittingOneRowPerCustomerInAnyOrder() {
        // mean spend in whole units, so that customers share rows
        List<GammaGamma.Observation> perCustomer = new ArrayList<>();
        for (GammaGamma.Observation o : simulate(6.0, 4.0, 15.0, 1_500, 17)) {
            perCustomer.add(new GammaGamma.Observation(o.repeatPurchases(), Math.max(1, Math.rint(o.meanSpend())), 1));
        }
        Map<GammaGamma.Observation, Long> counts = new HashMap<>();
        perCustomer.forEach(o -> counts.merge(o, 1L, Long::sum));
        List<GammaGamma.Observation> grouped = new ArrayList<>();
        counts.forEach((o, n) -> grouped.add(new GammaGamma.Observation(o.repeatPurchases(), o.meanSpend(), n)));
        Collections.shuffle(perCustomer, new Random(3));
        assertTrue(grouped.size() < perCustomer.size() / 2, grouped.size() + " rows");

        GammaGamma.Fit fit = GammaGamma.fit(grouped);

        assertTrue(fit.converged(), fit.toString());
        assertEquals(1_500, fit.customers());
        assertEquals(fit, GammaGamma.fit(perCustomer));
    }

    @Test
    void logLikelihoodCountsEachRowOncePerCustomer() {
        List<GammaGamma.Observation> once = List.of(new GammaGamma.Observation(1, 20.0, 1),
                new GammaGamma.Observation(2, 35.5, 1), new GammaGamma.Observation(5, 12.25, 1));
        List<GammaGamma.Observation> thrice = once.stream()
                .map(o -> new GammaGamma.Observation(o.repeatPurchases(), o.meanSpend(), 3))
                .toList();
        assertEquals(3 * NOTE.logLikelihood(once), NOTE.logLikelihood(thrice), 1e-9);
    }

    @Test
    void tooLittleDataIsFittedButNotReportedAsConverged() {
        GammaGamma.Fit fit = GammaGamma.fit(List.of(new GammaGamma.Observation(1, 20.0, 2),
                new GammaGamma.Observation(2, 35.5, 2), new GammaGamma.Observation(5, 12.25, 2)));
        assertFalse(fit.converged(), fit.toString());
    }

    @Test
    void recoversTheParametersOfSimulatedCustomers() {
        double p = 6.0;
        double q = 4.0;
        double v = 15.0;
        List<GammaGamma.Observation> customers = simulate(p, q, v, 4_000, 5);

        GammaGamma.Fit fit = GammaGamma.fit(customers);

        assertTrue(fit.converged(), fit.toString());
        assertTrue(fit.logLikelihood() >= GammaGamma.Fit.of(p, q, v).logLikelihood(customers), fit.toString());
        assertEquals(p, fit.p(), 0.15 * p, fit.toString());
        assertEquals(q, fit.q(), 0.25 * q, fit.toString());
        assertEquals(v, fit.v(), 0.35 * v, fit.toString());
    }

    @Test
    void expectedSpendShrinksTheCustomersOwnMeanTowardsThePopulationMean() {
        double population = 6.25 * 15.44 / (3.74 - 1);
        assertEquals(population, NOTE.populationMeanSpend(), 1e-12);
        assertEquals(population, NOTE.conditionalExpectedSpend(0, Double.NaN), 1e-12);
        double previous = population;
        for (long x : new long[] {1, 2, 5, 20, 100}) {
            double expected = NOTE.conditionalExpectedSpend(x, 100.0);
            assertTrue(expected > previous && expected < 100.0, "x=" + x + ": " + expected);
            previous = expected;
        }
        assertEquals(100.0, NOTE.conditionalExpectedSpend(10_000_000, 100.0), 1e-3);
    }

    @Test
    void expectedSpendIsRefusedWhereTheModelMakesItInfinite() {
        GammaGamma.Fit heavyTailed = GammaGamma.Fit.of(0.3, 0.8, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, heavyTailed::populationMeanSpend);
        assertTrue(e.getMessage().contains("p*x + q <= 1"), e.getMessage());
        assertTrue(Double.isFinite(heavyTailed.conditionalExpectedSpend(1, 50.0)));
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertRejected(() -> GammaGamma.fit(List.of()), "no observations");
        assertRejected(() -> GammaGamma.fit(null), "no observations");
        assertRejected(() -> new GammaGamma.Observation(0, 10.0, 1), "needs at least one repeat purchase");
        assertRejected(() -> new GammaGamma.Observation(2, 0.0, 1), "mean spend m_x must be a finite amount > 0");
        assertRejected(() -> new GammaGamma.Observation(2, -5.0, 1), "mean spend m_x must be a finite amount > 0");
        assertRejected(() -> new GammaGamma.Observation(2, Double.NaN, 1), "mean spend m_x must be a finite amount > 0");
        assertRejected(() -> new GammaGamma.Observation(2, 5.0, 0), "customers must be at least 1");
        assertRejected(() -> NOTE.conditionalExpectedSpend(-1, 5.0), "repeat purchases x must be >= 0");
        assertRejected(() -> NOTE.conditionalExpectedSpend(3, 0.0), "mean spend m_x must be a finite amount > 0");
        assertRejected(() -> GammaGamma.Fit.of(1, -1, 1), "q must be a finite number > 0");
    }

    /** Each customer's purchases are gamma(p, ν) with ν drawn from gamma(q, v): the model's own story. */
    static List<GammaGamma.Observation> simulate(double p, double q, double v, int customers, long seed) {
        Well19937c random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, q, 1 / v);
        PoissonDistribution extraPurchases = new PoissonDistribution(random, 2.0,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        List<GammaGamma.Observation> rows = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            double rate = rates.sample();
            int purchases = 1 + extraPurchases.sample();
            GammaDistribution spend = new GammaDistribution(random, p, 1 / rate);
            double total = 0;
            for (int k = 0; k < purchases; k++) {
                total += spend.sample();
            }
            rows.add(new GammaGamma.Observation(purchases, total / purchases, 1));
        }
        return rows;
    }
}
