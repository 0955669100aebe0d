package io.ltvlake.jobs.gold.clv;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.SourceSettings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.silver.SilverTables;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The real CDNOW sample through the shipped `cdnow` env (conf/cdnow.conf: the `cdnow` profile with
 * line-key = position, $0 orders as purchases, calibration to 1997-09-30, purchase days, weeks) and
 * the pipeline up to the clv job: the calibration fit must give the parameters Fader, Hardie &amp; Lee
 * (2005) publish, BG/NBD to four significant digits and Gamma-Gamma to three.
 */
class ClvCdnowPipelineTest {

    /** Equal when both round to the same {@code digits} significant digits. */
    private static void same(double published, double fitted, int digits, String what) {
        MathContext context = new MathContext(digits, RoundingMode.HALF_UP);
        assertEquals(new BigDecimal(published).round(context), new BigDecimal(fitted).round(context),
                what + ": published " + published + ", fitted " + fitted);
    }

    @Test
    void theCalibrationFitReproducesThePublishedParameters() throws Exception {
        Path file = TestSpark.requireSharedDataset(CdnowSample.RELATIVE_PATH);
        // the shipped env as it is; only the file's place differs when ../shared is not beside this checkout
        SourceSettings shipped = TestSpark.settings("cdnow", Map.of()).sources().get(0);
        assertTrue(shipped.zeroValuePurchases(), "conf/cdnow.conf counts $0 orders as purchases, as the paper does");
        Map<String, String> overrides = Path.of(shipped.singleExportPath().orElseThrow()).equals(file) ? Map.of()
                : Map.of("ingest.sources", "[ { name = " + shipped.name() + ", profile = " + shipped.profile()
                        + ", zero-value-purchases = true, single-export { path = \"" + file + "\", date = \""
                        + shipped.singleExportDate().orElseThrow() + "\" } } ]");
        TestJobs t = new TestJobs("cdnow", overrides);
        JobContext context = t.context(LocalDate.parse("1998-06-30"));
        assertEquals(6_919, new IngestJob().run(context).rowsRead());
        new ConformJob().run(context);
        // a transaction log: the 19 lines that repeat another in every field are purchases too
        assertEquals(6_919, t.lake.read(SilverTables.ORDER_LINES).count());
        new JtbdJob().run(context);
        new DealsJob().run(context);
        new ClvJob().run(context);

        // independently, from the file: every customer is a buyer ($0.00 included) and every purchase day counts
        Set<String> buyers = new TreeSet<>();
        Set<String> holdoutDays = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String[] field = line.trim().split(" +");
            buyers.add(field[0]);
            if (field[2].compareTo("19970930") > 0) {
                holdoutDays.add(field[0] + " " + field[2]);
            }
        }
        assertEquals(2_357, buyers.size());
        Row calibration = t.lake.read(ClvTables.CLV_MODEL).filter(col("fit").equalTo("calibration")).first();
        assertEquals(buyers.size(), calibration.<Long>getAs("customers"));
        assertEquals(946, calibration.<Long>getAs("repeat_customers"));
        // published: r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, LL -9582.43; Gamma-Gamma p 6.25, q 3.74, v 15.44
        same(0.2426, calibration.getAs("r"), 4, "r");
        same(4.4136, calibration.getAs("alpha"), 4, "alpha");
        same(0.7929, calibration.getAs("a"), 4, "a");
        same(2.4259, calibration.getAs("b"), 4, "b");
        assertEquals(-9582.43, calibration.<Double>getAs("bg_nbd_log_likelihood"), 0.005, "log-likelihood to the cent");
        same(6.25, calibration.getAs("p"), 3, "p");
        same(3.74, calibration.getAs("q"), 3, "q");
        same(15.44, calibration.getAs("v"), 3, "v");

        // the holdout, weeks 40-78: every purchase day after the calibration is counted, and the prediction is the
        // sum of each customer's conditional expectation, which the published parameters give from the file's own
        // calibration summary
        long actual = calibration.getAs("holdout_actual_purchases");
        assertEquals(holdoutDays.size(), actual);
        BgNbd.Fit published = BgNbd.Fit.of(0.2426, 4.4136, 0.7929, 2.4259);
        double expected = 0;
        for (CdnowSample.Customer c : CdnowSample.calibrationSummary()) {
            expected += published.expectedPurchases(39, c.repeatPurchases(), c.timeOfLastPurchase(), c.age());
        }
        double predicted = calibration.getAs("holdout_predicted_purchases");
        assertEquals(expected, predicted, 0.001 * expected, "the paper's parameters predict " + expected);
        System.out.printf("CDNOW holdout weeks 40-78: %d purchase days made, %.1f predicted (%.1f with the published "
                + "parameters), %.1f %% under%n", actual, predicted, expected, 100 * (actual - predicted) / actual);
        List<Row> byFrequency = t.lake.read(ClvTables.CLV_HOLDOUT).orderBy("calibration_repeat_purchases").collectAsList();
        assertEquals(8, byFrequency.size());
        assertEquals(buyers.size(), byFrequency.stream().mapToLong(r -> r.getLong(1)).sum());
        byFrequency.forEach(row -> System.out.println("  " + row));

        Row scores = t.lake.read(ClvTables.CUSTOMER_CLV).selectExpr("count(*)", "min(probability_alive)", "max(probability_alive)",
                "count(expected_value)").first();
        assertEquals(buyers.size(), scores.getLong(0));
        assertTrue(scores.getDouble(1) >= 0 && scores.getDouble(2) <= 1.0, scores.toString());
        assertEquals(buyers.size(), scores.getLong(3), "every customer gets a value");
    }
}
