package io.ltvlake.jobs.gold.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BG/NBD fit on the paper's own data. Expected values: Fader, Hardie &amp; Lee (2005), table
 * of parameter estimates (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = −9582.4), and
 * Hardie's spreadsheet "Implementing the BG/NBD model in Excel" for the expectations (the same
 * numbers the {@code lifetimes} library tests against).
 */
class BgNbdCdnowTest {

    static List<CdnowSample.Customer> customers;
    static BgNbd.Fit fit;

    @BeforeEach
    void fitTheCalibrationPeriodOnce() {
        // per test, not @BeforeAll: surefire reports a class-level assumption as 0 tests, without the reason
        CdnowSample.require();
        if (fit != null) {
            return;
        }
        customers = CdnowSample.calibrationSummary();
        List<BgNbd.Observation> histogram = CdnowSample.purchaseHistogram(customers);
        long started = System.nanoTime();
        fit = BgNbd.fit(histogram);
        System.out.printf("BG/NBD on CDNOW: %d rows, %s, %.0f ms%n", histogram.size(), fit,
                (System.nanoTime() - started) / 1e6);
    }

    @Test
    void summariesMatchThePapersData() {
        assertEquals(2_357, customers.size());
        // first customer of the sample: 1997-01-01, repeats on 01-18 and 08-02 (12-12 is in the holdout)
        CdnowSample.Customer first = customers.get(0);
        assertEquals(2, first.repeatPurchases());
        assertEquals(30.43, first.timeOfLastPurchase(), 0.005);
        assertEquals(38.86, first.age(), 0.005);
        assertEquals(2_357, fit.customers());
    }

    @Test
    void parametersAndLogLikelihoodMatchThePaper() {
        assertTrue(fit.converged(), "fit did not converge: " + fit);
        assertEquals(0.243, fit.r(), 0.001);
        assertEquals(4.414, fit.alpha(), 0.01);
        assertEquals(0.793, fit.a(), 0.005);
        assertEquals(2.426, fit.b(), 0.01);
        assertEquals(-9582.4, fit.logLikelihood(), 1.0);
    }

    @Test
    void conditionalExpectationMatchesHardiesSpreadsheet() {
        // x = 2, t_x = 30.43, T = 38.86: the paper's example customer, over the 39-week holdout
        assertEquals(1.226, fit.expectedPurchases(39, 2, 30.43, 38.86), 0.001);
    }

    @Test
    void unconditionalExpectationMatchesHardiesSpreadsheet() {
        double[] weeks = {0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0};
        double[] expected = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
        for (int i = 0; i < weeks.length; i++) {
            assertEquals(expected[i], fit.expectedPurchasesNewCustomer(weeks[i]), 0.001, "E[X(" + weeks[i] + ")]");
        }
    }
}
