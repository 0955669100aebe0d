package io.ltvlake.jobs.gold.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gamma-gamma fit on the CDNOW repeat customers. Expected values: Fader &amp; Hardie, "The
 * gamma-gamma model of monetary value" (2013) and the {@code lifetimes} tests built on it:
 * p = 6.25, q = 3.74, γ = 15.44 on the 946 customers with a repeat purchase, and the note's
 * spreadsheet for the conditional expectations of the first ten customers.
 */
class GammaGammaCdnowTest {

    static List<CdnowSample.Customer> customers;
    static GammaGamma.Fit fit;

    @BeforeEach
    void fitTheRepeatCustomersOnce() {
        // per test, not @BeforeAll: surefire reports a class-level assumption as 0 tests, without the reason
        CdnowSample.require();
        if (fit != null) {
            return;
        }
        customers = CdnowSample.calibrationSummary();
        List<GammaGamma.Observation> rows = CdnowSample.spendRows(customers);
        long started = System.nanoTime();
        fit = GammaGamma.fit(rows);
        System.out.printf("Gamma-gamma on CDNOW: %d rows, %s, %.0f ms%n", rows.size(), fit,
                (System.nanoTime() - started) / 1e6);
    }

    @Test
    void parametersMatchTheNote() {
        assertEquals(946, fit.customers());
        assertTrue(fit.converged(), "fit did not converge: " + fit);
        assertEquals(6.25, fit.p(), 0.01);
        assertEquals(3.74, fit.q(), 0.01);
        assertEquals(15.44, fit.v(), 0.05);
    }

    @Test
    void conditionalExpectedSpendMatchesTheNotesSpreadsheet() {
        double[] expected = {24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
        for (int i = 0; i < expected.length; i++) {
            CdnowSample.Customer c = customers.get(i);
            assertEquals(expected[i], fit.conditionalExpectedSpend(c.repeatPurchases(), c.meanRepeatSpend()), 0.05,
                    "customer " + c.sampleId());
        }
    }
}
