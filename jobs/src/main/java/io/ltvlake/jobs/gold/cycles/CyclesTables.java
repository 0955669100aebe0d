package io.ltvlake.jobs.gold.cycles;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: CyclesJob writes them, everyone else reads them from here. */
public final class CyclesTables {

    /** The job value of the rows that take all of a customer's deals, whatever their job. */
    public static final String ALL_JOBS = "all";
    /** cycle_source: the customer's own intervals, the job's norm, or no interval at all. */
    public static final String OWN = "own";
    public static final String JOB_NORM = "job_norm";
    public static final String NONE = "none";

    private CyclesTables() {}

    public static final TableSpec CUSTOMER_CYCLES = TableSpec.of("gold.customer_cycles",
            "one row per as-of date, customer and job (plus job 'all')", List.of("as_of_date", "customer_key", "job"),
            "Purchase cycles per customer and job as of the run date (and the day before, so triggers can tell who "
                    + "entered a condition today): deals, intervals between consecutive deal days (median, p25, p75, "
                    + "coefficient of variation), whether the customer has a cycle of their own (cycles.min-deals, "
                    + "cycles.max-variation), the interval used and its source, expected next deal, days and cycles "
                    + "overdue, and sessions in the pre-purchase window now against the customer's usual count before "
                    + "a deal. Deals are gold.deals' deduplicated deals: upsells never shorten a cycle.")
            .partitionedBy("as_of_date")
            .documented(
                    "as_of_date", "the date every figure is as of: the run date, or the day before it",
                    "customer_key", "the customer (identity component)",
                    "job", "the job (JTBD) of the deals, or 'all' for all the customer's deals together",
                    "deals", "deals opened up to as_of_date",
                    "first_deal_date", "business day of the first deal",
                    "last_deal_date", "business day of the latest deal up to as_of_date",
                    "interval_median_days", "median days between consecutive deal days; null with one deal day (not 0)",
                    "interval_p25_days", "25th percentile of those intervals",
                    "interval_p75_days", "75th percentile of those intervals",
                    "interval_variation", "coefficient of variation of the intervals (population sd / mean)",
                    "has_cycle", "at least cycles.min-deals deal days and interval_variation at most cycles.max-variation",
                    "cycle_interval_days", "the interval the expectations use: own median, or the job's norm, or null",
                    "cycle_source", "own, job_norm (too few or irregular deals, and the job has a norm) or none",
                    "expected_next_deal_date", "last_deal_date + cycle_interval_days (rounded to days)",
                    "days_since_last_deal", "days from last_deal_date to as_of_date",
                    "days_overdue", "days past expected_next_deal_date, 0 before it",
                    "overdue_cycles", "(days_since_last_deal - cycle_interval_days) / cycle_interval_days: 0 on the "
                            + "expected day, 1 a whole cycle later, negative before",
                    "sessions_in_window", "the customer's sessions in the cycles.pre-purchase-window days up to as_of_date; "
                            + "null without sessions",
                    "usual_sessions_before_deal", "average sessions in the same number of days before each of the "
                            + "customer's deal days in the job; null without sessions")
            .check(Expectation.acceptedValues("cycle_source", OWN, JOB_NORM, NONE),
                    Expectation.expression("interval_not_zero", "interval_median_days IS NULL OR interval_median_days > 0"))
            .refreshed(Refresh.Kind.RUN_DATE);

    public static final TableSpec JOB_CYCLES = TableSpec.of("gold.job_cycles", "one row per job (plus 'all')", List.of("job"),
            "How often people buy for each job, as of the run date: customers, customers with at least one interval, the "
                    + "distribution of their median intervals (median, p25, p75 days), the share of customers with a "
                    + "cycle of their own, and whether the norm stands in for customers without one "
                    + "(cycles.job-norm-min-customers).")
            .documented(
                    "as_of_date", "the run date",
                    "job", "the job (JTBD), or 'all'",
                    "customers", "customers with a deal in the job",
                    "customers_with_interval", "customers with at least two deal days in the job",
                    "interval_median_days", "median of those customers' median intervals",
                    "interval_p25_days", "25th percentile of the customers' median intervals",
                    "interval_p75_days", "75th percentile of the customers' median intervals",
                    "cycle_share", "share of the job's customers with a cycle of their own, 0-1",
                    "is_norm", "customers_with_interval reaches cycles.job-norm-min-customers: the median stands in")
            .refreshed(Refresh.Kind.RUN_DATE);
}
