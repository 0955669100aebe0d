package io.ltvlake.jobs.gold.clv;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: ClvJob writes them, everyone else reads them from here. */
public final class ClvTables {

    private ClvTables() {}

    public static final TableSpec CUSTOMER_CLV = TableSpec.of("gold.customer_clv", "one row per customer with a purchase",
            List.of("customer_key"),
            "Predicted CLV as of the run date: the customer's history in model terms (repeat_purchases x, "
                    + "time_of_last_purchase t_x, age T, in clv.time-unit), probability_alive (BG/NBD), expected_purchases "
                    + "over clv.horizon, expected_spend per purchase (Gamma-Gamma) and expected_value.");

    public static final TableSpec CLV_MODEL = TableSpec.of("gold.clv_model", "one row per fit (scoring, calibration)",
            List.of("fit"),
            "The fitted BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) parameters with log-likelihoods, customers and "
                    + "convergence; the calibration fit (with clv.holdout-date) adds predicted against actual holdout purchases.");

    public static final TableSpec CLV_HOLDOUT = TableSpec.of("gold.clv_holdout", "one row per calibration repeat-purchase count",
            List.of("calibration_repeat_purchases"),
            "Calibration/holdout check: customers by repeat purchases before clv.holdout-date (0..6, 7+), with actual "
                    + "and predicted purchases per customer after it. Empty without a holdout date.");
}
