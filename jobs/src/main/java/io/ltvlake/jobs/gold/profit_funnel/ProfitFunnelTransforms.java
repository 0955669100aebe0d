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
import org.apache.spark.sql.types.StructType;

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

    /** What a web-lead predicate may use (ltvlake.funnel.web-lead). */
    public static final StructType WEB_LEAD_FEATURES = new StructType()
            .add("utm_source", DataTypes.StringType)
            .add("utm_medium", DataTypes.StringType)
            .add("utm_campaign", DataTypes.StringType)
            .add("referrer", DataTypes.StringType)
            .add("landing_page", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("has_contact", DataTypes.BooleanType)
            .add("is_logged_in", DataTypes.BooleanType);

    private static final String MONEY = ConformTransforms.MONEY;
    private static final String LEVEL = "decimal(24,6)";
    private static final long DAY = 86_400L;
    private static final String[] CELL = {"month", "channel"};

    private ProfitFunnelTransforms() {}

    /**
     * Web sessions that are web leads, with their channel and {@code is_unique}: the session
     * satisfies the {@code webLead} predicate over {@link #WEB_LEAD_FEATURES}, and it is unique
     * when the same customer (else the same cookie) had no web lead in the {@code uniquenessDays}
     * before it, the window of unique calls (one exactly that long before still counts, as for calls).
     *
     * @param sessions silver.sessions (source, session_id, started_at, session_date, customer_key,
     *                 client_id, customer_id, email, phone, tags, referrer, landing_page)
     * @param touches  gold.touches, for the session's channel
     */
    public static Dataset<Row> webLeads(Dataset<Row> sessions, Dataset<Row> touches, String webLead, int uniquenessDays) {
        Dataset<Row> channels = touches.filter(col("touch_type").equalTo(TouchPaths.SESSION))
                .select(col(Touches.SOURCE), col(Touches.TOUCH_ID).as("session_id"), col(Touches.CHANNEL));
        Column hasContact = col("email").isNotNull().or(col("phone").isNotNull());
        Dataset<Row> features = sessions.join(channels, new String[] {"source", "session_id"})
                .select(col("source"), col("session_id"), col("started_at"), col("session_date"), col("customer_key"),
                        coalesce(col("customer_key"), col("client_id"), concat_ws(":", col("source"), col("session_id")))
                                .as("__lead_key"),
                        col("utm_source"), col("utm_medium"), col("utm_campaign"), col("referrer"), col("landing_page"),
                        col("channel"), hasContact.as("has_contact"),
                        hasContact.or(col("customer_id").isNotNull()).as("is_logged_in"));
        WindowSpec timeline = Window.partitionBy("__lead_key").orderBy(col("started_at"), col("source"), col("session_id"));
        Column previous = lag(col("started_at").cast("long"), 1).over(timeline);
        return features.filter(coalesce(expr(webLead), lit(false)))
                .withColumn("is_unique", coalesce(col("started_at").cast("long").minus(previous).gt(uniquenessDays * DAY),
                        lit(true)))
                .select("source", "session_id", "customer_key", "started_at", "session_date", "channel", "is_unique");
    }

    /** Deals with {@code channel}: the last-interaction channel of their path ({@code TouchPaths.paths}). */
    public static Dataset<Row> dealsWithChannel(Dataset<Row> deals, Dataset<Row> dealPaths) {
        return deals.join(dealPaths.select(col("conversion_id").as("deal_id"), col("last_channel").as("channel")), Deals.DEAL_ID);
    }

    /**
     * gold.profit_funnel: one row per month and channel with any activity, plus a
     * {@value #ALL_CHANNELS} row per month, up to the run date:
     * <ul>
     *   <li>{@code sessions}: web sessions; {@code call_leads}: unique target inbound calls
     *       ({@code is_unique} and {@code is_target} of silver.calls); {@code web_leads}: unique web
     *       leads; {@code leads} = both;</li>
     *   <li>{@code deals} opened in the month, {@code first_deals}, {@code repeat_deals}, their
     *       {@code revenue} (the deals' checks with upsells) and {@code margin} (null unless every
     *       deal has a cost); {@code average_check} = revenue / deals;</li>
     *   <li>conversions: {@code session_to_lead_conversion} = leads / sessions,
     *       {@code lead_to_deal_conversion} = deals / leads, {@code repeat_deal_share} = repeat
     *       deals / deals (null when the denominator is 0);</li>
     *   <li>{@code ad_cost} (null for a channel without cost rows), {@code cpl} = ad cost / leads,
     *       {@code cac} = ad cost / first deals, {@code romi} = (margin − ad cost) / ad cost, on
     *       revenue when the margin is unknown ({@code romi_basis}).</li>
     * </ul>
     * {@code is_partial_month} marks the run's month before its last day.
     *
     * @param touches  gold.touches
     * @param calls    silver.calls with the call flags (source, call_id, is_unique, is_target)
     * @param webLeads rows of {@link #webLeads}
     * @param deals    rows of {@link #dealsWithChannel} (opened_date, deal_kind, revenue, margin, channel)
     * @param adCosts  silver.ad_costs with {@code channel} (date, cost)
     */
    public static Dataset<Row> funnel(Dataset<Row> touches, Dataset<Row> calls, Dataset<Row> webLeads, Dataset<Row> deals,
                                      Dataset<Row> adCosts, LocalDate runDate) {
        Column upTo = lit(Date.valueOf(runDate));
        Dataset<Row> sessions = touches.filter(col("touch_type").equalTo(TouchPaths.SESSION)
                        .and(col("touch_date").leq(upTo)))
                .groupBy(trunc(col("touch_date"), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("sessions"));
        Dataset<Row> callLeads = touches.filter(col("touch_type").equalTo(TouchPaths.CALL)
                        .and(col("touch_date").leq(upTo)))
                .join(calls.select(col("source"), col("call_id").as("touch_id"), col(CallFlags.IS_UNIQUE),
                        col(CallFlags.IS_TARGET)), new String[] {"source", "touch_id"})
                .filter(col(CallFlags.IS_UNIQUE).and(col(CallFlags.IS_TARGET)))
                .groupBy(trunc(col("touch_date"), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("call_leads"));
        Dataset<Row> web = webLeads.filter(col("is_unique").and(col("session_date").leq(upTo)))
                .groupBy(trunc(col("session_date"), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("web_leads"));
        Dataset<Row> sales = deals.filter(col(Deals.OPENED_DATE).leq(upTo))
                .groupBy(trunc(col(Deals.OPENED_DATE), "month").as("month"), col("channel"))
                .agg(count(lit(1)).as("deals"),
                        count(when(col(Deals.DEAL_KIND).equalTo("first"), 1)).as("first_deals"),
                        count(when(col(Deals.DEAL_KIND).equalTo("repeat"), 1)).as("repeat_deals"),
                        sum(Deals.REVENUE).as("revenue"),
                        count(when(col("margin").isNull(), 1)).as("__uncosted_deals"),
                        sum("margin").as("__margin"));
        Dataset<Row> costs = adCosts.filter(col("date").leq(upTo))
                .groupBy(trunc(col("date"), "month").as("month"), col("channel"))
                .agg(sum("cost").as("ad_cost"));

        Dataset<Row> cells = sessions.join(callLeads, CELL, "full_outer").join(web, CELL, "full_outer")
                .join(sales, CELL, "full_outer").join(costs, CELL, "full_outer");
        for (String count : List.of("sessions", "call_leads", "web_leads", "deals", "first_deals", "repeat_deals",
                "__uncosted_deals")) {
            cells = cells.withColumn(count, coalesce(col(count), lit(0L)));
        }
        cells = cells.withColumn("revenue", coalesce(col("revenue"), lit(0)).cast(MONEY))
                .withColumn("__margin", coalesce(col("__margin"), lit(0)).cast(MONEY));
        Dataset<Row> totals = cells.groupBy("month").agg(sum("sessions").as("sessions"), sum("call_leads").as("call_leads"), sum("web_leads").as("web_leads"),
                sum("deals").as("deals"), sum("first_deals").as("first_deals"), sum("repeat_deals").as("repeat_deals"),
                sum("revenue").cast(MONEY).as("revenue"), sum("__uncosted_deals").as("__uncosted_deals"),
                sum("__margin").cast(MONEY).as("__margin"), sum("ad_cost").as("ad_cost"))
                .withColumn("channel", lit(ALL_CHANNELS));

        Column leads = col("call_leads").plus(col("web_leads"));
        Column marginKnown = col("__uncosted_deals").equalTo(0);
        Column returns = when(marginKnown, col("margin")).otherwise(col("revenue"));
        Date runMonth = Date.valueOf(runDate.withDayOfMonth(1));
        return cells.unionByName(totals)
                .withColumn("leads", leads)
                .withColumn("margin", when(marginKnown, col("__margin")).cast(MONEY))
                .withColumn("ad_cost", col("ad_cost").cast(MONEY))
                .withColumn("is_partial_month", col("month").equalTo(lit(runMonth))
                        .and(lit(Date.valueOf(runDate)).lt(last_day(lit(runMonth)))))
                .withColumn("average_check", when(col("deals").gt(0), col("revenue").divide(col("deals"))).cast(MONEY))
                .withColumn("session_to_lead_conversion", ratio(col("leads"), col("sessions")))
                .withColumn("lead_to_deal_conversion", ratio(col("deals"), col("leads")))
                .withColumn("repeat_deal_share", ratio(col("repeat_deals"), col("deals")))
                .withColumn("cpl", when(col("leads").gt(0), col("ad_cost").divide(col("leads"))).cast(MONEY))
                .withColumn("cac", when(col("first_deals").gt(0), col("ad_cost").divide(col("first_deals"))).cast(MONEY))
                .withColumn("romi_basis", when(col("ad_cost").isNotNull(),
                        when(marginKnown, lit(BASIS_MARGIN)).otherwise(lit(BASIS_REVENUE))))
                .withColumn("romi", ratio(returns.minus(col("ad_cost")), col("ad_cost")))
                .select("month", "channel", "is_partial_month", "sessions", "call_leads", "web_leads", "leads", "deals",
                        "first_deals", "repeat_deals", "revenue", "margin", "average_check", "session_to_lead_conversion",
                        "lead_to_deal_conversion", "repeat_deal_share", "ad_cost", "cpl", "cac", "romi", "romi_basis");
    }

    /** The plan lines as rows: month null for every month, channel {@value #ALL_CHANNELS} for the business as a whole. */
    static final StructType PLAN = new StructType()
            .add("plan_month", DataTypes.DateType)
            .add("channel", DataTypes.StringType)
            .add("metric", DataTypes.StringType)
            .add("plan_min", DataTypes.createDecimalType(24, 6))
            .add("plan_base", DataTypes.createDecimalType(24, 6))
            .add("plan_max", DataTypes.createDecimalType(24, 6));

    /**
     * gold.profit_funnel_plan: for every month of the funnel and every plan line that applies to
     * it (a line for that month wins over a line for every month, per channel and metric), the
     * actual beside min, base and max; {@code plan_status} says where the actual falls
     * ({@code below_min}, {@code min_to_base}, {@code base_to_max}, {@code above_max}; null
     * without an actual, e.g. a ratio with a zero denominator or a channel without a row that
     * month) and {@code base_attainment} = actual / base. Empty without plan lines.
     *
     * @param funnel rows of {@link #funnel}
     */
    public static Dataset<Row> planBesideActuals(Dataset<Row> funnel, List<PlanLevel> plan) {
        List<Row> lines = new ArrayList<>();
        for (PlanLevel level : plan) {
            lines.add(RowFactory.create(level.month().map(m -> Date.valueOf(m.atDay(1))).orElse(null),
                    level.channel().orElse(ALL_CHANNELS), level.metric(), level.min(), level.base(), level.max()));
        }
        Dataset<Row> planned = funnel.sparkSession().createDataFrame(lines, PLAN);
        Dataset<Row> months = funnel.select("month", "is_partial_month").distinct();
        WindowSpec line = Window.partitionBy("month", "channel", "metric")
                .orderBy(col("plan_month").asc_nulls_last());
        Dataset<Row> applying = months.crossJoin(planned)
                .filter(col("plan_month").isNull().or(col("plan_month").equalTo(col("month"))))
                .withColumn("__line", org.apache.spark.sql.functions.row_number().over(line))
                .filter(col("__line").equalTo(1));
        StringBuilder stack = new StringBuilder("stack(" + io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig.PLAN_METRICS.size());
        for (String metric : io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelConfig.PLAN_METRICS) {
            stack.append(", '").append(metric).append("', cast(").append(metric).append(" as ").append(LEVEL).append(")");
        }
        Dataset<Row> actuals = funnel.select(col("month"), col("channel"), expr(stack + ") as (metric, actual)"));
        Column actual = col("actual");
        return applying.join(actuals, new String[] {"month", "channel", "metric"}, "left")
                .withColumn("plan_source", when(col("plan_month").isNull(), lit("every_month")).otherwise(lit("month")))
                .withColumn("plan_status", when(actual.isNull(), lit(null).cast("string"))
                        .when(actual.lt(col("plan_min")), lit("below_min"))
                        .when(actual.lt(col("plan_base")), lit("min_to_base"))
                        .when(actual.leq(col("plan_max")), lit("base_to_max"))
                        .otherwise(lit("above_max")))
                .withColumn("base_attainment", ratio(actual, col("plan_base")))
                .select("month", "channel", "metric", "is_partial_month", "actual", "plan_min", "plan_base", "plan_max",
                        "plan_status", "base_attainment", "plan_source");
    }

    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.notEqual(0), numerator.cast("double").divide(denominator.cast("double")));
    }
}
