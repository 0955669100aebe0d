package io.ltvlake.jobs.gold.campaign_effect;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ConformTransforms;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Campaign effect (DESIGN §4), pure: what each campaign and each trigger brought against its control group.
 *
 * <p>The unit is the person ({@code customer_key}). Within a campaign and period a person is a recipient when
 * assigned at least one send, control when held out (control rows only); a person who is both is a data error,
 * counted in {@code data_issues} and left out of both groups. Recipients are everyone assigned a send, bounced and
 * failed ones included: dropping them would compare the reachable part of one group with all of the other
 * (intention to treat). A person converts when they open a deal after their first message (or assignment) of the
 * period and within {@code responseDays}; their revenue is that of the deals opened in the window. Messages
 * without a customer (no readable identifier) cannot be followed to a deal and are left out.
 */
public final class CampaignEffectTransforms {

    public static final String CAMPAIGN = "campaign";
    public static final String TRIGGER = "trigger";
    public static final String WEEK = "week";
    public static final String ALL = "all";

    private static final String MONEY = ConformTransforms.MONEY;
    private static final String[] GROUP_KEY = {"campaign_kind", "campaign", "period_type", "period_start"};

    /** One campaign and period, counted: what {@link #effect} computes its intervals from. */
    public static final StructType GROUPS = new StructType()
            .add("campaign_kind", DataTypes.StringType)
            .add("campaign", DataTypes.StringType)
            .add("period_type", DataTypes.StringType)
            .add("period_start", DataTypes.DateType)
            .add("period_end", DataTypes.DateType)
            .add("recipients", DataTypes.LongType)
            .add("control_size", DataTypes.LongType)
            .add("people_in_both_groups", DataTypes.LongType)
            .add("recipients_converted", DataTypes.LongType)
            .add("control_converted", DataTypes.LongType)
            .add("recipient_revenue", DataTypes.DoubleType)
            .add("recipient_revenue_squares", DataTypes.DoubleType)
            .add("control_revenue", DataTypes.DoubleType)
            .add("control_revenue_squares", DataTypes.DoubleType)
            .add("messages_sent", DataTypes.LongType)
            .add("cost", DataTypes.createDecimalType(18, 2))
            .add("messages_without_cost", DataTypes.LongType)
            .add("is_response_window_complete", DataTypes.BooleanType);

    private static final StructType MEASURES = new StructType()
            .add("recipient_conversion", DataTypes.DoubleType)
            .add("control_conversion", DataTypes.DoubleType)
            .add("conversion_uplift", DataTypes.DoubleType)
            .add("conversion_uplift_low", DataTypes.DoubleType)
            .add("conversion_uplift_high", DataTypes.DoubleType)
            .add("relative_uplift", DataTypes.DoubleType)
            .add("relative_uplift_low", DataTypes.DoubleType)
            .add("relative_uplift_high", DataTypes.DoubleType)
            .add("recipient_revenue_per_person", DataTypes.DoubleType)
            .add("control_revenue_per_person", DataTypes.DoubleType)
            .add("revenue_uplift_per_person", DataTypes.DoubleType)
            .add("revenue_uplift_low", DataTypes.DoubleType)
            .add("revenue_uplift_high", DataTypes.DoubleType)
            .add("incremental_deals", DataTypes.DoubleType)
            .add("incremental_deals_low", DataTypes.DoubleType)
            .add("incremental_revenue", DataTypes.DoubleType)
            .add("cost_per_incremental_deal", DataTypes.DoubleType)
            .add("verdict", DataTypes.StringType)
            .add("data_issues", DataTypes.StringType);

    private static final StructType WITH_MEASURES = merge(GROUPS, MEASURES);

    private CampaignEffectTransforms() {}

    /**
     * gold.campaign_effect from silver.messages and gold.deals as of {@code runDate}: {@link #groups} then {@link #effect}.
     *
     * @param messages silver.messages (customer_key, campaign, trigger, is_control, sent_at, sent_date, channel, cost)
     * @param deals    gold.deals (customer_key, opened_at, opened_date, revenue)
     */
    public static Dataset<Row> campaignEffect(Dataset<Row> messages, Dataset<Row> deals, CampaignsConfig config,
                                              LocalDate runDate) {
        return effect(groups(messages, deals, config, runDate), config.minGroupSize());
    }

    /**
     * The counts of every campaign (and trigger) per send week and over all its weeks ({@link #GROUPS}): people
     * per group, converted people, revenue and its squares per group (for Welch), the recipients' messages and
     * their cost (the export's, else {@code costPerChannel}).
     */
    public static Dataset<Row> groups(Dataset<Row> messages, Dataset<Row> deals, CampaignsConfig config, LocalDate runDate) {
        Date lastDay = Date.valueOf(runDate);
        Dataset<Row> sends = messages.filter(col("customer_key").isNotNull().and(col("sent_date").leq(lit(lastDay))))
                .withColumn("message_cost", when(col("is_control"), lit(null)).otherwise(coalesce(col("cost").cast(MONEY),
                        channelCost(config.costPerChannel()))))
                .withColumn("week_start", trunc(col("sent_date"), "week"));
        Column[] kept = {col("customer_key"), col("is_control"), col("sent_at"), col("sent_date"), col("week_start"),
                col("message_cost")};
        Dataset<Row> byTool = sends.filter(col("campaign").isNotNull())
                .select(concat(new Column[] {lit(CAMPAIGN).as("campaign_kind"), col("campaign")}, kept))
                .unionByName(sends.filter(col("trigger").isNotNull())
                        .select(concat(new Column[] {lit(TRIGGER).as("campaign_kind"), col("trigger").as("campaign")}, kept)));
        // Each send once per week it falls in and once for the campaign's whole run.
        Dataset<Row> periods = byTool.withColumn("period_type", lit(WEEK)).withColumn("period_start", col("week_start"))
                .withColumn("period_end", date_add(col("week_start"), 6))
                .unionByName(byTool.withColumn("period_type", lit(ALL))
                        .withColumn("period_start", min("week_start").over(Window.partitionBy("campaign_kind", "campaign")))
                        .withColumn("period_end", date_add(max("week_start").over(Window.partitionBy("campaign_kind", "campaign")), 6)));
        Column send = col("is_control").unary_$bang();
        Dataset<Row> people = periods.groupBy(col("campaign_kind"), col("campaign"), col("period_type"), col("period_start"),
                        col("customer_key"))
                .agg(max("period_end").as("period_end"), max(send).as("is_sent"), max(col("is_control")).as("is_held_out"),
                        min("sent_at").as("first_at"), min("sent_date").as("first_date"), count(when(send, 1)).as("messages"),
                        sum("message_cost").as("cost"), count(when(send.and(col("message_cost").isNull()), 1)).as("without_cost"));
        Dataset<Row> responses = people.join(deals.filter(col("opened_date").leq(lit(lastDay))).select(
                        col("customer_key").as("deal_customer"), col("opened_at"), col("revenue")),
                col("customer_key").equalTo(col("deal_customer")).and(col("opened_at").gt(col("first_at")))
                        .and(col("opened_at").leq(col("first_at").plus(expr("INTERVAL " + config.responseDays() + " DAYS")))),
                "left");
        Dataset<Row> outcomes = responses.groupBy(col("campaign_kind"), col("campaign"), col("period_type"),
                        col("period_start"), col("customer_key"))
                .agg(max("period_end").as("period_end"), max("is_sent").as("is_sent"), max("is_held_out").as("is_held_out"),
                        max("first_date").as("first_date"), max("messages").as("messages"), max("cost").as("cost"),
                        max("without_cost").as("without_cost"), count(col("deal_customer")).as("deals"),
                        coalesce(sum("revenue"), lit(0)).cast(MONEY).as("revenue"));
        Column recipient = col("is_sent").and(col("is_held_out").unary_$bang());
        Column held = col("is_held_out").and(col("is_sent").unary_$bang());
        Column converted = col("deals").gt(0);
        Date windowEnd = Date.valueOf(runDate.minusDays(config.responseDays()));
        return outcomes.groupBy(GROUP_KEY[0], GROUP_KEY[1], GROUP_KEY[2], GROUP_KEY[3])
                .agg(max("period_end").as("period_end"),
                        count(when(recipient, 1)).as("recipients"),
                        count(when(held, 1)).as("control_size"),
                        count(when(col("is_sent").and(col("is_held_out")), 1)).as("people_in_both_groups"),
                        count(when(recipient.and(converted), 1)).as("recipients_converted"),
                        count(when(held.and(converted), 1)).as("control_converted"),
                        // summed as decimals, exact in any order, so a rerun gives the same doubles
                        exactSum(recipient, col("revenue")).as("recipient_revenue"),
                        exactSum(recipient, col("revenue").multiply(col("revenue"))).as("recipient_revenue_squares"),
                        exactSum(held, col("revenue")).as("control_revenue"),
                        exactSum(held, col("revenue").multiply(col("revenue"))).as("control_revenue_squares"),
                        coalesce(sum(when(recipient, col("messages"))), lit(0L)).as("messages_sent"),
                        sum(when(recipient, col("cost"))).cast(MONEY).as("cost"),
                        coalesce(sum(when(recipient, col("without_cost"))), lit(0L)).as("messages_without_cost"),
                        max("first_date").leq(lit(windowEnd)).as("is_response_window_complete"))
                .select(java.util.Arrays.stream(GROUPS.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    /**
     * gold.campaign_effect from {@link #GROUPS}: conversions, uplifts with their 95 % intervals
     * ({@link UpliftIntervals}), incremental deals and revenue, cost per incremental deal (only for an effect) and
     * the {@link #verdict}. Without a control group no uplift is claimed: every uplift column is null.
     */
    public static Dataset<Row> effect(Dataset<Row> groups, int minGroupSize) {
        MapFunction<Row, Row> measure = row -> {
            Object[] values = new Object[WITH_MEASURES.size()];
            for (int i = 0; i < GROUPS.size(); i++) {
                values[i] = row.get(i);
            }
            Object[] measures = measures(row, minGroupSize);
            System.arraycopy(measures, 0, values, GROUPS.size(), measures.length);
            return RowFactory.create(values);
        };
        Dataset<Row> measured = groups.select(java.util.Arrays.stream(GROUPS.fieldNames())
                .map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).map(measure, Encoders.row(WITH_MEASURES));
        return measured.select(col("campaign_kind"), col("campaign"), col("period_type"), col("period_start"), col("period_end"),
                col("recipients"), col("control_size"), col("recipients_converted"), col("control_converted"),
                col("recipient_conversion"), col("control_conversion"), col("conversion_uplift"), col("conversion_uplift_low"),
                col("conversion_uplift_high"), col("relative_uplift"), col("relative_uplift_low"), col("relative_uplift_high"),
                money("recipient_revenue_per_person"), money("control_revenue_per_person"), money("revenue_uplift_per_person"),
                money("revenue_uplift_low"), money("revenue_uplift_high"), col("incremental_deals"),
                col("incremental_deals_low"), money("incremental_revenue"), col("messages_sent"), col("cost"),
                col("messages_without_cost"), money("cost_per_incremental_deal"), col("verdict"),
                col("is_response_window_complete"), col("data_issues"));
    }

    /**
     * The verdict on a conversion uplift interval: {@code no_control_group} without control people;
     * {@code too_small_to_tell} when either group is below {@code minGroupSize}; else {@code effect} (or
     * {@code negative_effect}) when the interval lies above (below) zero, {@code no_effect_detected} when it holds zero.
     */
    public static String verdict(long recipients, long controlSize, UpliftIntervals.Interval uplift, int minGroupSize) {
        if (controlSize == 0) {
            return CampaignEffectTables.NO_CONTROL_GROUP;
        }
        if (recipients < minGroupSize || controlSize < minGroupSize || uplift == null) {
            return CampaignEffectTables.TOO_SMALL_TO_TELL;
        }
        if (uplift.low() > 0) {
            return CampaignEffectTables.EFFECT;
        }
        if (uplift.high() < 0) {
            return CampaignEffectTables.NEGATIVE_EFFECT;
        }
        return CampaignEffectTables.NO_EFFECT_DETECTED;
    }

    private static Object[] measures(Row row, int minGroupSize) {
        long recipients = row.getLong(GROUPS.fieldIndex("recipients"));
        long control = row.getLong(GROUPS.fieldIndex("control_size"));
        long recipientsConverted = row.getLong(GROUPS.fieldIndex("recipients_converted"));
        long controlConverted = row.getLong(GROUPS.fieldIndex("control_converted"));
        double recipientRevenue = row.getDouble(GROUPS.fieldIndex("recipient_revenue"));
        double controlRevenue = row.getDouble(GROUPS.fieldIndex("control_revenue"));
        long inBoth = row.getLong(GROUPS.fieldIndex("people_in_both_groups"));
        BigDecimal cost = row.getDecimal(GROUPS.fieldIndex("cost"));
        Object[] m = new Object[MEASURES.size()];
        Double recipientConversion = recipients == 0 ? null : (double) recipientsConverted / recipients;
        Double controlConversion = control == 0 ? null : (double) controlConverted / control;
        m[0] = recipientConversion;
        m[1] = controlConversion;
        m[8] = recipients == 0 ? null : recipientRevenue / recipients;
        m[9] = control == 0 ? null : controlRevenue / control;
        UpliftIntervals.Interval uplift = null;
        if (recipients > 0 && control > 0) {
            double difference = recipientConversion - controlConversion;
            uplift = UpliftIntervals.newcombe(recipientsConverted, recipients, controlConverted, control, UpliftIntervals.Z_95);
            m[2] = difference;
            m[3] = uplift.low();
            m[4] = uplift.high();
            if (controlConverted > 0) {
                m[5] = recipientConversion / controlConversion - 1;
            }
            UpliftIntervals.Interval relative = UpliftIntervals.relativeUplift(recipientsConverted, recipients,
                    controlConverted, control, UpliftIntervals.Z_95);
            if (relative != null) {
                m[6] = relative.low();
                m[7] = relative.high();
            }
            double revenueDifference = recipientRevenue / recipients - controlRevenue / control;
            m[10] = revenueDifference;
            UpliftIntervals.Interval revenue = UpliftIntervals.welch(recipients, recipientRevenue,
                    row.getDouble(GROUPS.fieldIndex("recipient_revenue_squares")), control, controlRevenue,
                    row.getDouble(GROUPS.fieldIndex("control_revenue_squares")), 0.95);
            if (revenue != null) {
                m[11] = revenue.low();
                m[12] = revenue.high();
            }
            m[13] = difference * recipients;
            m[14] = uplift.low() * recipients;
            m[15] = revenueDifference * recipients;
        }
        String verdict = verdict(recipients, control, uplift, minGroupSize);
        if (verdict.equals(CampaignEffectTables.EFFECT) && cost != null) {
            m[16] = cost.doubleValue() / (double) m[13];
        }
        m[17] = verdict;
        m[18] = inBoth == 0 ? null : inBoth + (inBoth == 1 ? " person is" : " people are")
                + " both control and recipient: left out of both groups";
        return m;
    }

    /** The decimal sum of {@code value} over the people of {@code group}, 0 for none, as a double. */
    private static Column exactSum(Column group, Column value) {
        return coalesce(sum(when(group, value)), lit(0)).cast("double");
    }

    /** {@code column} rounded to cents, under its own name. */
    private static Column money(String column) {
        return col(column).cast(MONEY).as(column);
    }

    /** The configured cost of one message of the row's channel; null for a channel without one. */
    static Column channelCost(Map<String, BigDecimal> costPerChannel) {
        Column cost = lit(null).cast(MONEY);
        for (Map.Entry<String, BigDecimal> entry : costPerChannel.entrySet()) {
            cost = when(col("channel").equalTo(entry.getKey()), lit(entry.getValue()).cast(MONEY)).otherwise(cost);
        }
        return cost;
    }

    private static Column[] concat(Column[] first, Column[] second) {
        Column[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static StructType merge(StructType first, StructType second) {
        StructType merged = first;
        for (org.apache.spark.sql.types.StructField field : second.fields()) {
            merged = merged.add(field);
        }
        return merged;
    }
}
