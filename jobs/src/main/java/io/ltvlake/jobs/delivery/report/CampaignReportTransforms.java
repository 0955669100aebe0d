package io.ltvlake.jobs.delivery.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.campaign_effect.CampaignEffectTransforms;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The small aggregates of the report's "Campaign effect" section. */
public final class CampaignReportTransforms {

    /** Weeks of contact pressure the section shows, the run date's week included. */
    public static final int PRESSURE_WEEKS = 4;

    private CampaignReportTransforms() {}

    /**
     * Each campaign and each trigger over all its weeks (the {@code all} rows of {@code gold.campaign_effect}, one per
     * campaign or trigger: few), campaigns first, then triggers, each by name.
     */
    public static Dataset<Row> campaignsOverAllWeeks(Dataset<Row> effect) {
        return effect.filter(col("period_type").equalTo(CampaignEffectTransforms.ALL))
                .select("campaign_kind", "campaign", "period_start", "period_end", "recipients", "control_size",
                        "recipient_conversion", "control_conversion", "conversion_uplift", "conversion_uplift_low",
                        "conversion_uplift_high", "incremental_deals", "incremental_deals_low", "incremental_revenue",
                        "cost", "cost_per_incremental_deal", "verdict", "is_response_window_complete", "data_issues")
                .orderBy("campaign_kind", "campaign");
    }

    /**
     * Per week of the last {@link #PRESSURE_WEEKS} up to {@code date} (Mondays after {@code date} minus
     * {@code 7 * PRESSURE_WEEKS} days, up to {@code date}), from {@code gold.contact_pressure}: the people messaged,
     * the messages they received and the people over messages.max-per-week; sorted by week.
     */
    public static Dataset<Row> pressureByWeek(Dataset<Row> pressure, LocalDate date) {
        return pressure.filter(col("week_start").gt(lit(java.sql.Date.valueOf(date.minusDays(7L * PRESSURE_WEEKS))))
                        .and(col("week_start").leq(lit(java.sql.Date.valueOf(date)))))
                .groupBy("week_start")
                .agg(count(lit(1)).as("people"), sum("messages").as("messages"),
                        count(when(col("is_over_cap"), 1)).as("people_over_cap"))
                .orderBy("week_start");
    }
}
