package io.ltvlake.jobs.gold.profit_funnel;

import io.ltvlake.jobs.gold.associated_conversions.AttributionConfig;
import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.jobs.silver.CallsConfig;
import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The profit-formula funnel (DESIGN §4) per month and channel, and the plan levels from config
 * beside the actuals. Rebuilt in full as of the run date, so a rerun gives the same rows.
 */
public final class ProfitFunnelJob extends DeclaredJob {

    public ProfitFunnelJob() {
        super("profit_funnel",
                "profit funnel per month and channel: sessions, leads, lead-to-first-deal conversion, deals, check, repeat deals, revenue, CPL, CAC, ROMI, plan",
                List.of("attribution", "deals"),
                List.of(ProfitFunnelTables.PROFIT_FUNNEL, ProfitFunnelTables.PROFIT_FUNNEL_PLAN));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Settings settings = context.settings();
        Dataset<Row> touches = lake.read(AssociatedConversionsTables.TOUCHES);
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        result.read(lake.rows(AssociatedConversionsTables.TOUCHES)).read(lake.rows(DealsTables.DEALS));
        Dataset<Row> dealPaths = TouchPaths.paths(touches,
                TouchPaths.dealConversions(deals, context.runDate()), settings.section(AttributionConfig.class).lookbackDays());
        CallsConfig calls = settings.section(CallsConfig.class);
        Dataset<Row> leads = Leads.withFirstDeal(lake.read(AssociatedConversionsTables.LEADS), deals, calls.dealWindowDays());
        Dataset<Row> adCosts = ChannelRules.assign(lake.read(SilverTables.AD_COSTS), settings.section(ChannelsConfig.class));
        result.wrote(lake.overwrite(ProfitFunnelTables.PROFIT_FUNNEL, ProfitFunnelTransforms.funnel(touches, leads,
                ProfitFunnelTransforms.dealsWithChannel(deals, dealPaths), adCosts, context.runDate())));
        result.wrote(lake.overwrite(ProfitFunnelTables.PROFIT_FUNNEL_PLAN, ProfitFunnelTransforms.planBesideActuals(lake.read(ProfitFunnelTables.PROFIT_FUNNEL),
                settings.section(ProfitFunnelConfig.class).plan())));
        sayLastMonth(context);
        return result.build();
    }

    /** The latest complete month of the business as a whole. */
    private static void sayLastMonth(JobContext context) {
        List<Row> rows = context.lake().read(ProfitFunnelTables.PROFIT_FUNNEL).filter(col("channel").equalTo(ProfitFunnelTransforms.ALL_CHANNELS)
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
