package io.ltvlake.jobs.gold.clv;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.common.spark.Rows;
import io.ltvlake.jobs.gold.deals.DealsTables.OrderDeals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Predicted CLV, pure: customer purchase histories in the models' terms, the grouped inputs the
 * fitters take, and per-customer scores. Only grouped rows reach the driver; scoring runs on the
 * executors with the fitted parameters.
 */
public final class ClvTransforms {

    /** A purchase is a purchase day (the literature's convention). */
    public static final String PURCHASE_DAY = "purchase-day";
    /** A purchase is a deduplicated deal. */
    public static final String DEAL = "deal";

    private ClvTransforms() {}

    /**
     * The purchase units of each known customer: one row per purchase day (or deal) with
     * {@code (customer_key, unit_date, unit_revenue)}, from the order→deal map. A deal's date
     * is its first order's.
     */
    public static Dataset<Row> purchaseUnits(Dataset<Row> orderDeals, String frequency) {
        Column unit = frequency.equals(DEAL) ? col(OrderDeals.DEAL_ID) : col(OrderDeals.ORDER_DATE).cast("string");
        return orderDeals.filter(col(OrderDeals.CUSTOMER_KEY).isNotNull())
                .groupBy(col(OrderDeals.CUSTOMER_KEY), unit.as("unit"))
                .agg(min(OrderDeals.ORDER_DATE).as("unit_date"), sum(OrderDeals.REVENUE).as("unit_revenue"));
    }

    /**
     * One row per customer who bought by {@code calibrationEnd}: first purchase date, x (repeat
     * purchases after the first), t_x and T in time units of {@code unitDays} days, and the mean
     * spend of the repeat purchases (null when x = 0), as BG/NBD and Gamma-Gamma define them.
     */
    public static Dataset<Row> histories(Dataset<Row> units, LocalDate calibrationEnd, double unitDays) {
        Date end = Date.valueOf(calibrationEnd);
        Dataset<Row> inCalibration = units.filter(col("unit_date").leq(lit(end)))
                .withColumn("__order", row_number().over(Window.partitionBy("customer_key").orderBy("unit_date", "unit")));
        return inCalibration.groupBy("customer_key").agg(
                        min("unit_date").as("first_purchase_date"),
                        max("unit_date").as("last_purchase_date"),
                        count(lit(1)).minus(1).as("repeat_purchases"),
                        avg(when(col("__order").gt(1), col("unit_revenue"))).cast("double").as("mean_repeat_spend"))
                .withColumn("time_of_last_purchase",
                        datediff(col("last_purchase_date"), col("first_purchase_date")).divide(unitDays))
                .withColumn("age", datediff(lit(end), col("first_purchase_date")).divide(unitDays))
                .select("customer_key", "first_purchase_date", "repeat_purchases", "time_of_last_purchase", "age",
                        "mean_repeat_spend");
    }

    /** The BG/NBD input: how many customers share each (x, t_x, T). */
    public static Dataset<Row> historyGroups(Dataset<Row> histories) {
        return histories.groupBy("repeat_purchases", "time_of_last_purchase", "age").agg(count(lit(1)).as("customers"));
    }

    /**
     * The Gamma-Gamma input: repeat customers grouped by x and mean spend to the cent. The
     * likelihood needs each customer's spend, so this grows with repeat customers; grouping to
     * the cent keeps it to distinct values.
     */
    public static Dataset<Row> spendGroups(Dataset<Row> histories) {
        return histories.filter(col("repeat_purchases").gt(0))
                .groupBy(col("repeat_purchases"), round(col("mean_repeat_spend"), 2).as("mean_repeat_spend"))
                .agg(count(lit(1)).as("customers"));
    }

    public static List<BgNbd.Observation> bgNbdObservations(List<Row> groups) {
        List<BgNbd.Observation> result = new ArrayList<>(groups.size());
        for (Row row : groups) {
            result.add(new BgNbd.Observation(row.getLong(0), row.getDouble(1), row.getDouble(2), row.getLong(3)));
        }
        return result;
    }

    public static List<GammaGamma.Observation> gammaGammaObservations(List<Row> groups) {
        List<GammaGamma.Observation> result = new ArrayList<>(groups.size());
        for (Row row : groups) {
            if (row.getDouble(1) > 0) {
                result.add(new GammaGamma.Observation(row.getLong(0), row.getDouble(1), row.getLong(2)));
            }
        }
        return result;
    }

    /**
     * Per customer: P(alive), expected purchases over {@code horizon} time units, expected spend
     * per purchase (Gamma-Gamma; the population mean for customers without repeat purchases)
     * and expected value = purchases × spend.
     */
    public static Dataset<Row> score(Dataset<Row> histories, BgNbd.Fit purchases, GammaGamma.Fit spend, double horizon) {
        StructType output = histories.schema()
                .add("probability_alive", DataTypes.DoubleType)
                .add("expected_purchases", DataTypes.DoubleType)
                .add("expected_spend", DataTypes.DoubleType)
                .add("expected_value", DataTypes.createDecimalType(18, 2));
        int x = histories.schema().fieldIndex("repeat_purchases");
        int tx = histories.schema().fieldIndex("time_of_last_purchase");
        int age = histories.schema().fieldIndex("age");
        int mean = histories.schema().fieldIndex("mean_repeat_spend");
        MapFunction<Row, Row> scoreOne = row -> {
            long repeat = row.getLong(x);
            double last = row.getDouble(tx);
            double t = row.getDouble(age);
            double alive = purchases.probabilityAlive(repeat, last, t);
            double expected;
            try {
                expected = purchases.expectedPurchases(horizon, repeat, last, t);
            } catch (ArithmeticException e) {
                expected = Double.NaN; // the series does not converge for this customer: left unscored below
            }
            Double perPurchase = null;
            if (spend != null) {
                try {
                    perPurchase = spend.conditionalExpectedSpend(repeat, repeat == 0 || row.isNullAt(mean) ? 0.0 : row.getDouble(mean));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    perPurchase = null;
                }
            }
            // a fit on a small sample can give a customer a value no number holds (NaN, infinity, a series
            // that does not converge): that customer is left unscored (null) rather than failing every
            // customer; ClvJob warns with the count
            Double value = perPurchase == null || !Double.isFinite(expected * perPurchase) ? null : expected * perPurchase;
            return Rows.appended(row, finite(alive), finite(expected), perPurchase == null ? null : finite(perPurchase),
                    value == null ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP));
        };
        return histories.map(scoreOne, Encoders.row(output));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The calibration/holdout check: customers grouped by their calibration repeat purchases
     * (0 … 6, then 7+), with the average purchases they made in the holdout against the average
     * the calibration fit predicted for it.
     */
    public static Dataset<Row> holdoutCheck(Dataset<Row> scoredCalibration, Dataset<Row> units, LocalDate calibrationEnd,
                                            LocalDate holdoutEnd) {
        Dataset<Row> actual = units.filter(col("unit_date").gt(lit(Date.valueOf(calibrationEnd)))
                        .and(col("unit_date").leq(lit(Date.valueOf(holdoutEnd)))))
                .groupBy("customer_key").agg(count(lit(1)).as("holdout_purchases"));
        Column bucket = when(col("repeat_purchases").geq(7), lit("7+")).otherwise(col("repeat_purchases").cast("string"));
        return scoredCalibration.join(actual, new String[] {"customer_key"}, "left")
                .groupBy(bucket.as("calibration_repeat_purchases"))
                .agg(count(lit(1)).as("customers"),
                        avg(org.apache.spark.sql.functions.coalesce(col("holdout_purchases"), lit(0L))).as("actual_purchases_per_customer"),
                        avg("expected_purchases").as("predicted_purchases_per_customer"))
                .orderBy("calibration_repeat_purchases");
    }
}
