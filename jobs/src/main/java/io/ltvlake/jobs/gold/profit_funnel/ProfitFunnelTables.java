package io.ltvlake.jobs.gold.profit_funnel;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: ProfitFunnelJob writes them, everyone else reads them from here. */
public final class ProfitFunnelTables {

    private ProfitFunnelTables() {}

    public static final TableSpec PROFIT_FUNNEL = TableSpec.of("gold.profit_funnel",
            "one row per month and channel with activity, plus one (all) row per month", List.of("month", "channel"),
            "The profit funnel per business month and channel: sessions, leads (unique target calls + unique web leads, "
                    + "gold/shared/Leads) with first_deals_from_leads and lead_to_first_deal_conversion (never above 1), deals "
                    + "(channel = last touch in the attribution lookback) with first and repeat deals (repeat deals are no "
                    + "lead conversion), revenue, margin, average check, and with ad costs CPL, CAC and ROMI. channel '(all)' "
                    + "sums the month. is_partial_month marks the run month before its end. Counted in events; "
                    + "gold.journey_stages counts the same steps in people.");

    public static final TableSpec PROFIT_FUNNEL_PLAN = TableSpec.of("gold.profit_funnel_plan",
            "one row per month, channel and planned metric", List.of("month", "channel", "metric"),
            "Plan levels from ltvlake.funnel.plan beside the actuals of gold.profit_funnel: actual, plan_min, plan_base, "
                    + "plan_max, plan_status (below_min, min_to_base, base_to_max, above_max) and base_attainment = "
                    + "actual / base. A line for a month wins over the line for every month. Empty without a plan.");
}
