package io.ltvlake.jobs.gold.journey;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: JourneyJob writes them, everyone else reads them from here. */
public final class JourneyTables {

    private JourneyTables() {}

    public static final TableSpec JOURNEY_STAGES = TableSpec.of("gold.journey_stages",
            "one row per period, channel, job and stage", List.of("period_type", "period_start", "channel", "job", "stage"),
            "The customer journey counted in distinct people (customer_key; an unidentified touch is a person of its own) "
                    + "per period (journey.periods: month, two_weeks ...), channel (first touch in the period) and job (of "
                    + "the first deal in the period; '(no deal)' without one); '(all)' sums channels or jobs. Stages in order: "
                    + "reach (ad impressions, null without them), visitors, leads, first_buyers, repeat_buyers, loyal_buyers, "
                    + "refusals. Step and from-first-stage conversions, the people outside the previous stage with the "
                    + "reason, and is_weakest_step against the trailing 6-period median.")
            .documented(
                    "period_type", "month, two_weeks, week or quarter (journey.periods)",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period",
                    "is_partial_period", "the period ends after the run date: its counts are still growing",
                    "channel", "channel of the person's first touch in the period; (no touch) without one; (all) for every channel",
                    "job", "job of the person's first deal in the period; (no deal) without one; (all) for every job",
                    "stage", "reach, visitors, leads, first_buyers, repeat_buyers, loyal_buyers or refusals",
                    "stage_order", "0 (reach) .. 6 (refusals)",
                    "has_traffic_data", "the period has at least one web session in the business; without it visitors are null",
                    "people", "distinct people at the stage in the period (reach: ad impressions); null when unknown, never 0 for unknown",
                    "previous_stage", "the stage before (refusals: buyers, people with any deal in the period)",
                    "previous_stage_people", "people at the previous stage",
                    "people_from_previous_stage", "people at this stage who were also at the previous stage in the period",
                    "people_outside_previous_stage", "people at this stage who were not at the previous stage in the period",
                    "outside_previous_stage_reason", "why some people are outside the previous stage; null when the stage is a subset",
                    "step_conversion", "people_from_previous_stage / previous_stage_people (never above 1; visitors: visitors / reach)",
                    "from_first_stage_conversion", "people also at the first stage / the first stage's people (first stage: visitors, or leads without traffic data)",
                    "trailing_median_step_conversion", "median step_conversion of the same stage, channel and job over the 6 periods before",
                    "step_against_median", "step_conversion / trailing_median_step_conversion",
                    "is_weakest_step", "the progression step (leads .. loyal_buyers) lowest against its own median in this funnel: fix it first")
            .check(Expectation.expression("step_conversion_at_most_1_after_visitors",
                    "stage = 'visitors' or step_conversion is null or (step_conversion >= 0 and step_conversion <= 1)"),
                    Expectation.expression("people_outside_previous_stage_explained",
                            "coalesce(people_outside_previous_stage, 0) = 0 or outside_previous_stage_reason is not null"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec PROFIT_FORMULA = TableSpec.of("gold.profit_formula",
            "one row per period and channel, plus an (all) row per period", List.of("period_type", "period_start", "channel"),
            "The profit formula per period and channel (first touch in the period): revenue = visitors x "
                    + "visitor_to_buyer_conversion x average_check x deals_per_buyer, each factor stored unrounded and "
                    + "formula_revenue (their product, to the cent) equal to revenue; against the previous period, the change "
                    + "in revenue split among the four factors by an additive log (LMDI) decomposition whose contributions add "
                    + "up to revenue_change exactly.")
            .documented(
                    "period_type", "month, two_weeks, week or quarter (journey.periods)",
                    "period_start", "first business day of the period",
                    "period_end", "last business day of the period",
                    "is_partial_period", "the period ends after the run date: its figures are still growing",
                    "channel", "channel of the person's first touch in the period; (no touch) without one; (all) for every channel",
                    "has_traffic_data", "the period has at least one web session in the business; without it visitors are null",
                    "visitors", "people with a web session in the period; null without traffic data",
                    "buyers", "people who opened a deal in the period",
                    "buyers_without_visit", "buyers with no web session in the period (offline, by phone)",
                    "deals", "deals opened in the period (upsells are part of their deal)",
                    "revenue", "the deals' revenue (their checks with upsells)",
                    "visitor_to_buyer_conversion", "buyers / visitors",
                    "average_check", "revenue / deals, unrounded",
                    "deals_per_buyer", "deals / buyers",
                    "formula_revenue", "visitors x conversion x check x deals per buyer, rounded to the cent: equals revenue",
                    "formula_note", "why the factors are null (no traffic data, no visitors in the channel, no buyers)",
                    "previous_revenue", "revenue of the previous period of the same type and channel",
                    "revenue_change", "revenue - previous_revenue",
                    "visitors_contribution", "LMDI share of revenue_change due to visitors",
                    "visitor_to_buyer_conversion_contribution", "LMDI share due to the conversion",
                    "average_check_contribution", "LMDI share due to the average check",
                    "deals_per_buyer_contribution", "LMDI share due to repeat deals; the four add up to revenue_change",
                    "decomposition_note", "why the contributions are null (no previous period, a factor 0 or unknown)")
            .check(Expectation.expression("formula_equals_revenue", "formula_revenue is null or formula_revenue = revenue"),
                    Expectation.expression("contributions_add_up", "visitors_contribution is null or visitors_contribution"
                            + " + visitor_to_buyer_conversion_contribution + average_check_contribution"
                            + " + deals_per_buyer_contribution = revenue_change"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec PROFIT_FORMULA_PLAN = TableSpec.of("gold.profit_formula_plan",
            "one row per month, channel and planned measure", List.of("month", "channel", "metric"),
            "Plan levels from ltvlake.funnel.plan for the profit formula's measures (visitors, "
                    + "visitor_to_buyer_conversion, average_check, deals_per_buyer, revenue, buyers, deals) beside the "
                    + "monthly actuals of gold.profit_formula: plan_min, plan_base, plan_max, plan_status and "
                    + "base_attainment = actual / base. Empty without such plan lines.")
            .documented(
                    "month", "the business month (its first day)",
                    "channel", "the channel, or '(all)'",
                    "metric", "the planned measure, a column of gold.profit_formula",
                    "is_partial_month", "true for the run month before its end",
                    "actual", "the measure's value in gold.profit_formula",
                    "plan_min", "the plan's minimum",
                    "plan_base", "the plan's base level",
                    "plan_max", "the plan's maximum",
                    "plan_status", "below_min, min_to_base, base_to_max or above_max",
                    "base_attainment", "actual / plan_base",
                    "plan_source", "the plan line used: one for the month, or the one for every month")
            .check(Expectation.acceptedValues("plan_status", "below_min", "min_to_base", "base_to_max", "above_max"))
            .refreshed(Refresh.Kind.PERIOD);
}
