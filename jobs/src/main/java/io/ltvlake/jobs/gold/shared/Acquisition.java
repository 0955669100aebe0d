package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trunc;

import io.ltvlake.jobs.gold.deals.DealsTables.OrderDeals;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * How each customer was acquired: the month and time of their first purchase, their first job and their
 * first touch's channel. The cohorts (and their channel CAC) and customer profitability use the same
 * definition, so a customer's acquisition cost is the CAC of the channel they were counted under.
 */
public final class Acquisition {

    private Acquisition() {}

    /** The purchases of known customers (gold.order_deals rows) up to the run date, so a backfill sees its own past. */
    public static Dataset<Row> purchasesUpTo(Dataset<Row> orderDeals, LocalDate runDate) {
        return orderDeals.filter(col(OrderDeals.CUSTOMER_KEY).isNotNull()
                .and(col(OrderDeals.ORDER_DATE).leq(lit(Date.valueOf(runDate)))));
    }

    /**
     * One row per customer: {@code cohort_month} (month of the first purchase), {@code acquired_at}
     * (its time), {@code first_job} (the job of the customer's deal 1) and
     * {@code first_touch_channel}: the channel of the customer's earliest web session that started
     * no later than the first purchase; a session after it cannot have acquired the customer. No
     * such session gives the default channel (a walk-in or a typed-in address is direct).
     *
     * @param sessions web sessions with {@code customer_key}, {@code session_id}, {@code started_at}
     *                 and {@code channel} (from {@code ChannelRules.assign})
     */
    public static Dataset<Row> customers(Dataset<Row> purchases, Dataset<Row> deals, Dataset<Row> sessions,
                                         String defaultChannel) {
        Dataset<Row> acquired = purchases.groupBy("customer_key").agg(
                trunc(min(col("order_date")), "MM").as("cohort_month"), min(col("ordered_at")).as("acquired_at"));
        Dataset<Row> firstJobs = deals.filter(col("deal_seq").equalTo(1)).select(col("customer_key"), col("job").as("first_job"));
        WindowSpec earliest = Window.partitionBy("customer_key").orderBy(col("started_at"), col("session_id"));
        Dataset<Row> firstTouches = sessions.filter(col("customer_key").isNotNull())
                .join(acquired.select("customer_key", "acquired_at"), "customer_key")
                .filter(col("started_at").leq(col("acquired_at")))
                .withColumn("__touch", row_number().over(earliest)).filter(col("__touch").equalTo(1))
                .select(col("customer_key"), col("channel").as("first_touch_channel"));
        return acquired.join(firstJobs, new String[] {"customer_key"}, "left")
                .join(firstTouches, new String[] {"customer_key"}, "left")
                .select(col("customer_key"), col("cohort_month"), col("acquired_at"),
                        coalesce(col("first_job"), lit(JtbdTables.DEFAULT_JOB)).as("first_job"),
                        coalesce(col("first_touch_channel"), lit(defaultChannel)).as("first_touch_channel"));
    }

}
