package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.ltvlake.common.job.JobContext;
import io.ltvlake.jobs.bronze.ingest.LandingFiles;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The sample generator's planted truth ({@code <lake>/truth/*.csv}, beside the landing files), which jobs
 * compare their findings with when it is there; production lakes have none.
 */
public final class SampleTruth {

    /**
     * The folder under the lake root that holds the truth. The generator writes it there for a demo; the bench moves
     * it out, so that its figures hold only the work a production lake asks for.
     */
    public static final String FOLDER = "truth";

    /** One row per order: order_id, person_id, job, deal_id, purchase_kind, ... */
    public static final String ORDERS = "orders.csv";
    /** One row per buyer: person_id, behaviour, job, planted_cycle_days, dates, is_leaver, is_non_target. */
    public static final String PEOPLE = "people.csv";
    /** One row per planted campaign: campaign, channel, sent_at, planted rates, the groups drawn, trigger. */
    public static final String CAMPAIGNS = "campaigns.csv";

    private SampleTruth() {}

    /** The truth file's rows (every column a string), or empty when the lake has no such truth. */
    public static Optional<Dataset<Row>> read(JobContext context, String file) {
        String path = path(context, file);
        if (!new LandingFiles(context.spark().sparkContext().hadoopConfiguration()).exists(path)) {
            return Optional.empty();
        }
        return Optional.of(context.spark().read().option("header", "true").csv(path));
    }

    /** Where the truth file lies in this run's lake; jobs print it so a reader sees which lake's truth was used. */
    public static String path(JobContext context, String file) {
        return context.lake().root() + "/" + FOLDER + "/" + file;
    }

    /**
     * Each planted person's customer: {@code person_id, customer_key}, the key most of their orders got in
     * {@code gold.order_deals} (ties: the smallest key). Input: the truth's orders ({@code order_id,
     * person_id}) and {@code gold.order_deals} ({@code order_id, customer_key}); a person none of whose orders
     * made a deal (all cancelled, say) has no row.
     */
    public static Dataset<Row> personKeys(Dataset<Row> truthOrders, Dataset<Row> orderDeals) {
        return truthOrders.select("order_id", "person_id")
                .join(orderDeals.filter(col("customer_key").isNotNull()).select("order_id", "customer_key"), "order_id")
                .groupBy("person_id", "customer_key").agg(count(lit(1)).as("__orders"))
                .withColumn("__rank", row_number().over(Window.partitionBy("person_id")
                        .orderBy(col("__orders").desc(), col("customer_key"))))
                .filter(col("__rank").equalTo(1))
                .select("person_id", "customer_key");
    }
}
