package io.ltvlake.jobs.gold.profit_funnel;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.spark.SqlPredicates;
import io.ltvlake.jobs.gold.associated_conversions.AttributionJob;
import io.ltvlake.jobs.gold.associated_conversions.AttributionTransforms;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The profit-formula funnel (DESIGN §4) per month and channel, and the plan levels from config
 * beside the actuals. Rebuilt in full as of the run date, so a rerun gives the same rows.
 */
public final class ProfitFunnelJob implements Job {

    public static final TableSpec PROFIT_FUNNEL = TableSpec.of("gold.profit_funnel",
            "one row per month and channel with activity, plus one (all) row per month", List.of("month", "channel"),
            "The profit formula per business month and channel: sessions, leads (unique target calls + unique web leads), "
                    + "deals (channel = last touch in the attribution lookback) with first and repeat deals, revenue, margin, "
                    + "average check, the conversions between steps, and with ad costs CPL, CAC and ROMI. channel '(all)' sums "
                    + "the month. is_partial_month marks the run month before its end.");
    public static final TableSpec PROFIT_FUNNEL_PLAN = TableSpec.of("gold.profit_funnel_plan",
            "one row per month, channel and planned metric", List.of("month", "channel", "metric"),
            "Plan levels from ltvlake.funnel.plan beside the actuals of gold.profit_funnel: actual, plan_min, plan_base, "
                    + "plan_max, plan_status (below_min, min_to_base, base_to_max, above_max) and base_attainment = "
                    + "actual / base. A line for a month wins over the line for every month. Empty without a plan.");

    @Override
    public String name() {
        return "profit_funnel";
    }

    @Override
    public String description() {
        return "profit formula per month and channel: sessions, leads, deals, check, repeat deals, revenue, CPL, CAC, ROMI, plan";
    }

    @Override
    public List<String> upstream() {
        return List.of("attribution");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(PROFIT_FUNNEL, PROFIT_FUNNEL_PLAN);
    }

    @Override
    public void validate(JobContext context) {
        String webLead = context.settings().funnel().webLead();
        SqlPredicates.check(context.spark(), ProfitFunnelTransforms.WEB_LEAD_FEATURES,
                "ltvlake.funnel.web-lead (\"" + webLead + "\")", webLead, "a web-lead predicate may use "
                        + String.join(", ", ProfitFunnelTransforms.WEB_LEAD_FEATURES.fieldNames()));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Settings settings = context.settings();
        Dataset<Row> touches = lake.read(AttributionJob.TOUCHES);
        Dataset<Row> deals = lake.read(DealsJob.DEALS);
        result.read(touches.count() + deals.count());
        Dataset<Row> dealPaths = AttributionTransforms.paths(touches,
                AttributionTransforms.dealConversions(deals, context.runDate()), settings.attribution().lookbackDays());
        Dataset<Row> webLeads = ProfitFunnelTransforms.webLeads(lake.read(ConformJob.SESSIONS), touches,
                settings.funnel().webLead(), settings.calls().uniquenessDays());
        Dataset<Row> adCosts = ChannelRules.assign(lake.read(ConformJob.AD_COSTS), settings.channels());
        result.wrote(lake.overwrite(PROFIT_FUNNEL, ProfitFunnelTransforms.funnel(touches, lake.read(ConformJob.CALLS),
                webLeads, ProfitFunnelTransforms.dealsWithChannel(deals, dealPaths), adCosts, context.runDate())));
        result.wrote(lake.overwrite(PROFIT_FUNNEL_PLAN, ProfitFunnelTransforms.planBesideActuals(lake.read(PROFIT_FUNNEL),
                settings.funnel().plan())));
        sayLastMonth(context);
        return result.build();
    }

    /** The latest complete month of the business as a whole. */
    private static void sayLastMonth(JobContext context) {
        List<Row> rows = context.lake().read(PROFIT_FUNNEL).filter(col("channel").equalTo(ProfitFunnelTransforms.ALL_CHANNELS)
                .and(col("is_partial_month").unary_$bang())).orderBy(col("month").desc()).limit(1).collectAsList();
        if (rows.isEmpty()) {
            return;
        }
        Row month = rows.get(0);
        TextTable table = new TextTable("month", "sessions", "leads", "deals", "average check", "repeat deals", "revenue")
                .alignRight(1, 2, 3, 4, 5, 6);
        table.row(month.getAs("month").toString(), TextTable.count(month.<Long>getAs("sessions")),
                TextTable.count(month.<Long>getAs("leads")), TextTable.count(month.<Long>getAs("deals")),
                month.isNullAt(month.fieldIndex("average_check")) ? "-"
                        : String.format("%,.2f", month.<java.math.BigDecimal>getAs("average_check")),
                TextTable.count(month.<Long>getAs("repeat_deals")),
                String.format("%,.2f", month.<java.math.BigDecimal>getAs("revenue")));
        context.say("the profit formula, last complete month, all channels:");
        table.render().lines().forEach(context::say);
    }
}
