package io.ltvlake.jobs.gold.campaign_effect;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.SampleTruth;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.campaign_effect: every campaign and trigger against its control group, per send week and over all its
 * weeks. Rebuilt in full as of the run date, so a rerun gives the same rows. A lake without messages skips it.
 */
public final class CampaignEffectJob extends DeclaredJob {

    public CampaignEffectJob() {
        super("campaign_effect",
                "campaign and trigger effect against control groups: conversion and revenue uplift with 95 % intervals, verdict",
                List.of("deals"),
                List.of(CampaignEffectTables.CAMPAIGN_EFFECT));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        if (!lake.exists(SilverTables.MESSAGES)) {
            context.say("skipped: no source has delivered messages (silver.messages does not exist)");
            return result.build();
        }
        CampaignsConfig config = context.settings().section(CampaignsConfig.class);
        result.read(lake.rows(SilverTables.MESSAGES)).read(lake.rows(DealsTables.DEALS));
        context.step("measure campaigns against their control groups");
        Lake.Write write = lake.overwrite(CampaignEffectTables.CAMPAIGN_EFFECT, CampaignEffectTransforms.campaignEffect(
                lake.read(SilverTables.MESSAGES), lake.read(DealsTables.DEALS), config, context.runDate()));
        result.wrote(write);
        context.say(TextTable.count(write.rowsWritten()) + " campaign and trigger periods; conversion = a deal within "
                + config.responseDays() + " days of the first message, verdicts need " + config.minGroupSize()
                + " people per group");
        sayCampaigns(context, result);
        SampleTruth.read(context, SampleTruth.CAMPAIGNS).ifPresent(planted -> sayAgainstPlanted(context, planted));
        return result.build();
    }

    /** On the generator's sample: each planted campaign's uplift against what was measured. */
    private static void sayAgainstPlanted(JobContext context, Dataset<Row> planted) {
        List<Row> rows = CampaignTruth.measuredAgainstPlanted(context.lake().read(CampaignEffectTables.CAMPAIGN_EFFECT), planted)
                .orderBy("campaign_kind", "campaign").collectAsList();
        TextTable table = new TextTable("campaign", "planted uplift", "measured [95 % interval]", "planted in interval", "verdict")
                .alignRight(1, 2);
        for (Row row : rows) {
            table.row(row.<String>getAs("campaign_kind") + " " + row.<String>getAs("campaign"),
                    row.isNullAt(row.fieldIndex("planted_uplift")) ? "-"
                            : String.format("%+.2f pt", 100 * row.<Double>getAs("planted_uplift")),
                    row.isNullAt(row.fieldIndex("conversion_uplift_low")) ? "-" : String.format("%+.2f pt [%+.2f, %+.2f]",
                            100 * row.<Double>getAs("conversion_uplift"), 100 * row.<Double>getAs("conversion_uplift_low"),
                            100 * row.<Double>getAs("conversion_uplift_high")),
                    row.isNullAt(row.fieldIndex("is_planted_in_interval")) ? "-"
                            : row.<Boolean>getAs("is_planted_in_interval") ? "yes" : "no",
                    row.isNullAt(row.fieldIndex("verdict")) ? "-" : row.<String>getAs("verdict"));
        }
        context.say("measured against the generator's planted uplift (truth/campaigns.csv):");
        table.render().lines().forEach(context::say);
    }

    /** Each campaign over all its weeks (one row per campaign: few), and every data issue as a warning. */
    private static void sayCampaigns(JobContext context, JobResult.Builder result) {
        List<Row> rows = context.lake().read(CampaignEffectTables.CAMPAIGN_EFFECT)
                .filter(col("period_type").equalTo(CampaignEffectTransforms.ALL))
                .orderBy("campaign_kind", "campaign")
                .select("campaign_kind", "campaign", "recipients", "control_size", "recipient_conversion",
                        "control_conversion", "conversion_uplift", "conversion_uplift_low", "conversion_uplift_high",
                        "verdict", "data_issues").collectAsList();
        TextTable table = new TextTable("campaign", "recipients", "control", "conv. recipients", "conv. control",
                "uplift [95 % interval]", "verdict").alignRight(1, 2, 3, 4);
        for (Row row : rows) {
            table.row(row.getString(0) + " " + row.getString(1), TextTable.count(row.getLong(2)), TextTable.count(row.getLong(3)),
                    percent(row, 4), percent(row, 5), row.isNullAt(6) ? "-"
                            : String.format("%+.2f pt [%+.2f, %+.2f]", 100 * row.getDouble(6), 100 * row.getDouble(7),
                            100 * row.getDouble(8)), row.getString(9));
            if (!row.isNullAt(10)) {
                context.warn(result, "data issue in " + row.getString(0) + " '" + row.getString(1) + "': " + row.getString(10));
            }
        }
        if (!rows.isEmpty()) {
            context.say("campaigns over all their weeks (measured uplift in conversion points):");
            table.render().lines().forEach(context::say);
        }
    }

    private static String percent(Row row, int i) {
        return row.isNullAt(i) ? "-" : String.format("%.2f %%", 100 * row.getDouble(i));
    }
}
