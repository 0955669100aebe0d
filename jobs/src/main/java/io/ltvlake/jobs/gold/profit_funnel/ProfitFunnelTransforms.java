package io.ltvlake.jobs.gold.profit_funnel;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables.Touches;
import io.ltvlake.jobs.gold.deals.DealsTables.Deals;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig.PlanLevel;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.gold.shared.PlanLevels;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.CallFlags;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The profit formula (DESIGN §4), pure: traffic → leads → deals → average check → repeat deals →
 * revenue per month and channel, with the conversion of each step, ad costs (CPL, CAC, ROMI) and
 * plan levels beside the actuals.
 *
 * <p>Every step takes its channel from the same place: a session and a call are touches
 * (gold.touches, channel rules); a deal gets the channel of the last touch on its path, the
 * last-interaction channel of the attribution tables (direct kept; {@code (no touch)} without a
 * touch in the lookback), so a channel's deals here equal its last-interaction deal conversions.
 */
public final class ProfitFunnelTransforms {

    /** The rows of a month that sum every channel. Config channels cannot take this name. */
    public static final String ALL_CHANNELS = "(all)";
    public static final String BASIS_MARGIN = "margin";
    public static final String BASIS_REVENUE = "revenue";

    private static final String MONEY = ConformTransforms.MONEY;
    private static final String[] CELL = {"month", "channel"};

    private ProfitFunnelTransforms() {}

    /** Deals with {@code channel}: the last-interaction channel of their path ({@code TouchPaths.paths}). */
    public static Dataset<Row> dealsWithChannel(Dataset<Row> deals, Dataset<Row> dealPaths) {
        return deals.join(dealPaths.select(col("conversion_id").as("deal_id"), col("last_channel").as("channel")), Deals.DEAL_ID);
    }

    /**
     * gold.profit_funnel: one row per month and channel with any activity, plus a
     * {@value #ALL_CHANNELS} row per month, up to the run date:
     * <ul>
     *   <li>{@code sessions}: web sessions; {@code call_leads}: unique target inbound calls;
     *       {@code web_leads}: unique web leads; {@code leads} = both (the shared definition,
     *       gold/shared/Leads), in the month and channel of the lead;</li>
     *   <li>{@code first_deals_from_leads}: of those leads, the ones a first deal came from
     *       ({@code led_to_first_deal}: the person's first deal opened within calls.deal-window-days
     *       after it, and it was their latest unique lead), counted with the lead, so that
     *       {@code lead_to_first_deal_conversion} = first_deals_from_leads / leads never passes 1;</li>
     *   <li>{@code deals} opened in the month, {@code first_deals}, {@code repeat_deals}, their
     *       {@code revenue} (the deals' checks with upsells) and {@code margin} (null unless every
     *       deal has a cost); {@code average_check} = revenue / deals;</li>
     *   <li>conversions: {@code session_to_lead_conversion} = leads / sessions (sessions, not
     *       people: gold.journey_stages counts people), {@code lead_to_first_deal_conversion} as above;
     *       repeat deals are no conversion of a lead: {@code repeat_deal_share} = repeat deals / deals
     *       (null when the denominator is 0);</li>
     *   <li>{@code ad_cost} (null for a channel without cost rows), {@code cpl} = ad cost / leads,
     *       {@code cac} = ad cost / first deals, {@code romi} = (margin − ad cost) / ad cost, on
     *       revenue when the margin is unknown ({@code romi_basis}).</li>
     * </ul>
     * {@code is_partial_month} marks the run's month before its last day.
     *
     * @param touches  gold.touches
     * @param leads    the shared lead stream with its first deals (Leads.withFirstDeal: lead_type, lead_date,
     *                 channel, is_unique, led_to_first_deal)
     * @param deals    rows of {@link #dealsWithChannel} (opened_date, deal_kind, revenue, margin, channel)
     * @param adCosts  silver.ad_costs with {@code channel} (date, cost)
     */
    public static Dataset<Row> funnel(Dataset<Row> touches, Dataset<Row> leads, Dataset<Row> deals, Dataset<Row> adCosts,
                                      LocalDate runDate) {
        Column upTo = lit(Date.valueOf(runDate));
        Dataset<Row> sessions = touches.filter(col("touch_type").equalTo(TouchPaths.SESSION)
                        .and(col("touch_date").leq(upTo)))
                .groupBy(trunc(col("touch_date"), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("sessions"));
        Dataset<Row> leadCounts = leads.filter(col("is_unique").and(col("lead_date").leq(upTo)))
                .groupBy(trunc(col("lead_date"), "month").as("month"), col("channel"))
                .agg(count(when(col("lead_type").equalTo(Leads.CALL), 1)).as("call_leads"),
                        count(when(col("lead_type").equalTo(Leads.WEB), 1)).as("web_leads"),
                        count(when(col(Leads.LED_TO_FIRST_DEAL), 1)).as("first_deals_from_leads"));
        Dataset<Row> sales = deals.filter(col("opened_date").leq(upTo))
                .groupBy(trunc(col("opened_date"), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("deals"),
                        count(when(col(Deals.DEAL_KIND).equalTo("first"), 1)).as("first_deals"),
                        count(when(col(Deals.DEAL_KIND).equalTo("repeat"), 1)).as("repeat_deals"),
                        sum(Deals.REVENUE).as("revenue"),
                        count(when(col("margin").isNull(), 1)).as("__uncosted_deals"),
                        sum("margin").as("__margin"));
        Dataset<Row> costs = adCosts.filter(col("date").leq(upTo))
                .groupBy(trunc(col("date"), "month").as("month"), col("channel"))
                .agg(sum("cost").as("ad_cost"));

        Dataset<Row> cells = sessions.join(leadCounts, CELL, "full_outer")
                .join(sales, CELL, "full_outer").join(costs, CELL, "full_outer");
        for (String count : List.of("sessions", "call_leads", "web_leads", "first_deals_from_leads", "deals", "first_deals",
                "repeat_deals",
                "__uncosted_deals")) {
            cells = cells.withColumn(count, coalesce(col(count), lit(0L)));
        }
        cells = cells.withColumn("revenue", coalesce(col("revenue"), lit(0)).cast(MONEY))
                .withColumn("__margin", coalesce(col("__margin"), lit(0)).cast(MONEY));
        Dataset<Row> totals = cells.groupBy("month").agg(sum("sessions").as("sessions"), sum("call_leads").as("call_leads"), sum("web_leads").as("web_leads"),
                sum("first_deals_from_leads").as("first_deals_from_leads"),
                sum("deals").as("deals"), sum("first_deals").as("first_deals"), sum("repeat_deals").as("repeat_deals"),
                sum("revenue").cast(MONEY).as("revenue"), sum("__uncosted_deals").as("__uncosted_deals"),
                sum("__margin").cast(MONEY).as("__margin"), sum("ad_cost").as("ad_cost"))
                .withColumn("channel", lit(ALL_CHANNELS));

        Column allLeads = col("call_leads").plus(col("web_leads"));
        Column marginKnown = col("__uncosted_deals").equalTo(0);
        Column returns = when(marginKnown, col("margin")).otherwise(col("revenue"));
        Date runMonth = Date.valueOf(runDate.withDayOfMonth(1));
        return cells.unionByName(totals)
                .withColumn("leads", allLeads)
                .withColumn("margin", when(marginKnown, col("__margin")).cast(MONEY))
                .withColumn("ad_cost", col("ad_cost").cast(MONEY))
                .withColumn("is_partial_month", col("month").equalTo(lit(runMonth))
                        .and(lit(Date.valueOf(runDate)).lt(last_day(lit(runMonth)))))
                .withColumn("average_check", when(col("deals").gt(0), col("revenue").divide(col("deals"))).cast(MONEY))
                .withColumn("session_to_lead_conversion", ratio(col("leads"), col("sessions")))
                .withColumn("lead_to_first_deal_conversion", ratio(col("first_deals_from_leads"), col("leads")))
                .withColumn("repeat_deal_share", ratio(col("repeat_deals"), col("deals")))
                .withColumn("cpl", when(col("leads").gt(0), col("ad_cost").divide(col("leads"))).cast(MONEY))
                .withColumn("cac", when(col("first_deals").gt(0), col("ad_cost").divide(col("first_deals"))).cast(MONEY))
                .withColumn("romi_basis", when(col("ad_cost").isNotNull(),
                        when(marginKnown, lit(BASIS_MARGIN)).otherwise(lit(BASIS_REVENUE))))
                .withColumn("romi", ratio(returns.minus(col("ad_cost")), col("ad_cost")))
                .select("month", "channel", "is_partial_month", "sessions", "call_leads", "web_leads", "leads",
                        "first_deals_from_leads", "deals", "first_deals", "repeat_deals", "revenue", "margin", "average_check",
                        "session_to_lead_conversion", "lead_to_first_deal_conversion", "repeat_deal_share", "ad_cost", "cpl", "cac", "romi", "romi_basis");
    }

    /**
     * gold.profit_funnel_plan: the plan lines of the funnel's metrics beside its actuals
     * ({@link PlanLevels#besideActuals}). Empty without plan lines.
     *
     * @param funnel rows of {@link #funnel}
     */
    public static Dataset<Row> planBesideActuals(Dataset<Row> funnel, List<PlanLevel> plan) {
        List<Row> lines = new ArrayList<>();
        for (PlanLevel level : plan) {
            lines.add(RowFactory.create(level.month().map(m -> Date.valueOf(m.atDay(1))).orElse(null),
                    level.channel().orElse(ALL_CHANNELS), level.metric(), level.min(), level.base(), level.max()));
        }
        return PlanLevels.besideActuals(funnel, funnel.sparkSession().createDataFrame(lines, PlanLevels.LINE),
                ProfitFunnelConfig.PLAN_METRICS);
    }

    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.notEqual(0), numerator.cast("double").divide(denominator.cast("double")));
    }
}
