package io.ltvlake.jobs.gold.basket_affinity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig.BasketKind;
import io.ltvlake.common.spark.SqlPredicates;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Basket affinity (DESIGN §4, Profit formula), pure: which products, and which categories,
 * are bought together, as directional rules A → B with support, confidence and lift.
 *
 * <p>A basket is an order or a deal (its orders together). Its items are its revenue lines
 * (positive quantity and price) of purchases, each product or category once however many lines
 * or units carry it. For a scope of N baskets (all of them, or one job's), a product A in n(A)
 * baskets and a pair in n(A,B):
 * <ul>
 *   <li>support = n(A,B) / N, the share of baskets holding both;
 *   <li>confidence(A → B) = n(A,B) / n(A), how often a basket with A also holds B;
 *   <li>lift(A → B) = confidence / (n(B) / N), how much more often than if A and B were independent.
 * </ul>
 * Both directions are rows, since confidence differs between them. Pairs below the minimum support
 * are left out; since a pair is never more frequent than either item, items below it are dropped
 * before the pairs are formed (the apriori property), which keeps the self-join small. Excluded
 * products (postage, delivery fees) are taken out of the baskets, but their baskets still count
 * in N: an order of postage alone is still an order.
 */
public final class BasketAffinityTransforms {

    public static final String SPLIT_ALL = "all";
    public static final String SPLIT_JOB = "job";
    public static final String PRODUCT_PAIR = "product";
    public static final String CATEGORY_PAIR = "category";

    /** What a basket filter may use: the JTBD basket features of an order, plus these order attributes. */
    public static final StructType ORDER_ATTRIBUTES;

    static {
        List<StructField> fields = new ArrayList<>(List.of(JtbdTables.BASKET_FEATURES.fields()));
        fields.add(DataTypes.createStructField("source", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("job", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("order_date", DataTypes.DateType, true));
        fields.add(DataTypes.createStructField("manager_id", DataTypes.StringType, true));
        ORDER_ATTRIBUTES = DataTypes.createStructType(fields);
    }

    private BasketAffinityTransforms() {}

    /**
     * The filter must be a deterministic boolean predicate over {@link #ORDER_ATTRIBUTES}; the
     * error names the config key and lists the attributes.
     */
    public static void validateFilter(SparkSession spark, String filter) {
        List<String> attributes = new ArrayList<>();
        for (StructField field : ORDER_ATTRIBUTES.fields()) {
            attributes.add(field.name() + " " + field.dataType().simpleString());
        }
        SqlPredicates.check(spark, ORDER_ATTRIBUTES, "config key 'ltvlake.basket-affinity.filter' (\"" + filter + "\")", filter,
                "the order attributes are " + String.join(", ", attributes));
    }

    /**
     * One row per basket order: {@code source, order_id, basket_id, job}. Orders are the
     * purchases among {@code orderJobs} that pass the filter; for order baskets the basket is the
     * order ({@code source:order_id}) and the job its job, for deal baskets the deal and the deal's
     * job (a deal is a basket when at least one of its orders passes; anonymous orders have no deal).
     *
     * @param orderJobs gold.order_jobs
     * @param orderDeals gold.order_deals ({@code source, order_id, deal_id, deal_job}); used for deal baskets
     */
    public static Dataset<Row> basketOrders(Dataset<Row> orderJobs, Dataset<Row> orderDeals, BasketAffinityConfig settings) {
        List<Column> attributes = new ArrayList<>();
        for (String name : ORDER_ATTRIBUTES.fieldNames()) {
            attributes.add(col(name));
        }
        attributes.add(col("order_id"));
        // The filter sees exactly the attributes it was validated against.
        Dataset<Row> orders = orderJobs.filter(col("is_purchase")).select(attributes.toArray(Column[]::new));
        if (settings.filter().isPresent()) {
            orders = orders.filter(expr(settings.filter().get()));
        }
        if (settings.basket() == BasketKind.ORDER) {
            return orders.select(col("source"), col("order_id"), concat_ws(":", col("source"), col("order_id")).as("basket_id"),
                    col("job"));
        }
        return orders.select("source", "order_id").join(orderDeals.select(col("source"), col("order_id"),
                        col("deal_id").as("basket_id"), col("deal_job").as("job")), new String[] {"source", "order_id"});
    }

    /**
     * Directional pairs per scope (all baskets; each job's baskets) and pair type (product,
     * category): {@code split_type, split_value, pair_type, antecedent_id, antecedent_name,
     * consequent_id, consequent_name, baskets, antecedent_baskets, consequent_baskets, pair_baskets,
     * support, confidence, lift}. Products are named by their most frequent product_name.
     *
     * @param basketOrders from {@link #basketOrders}
     * @param orderLines silver.order_lines: {@code source, order_id, product_id, product_name, category, is_revenue_line}
     */
    public static Dataset<Row> affinity(Dataset<Row> basketOrders, Dataset<Row> orderLines, BasketAffinityConfig settings) {
        return affinity(basketItems(basketOrders, orderLines, settings), basketOrders, orderLines, settings);
    }

    /**
     * The items of every basket in each of its scopes: {@code split_type, split_value, pair_type, basket_id,
     * item_id}, a product or a category once per basket. {@link #affinity} reads them three times (item counts,
     * and the pairs' two sides), so a job computes them once.
     */
    public static Dataset<Row> basketItems(Dataset<Row> basketOrders, Dataset<Row> orderLines, BasketAffinityConfig settings) {
        Dataset<Row> lines = orderLines.filter(col("is_revenue_line"));
        if (!settings.excludeProducts().isEmpty()) {
            lines = lines.filter(col("product_id").isin(settings.excludeProducts().toArray()).unary_$bang());
        }
        Dataset<Row> basketLines = lines.join(basketOrders, new String[] {"source", "order_id"});
        Dataset<Row> items = basketLines.select(col("basket_id"), col("job"), lit(PRODUCT_PAIR).as("pair_type"),
                        col("product_id").as("item_id"))
                .unionByName(basketLines.filter(col("category").isNotNull()).select(col("basket_id"), col("job"),
                        lit(CATEGORY_PAIR).as("pair_type"), col("category").as("item_id")))
                .distinct();
        return scoped(items).select("split_type", "split_value", "pair_type", "basket_id", "item_id");
    }

    /** {@link #affinity(Dataset, Dataset, BasketAffinityConfig)} from the baskets' items ({@link #basketItems}). */
    public static Dataset<Row> affinity(Dataset<Row> scopedItems, Dataset<Row> basketOrders, Dataset<Row> orderLines,
                                        BasketAffinityConfig settings) {
        String[] scope = {"split_type", "split_value"};
        Dataset<Row> baskets = scoped(basketOrders.select("basket_id", "job").distinct())
                .groupBy("split_type", "split_value").agg(count(lit(1)).as("baskets"));
        Column frequent = col("item_baskets").divide(col("baskets")).geq(settings.minSupport());
        Dataset<Row> itemCounts = scopedItems.groupBy("split_type", "split_value", "pair_type", "item_id")
                .agg(count(lit(1)).as("item_baskets"))
                .join(baskets, scope).filter(frequent)
                .select("split_type", "split_value", "pair_type", "item_id", "item_baskets");

        String[] itemKey = {"split_type", "split_value", "pair_type", "item_id"};
        Dataset<Row> frequentItems = scopedItems.join(itemCounts.select("split_type", "split_value", "pair_type", "item_id"),
                itemKey, "left_semi");
        Dataset<Row> pairs = basketPairs(frequentItems)
                .groupBy("split_type", "split_value", "pair_type", "antecedent_id", "consequent_id")
                .agg(count(lit(1)).as("pair_baskets"))
                .join(baskets, scope)
                .filter(col("pair_baskets").divide(col("baskets")).geq(settings.minSupport()));

        Dataset<Row> names = productNames(orderLines);
        Dataset<Row> result = pairs
                .join(itemCounts.withColumnRenamed("item_id", "antecedent_id").withColumnRenamed("item_baskets",
                        "antecedent_baskets"), new String[] {"split_type", "split_value", "pair_type", "antecedent_id"})
                .join(itemCounts.withColumnRenamed("item_id", "consequent_id").withColumnRenamed("item_baskets",
                        "consequent_baskets"), new String[] {"split_type", "split_value", "pair_type", "consequent_id"})
                .join(names.withColumnRenamed("product_id", "antecedent_id").withColumnRenamed("product_name",
                        "__antecedent_product"), new String[] {"antecedent_id"}, "left")
                .join(names.withColumnRenamed("product_id", "consequent_id").withColumnRenamed("product_name",
                        "__consequent_product"), new String[] {"consequent_id"}, "left");
        Column product = col("pair_type").equalTo(PRODUCT_PAIR);
        return result
                .withColumn("antecedent_name", org.apache.spark.sql.functions.when(product, col("__antecedent_product"))
                        .otherwise(col("antecedent_id")))
                .withColumn("consequent_name", org.apache.spark.sql.functions.when(product, col("__consequent_product"))
                        .otherwise(col("consequent_id")))
                .withColumn("support", col("pair_baskets").cast("double").divide(col("baskets")))
                .withColumn("confidence", col("pair_baskets").cast("double").divide(col("antecedent_baskets")))
                .withColumn("lift", col("confidence").divide(col("consequent_baskets").cast("double").divide(col("baskets"))))
                .withColumn("basket_kind", lit(settings.basket().name().toLowerCase(java.util.Locale.ROOT)))
                .select("split_type", "split_value", "pair_type", "antecedent_id", "antecedent_name", "consequent_id",
                        "consequent_name", "basket_kind", "baskets", "antecedent_baskets", "consequent_baskets",
                        "pair_baskets", "support", "confidence", "lift");
    }

    /** A basket's items in one scope, in the order {@link #basketPairs} reads them. */
    private static final StructType ITEMS = new StructType().add("split_type", DataTypes.StringType)
            .add("split_value", DataTypes.StringType).add("pair_type", DataTypes.StringType)
            .add("basket_id", DataTypes.StringType).add("item_id", DataTypes.StringType);

    /** One ordered pair of different items in one basket and scope. */
    private static final StructType PAIRS = new StructType().add("split_type", DataTypes.StringType)
            .add("split_value", DataTypes.StringType).add("pair_type", DataTypes.StringType)
            .add("antecedent_id", DataTypes.StringType).add("consequent_id", DataTypes.StringType);

    /**
     * Every ordered pair of different items within each basket and scope, once per basket ({@link #PAIRS}), as a
     * self-join on the basket would give it. The items are grouped by basket in one shuffle and a sort: a self-join
     * sorts both sides, and a list per basket (collect_list) falls back from a hash map to sorting after a few
     * hundred baskets anyway.
     */
    static Dataset<Row> basketPairs(Dataset<Row> scopedItems) {
        FlatMapGroupsFunction<String, Row, Row> pairsOfBasket = (basket, items) -> {
            List<Row> rows = new ArrayList<>();
            while (items.hasNext()) {
                rows.add(items.next());
            }
            List<Row> pairs = new ArrayList<>();
            for (Row antecedent : rows) {
                for (Row consequent : rows) {
                    if (!java.util.Objects.equals(antecedent.getString(4), consequent.getString(4))) {
                        pairs.add(RowFactory.create(antecedent.getString(0), antecedent.getString(1), antecedent.getString(2),
                                antecedent.getString(4), consequent.getString(4)));
                    }
                }
            }
            return pairs.iterator();
        };
        return TouchPaths.project(scopedItems, ITEMS)
                .groupByKey((MapFunction<Row, String>) item -> item.getString(0) + '\u0000' + item.getString(1) + '\u0000'
                        + item.getString(2) + '\u0000' + item.getString(3), Encoders.STRING())
                .flatMapGroups(pairsOfBasket, Encoders.row(PAIRS));
    }

    /** Every row twice: once in the scope of all baskets, once in its job's. */
    private static Dataset<Row> scoped(Dataset<Row> rows) {
        return rows.withColumn("split_type", lit(SPLIT_ALL)).withColumn("split_value", lit(SPLIT_ALL))
                .unionByName(rows.withColumn("split_type", lit(SPLIT_JOB)).withColumn("split_value", col("job")));
    }

    /** A product's name as it is most often written (exports spell one product several ways); ties go to the first name. */
    static Dataset<Row> productNames(Dataset<Row> orderLines) {
        return orderLines.filter(col("product_name").isNotNull())
                .groupBy("product_id", "product_name").agg(count(lit(1)).as("__lines"))
                .withColumn("__rank", row_number().over(Window.partitionBy("product_id")
                        .orderBy(col("__lines").desc(), col("product_name"))))
                .filter(col("__rank").equalTo(1))
                .select("product_id", "product_name");
    }
}
