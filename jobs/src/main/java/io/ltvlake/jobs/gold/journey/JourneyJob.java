package io.ltvlake.jobs.gold.journey;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig;
import io.ltvlake.jobs.gold.shared.PlanLevels;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.jobs.silver.SilverTables;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;

/**
 * The customer journey in people and the profit formula (DESIGN §4) per period of
 * {@code journey.periods} and channel, with the formula's plan levels. Rebuilt in full as of the
 * run date, so a rerun gives the same rows.
 */
public final class JourneyJob extends DeclaredJob {

    public JourneyJob() {
        super("journey",
                "journey stages in people per period, channel and job; the profit formula with its LMDI decomposition and plan",
                List.of("attribution", "deals"),
                List.of(JourneyTables.JOURNEY_STAGES, JourneyTables.PROFIT_FORMULA, JourneyTables.PROFIT_FORMULA_PLAN));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Settings settings = context.settings();
        JourneyConfig journey = settings.section(JourneyConfig.class);
        ProfitFunnelConfig funnel = settings.section(ProfitFunnelConfig.class);
        Dataset<Row> touches = lake.read(AssociatedConversionsTables.TOUCHES);
        Dataset<Row> leads = lake.read(AssociatedConversionsTables.LEADS);
        result.read(lake.rows(AssociatedConversionsTables.TOUCHES)).read(lake.rows(DealsTables.DEALS));
        // both marts start from the same counts of people, a few rows per period: computed once
        Dataset<Row> cells = JourneyTransforms.cells(JourneyTransforms.personPeriods(touches, leads, lake.read(DealsTables.DEALS),
                lake.read(SilverTables.ORDERS), journey.periods(), journey.twoWeeksFrom(), context.runDate()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            context.step("journey stages");
            result.wrote(lake.overwrite(JourneyTables.JOURNEY_STAGES, JourneyTransforms.stages(cells,
                    impressions(lake, settings), journey.periods(), journey.twoWeeksFrom(), context.runDate())));
            context.step("profit formula");
            result.wrote(lake.overwrite(JourneyTables.PROFIT_FORMULA, JourneyTransforms.formula(cells, context.runDate())));
        } finally {
            cells.unpersist();
        }
        List<Row> lines = new ArrayList<>();
        for (ProfitFunnelConfig.PlanLevel level : funnel.plan()) {
            lines.add(RowFactory.create(level.month().map(m -> Date.valueOf(m.atDay(1))).orElse(null),
                    level.channel().orElse(JourneyTransforms.ALL), level.metric(), level.min(), level.base(), level.max()));
        }
        result.wrote(lake.overwrite(JourneyTables.PROFIT_FORMULA_PLAN, JourneyTransforms.formulaPlan(
                lake.read(JourneyTables.PROFIT_FORMULA), context.spark().createDataFrame(lines, PlanLevels.LINE),
                ProfitFunnelConfig.FORMULA_METRICS)));
        sayLastMonth(context);
        return result.build();
    }

    /** Ad impressions by date and channel, when the ad cost export carries an impressions column. */
    private static Optional<Dataset<Row>> impressions(Lake lake, Settings settings) {
        Dataset<Row> adCosts = lake.read(SilverTables.AD_COSTS);
        if (!Arrays.asList(adCosts.columns()).contains("impressions")) {
            return Optional.empty();
        }
        return Optional.of(ChannelRules.assign(adCosts, settings.section(ChannelsConfig.class))
                .select("date", "channel", "impressions"));
    }

    /** The latest complete month of the business as a whole, in people, with the step to fix first. */
    private static void sayLastMonth(JobContext context) {
        Dataset<Row> months = context.lake().read(JourneyTables.JOURNEY_STAGES)
                .filter(col("period_type").equalTo(JourneyConfig.Period.MONTH.label())
                        .and(col("channel").equalTo(JourneyTransforms.ALL)).and(col("job").equalTo(JourneyTransforms.ALL))
                        .and(col("is_partial_period").unary_$bang()));
        // the latest month's stages, in one query: a month has at most one row per stage
        List<Row> stages = months.orderBy(col("period_start").desc(), col("stage_order"))
                .limit(JourneyTransforms.STAGES.size()).collectAsList();
        if (stages.isEmpty()) {
            return;
        }
        Object latest = stages.get(0).getAs("period_start");
        TextTable table = new TextTable("stage", "people", "step conversion", "weakest").alignRight(1, 2);
        for (Row stage : stages) {
            table.row(stage.getAs("stage"), stage.isNullAt(stage.fieldIndex("people")) ? "-" : TextTable.count(stage.<Long>getAs("people")),
                    stage.isNullAt(stage.fieldIndex("step_conversion")) ? "-"
                            : String.format("%.1f %%", 100 * stage.<Double>getAs("step_conversion")),
                    stage.<Boolean>getAs("is_weakest_step") ? "fix first" : "");
        }
        context.say("the journey in people, " + latest.toString().substring(0, 7) + ", all channels and jobs:");
        table.render().lines().forEach(context::say);
    }
}
