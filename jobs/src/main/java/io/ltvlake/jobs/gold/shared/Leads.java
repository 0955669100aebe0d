package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.ltvlake.common.spark.SqlPredicates;
import io.ltvlake.jobs.silver.CallFlags;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one definition of a lead and of a converted lead (DESIGN §4, Profit formula), shared by the
 * profit funnel, manager performance and the journey, so that their lead counts and
 * lead-to-first-deal conversions agree.
 *
 * <ul>
 *   <li>A <b>lead</b> is a target inbound call (answered, long enough: {@code is_target}) or a web
 *       lead (a session for which the {@code funnel.web-lead} predicate holds: by default the
 *       visitor left a contact). It is <b>unique</b> when the same person left no lead of the same
 *       kind in the {@code calls.uniqueness-days} before it; lead counts count unique leads.</li>
 *   <li>A lead <b>converted</b> ({@value #LED_TO_FIRST_DEAL}) when its person opened their first
 *       deal within {@code calls.deal-window-days} after it, and it is the latest unique lead of that
 *       person before that deal. So each first deal converts at most one lead, a repeat deal
 *       converts none, and converted leads / leads can never pass 1.</li>
 * </ul>
 */
public final class Leads {

    public static final String CALL = "call";
    public static final String WEB = "web";
    /** Added by {@link #withFirstDeal}: this lead is the one its person's first deal came from. */
    public static final String LED_TO_FIRST_DEAL = "led_to_first_deal";

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

    private static final long DAY = 86_400L;

    private Leads() {}

    /** Fails, naming the key, when the ltvlake.funnel.web-lead predicate uses more than {@link #WEB_LEAD_FEATURES}. */
    public static void validateWebLead(SparkSession spark, String webLead) {
        SqlPredicates.check(spark, WEB_LEAD_FEATURES, "ltvlake.funnel.web-lead (\"" + webLead + "\")", webLead,
                "a web-lead predicate may use " + String.join(", ", WEB_LEAD_FEATURES.fieldNames()));
    }

    /**
     * Web sessions that are web leads, with their channel and {@code is_unique}: the session
     * satisfies the {@code webLead} predicate over {@link #WEB_LEAD_FEATURES}, and it is unique
     * when the same customer (else the same cookie) had no web lead in the {@code uniquenessDays}
     * before it, the window of unique calls (one exactly that long before still counts, as for calls).
     *
     * @param sessions silver.sessions (source, session_id, started_at, session_date, customer_key,
     *                 client_id, customer_id, email, phone, utm tags, referrer, landing_page)
     * @param touches  gold.touches, for the session's channel
     */
    public static Dataset<Row> webLeads(Dataset<Row> sessions, Dataset<Row> touches, String webLead, int uniquenessDays) {
        Dataset<Row> channels = touches.filter(col("touch_type").equalTo(TouchPaths.SESSION))
                .select(col("source"), col("touch_id").as("session_id"), col("channel"));
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

    /**
     * Every lead as one stream: {@code lead_type} ({@value #CALL} or {@value #WEB}), {@code source},
     * {@code lead_id} (the call or session id), {@code customer_key} (null for an unidentified web
     * lead), {@code lead_at}, {@code lead_date}, {@code channel} (of the touch), {@code manager_id}
     * (the call's; null for web leads) and {@code is_unique}.
     *
     * @param touches  gold.touches, for the call's channel
     * @param calls    silver.calls with their flags (source, call_id, customer_key, started_at, call_date,
     *                 manager_id, direction, is_unique, is_target)
     * @param webLeads rows of {@link #webLeads}
     */
    public static Dataset<Row> leads(Dataset<Row> touches, Dataset<Row> calls, Dataset<Row> webLeads) {
        Dataset<Row> channels = touches.filter(col("touch_type").equalTo(TouchPaths.CALL))
                .select(col("source"), col("touch_id").as("call_id"), col("channel"));
        Dataset<Row> callLeads = calls.filter(CallFlags.isInbound().and(col(CallFlags.IS_TARGET)))
                .join(channels, new String[] {"source", "call_id"}, "left")
                .select(lit(CALL).as("lead_type"), col("source"), col("call_id").as("lead_id"), col("customer_key"),
                        col("started_at").as("lead_at"), col("call_date").as("lead_date"), col("channel"),
                        col("manager_id"), col(CallFlags.IS_UNIQUE).as("is_unique"));
        Dataset<Row> web = webLeads.select(lit(WEB).as("lead_type"), col("source"), col("session_id").as("lead_id"),
                col("customer_key"), col("started_at").as("lead_at"), col("session_date").as("lead_date"), col("channel"),
                lit(null).cast("string").as("manager_id"), col("is_unique"));
        return callLeads.unionByName(web);
    }

    /**
     * Adds {@value #LED_TO_FIRST_DEAL} to leads ({@link #leads}): true for the latest unique lead
     * of a person at or before their first deal's opening and no more than {@code windowDays} before
     * it; false for every other lead. A deal opened in the very second of the lead counts.
     *
     * @param deals gold.deals: {@code customer_key, deal_seq, opened_at}
     */
    public static Dataset<Row> withFirstDeal(Dataset<Row> leads, Dataset<Row> deals, int windowDays) {
        Dataset<Row> firstDeals = deals.filter(col("deal_seq").equalTo(1).and(col("customer_key").isNotNull()))
                .select(col("customer_key").as("__customer"), col("opened_at").as("__opened_at"));
        Column leadAt = col("lead_at").cast("long");
        Column openedAt = col("__opened_at").cast("long");
        WindowSpec latestFirst = Window.partitionBy("__customer")
                .orderBy(col("lead_at").desc(), col("lead_type"), col("source"), col("lead_id"));
        Dataset<Row> converted = leads.filter(col("is_unique").and(col("customer_key").isNotNull()))
                .join(firstDeals, col("customer_key").equalTo(col("__customer")).and(openedAt.geq(leadAt))
                        .and(openedAt.minus(leadAt).leq(windowDays * DAY)))
                .withColumn("__rank", row_number().over(latestFirst))
                .filter(col("__rank").equalTo(1))
                .select(col("lead_type").as("__type"), col("source").as("__source"), col("lead_id").as("__id"));
        return leads.join(converted, col("lead_type").equalTo(col("__type")).and(col("source").equalTo(col("__source")))
                        .and(col("lead_id").equalTo(col("__id"))), "left")
                .withColumn(LED_TO_FIRST_DEAL, col("__id").isNotNull())
                .drop("__type", "__source", "__id");
    }
}
