package io.ltvlake.jobs.gold.migration;

import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: JtbdMigrationJob writes them, everyone else reads them from here. */
public final class MigrationTables {

    private MigrationTables() {}

    public static final TableSpec JTBD_MIGRATION = TableSpec.of("gold.jtbd_migration",
            "one row per period type, from-period, from-job and to-job",
            List.of("period_type", "from_period", "from_job", "to_job"),
            "JTBD migration map for months and quarters: each customer's dominant job (most revenue) in a period -> "
                    + "in the next, with customers, from_revenue and to_revenue. from_job 'new' = first purchase, "
                    + "'none' = back after a period without purchases; to_job 'churned' = no purchase in the next period.")
            .documented(
                    "period_type", "month or quarter",
                    "from_period", "first day of the period migrated from",
                    "to_period", "first day of the next period",
                    "from_job", "the customers' dominant job in from_period; 'new' = first purchase, 'none' = no purchase in from_period",
                    "to_job", "their dominant job in to_period; 'churned' = no purchase in it",
                    "customers", "customers moving so",
                    "from_revenue", "their revenue in from_period, in the currency of the source",
                    "to_revenue", "their revenue in to_period, in the currency of the source")
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec JTBD_SEGMENT_LTV = TableSpec.of("gold.jtbd_segment_ltv", "one row per job", List.of("job"),
            "Lifetime value per job so far: customers with a deal of the job, deals, revenue, revenue per customer, "
                    + "active customer-months and revenue per active month, and those customers' lifetime revenue "
                    + "(all jobs) per customer.")
            .documented(
                    "job", "the job (JTBD)",
                    "customers", "customers with a deal of the job",
                    "deals", "deals of the job",
                    "revenue", "revenue of those deals, in the currency of the source",
                    "revenue_per_customer", "revenue / customers",
                    "active_customer_months", "months with a purchase of the job, summed over its customers",
                    "revenue_per_active_month", "revenue / active_customer_months",
                    "lifetime_revenue_per_customer", "those customers' revenue over all jobs, per customer")
            .refreshed(Refresh.Kind.WHOLE_HISTORY);
}
