package io.ltvlake.jobs.gold.deal_metrics;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: RepeatDealsJob writes them, everyone else reads them from here. */
public final class DealMetricsTables {

    private DealMetricsTables() {}

    public static final TableSpec REPEAT_DEAL_METRICS = TableSpec.of("gold.repeat_deal_metrics", "one row per deal number",
            List.of("deal_seq"),
            "By deal number (1 = first deal): customers who got that far, conversion from the previous number, days "
                    + "since the previous deal (p25, median, p75), average check and its change, revenue, and margin "
                    + "over deals with known costs.")
            .documented(
                    "deal_seq", "the deal number: 1 = first deal, 2 = second, ...",
                    "customers", "customers with a deal of that number",
                    "conversion_from_previous", "customers / customers of the previous number, 0-1; null for 1",
                    "days_since_previous_p25", "25th percentile of days from the previous deal",
                    "days_since_previous_median", "median days from the previous deal",
                    "days_since_previous_p75", "75th percentile of days from the previous deal",
                    "average_check", "average deal revenue, in the currency of the source",
                    "average_check_change", "average_check minus the previous number's",
                    "average_check_change_percent", "that change in percent of the previous average_check",
                    "revenue", "revenue of the deals, in the currency of the source",
                    "deals_with_cost", "deals whose every order has a cost",
                    "margin", "margin of the deals with cost, in the currency of the source",
                    "margin_per_deal", "margin / deals_with_cost")
            .check(Expectation.expression("conversion_from_previous_is_a_share", "conversion_from_previous between 0 and 1"))
            .refreshed(Refresh.Kind.WHOLE_HISTORY);
}
