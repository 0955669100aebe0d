package io.ltvlake.jobs.gold.cohorts;

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
                    + "orders, deals opened and revenue. is_partial_month marks the run month before its end.");

    public static final TableSpec COHORT_LTV = TableSpec.of("gold.cohort_ltv",
            "one row per split, cohort month and month since acquisition", CELL_KEY,
            "The LTV curve: per split and cohort, revenue and cumulative revenue per cohort customer by month since "
                    + "acquisition; margin and cumulative margin per customer while every order so far has a unit cost "
                    + "(null after a month with an uncosted order).");

    public static final TableSpec CHANNEL_CAC = TableSpec.of("gold.channel_cac", "one row per channel and month with ad costs",
            List.of("acquisition_month", "channel"),
            "Customer acquisition cost per channel and month: ad cost / new customers whose first touch was the channel; "
                    + "LTV (cumulative revenue per customer) after 3, 6 and 12 months counting the acquisition month and "
                    + "LTV/CAC; payback_month = first month since acquisition whose cumulative margin (payback_basis: "
                    + "revenue when costs are unknown) per customer reaches the CAC. Empty without ad costs.");
}
