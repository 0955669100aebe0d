package io.ltvlake.jobs.gold.campaign_effect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The measured uplift against the sample generator's planted one ({@code truth/campaigns.csv}): an honest
 * interval holds the planted uplift about 95 times in 100, and a null campaign's holds 0.
 */
public final class CampaignTruth {

    private CampaignTruth() {}

    /**
     * One row per planted campaign, and one more for a trigger campaign's trigger (gold.campaign_effect
     * measures both): {@code campaign_kind}, {@code campaign}, {@code planted_uplift}, the measured
     * {@code conversion_uplift} with {@code conversion_uplift_low} and {@code conversion_uplift_high} over all
     * its weeks, {@code verdict}, and {@code is_planted_in_interval} (null when nothing was measured or the
     * campaign had no control group). Input: gold.campaign_effect and the truth's rows ({@code campaign,
     * planted_uplift, trigger}, strings as in the CSV; trigger empty for a broadcast).
     */
    public static Dataset<Row> measuredAgainstPlanted(Dataset<Row> campaignEffect, Dataset<Row> plantedCampaigns) {
        Column uplift = col("planted_uplift").cast("double").as("planted_uplift");
        Dataset<Row> planted = plantedCampaigns
                .select(lit(CampaignEffectTransforms.CAMPAIGN).as("campaign_kind"), col("campaign"), uplift)
                .unionByName(plantedCampaigns.filter(col("trigger").isNotNull().and(col("trigger").notEqual("")))
                        .select(lit(CampaignEffectTransforms.TRIGGER).as("campaign_kind"), col("trigger").as("campaign"), uplift));
        Dataset<Row> measured = campaignEffect.filter(col("period_type").equalTo(CampaignEffectTransforms.ALL))
                .select("campaign_kind", "campaign", "conversion_uplift", "conversion_uplift_low", "conversion_uplift_high", "verdict");
        Column low = col("conversion_uplift_low");
        Column high = col("conversion_uplift_high");
        return planted.join(measured, new String[] {"campaign_kind", "campaign"}, "left")
                .withColumn("is_planted_in_interval", when(low.isNotNull().and(high.isNotNull()),
                        col("planted_uplift").between(low, high)))
                .select("campaign_kind", "campaign", "planted_uplift", "conversion_uplift", "conversion_uplift_low",
                        "conversion_uplift_high", "verdict", "is_planted_in_interval");
    }
}
