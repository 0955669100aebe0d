package io.ltvlake.jobs.gold.clv;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;

/** The tables of this mart, declared once: ClvJob writes them, everyone else reads them from here. */
public final class ClvTables {

    private ClvTables() {}

    public static final TableSpec CUSTOMER_CLV = TableSpec.of("gold.customer_clv", "one row per customer with a purchase",
            List.of("customer_key"),
            "Predicted CLV as of the run date: the customer's history in model terms (repeat_purchases x, "
                    + "time_of_last_purchase t_x, age T, in clv.time-unit), probability_alive (BG/NBD), expected_purchases "
                    + "over clv.horizon, expected_spend per purchase (Gamma-Gamma) and expected_value.")
            .documented(
                    "customer_key", "the customer (identity component)",
                    "first_purchase_date", "business day of the customer's first purchase (clv.frequency: deal or order)",
                    "repeat_purchases", "x: purchases after the first, up to the run date",
                    "time_of_last_purchase", "t_x: time from the first to the last purchase, in clv.time-unit",
                    "age", "T: time from the first purchase to the run date, in clv.time-unit",
                    "mean_repeat_spend", "average revenue of the repeat purchases, in the currency of the source; null without one",
                    "probability_alive", "BG/NBD probability the customer is still active, 0-1",
                    "expected_purchases", "BG/NBD expected purchases over clv.horizon",
                    "expected_spend", "Gamma-Gamma expected revenue per purchase, in the currency of the source",
                    "expected_value", "expected_purchases x expected_spend, in the currency of the source")
            .check(Expectation.expression("probability_alive_is_a_share", "probability_alive between 0 and 1"))
            .check(Expectation.expression("expected_value_non_negative", "expected_value >= 0"))
            // the fit gives some customers no finite expected purchases (too few repeat buyers for a stable fit, or a
            // horizon too long for their age): their predictions are null; checked with the others, in one pass
            .check(Expectation.notNull("expected_purchases").named("every_customer_scored").warn())
            .check(Expectation.relationship("customer_key", SilverTables.CUSTOMERS, "customer_key"))
            .refreshed(Refresh.Kind.RUN_DATE);

    public static final TableSpec CLV_MODEL = TableSpec.of("gold.clv_model", "one row per fit (scoring, calibration)",
            List.of("fit"),
            "The fitted BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) parameters with log-likelihoods, customers and "
                    + "convergence; the calibration fit (with clv.holdout-date) adds predicted against actual holdout purchases.")
            .documented(
                    "fit", "scoring (all history to the run date) or calibration (history to clv.holdout-date)",
                    "calibration_end_date", "the last day of the fitted history",
                    "frequency", "what a purchase is: deal or order (clv.frequency)",
                    "time_unit", "the unit of t_x and T: day, week or month (clv.time-unit)",
                    "customers", "customers fitted",
                    "repeat_customers", "customers with a repeat purchase (the Gamma-Gamma fit)",
                    "r", "BG/NBD r",
                    "alpha", "BG/NBD alpha",
                    "a", "BG/NBD a",
                    "b", "BG/NBD b",
                    "bg_nbd_log_likelihood", "log-likelihood of the BG/NBD fit",
                    "is_bg_nbd_converged", "true when the BG/NBD optimiser converged",
                    "p", "Gamma-Gamma p",
                    "q", "Gamma-Gamma q",
                    "v", "Gamma-Gamma v",
                    "gamma_gamma_log_likelihood", "log-likelihood of the Gamma-Gamma fit",
                    "is_gamma_gamma_converged", "true when the Gamma-Gamma optimiser converged",
                    "holdout_end_date", "the last day of the holdout (calibration fit only)",
                    "holdout_actual_purchases", "purchases in the holdout (calibration fit only)",
                    "holdout_predicted_purchases", "purchases the calibration fit predicted for the holdout")
            .check(// a fit that did not converge is a property of thin or odd data, not a bug: report it and keep the row
            Expectation.expression("fits_converged", "is_bg_nbd_converged and is_gamma_gamma_converged").warn())
            .refreshed(Refresh.Kind.RUN_DATE);

    public static final TableSpec CLV_HOLDOUT = TableSpec.of("gold.clv_holdout", "one row per calibration repeat-purchase count",
            List.of("calibration_repeat_purchases"),
            "Calibration/holdout check: customers by repeat purchases before clv.holdout-date (0..6, 7+), with actual "
                    + "and predicted purchases per customer after it. Empty without a holdout date.")
            .documented(
                    "calibration_repeat_purchases", "repeat purchases before clv.holdout-date: 0 .. 6 or 7+",
                    "customers", "customers with that count",
                    "actual_purchases_per_customer", "their purchases in the holdout, per customer",
                    "predicted_purchases_per_customer", "purchases the calibration fit predicted, per customer")
            .refreshed(Refresh.Kind.WHOLE_HISTORY);
}
