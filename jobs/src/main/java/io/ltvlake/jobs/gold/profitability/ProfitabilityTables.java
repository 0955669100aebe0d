package io.ltvlake.jobs.gold.profitability;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: ProfitabilityJob writes them, everyone else reads them from here. */
public final class ProfitabilityTables {

    /** non_target_reason values. */
    public static final String LOW_AVERAGE_CHECK = io.ltvlake.jobs.gold.shared.NonTarget.LOW_AVERAGE_CHECK;
    public static final String NEGATIVE_MARGIN = io.ltvlake.jobs.gold.shared.NonTarget.NEGATIVE_MARGIN;

    private ProfitabilityTables() {}

    public static final TableSpec CUSTOMER_PROFITABILITY = TableSpec.of("gold.customer_profitability",
            "one row per customer with a deal", List.of("customer_key"),
            "Per customer as of the run date: deals and revenue so far; deals, revenue, average check, deals a month and "
                    + "gross margin (where unit_cost is known) over targeting.lookback; margin after the cost to serve; the "
                    + "acquisition cost of the customer's first touch channel (gold.channel_cac); "
                    + "and whether the customer is non-target (costs more than they bring: targeting.*), with the rule "
                    + "that says so. Non-target customers get the RFM segment non_target and are left out of triggers "
                    + "and contact extracts.")
            .documented(
                    "as_of_date", "the run date",
                    "customer_key", "the customer (identity component)",
                    "deals", "deals opened up to as_of_date",
                    "revenue", "their revenue",
                    "first_deal_date", "business day of the first deal",
                    "deals_in_lookback", "deals opened in the targeting.lookback days up to as_of_date",
                    "revenue_in_lookback", "their revenue",
                    "average_check", "revenue_in_lookback / deals_in_lookback; null without a deal in the lookback",
                    "deals_per_month", "deals_in_lookback / months of the lookback the customer has been one (at least 1)",
                    "margin_in_lookback", "gross margin of those deals; null when any of them lacks unit_cost",
                    "margin_after_service", "margin_in_lookback - targeting.cost-to-serve-per-deal x deals_in_lookback",
                    "is_non_target", "a targeting rule holds",
                    "non_target_reason", "low_average_check or negative_margin (the first rule that holds); null for target customers",
                    "first_touch_channel", "the channel of the customer's earliest web session up to their first purchase "
                            + "(the default channel without one): the channel gold.channel_cac counts them under",
                    "acquisition_cost", "gold.channel_cac's CAC of first_touch_channel in the month of the first purchase; "
                            + "null when that channel had no ad cost that month (direct, organic)")
            .check(Expectation.acceptedValues("non_target_reason", LOW_AVERAGE_CHECK, NEGATIVE_MARGIN),
                    Expectation.expression("reason_iff_non_target", "is_non_target = (non_target_reason IS NOT NULL)"))
            .refreshed(Refresh.Kind.RUN_DATE);
}
