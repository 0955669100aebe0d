package io.ltvlake.jobs.gold.jtbd;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.jobs.gold.jtbd.JtbdConfig.JtbdRule;
import io.ltvlake.common.spark.SqlPredicates;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * JTBD labelling, pure: the basket features of each order, and the job each order serves.
 * The CRM label wins; otherwise the first config rule whose predicate holds; otherwise
 * {@value JtbdTables#DEFAULT_JOB}.
 */
public final class JtbdTransforms {

    public static final String LEAD_MAGNET_ROLE = "lead_magnet";
    public static final String MAIN_ROLE = "main";


    private JtbdTransforms() {}

    /**
     * One row per silver order with its basket features, its CRM label ({@code crm_job},
     * lower-cased with blanks as {@code _}, so "Office setup" and "office_setup" are one job) and
     * the flags deal deduplication needs: {@code is_lead_magnet_order} (every positive line is a
     * lead-magnet product) and {@code has_main_product}. Products come from the catalogue when
     * there is one; without it an order has no product roles.
     */
    public static Dataset<Row> basketFeatures(Dataset<Row> orders, Dataset<Row> orderLines, Dataset<Row> products,
                                              ZoneId businessZone) {
        Dataset<Row> roles = products.select(col("source"), col("product_id"), col("role"));
        Dataset<Row> baskets = orderLines.filter(col("is_revenue_line"))
                .join(roles, new String[] {"source", "product_id"}, "left")
                .groupBy("source", "order_id")
                .agg(array_sort(collect_set(col("category"))).as("categories"),
                        array_sort(collect_set(col("role"))).as("product_roles"),
                        count(lit(1)).as("__positive_lines"),
                        count(when(col("role").equalTo(LEAD_MAGNET_ROLE), 1)).as("__lead_magnet_lines"),
                        count(when(col("role").equalTo(MAIN_ROLE), 1)).as("__main_lines"));
        Column local = from_utc_timestamp(col("ordered_at"), businessZone.getId());
        Column emptyArray = expr("cast(array() as array<string>)");
        Column crmJob = regexp_replace(lower(trim(col("jtbd"))), "\\s+", "_");
        return orders.join(baskets, new String[] {"source", "order_id"}, "left").select(
                col("source"), col("order_id"), col("customer_key"), col("ordered_at"), col("order_date"),
                col("status"), col("is_purchase"), col("revenue"), col("order_cost"), col("manager_id"),
                hour(local).as("hour"),
                // ISO weekday: Spark's dayofweek counts from Sunday = 1.
                dayofweek(local).plus(5).mod(7).plus(1).as("weekday"),
                col("item_count").cast("int").as("item_count"),
                col("category_count").cast("long").as("category_count"),
                col("guests").cast("int").as("guests"),
                col("order_value").cast("decimal(18,2)").as("total"),
                coalesce(col("categories"), emptyArray).as("categories"),
                coalesce(col("product_roles"), emptyArray).as("product_roles"),
                col("store"), col("country"),
                when(crmJob.notEqual(""), crmJob).as("crm_job"),
                coalesce(col("__lead_magnet_lines").gt(0).and(col("__lead_magnet_lines").equalTo(col("__positive_lines"))),
                        lit(false)).as("is_lead_magnet_order"),
                coalesce(col("__main_lines").gt(0), lit(false)).as("has_main_product"));
    }

    /**
     * Adds {@code job}, {@code job_source} ({@code crm | rule | default}) and {@code job_rule}
     * (the name of the rule that matched). Rules are tried in order; a predicate that is null
     * for an order does not match it.
     */
    public static Dataset<Row> label(Dataset<Row> features, List<JtbdRule> rules) {
        Column matchedRule = lit(null).cast("string");
        Column ruleJob = lit(null).cast("string");
        for (int i = rules.size() - 1; i >= 0; i--) {
            JtbdRule rule = rules.get(i);
            Column holds = coalesce(expr(rule.when()), lit(false));
            matchedRule = when(holds, lit(rule.name())).otherwise(matchedRule);
            ruleJob = when(holds, lit(rule.job())).otherwise(ruleJob);
        }
        return features
                .withColumn("job_rule", when(col("crm_job").isNull(), matchedRule))
                .withColumn("job", coalesce(col("crm_job"), ruleJob, lit(JtbdTables.DEFAULT_JOB)))
                .withColumn("job_source", when(col("crm_job").isNotNull(), lit("crm"))
                        .when(col("job_rule").isNotNull(), lit("rule")).otherwise(lit("default")));
    }

    /**
     * Every rule must be a deterministic boolean predicate over {@link JtbdTables#BASKET_FEATURES}; the error
     * names the rule, the rule set and what is wrong, and lists the features.
     */
    public static void validateRules(SparkSession spark, String ruleSet, List<JtbdRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            JtbdRule rule = rules.get(i);
            SqlPredicates.check(spark, JtbdTables.BASKET_FEATURES, "jtbd rule '" + rule.name() + "' (rule " + (i + 1) + " of rule set '"
                    + ruleSet + "', when = \"" + rule.when() + "\")", rule.when(), "the basket features are " + featureList());
        }
    }

    private static String featureList() {
        List<String> names = new ArrayList<>();
        for (var field : JtbdTables.BASKET_FEATURES.fields()) {
            names.add(field.name() + " " + field.dataType().simpleString());
        }
        return String.join(", ", names);
    }
}
