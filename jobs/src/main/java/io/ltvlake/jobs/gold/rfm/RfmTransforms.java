package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.gold.deals.DealsTables.Deals;
import io.ltvlake.jobs.gold.deals.DealsTables.OrderDeals;
import io.ltvlake.jobs.gold.shared.MigrationTransforms;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/**
 * RFM, pure: per customer and snapshot date, recency, frequency and monetary over the deals of
 * the lookback, their 1-5 scores, the R/F cell's segment; the summary per segment; and the
 * segment migration between consecutive month-end snapshots (through {@link MigrationTransforms}).
 */
public final class RfmTransforms {

    /** From-state of a customer in no earlier snapshot. */
    public static final String NEW = "new";
    /** From-state of a customer back in the snapshots after a month-end without a deal in the lookback. */
    public static final String REACTIVATED = "reactivated";
    /** To-state of a customer with no deal in the lookback of the next month-end snapshot. */
    public static final String LOST = "lost";
    static final MigrationTransforms.BoundaryStates BOUNDARY = new MigrationTransforms.BoundaryStates(NEW, REACTIVATED, LOST);

    private static final String MONEY = ConformTransforms.MONEY;
    private static final StructType SNAPSHOTS = new StructType().add("snapshot_date", "date", false);

    private RfmTransforms() {}

    /**
     * One row per customer and snapshot date, for the customers with at least one deal opened in
     * the lookback before the snapshot (days {@code snapshot - lookback + 1 .. snapshot}).
     *
     * <p>Input: {@code gold.order_deals} (one row per purchase: {@code customer_key, deal_id,
     * order_date, revenue}). A deal opens on its first order's date; it counts once however many
     * orders (upsells) it has, so frequency is deals, not orders. Only orders up to the snapshot
     * count, so a snapshot recomputed later (a backfill) sees what was known on the day: a deal
     * opened after it is absent and an upsell after it does not raise its revenue.
     *
     * <ul>
     *   <li>{@code recency_days}: days from the latest deal opening to the snapshot (0 = that day);</li>
     *   <li>{@code frequency}: deals opened in the lookback;</li>
     *   <li>{@code monetary}: those deals' revenue up to the snapshot;</li>
     *   <li>{@code r_score, f_score, m_score}: 1 .. rfm.levels by the configured scoring ({@link #percentRankScore},
     *       {@link #ntileScore}, {@link #rankBinScore}, {@link #thresholdScore});</li>
     *   <li>{@code rfm_cell}: the three scores as text, e.g. {@code 543};</li>
     *   <li>{@code segment}, {@code segment_name}: the first rule of the map whose conditions hold.</li>
     * </ul>
     */
    public static Dataset<Row> customerRfm(Dataset<Row> orderDeals, List<LocalDate> snapshotDates, RfmConfig rfm) {
        Dataset<Row> snapshots = orderDeals.sparkSession().createDataFrame(
                snapshotDates.stream().distinct().map(d -> RowFactory.create(java.sql.Date.valueOf(d))).toList(), SNAPSHOTS);
        boolean countOrders = rfm.frequencyCounts() == RfmConfig.RfmFrequency.ORDERS;
        // Counting deals, a deal is dated by its opening and counts whole; counting orders, each order by its own date.
        Column dated = countOrders ? col(OrderDeals.ORDER_DATE)
                : min(OrderDeals.ORDER_DATE).over(Window.partitionBy(OrderDeals.DEAL_ID));
        Dataset<Row> purchases = orderDeals.filter(col(OrderDeals.CUSTOMER_KEY).isNotNull())
                .select(col(OrderDeals.CUSTOMER_KEY), col(OrderDeals.DEAL_ID), col(OrderDeals.ORDER_DATE),
                        col(OrderDeals.REVENUE), dated.as("opened_date"),
                        countOrders ? concat_ws(":", col(OrderDeals.SOURCE), col(OrderDeals.ORDER_ID)).as("order_key")
                                : lit(null).cast("string").as("order_key"));
        // the snapshot table is a handful of dates: a broadcast range join, no shuffle of the orders
        Dataset<Row> known = purchases.join(org.apache.spark.sql.functions.broadcast(snapshots),
                col(OrderDeals.ORDER_DATE).leq(col("snapshot_date"))
                        .and(col("opened_date").gt(date_sub(col("snapshot_date"), rfm.lookbackDays()))));
        Dataset<Row> measures = known.groupBy("snapshot_date", OrderDeals.CUSTOMER_KEY).agg(
                max("opened_date").as("last_deal_date"),
                (countOrders ? countDistinct("order_key") : countDistinct(OrderDeals.DEAL_ID)).as("frequency"),
                countDistinct(OrderDeals.DEAL_ID).as("__deals"),
                sum(OrderDeals.REVENUE).cast(MONEY).as("monetary"))
                .withColumn("recency_days", datediff(col("snapshot_date"), col("last_deal_date")))
                .withColumn("__average_check", col("monetary").divide(col("__deals")));

        int levels = rfm.levels();
        RfmConfig.RfmThresholds cuts = rfm.thresholds();
        Dataset<Row> scored = switch (rfm.scoring()) {
            case PERCENT_RANK -> measures.withColumn("r_score", percentRankScore(col("recency_days").desc(), levels))
                    .withColumn("f_score", percentRankScore(col("frequency").asc(), levels))
                    .withColumn("m_score", percentRankScore(col("monetary").asc(), levels));
            case NTILE -> measures.withColumn("r_score", ntileScore(col("recency_days").desc(), levels))
                    .withColumn("f_score", ntileScore(col("frequency").asc(), levels))
                    .withColumn("m_score", ntileScore(col("monetary").asc(), levels));
            case RANK_BINS -> measures.withColumn("r_score", rankBinScore(col("recency_days"), levels, true))
                    .withColumn("f_score", rankBinScore(col("frequency"), levels, false))
                    .withColumn("m_score", rankBinScore(col("monetary"), levels, false));
            case THRESHOLDS -> measures.withColumn("r_score", recencyThresholdScore(col("recency_days"), cuts.recencyDays(), levels))
                    .withColumn("f_score", thresholdScore(col("frequency"), cuts.frequency()))
                    .withColumn("m_score", thresholdScore(col("monetary"), cuts.monetary()));
        };
        return scored
                .withColumn("rfm_cell", concat(col("r_score").cast("string"), col("f_score").cast("string"),
                        col("m_score").cast("string")))
                .withColumn("segment", segment(rfm.segments(), false))
                .withColumn("segment_name", segment(rfm.segments(), true))
                .select("snapshot_date", OrderDeals.CUSTOMER_KEY, "last_deal_date", "recency_days", "frequency", "monetary",
                        "r_score", "f_score", "m_score", "rfm_cell", "segment", "segment_name");
    }

    /**
     * Per calendar month, a fingerprint of what the snapshots of that month and later read: the purchases of
     * {@code gold.order_deals} by their order_date's month, and the deals of {@code gold.deals} (the non-target flag's
     * input) by their opened_date's month. One row per month with either: {@code month_date} (its first day),
     * {@code purchase_fingerprint} and {@code purchases}, {@code deal_fingerprint} and {@code deals}. A fingerprint is
     * the XOR of the rows' 64-bit hashes, so neither row order nor partitioning changes it, and the counts go with it.
     * Only rows with a customer count, as only they are scored. {@link SnapshotPlan} folds the months into one
     * fingerprint per snapshot.
     */
    public static Dataset<Row> monthlyInputs(Dataset<Row> orderDeals, Dataset<Row> deals) {
        Dataset<Row> purchases = orderDeals.filter(col(OrderDeals.CUSTOMER_KEY).isNotNull())
                .groupBy(trunc(col(OrderDeals.ORDER_DATE), "month").as("month_date"))
                .agg(bit_xor(xxhash64(col(OrderDeals.CUSTOMER_KEY), col(OrderDeals.DEAL_ID), col(OrderDeals.ORDER_DATE),
                                col(OrderDeals.REVENUE), col(OrderDeals.SOURCE), col(OrderDeals.ORDER_ID))).as("purchase_fingerprint"),
                        count(lit(1)).as("purchases"));
        Dataset<Row> opened = deals.filter(col(Deals.CUSTOMER_KEY).isNotNull())
                .groupBy(trunc(col(Deals.OPENED_DATE), "month").as("month_date"))
                .agg(bit_xor(xxhash64(col(Deals.CUSTOMER_KEY), col(Deals.DEAL_ID), col(Deals.OPENED_DATE), col(Deals.REVENUE),
                                col(Deals.MARGIN))).as("deal_fingerprint"),
                        count(lit(1)).as("deals"));
        return purchases.join(opened, new String[] {"month_date"}, "full_outer").select(col("month_date"),
                coalesce(col("purchase_fingerprint"), lit(0L)).as("purchase_fingerprint"),
                coalesce(col("purchases"), lit(0L)).as("purchases"),
                coalesce(col("deal_fingerprint"), lit(0L)).as("deal_fingerprint"),
                coalesce(col("deals"), lit(0L)).as("deals"));
    }

    /**
     * The RFM rows with segment {@code non_target} ("Non-target") for the customers of
     * {@code nonTargetCustomers} ({@code as_of_date, customer_key}) on the snapshot of that date,
     * whatever their scores: a customer who costs more than they bring is never a Champion. Their
     * scores stay as they are. Each snapshot takes the flag as of its own date, so a month end
     * scored again later carries the segment its own night gave it.
     */
    public static Dataset<Row> withNonTargetSegment(Dataset<Row> customerRfm, Dataset<Row> nonTargetCustomers) {
        Dataset<Row> flagged = nonTargetCustomers.select(col("as_of_date").as("__as_of"), col("customer_key").as("__non_target"))
                .distinct();
        Column isNonTarget = col("__non_target").isNotNull();
        return customerRfm.join(flagged, col("customer_key").equalTo(col("__non_target"))
                        .and(col("snapshot_date").equalTo(col("__as_of"))), "left")
                .withColumn("segment", when(isNonTarget, lit(RfmTables.NON_TARGET)).otherwise(col("segment")))
                .withColumn("segment_name", when(isNonTarget, lit(RfmTables.NON_TARGET_NAME)).otherwise(col("segment_name")))
                .drop("__non_target", "__as_of");
    }

    /**
     * Percent-rank score of a value among the snapshot's customers: {@code 1 + floor(levels * p)},
     * capped at levels, where {@code p = percent_rank()} in worst-first order: the share of the other
     * customers with a strictly worse value, 0 for the worst and 1 for the best. Equal values have
     * the same rank, so they always get the same score; when many customers tie (most have one
     * deal), the next value up skips scores rather than splitting the tie arbitrarily.
     */
    static Column percentRankScore(Column worstFirst, int levels) {
        Column share = percent_rank().over(Window.partitionBy("snapshot_date").orderBy(worstFirst));
        return least(floor(share.multiply(levels)).plus(1), lit(levels)).cast("int");
    }

    /** Equal-sized groups, worst first; ties at a group boundary are split by customer key, so a rerun splits them alike. */
    static Column ntileScore(Column worstFirst, int levels) {
        return ntile(levels).over(Window.partitionBy("snapshot_date").orderBy(worstFirst, col(OrderDeals.CUSTOMER_KEY)));
    }

    /**
     * pandas' {@code cut(value.rank(method='min'), levels)}: the rank in ascending order, ties at their
     * lowest rank, in equal-width bins over 1 .. the highest rank, right ends included; the bin is
     * {@code ceil(levels * (rank - 1) / (highest - 1))}, at least 1. Recency is ranked by days and its
     * bins reversed (fewest days, bin 1, scores highest), as the notebooks label them. When every
     * customer ties, pandas widens the range around the one value, which lands in the middle bin.
     */
    static Column rankBinScore(Column value, int levels, boolean reversed) {
        WindowSpec snapshot = Window.partitionBy("snapshot_date");
        Column rank = rank().over(snapshot.orderBy(value.asc())).cast("long");
        Column highest = max(rank).over(snapshot);
        Column steps = rank.minus(1).multiply(levels);
        Column bin = when(highest.equalTo(1), lit((levels + 1) / 2))
                .otherwise(greatest(lit(1L), floor(steps.plus(highest).minus(2).divide(highest.minus(1)))));
        return (reversed ? lit(levels + 1).minus(bin) : bin).cast("int");
    }

    /** Fixed cut points c1 < c2 < …: the score is 1 plus the number of cut points the value reaches ({@code value >= c}). */
    static Column thresholdScore(Column value, List<BigDecimal> cutPoints) {
        Column score = lit(1);
        for (BigDecimal cut : cutPoints) {
            score = score.plus(when(value.geq(lit(cut)), 1).otherwise(0));
        }
        return score.cast("int");
    }

    /** Recency is reversed: levels minus the number of cut points the days exceed, so at most c1 days earn the top score. */
    static Column recencyThresholdScore(Column days, List<BigDecimal> cutPoints, int levels) {
        Column score = lit(levels);
        for (BigDecimal cut : cutPoints) {
            score = score.minus(when(days.gt(lit(cut)), 1).otherwise(0));
        }
        return score.cast("int");
    }

    /** The first rule whose conditions all hold; config validation guarantees one does for every score cell. */
    static Column segment(List<RfmConfig.RfmSegmentRule> rules, boolean displayName) {
        Column result = lit(null).cast("string");
        for (int i = rules.size() - 1; i >= 0; i--) {
            RfmConfig.RfmSegmentRule rule = rules.get(i);
            result = when(matches(rule), lit(displayName ? rule.name() : rule.id())).otherwise(result);
        }
        return result;
    }

    private static Column matches(RfmConfig.RfmSegmentRule rule) {
        Column holds = lit(true);
        holds = holds.and(within(col("r_score"), rule.recency())).and(within(col("f_score"), rule.frequency()))
                .and(within(col("m_score"), rule.monetary()))
                .and(within(col("r_score").plus(col("f_score")).plus(col("m_score")), rule.scoreSum()));
        if (!rule.cells().isEmpty()) {
            holds = holds.and(col("rfm_cell").isin(rule.cells().stream().sorted().toArray()));
        }
        if (rule.averageCheck().isPresent()) {
            holds = holds.and(within(col("__average_check"), rule.averageCheck().get()));
        }
        if (rule.deals().isPresent()) {
            holds = holds.and(within(col("__deals"), rule.deals().get()));
        }
        return holds;
    }

    private static Column within(Column score, RfmConfig.ScoreRange range) {
        return range.isAny() ? lit(true) : score.between(range.from(), range.to());
    }

    private static Column within(Column value, RfmConfig.ValueRange range) {
        Column holds = lit(true);
        if (range.from().isPresent()) {
            holds = holds.and(value.geq(lit(range.from().get())));
        }
        if (range.to().isPresent()) {
            holds = holds.and(value.leq(lit(range.to().get())));
        }
        return holds;
    }

    /**
     * One row per snapshot date and segment: customers, {@code customer_share} of the snapshot's
     * customers, revenue (the sum of monetary) and its {@code revenue_share}, and the average
     * recency (days), frequency (deals) and monetary.
     */
    public static Dataset<Row> segmentSummary(Dataset<Row> customerRfm) {
        WindowSpec snapshot = Window.partitionBy("snapshot_date");
        return customerRfm.groupBy("snapshot_date", "segment", "segment_name").agg(
                        count(lit(1)).as("customers"),
                        sum("monetary").cast(MONEY).as("revenue"),
                        round(avg("recency_days"), 1).as("average_recency_days"),
                        round(avg("frequency"), 2).as("average_frequency"),
                        avg("monetary").cast(MONEY).as("average_monetary"))
                .withColumn("customer_share", round(col("customers").divide(sum("customers").over(snapshot)), 4))
                .withColumn("revenue_share", round(col("revenue").divide(sum("revenue").over(snapshot)).cast("double"), 4))
                .select("snapshot_date", "segment", "segment_name", "customers", "customer_share", "revenue", "revenue_share",
                        "average_recency_days", "average_frequency", "average_monetary");
    }

    /**
     * Segment migration between consecutive month-end snapshots that are both present: one row
     * per {@code (from_snapshot_date, from_segment, to_segment)} with customers, {@code
     * from_monetary} (their monetary at the first snapshot) and {@code to_monetary} (at the
     * second). {@value #NEW}: in no earlier snapshot; {@value #REACTIVATED}: in an earlier one but
     * not the previous; {@value #LOST}: not in the next snapshot (no deal in its lookback).
     * Snapshots that are not month ends (the nightly "today") are left out, and so is a pair of
     * months when either snapshot is missing, rather than reading a gap as everyone lost.
     */
    public static Dataset<Row> migration(Dataset<Row> customerRfm) {
        Dataset<Row> monthEnds = customerRfm.filter(col("snapshot_date").equalTo(last_day(col("snapshot_date"))));
        Dataset<Row> states = monthEnds.select(col("customer_key"), trunc(col("snapshot_date"), "month").as("period_start"),
                col("segment").as("state"), col("monetary").as("revenue"));
        Dataset<Row> present = states.select("period_start").distinct();
        // every pair is kept by the join below, so no last period needs to be known here
        Dataset<Row> transitions = MigrationTransforms.transitions(states, MigrationTransforms.Period.MONTH,
                LocalDate.of(9999, 12, 1), BOUNDARY);
        return transitions
                .join(present.withColumnRenamed("period_start", "from_period"), "from_period")
                .join(present.withColumnRenamed("period_start", "to_period"), "to_period")
                .select(last_day(col("from_period")).as("from_snapshot_date"), last_day(col("to_period")).as("to_snapshot_date"),
                        col("from_state").as("from_segment"), col("to_state").as("to_segment"), col("customers"),
                        col("from_revenue").as("from_monetary"), col("to_revenue").as("to_monetary"));
    }

    /**
     * What each segment of one snapshot is worth: its customers' revenue so far (every deal up to
     * {@code asOf}, through {@link MigrationTransforms#segmentLifetimeValue} as for jobs) beside what
     * the CLV model expects of them over its horizon. One row per segment with customers, deals,
     * revenue, revenue_per_customer, active_customer_months, revenue_per_active_month,
     * lifetime_revenue_per_customer, average_probability_alive, expected_purchases,
     * expected_value and expected_value_per_customer. Customers without a CLV score (none, when
     * the model could not be fitted) leave the expected columns null rather than zero.
     *
     * @param orderDeals  gold.order_deals (customer_key, deal_id, order_date, revenue)
     * @param snapshot    gold.customer_rfm rows of one snapshot date
     * @param customerClv gold.customer_clv (customer_key, probability_alive, expected_purchases, expected_value)
     */
    public static Dataset<Row> segmentValue(Dataset<Row> orderDeals, Dataset<Row> snapshot, Dataset<Row> customerClv,
            LocalDate asOf) {
        Dataset<Row> segments = snapshot.select(OrderDeals.CUSTOMER_KEY, "segment", "segment_name");
        Dataset<Row> facts = orderDeals.filter(col(OrderDeals.ORDER_DATE).leq(lit(java.sql.Date.valueOf(asOf))))
                .join(segments.select(OrderDeals.CUSTOMER_KEY, "segment"), OrderDeals.CUSTOMER_KEY);
        Dataset<Row> lifetime = MigrationTransforms.segmentLifetimeValue(facts, "segment");
        Dataset<Row> expected = segments.join(customerClv, new String[] {OrderDeals.CUSTOMER_KEY}, "left")
                .groupBy("segment", "segment_name").agg(
                        round(avg("probability_alive"), 4).as("average_probability_alive"),
                        round(sum("expected_purchases"), 2).as("expected_purchases"),
                        sum("expected_value").cast(MONEY).as("expected_value"),
                        count("expected_value").as("__scored"));
        return lifetime.join(expected, "segment")
                .withColumn("expected_value_per_customer",
                        when(col("__scored").gt(0), col("expected_value").divide(col("__scored")))
                                .cast(MONEY))
                .select(col("segment"), col("segment_name"), col("customers"), col("deals"), col(OrderDeals.REVENUE),
                        col("revenue_per_customer"), col("active_customer_months"), col("revenue_per_active_month"),
                        col("lifetime_revenue_per_customer"), col("average_probability_alive"),
                        col("expected_purchases"), col("expected_value"), col("expected_value_per_customer"))
                .orderBy(col(OrderDeals.REVENUE).desc());
    }
}
