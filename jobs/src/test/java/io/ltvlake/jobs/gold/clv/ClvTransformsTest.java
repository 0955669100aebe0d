package io.ltvlake.jobs.gold.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClvTransformsTest {

    private static final StructType ORDER_DEALS = new StructType().add("customer_key", "string").add("deal_id", "string")
            .add("order_date", "date").add("revenue", "decimal(18,2)");

    private static Row order(String customer, String deal, String date, String revenue) {
        return RowFactory.create(customer, deal, Date.valueOf(date), new BigDecimal(revenue));
    }

    /** c1: two orders on 1 March (one deal with its upsell), one on 15 March, one on 29 March (a second deal). c2: once. */
    private static Dataset<Row> orderDeals() {
        return TestSpark.session().createDataFrame(List.of(
                order("c1", "d1", "2026-03-01", "100.00"),
                order("c1", "d1", "2026-03-01", "20.00"),
                order("c1", "d1", "2026-03-15", "30.00"),
                order("c1", "d2", "2026-03-29", "90.00"),
                order("c2", "d3", "2026-03-08", "50.00"),
                // after the calibration end: not in the histories
                order("c2", "d4", "2026-04-20", "70.00")), ORDER_DEALS);
    }

    @Test
    void historiesPerPurchaseDayInWeeks() {
        Dataset<Row> units = ClvTransforms.purchaseUnits(orderDeals(), ClvTransforms.PURCHASE_DAY);
        List<Row> histories = ClvTransforms.histories(units, LocalDate.parse("2026-04-12"), 7.0).orderBy("customer_key")
                .collectAsList();
        // c1: days 1, 15 and 29 March: x = 2, t_x = 28 days = 4 weeks, T = 42 days = 6 weeks; repeat days spend 30 and 90
        assertEquals(RowFactory.create("c1", Date.valueOf("2026-03-01"), 2L, 4.0, 6.0, 60.0), histories.get(0));
        // c2: one day, 35 days before the end
        assertEquals(RowFactory.create("c2", Date.valueOf("2026-03-08"), 0L, 0.0, 5.0, null), histories.get(1));
    }

    @Test
    void historiesPerDeal() {
        Dataset<Row> units = ClvTransforms.purchaseUnits(orderDeals(), ClvTransforms.DEAL);
        Row c1 = ClvTransforms.histories(units, LocalDate.parse("2026-04-12"), 1.0).filter("customer_key = 'c1'").first();
        // d1 (1 March, 150) and d2 (29 March, 90): one repeat deal 28 days after the first, T = 42 days
        assertEquals(RowFactory.create("c1", Date.valueOf("2026-03-01"), 1L, 28.0, 42.0, 90.0), c1);
    }

    @Test
    void holdoutCountsPurchasesAfterTheCalibrationByCalibrationFrequency() {
        Dataset<Row> units = ClvTransforms.purchaseUnits(orderDeals(), ClvTransforms.PURCHASE_DAY);
        LocalDate end = LocalDate.parse("2026-04-12");
        Dataset<Row> scored = ClvTransforms.score(ClvTransforms.histories(units, end, 7.0), BgNbd.Fit.of(0.25, 4.0, 0.8, 2.5),
                GammaGamma.Fit.of(6.0, 4.0, 15.0), 4.0);
        List<Row> check = ClvTransforms.holdoutCheck(scored, units, end, LocalDate.parse("2026-05-10")).collectAsList();
        // c2 (x = 0) bought once in the holdout; c1 (x = 2) did not
        assertEquals("0", check.get(0).getString(0));
        assertEquals(1.0, check.get(0).getDouble(2));
        assertEquals("2", check.get(1).getString(0));
        assertEquals(0.0, check.get(1).getDouble(2));
        // the scores are the fit's own formulas, applied per customer on the executors
        BgNbd.Fit fit = BgNbd.Fit.of(0.25, 4.0, 0.8, 2.5);
        Row c1 = scored.filter("customer_key = 'c1'").first();
        assertEquals(fit.probabilityAlive(2, 4.0, 6.0), c1.<Double>getAs("probability_alive"), 1e-12);
        assertEquals(fit.expectedPurchases(4.0, 2, 4.0, 6.0), c1.<Double>getAs("expected_purchases"), 1e-12);
        // Gamma-Gamma: (p v + p x m) / (p x + q - 1) = (90 + 720) / 15 = 54
        assertEquals(54.0, c1.<Double>getAs("expected_spend"), 1e-9);
    }

    @Test
    void aCustomerTheFitCannotScoreIsLeftUnscoredAndTheOthersAreStillScored() {
        Dataset<Row> histories = ClvTransforms.histories(ClvTransforms.purchaseUnits(orderDeals(), ClvTransforms.PURCHASE_DAY),
                LocalDate.parse("2026-04-12"), 7.0);
        // c1 has x = 2, t_x = 4, T = 6 weeks. With a = b = 10^6 equation 10 gives NaN for c1; with 10^7 and a
        // horizon of 100 weeks its series does not converge at all. Both fits are ones a tiny sample can produce.
        BgNbd.Fit nan = BgNbd.Fit.of(0.25, 4.0, 1e6, 1e6);
        BgNbd.Fit divergent = BgNbd.Fit.of(0.25, 4.0, 1e7, 1e7);
        assertTrue(Double.isNaN(nan.expectedPurchases(10.0, 2, 4.0, 6.0)));
        assertThrows(ArithmeticException.class, () -> divergent.expectedPurchases(100.0, 2, 4.0, 6.0));
        GammaGamma.Fit spend = GammaGamma.Fit.of(6.0, 4.0, 15.0);

        for (Object[] fitAndHorizon : List.of(new Object[] {nan, 10.0}, new Object[] {divergent, 100.0})) {
            BgNbd.Fit fit = (BgNbd.Fit) fitAndHorizon[0];
            Row c1 = ClvTransforms.score(histories, fit, spend, (Double) fitAndHorizon[1]).filter("customer_key = 'c1'").first();
            assertNull(c1.getAs("expected_purchases"));
            assertNull(c1.getAs("expected_value"));
            // what the fit can say about c1 is kept: P(alive) and the Gamma-Gamma spend (90 + 720) / 15 = 54
            assertEquals(fit.probabilityAlive(2, 4.0, 6.0), c1.<Double>getAs("probability_alive"), 1e-12);
            assertEquals(54.0, c1.<Double>getAs("expected_spend"), 1e-9);
        }
    }
}
