package io.ltvlake.jobs.gold.profit_funnel;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
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
                    + "gold.journey_stages counts the same steps in people.")
            .documented(
                    "month", "the business month (its first day)",
                    "channel", "the channel (last touch in the attribution lookback); '(all)' sums the month",
                    "is_partial_month", "true for the run month before its end",
                    "sessions", "web sessions",
                    "call_leads", "unique target inbound calls",
                    "web_leads", "unique web leads",
                    "leads", "call_leads + web_leads",
                    "deals", "deals opened",
                    "first_deals", "of them, first deals",
                    "repeat_deals", "of them, repeat deals",
                    "revenue", "revenue of the deals, in the currency of the source",
                    "margin", "their margin; null when a deal has no cost",
                    "average_check", "revenue / deals",
                    "session_to_lead_conversion", "leads / sessions",
                    "first_deals_from_leads", "first deals whose customer was a lead in the window (gold/shared/Leads)",
                    "lead_to_first_deal_conversion", "first_deals_from_leads / leads, never above 1; repeat deals are no lead conversion",
                    "repeat_deal_share", "repeat_deals / deals, 0-1",
                    "ad_cost", "ad spend, in the currency of the source",
                    "cpl", "ad_cost / leads",
                    "cac", "ad_cost / first_deals",
                    "romi", "(romi_basis - ad_cost) / ad_cost",
                    "romi_basis", "margin, or revenue when the margin is unknown")
            .check(Expectation.expression("leads_add_up", "leads = call_leads + web_leads"))
            .check(Expectation.expression("deals_add_up", "deals = first_deals + repeat_deals"))
            .check(Expectation.expression("repeat_deal_share_is_a_share", "repeat_deal_share between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec PROFIT_FUNNEL_PLAN = TableSpec.of("gold.profit_funnel_plan",
            "one row per month, channel and planned metric", List.of("month", "channel", "metric"),
            "Plan levels from ltvlake.funnel.plan beside the actuals of gold.profit_funnel: actual, plan_min, plan_base, "
                    + "plan_max, plan_status (below_min, min_to_base, base_to_max, above_max) and base_attainment = "
                    + "actual / base. A line for a month wins over the line for every month. Empty without a plan.")
            .documented(
                    "month", "the business month (its first day)",
                    "channel", "the channel, or '(all)'",
                    "metric", "the planned metric, a column of gold.profit_funnel",
                    "is_partial_month", "true for the run month before its end",
                    "actual", "the metric's value in gold.profit_funnel",
                    "plan_min", "the plan's minimum",
                    "plan_base", "the plan's base level",
                    "plan_max", "the plan's maximum",
                    "plan_status", "below_min, min_to_base, base_to_max or above_max",
                    "base_attainment", "actual / plan_base",
                    "plan_source", "the plan line used: one for the month, or the one for every month")
            .check(Expectation.acceptedValues("plan_status", "below_min", "min_to_base", "base_to_max", "above_max"))
            .refreshed(Refresh.Kind.PERIOD);
}
