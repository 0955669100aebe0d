package io.ltvlake.jobs.gold.manager_performance;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
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
                    + "as monthly averages, ratios pooled.")
            .documented(
                    "manager_id", "the manager; 'unassigned' for deals without one",
                    "month", "the business month (its first day)",
                    "calls_handled", "calls the manager answered or made",
                    "leads", "unique target inbound calls the manager answered",
                    "converted_leads", "leads whose caller opened a deal within calls.deal-window-days",
                    "lead_to_first_deal_conversion", "converted_leads / leads: leads whose person opened a first deal (gold/shared/Leads), 0-1",
                    "deals", "deals the manager opened (the opening order's manager)",
                    "first_deals", "of them, first deals",
                    "repeat_deals", "of them, repeat deals",
                    "revenue", "revenue of those deals, in the currency of the source",
                    "average_check", "revenue / deals",
                    "deal_orders", "orders of those deals",
                    "immediate_upsells", "immediate upsell orders of those deals",
                    "deferred_upsells", "deferred upsell orders of those deals",
                    "immediate_upsell_share", "immediate_upsells / deal_orders, 0-1",
                    "deferred_upsell_share", "deferred_upsells / deal_orders, 0-1",
                    "trailing_months", "months in the trailing window: up to 6, fewer since the manager started",
                    "calls_handled_trailing_6_months", "calls handled per month over the trailing months",
                    "lead_to_first_deal_conversion_trailing_6_months", "lead_to_first_deal_conversion pooled over the trailing months",
                    "deals_trailing_6_months", "deals per month over the trailing months",
                    "revenue_trailing_6_months", "revenue per month over the trailing months",
                    "average_check_trailing_6_months", "average check pooled over the trailing months",
                    "immediate_upsell_share_trailing_6_months", "immediate upsell share pooled over the trailing months",
                    "deferred_upsell_share_trailing_6_months", "deferred upsell share pooled over the trailing months",
                    "repeat_deals_trailing_6_months", "repeat deals per month over the trailing months")
            .check(Expectation.expression("deals_add_up", "deals = first_deals + repeat_deals"))
            .check(Expectation.expression("lead_to_first_deal_conversion_is_a_share", "lead_to_first_deal_conversion between 0 and 1"))
            .check(Expectation.expression("immediate_upsell_share_is_a_share", "immediate_upsell_share between 0 and 1"))
            .check(Expectation.expression("deferred_upsell_share_is_a_share", "deferred_upsell_share between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);
}
