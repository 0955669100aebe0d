package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.silver.ConformTransforms;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Segment migration, pure and generic: a customer's state per period (a JTBD job here, an RFM
 * segment for the RFM map) and the transition matrix between consecutive periods. The states
 * {@value #NEW}, {@value #NONE} and {@value #CHURNED} mark customers entering and leaving.
 */
public final class MigrationTransforms {

    /** From-state of a customer whose first active period is the to-period. */
    public static final String NEW = "new";
    /** From-state of a customer who was active before but not in the from-period, and is back. */
    public static final String NONE = "none";
    /** To-state of a customer active in the from-period and not in the to-period. */
    public static final String CHURNED = "churned";

    private static final String MONEY = ConformTransforms.MONEY;

    /**
     * The names of the states outside the segments: a customer's first active period
     * ({@code first}), a comeback after inactive periods ({@code returning}) and leaving
     * ({@code leaving}). Maps with their own vocabulary (RFM says {@code lost}) pass their own.
     */
    public record BoundaryStates(String first, String returning, String leaving) {}

    /** {@value #NEW}, {@value #NONE} and {@value #CHURNED}: the JTBD map's boundary states. */
    public static final BoundaryStates JTBD_BOUNDARY = new BoundaryStates(NEW, NONE, CHURNED);

    /** The period lengths a map is built for. */
    public enum Period {
        MONTH(1, "month"), QUARTER(3, "quarter");

        final int months;
        final String truncUnit;

        Period(int months, String truncUnit) {
            this.months = months;
            this.truncUnit = truncUnit;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The first day of the period that holds a date. */
        public LocalDate start(LocalDate date) {
            LocalDate month = date.withDayOfMonth(1);
            return month.minusMonths((month.getMonthValue() - 1) % months);
        }
    }

    private MigrationTransforms() {}

    /**
     * One row per customer and period in which they were active: {@code (customer_key,
     * period_start, state, revenue)}. The state is the one with the most revenue in the period
     * (ties go to the alphabetically first); revenue is all of the customer's revenue in it.
     * Input: one row per fact with {@code customer_key}, {@code order_date}, the state column and
     * {@code revenue}.
     */
    public static Dataset<Row> dominantStates(Dataset<Row> facts, String stateColumn, Period period) {
        Dataset<Row> perState = facts.filter(col("customer_key").isNotNull())
                .groupBy(col("customer_key"), trunc(col("order_date"), period.truncUnit).as("period_start"),
                        col(stateColumn).as("state"))
                .agg(sum("revenue").as("__state_revenue"));
        return perState
                .withColumn("__rank", row_number().over(Window.partitionBy("customer_key", "period_start")
                        .orderBy(col("__state_revenue").desc(), col("state"))))
                .withColumn("revenue", sum("__state_revenue").over(Window.partitionBy("customer_key", "period_start"))
                        .cast(MONEY))
                .filter(col("__rank").equalTo(1))
                .select("customer_key", "period_start", "state", "revenue");
    }

    /**
     * The transition matrix from each period to the next, up to the period that starts at
     * {@code lastPeriodStart}: one row per {@code (period_type, from_period, to_period,
     * from_state, to_state)} with {@code customers}, {@code from_revenue} (their revenue in the
     * from-period) and {@code to_revenue} (in the to-period).
     *
     * <p>Every customer active in the from-period is counted once (to a state or to
     * {@value #CHURNED}); every customer active in the to-period but not the from-period is
     * counted once, from {@value #NEW} when it is their first active period and from
     * {@value #NONE} when they come back. So per from-period, {@code from_revenue} sums to the
     * from-period's revenue and {@code to_revenue} to the to-period's.
     */
    public static Dataset<Row> transitions(Dataset<Row> states, Period period, LocalDate lastPeriodStart) {
        return transitions(states, period, lastPeriodStart, JTBD_BOUNDARY);
    }

    /**
     * {@link #transitions(Dataset, Period, LocalDate)} with the boundary states named by the
     * caller. {@code states} may come from {@link #dominantStates} or be given explicitly (one
     * row per customer and period: {@code customer_key, period_start, state, revenue}).
     */
    public static Dataset<Row> transitions(Dataset<Row> states, Period period, LocalDate lastPeriodStart,
                                           BoundaryStates boundary) {
        Dataset<Row> from = states.select(col("customer_key"), col("period_start").as("from_period"),
                col("state").as("from_state"), col("revenue").as("from_revenue"));
        Dataset<Row> to = states.select(col("customer_key"), col("period_start").as("to_period"),
                col("state").as("to_state"), col("revenue").as("to_revenue"));
        Dataset<Row> firstPeriods = states.groupBy("customer_key").agg(min("period_start").as("__first_period"));
        java.sql.Date last = java.sql.Date.valueOf(lastPeriodStart);

        Dataset<Row> leaving = from.filter(col("from_period").lt(lit(last)))
                .withColumn("to_period", add_months(col("from_period"), period.months))
                .join(to, new String[] {"customer_key", "to_period"}, "left")
                .select(col("customer_key"), col("from_period"), col("to_period"), col("from_state"),
                        coalesce(col("to_state"), lit(boundary.leaving())).as("to_state"), col("from_revenue"),
                        coalesce(col("to_revenue"), lit(0).cast(MONEY)).as("to_revenue"));
        Dataset<Row> entering = to.filter(col("to_period").leq(lit(last)))
                .withColumn("from_period", add_months(col("to_period"), -period.months))
                .join(from, new String[] {"customer_key", "from_period"}, "left_anti")
                .join(firstPeriods, "customer_key")
                .select(col("customer_key"), col("from_period"), col("to_period"),
                        when(col("to_period").equalTo(col("__first_period")), lit(boundary.first()))
                                .otherwise(lit(boundary.returning())).as("from_state"),
                        col("to_state"), lit(0).cast(MONEY).as("from_revenue"), col("to_revenue"));
        return leaving.unionByName(entering)
                .groupBy("from_period", "to_period", "from_state", "to_state")
                .agg(count(lit(1)).as("customers"), sum("from_revenue").cast(MONEY).as("from_revenue"),
                        sum("to_revenue").cast(MONEY).as("to_revenue"))
                .withColumn("period_type", lit(period.label()))
                .select("period_type", "from_period", "to_period", "from_state", "to_state", "customers", "from_revenue",
                        "to_revenue");
    }

    /**
     * Lifetime value per segment: one row per segment with the customers who ever had a deal in
     * it, its deals and revenue, revenue per customer, active customer-months (months in which a
     * customer bought in the segment), revenue per active month, and the whole lifetime revenue
     * (every segment) of its customers per customer. Input: one row per order with {@code
     * customer_key}, {@code deal_id}, {@code order_date}, {@code revenue} and the segment column.
     */
    public static Dataset<Row> segmentLifetimeValue(Dataset<Row> facts, String segmentColumn) {
        Dataset<Row> known = facts.filter(col("customer_key").isNotNull());
        Dataset<Row> lifetime = known.groupBy("customer_key").agg(sum("revenue").as("__lifetime_revenue"));
        Dataset<Row> segmentCustomers = known.select(col(segmentColumn).as("segment"), col("customer_key")).distinct()
                .join(lifetime, "customer_key")
                .groupBy("segment").agg(sum("__lifetime_revenue").as("__customers_lifetime_revenue"));
        return known.groupBy(col(segmentColumn).as("segment")).agg(
                        countDistinct("customer_key").as("customers"),
                        countDistinct("deal_id").as("deals"),
                        sum("revenue").cast(MONEY).as("revenue"),
                        countDistinct(col("customer_key"), trunc(col("order_date"), "MM")).as("active_customer_months"))
                .join(segmentCustomers, "segment")
                .withColumn("revenue_per_customer", col("revenue").divide(col("customers")).cast(MONEY))
                .withColumn("revenue_per_active_month", col("revenue").divide(col("active_customer_months")).cast(MONEY))
                .withColumn("lifetime_revenue_per_customer",
                        col("__customers_lifetime_revenue").divide(col("customers")).cast(MONEY))
                .withColumnRenamed("segment", segmentColumn)
                .select(segmentColumn, "customers", "deals", "revenue", "revenue_per_customer", "active_customer_months",
                        "revenue_per_active_month", "lifetime_revenue_per_customer")
                .orderBy(col("revenue").desc());
    }
}
