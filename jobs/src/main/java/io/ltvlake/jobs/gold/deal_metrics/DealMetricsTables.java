package io.ltvlake.jobs.gold.deal_metrics;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: RepeatDealsJob writes them, everyone else reads them from here. */
public final class DealMetricsTables {

    private DealMetricsTables() {}

    public static final TableSpec REPEAT_DEAL_METRICS = TableSpec.of("gold.repeat_deal_metrics", "one row per deal number",
            List.of("deal_seq"),
            "By deal number (1 = first deal): customers who got that far, conversion from the previous number, days "
                    + "since the previous deal (p25, median, p75), average check and its change, revenue, and margin "
                    + "over deals with known costs.");
}
