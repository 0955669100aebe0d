package io.ltvlake.jobs.gold.profitability;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.jobs.gold.shared.NonTarget;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Customer profitability and the non-target flag (DESIGN §4 "Cycles and triggers"). */
public final class ProfitabilityTransforms {

    private ProfitabilityTransforms() {}

    /**
     * One row per customer with a deal up to {@code asOf} ({@code gold.customer_profitability}), by the shared
     * non-target rule ({@link NonTarget#customerProfitability}) with the {@code targeting} settings: {@code
     * low_average_check} when the average check is below {@code targeting.min-average-check} and the customer makes at
     * least {@code targeting.min-deals-per-month}; {@code negative_margin} when the margin after the cost to serve is
     * below 0.
     */
    public static Dataset<Row> customerProfitability(Dataset<Row> deals, LocalDate asOf, TargetingConfig targeting) {
        return NonTarget.customerProfitability(deals, List.of(asOf), targeting.rule());
    }

    /**
     * {@code customerProfitability} rows with how each customer was acquired: {@code first_touch_channel}
     * and {@code acquisition_cost}, the CAC of that channel in the month of their first purchase. Input:
     * the customers' acquisitions ({@code customer_key, cohort_month, first_touch_channel}, as
     * {@code Acquisition.customers} gives them, the definition {@code gold.channel_cac} counts new customers
     * by) and {@code gold.channel_cac} ({@code acquisition_month, channel, cac}). A channel without ad cost
     * that month (direct, organic) has no CAC row, and its customers a null cost, never 0.
     */
    public static Dataset<Row> withAcquisitionCost(Dataset<Row> profitability, Dataset<Row> acquisitions, Dataset<Row> channelCac) {
        Dataset<Row> costs = channelCac.select(col("acquisition_month").as("cohort_month"), col("channel").as("first_touch_channel"),
                col("cac").as("acquisition_cost"));
        Dataset<Row> acquired = acquisitions.select("customer_key", "cohort_month", "first_touch_channel")
                .join(costs, new String[] {"cohort_month", "first_touch_channel"}, "left")
                .select("customer_key", "first_touch_channel", "acquisition_cost");
        return profitability.join(acquired, new String[] {"customer_key"}, "left");
    }
}
