package io.ltvlake.jobs.gold.cohorts;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: CohortJob writes them, everyone else reads them from here. */
public final class CohortsTables {

    private CohortsTables() {}

    private static final List<String> CELL_KEY = List.of("split_type", "split_value", "cohort_month", "months_since_acquisition");

    public static final TableSpec COHORT_RETENTION = TableSpec.of("gold.cohort_retention",
            "one row per split, cohort month and month since acquisition", CELL_KEY,
            "Cohort retention: customers by the month of their first purchase (split_type all, first_touch_channel or "
                    + "first_job), and for each month since acquisition (0 = the cohort month) up to the run month: cohort "
                    + "size, active customers (a purchase in the month, upsells count), retention_percent of the cohort, "
                    + "orders, deals opened and revenue. is_partial_month marks the run month before its end.")
            .documented(
                    "split_type", "all, first_touch_channel or first_job",
                    "split_value", "the channel or job; 'all' for split_type all",
                    "cohort_month", "the business month of the customers' first purchase",
                    "months_since_acquisition", "0 = the cohort month, 1 = the next, ...",
                    "activity_month", "cohort_month + months_since_acquisition",
                    "is_partial_month", "true for the run month before its end",
                    "cohort_customers", "customers in the cohort",
                    "active_customers", "cohort customers with a purchase in the month (upsells count)",
                    "retention_percent", "active_customers / cohort_customers x 100",
                    "orders", "the cohort's purchases in the month",
                    "deals", "deals the cohort opened in the month",
                    "revenue", "the cohort's revenue in the month, in the currency of the source")
            .check(Expectation.expression("active_within_cohort", "active_customers <= cohort_customers"))
            .check(Expectation.expression("retention_is_a_percent", "retention_percent between 0 and 100"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec COHORT_LTV = TableSpec.of("gold.cohort_ltv",
            "one row per split, cohort month and month since acquisition", CELL_KEY,
            "The LTV curve: per split and cohort, revenue and cumulative revenue per cohort customer by month since "
                    + "acquisition; margin and cumulative margin per customer while every order so far has a unit cost "
                    + "(null after a month with an uncosted order).")
            .documented(
                    "split_type", "all, first_touch_channel or first_job",
                    "split_value", "the channel or job; 'all' for split_type all",
                    "cohort_month", "the business month of the customers' first purchase",
                    "months_since_acquisition", "0 = the cohort month, 1 = the next, ...",
                    "activity_month", "cohort_month + months_since_acquisition",
                    "is_partial_month", "true for the run month before its end",
                    "cohort_customers", "customers in the cohort",
                    "revenue", "the cohort's revenue in the month, in the currency of the source",
                    "margin", "the cohort's margin in the month; null when an order has no cost",
                    "cumulative_revenue", "revenue from the cohort month to this one",
                    "cumulative_revenue_per_customer", "cumulative_revenue / cohort_customers: the LTV curve",
                    "cumulative_margin", "margin so far; null from the first month with an uncosted order",
                    "cumulative_margin_per_customer", "cumulative_margin / cohort_customers")
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec CHANNEL_CAC = TableSpec.of("gold.channel_cac", "one row per channel and month with ad costs",
            List.of("acquisition_month", "channel"),
            "Customer acquisition cost per channel and month: ad cost / new customers whose first touch was the channel; "
                    + "LTV (cumulative revenue per customer) after 3, 6 and 12 months counting the acquisition month and "
                    + "LTV/CAC; payback_month = first month since acquisition whose cumulative margin (payback_basis: "
                    + "revenue when costs are unknown) per customer reaches the CAC. Empty without ad costs.")
            .documented(
                    "acquisition_month", "the business month of the new customers' first purchase",
                    "channel", "their first touch's channel",
                    "ad_cost", "ad spend of the channel in the month, in the currency of the source",
                    "new_customers", "customers acquired in the month whose first touch was the channel",
                    "cac", "ad_cost / new_customers; null without new customers",
                    "ltv_3_months", "cumulative revenue per customer after 3 months, the acquisition month counted",
                    "ltv_to_cac_3_months", "ltv_3_months / cac",
                    "ltv_6_months", "cumulative revenue per customer after 6 months",
                    "ltv_to_cac_6_months", "ltv_6_months / cac",
                    "ltv_12_months", "cumulative revenue per customer after 12 months",
                    "ltv_to_cac_12_months", "ltv_12_months / cac",
                    "payback_month", "the first month since acquisition whose cumulative payback_basis per customer reaches the CAC; null when not yet",
                    "payback_basis", "margin, or revenue when costs are unknown")
            .refreshed(Refresh.Kind.PERIOD);
}
