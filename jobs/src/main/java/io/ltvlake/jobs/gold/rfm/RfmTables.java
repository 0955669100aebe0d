package io.ltvlake.jobs.gold.rfm;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;

/** The tables of this mart, declared once: RfmJob, SegmentValueJob write them, everyone else reads them from here. */
public final class RfmTables {

    private RfmTables() {}

    /** The columns of an RFM snapshot row: gold.customer_rfm and gold.customer_rfm_daily share them. */
    private static final String[] CUSTOMER_RFM_DOCS = {
            "snapshot_date", "the date the RFM values are as of: a month end, or the latest run",
            "customer_key", "the customer (identity component); join to other marts on it",
            "last_deal_date", "business day of the customer's last deal opened up to the snapshot",
            "recency_days", "days from last_deal_date to snapshot_date",
            "frequency", "deals (not raw orders) opened in the lookback before the snapshot; orders with rfm.frequency-counts = orders",
            "monetary", "revenue of those deals up to the snapshot",
            "r_score", "recency score 1 to rfm.score-levels (5 by default), highest = most recent",
            "f_score", "frequency score 1 to rfm.score-levels, highest = most deals",
            "m_score", "monetary score 1 to rfm.score-levels, highest = most revenue",
            "rfm_cell", "r_score, f_score and m_score written together, e.g. 543",
            "segment", "id of the first rule of the RFM map (rfm.preset, or rfm.segments) whose conditions hold; "
                    + "non_target for a customer who is non-target as of snapshot_date (the rule of gold.customer_profitability "
                    + "applied to the deals up to that date)",
            "segment_name", "the segment's name for people, e.g. At Risk",
            "inputs_fingerprint", "hash of the deals and settings the snapshot was scored from, the same on all its rows: "
                    + "a run scores a month end again only when it changed"};

    public static final TableSpec CUSTOMER_RFM = TableSpec.of("gold.customer_rfm",
            "one row per snapshot date and customer with a deal in the lookback", List.of("snapshot_date", "customer_key"),
            "RFM as of each snapshot date (month ends and the latest run): recency_days since the last deal opened, "
                    + "frequency = deals (not orders, unless rfm.frequency-counts = orders) opened in the lookback, monetary = "
                    + "their revenue up to the snapshot, r/f/m scores (1-5 by default; rfm.scoring), rfm_cell and the segment "
                    + "of the ordered RFM map (rfm.preset or rfm.segments).")
            .partitionedBy("snapshot_date")
            .documented(CUSTOMER_RFM_DOCS)
            .check(Expectation.notNull("segment", "r_score", "f_score", "m_score"))
            .check(Expectation.expression("recency_days_non_negative", "recency_days >= 0"))
            .check(Expectation.expression("cell_joins_the_scores", "rfm_cell = concat(r_score, f_score, m_score)"))
            .check(Expectation.relationship("customer_key", SilverTables.CUSTOMERS, "customer_key"))
            .refreshed(Refresh.Kind.PERIOD, "the run date's snapshot and the month ends whose inputs changed are scored; the others are kept");

    /** The segment of a non-target customer, whatever their scores: the map never calls them Champions. */
    public static final String NON_TARGET = "non_target";
    public static final String NON_TARGET_NAME = "Non-target";

    public static final TableSpec CUSTOMER_RFM_DAILY = TableSpec.of("gold.customer_rfm_daily",
            "one row per snapshot date (the run date and the day before) and customer with a deal in the lookback",
            List.of("snapshot_date", "customer_key"),
            "The RFM of gold.customer_rfm as of the run date and the day before only, scored in the same pass as the "
                    + "run's snapshot: triggers read it to tell who entered a segment today (rfm_entered:<segment>).")
            .partitionedBy("snapshot_date")
            .documented(CUSTOMER_RFM_DOCS)
            .refreshed(Refresh.Kind.RUN_DATE);

    public static final TableSpec SEGMENT_SUMMARY = TableSpec.of("gold.rfm_segment_summary",
            "one row per snapshot date and segment", List.of("snapshot_date", "segment"),
            "Per RFM snapshot and segment: customers and their share, revenue (sum of monetary) and its share, "
                    + "average recency_days, frequency and monetary.")
            .documented(
                    "snapshot_date", "the RFM snapshot (a month end, or the latest run)",
                    "segment", "segment id, as in gold.customer_rfm",
                    "segment_name", "the segment's name for people",
                    "customers", "customers in the segment at the snapshot",
                    "customer_share", "customers / all customers of the snapshot, 0-1",
                    "revenue", "sum of the customers' monetary",
                    "revenue_share", "revenue / revenue of the snapshot, 0-1",
                    "average_recency_days", "average recency_days of the segment's customers",
                    "average_frequency", "average frequency",
                    "average_monetary", "average monetary, in the currency of the source")
            .check(Expectation.expression("customer_share_is_a_share", "customer_share between 0 and 1"))
            .check(Expectation.expression("revenue_share_is_a_share", "revenue_share between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec MIGRATION = TableSpec.of("gold.rfm_migration",
            "one row per from-snapshot, from-segment and to-segment", List.of("from_snapshot_date", "from_segment", "to_segment"),
            "RFM segment migration between consecutive month-end snapshots, with customers, from_monetary and to_monetary. "
                    + "from_segment 'new' = in no earlier snapshot, 'reactivated' = back after a month-end without a deal "
                    + "in the lookback; to_segment 'lost' = no deal in the next snapshot's lookback.")
            .documented(
                    "from_snapshot_date", "the month-end snapshot migrated from",
                    "to_snapshot_date", "the next month-end snapshot",
                    "from_segment", "the segment at from_snapshot_date; 'new' or 'reactivated'",
                    "to_segment", "the segment at to_snapshot_date; 'lost' without a deal",
                    "customers", "customers moving so",
                    "from_monetary", "their monetary at from_snapshot_date, in the currency of the source",
                    "to_monetary", "their monetary at to_snapshot_date, in the currency of the source")
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec RFM_SEGMENT_LTV = TableSpec.of("gold.rfm_segment_ltv",
            "one row per RFM segment of the run date's snapshot", List.of("segment"),
            "Lifetime value per RFM segment as of the run date: customers, deals and revenue so far (all their deals, "
                    + "also before the RFM lookback), revenue per customer and per active customer-month, and from the "
                    + "CLV model average probability_alive, expected_purchases, expected_value and expected value per "
                    + "customer over clv.horizon.")
            .documented(
                    "segment", "segment id at the run date's snapshot",
                    "segment_name", "the segment's name for people",
                    "customers", "customers in the segment",
                    "deals", "their deals so far",
                    "revenue", "their revenue so far, in the currency of the source",
                    "revenue_per_customer", "revenue / customers",
                    "active_customer_months", "months with a purchase, summed over the customers",
                    "revenue_per_active_month", "revenue / active_customer_months",
                    "lifetime_revenue_per_customer", "revenue per customer over their whole history",
                    "average_probability_alive", "average CLV probability_alive, 0-1",
                    "expected_purchases", "sum of expected purchases over clv.horizon",
                    "expected_value", "sum of CLV expected_value, in the currency of the source",
                    "expected_value_per_customer", "expected_value / customers")
            .refreshed(Refresh.Kind.RUN_DATE);
}
