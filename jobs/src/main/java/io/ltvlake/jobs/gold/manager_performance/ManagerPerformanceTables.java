package io.ltvlake.jobs.gold.manager_performance;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: ManagerPerformanceJob writes them, everyone else reads them from here. */
public final class ManagerPerformanceTables {

    private ManagerPerformanceTables() {}

    public static final TableSpec MANAGER_PERFORMANCE = TableSpec.of("gold.manager_performance",
            "one row per manager and business month from the manager's first to last active month", List.of("manager_id", "month"),
            "Per manager and month: calls handled (answered or made), leads (unique target calls) and "
                    + "lead_to_first_deal_conversion (converted_leads: first deals that came from them, gold/shared/Leads, the "
                    + "profit funnel's definition; never above 1), deals the manager opened (the opening order's "
                    + "manager; 'unassigned' without one), first and repeat deals, revenue and average_check, immediate and "
                    + "deferred upsell shares of the orders of those deals; beside each, the value over the 6 months ending "
                    + "with the month, this month included (trailing_months says how many since the manager started): counts "
                    + "as monthly averages, ratios pooled.");
}
