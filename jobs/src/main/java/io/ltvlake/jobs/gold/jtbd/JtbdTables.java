package io.ltvlake.jobs.gold.jtbd;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The tables of this mart, declared once: JtbdJob writes them, everyone else reads them from here. */
public final class JtbdTables {

    /** The job of an order that has no CRM label and matches no rule. */
    public static final String DEFAULT_JOB = "other";

    /**
     * The basket features of gold.order_jobs: what a JTBD rule (and a basket-affinity filter) may
     * refer to, one row per order. Rules are validated against exactly this schema.
     */
    public static final StructType BASKET_FEATURES = new StructType()
            .add("hour", DataTypes.IntegerType)
            .add("weekday", DataTypes.IntegerType)
            .add("item_count", DataTypes.IntegerType)
            .add("category_count", DataTypes.LongType)
            .add("guests", DataTypes.IntegerType)
            .add("total", DataTypes.createDecimalType(18, 2))
            .add("categories", DataTypes.createArrayType(DataTypes.StringType))
            .add("product_roles", DataTypes.createArrayType(DataTypes.StringType))
            .add("store", DataTypes.StringType)
            .add("country", DataTypes.StringType);

    private JtbdTables() {}

    public static final TableSpec ORDER_JOBS = TableSpec.of("gold.order_jobs", "one row per order", List.of("source", "order_id"),
            "Every order's basket features (hour, weekday, item_count, category_count, guests, total, categories, "
                    + "product_roles, store, country) and its job: the CRM label, else the first matching rule of the "
                    + "configured rule set, else 'other' (job_source: crm, rule or default; job_rule: the rule's name).")
            .documented(
                    "source", "the source system (profile name)",
                    "order_id", "the order's id in its source",
                    "customer_key", "the customer; null for an anonymous order",
                    "ordered_at", "when the order was placed (UTC)",
                    "order_date", "the business day of ordered_at",
                    "status", "completed, cancelled or returned",
                    "is_purchase", "a completed order with a revenue line",
                    "revenue", "the order's revenue, in the currency of the source; 0 unless a purchase",
                    "order_cost", "the order's cost; null when a line has no cost",
                    "manager_id", "the manager who took the order, when known",
                    "hour", "hour of ordered_at in the business time zone, 0-23",
                    "weekday", "day of the week of ordered_at, 1 = Monday .. 7 = Sunday",
                    "item_count", "units on the revenue lines",
                    "category_count", "distinct categories on the revenue lines",
                    "guests", "guests the order served, when known",
                    "total", "order value, in the currency of the source",
                    "categories", "the categories on the revenue lines",
                    "product_roles", "the roles (main, addon, lead_magnet) of the products",
                    "store", "the store or outlet",
                    "country", "the customer's country",
                    "crm_job", "the CRM's job label, when any",
                    "is_lead_magnet_order", "every revenue line is a lead-magnet product",
                    "has_main_product", "a revenue line is a main product",
                    "job_rule", "name of the rule that gave the job; null unless job_source is rule",
                    "job", "the order's job (JTBD)",
                    "job_source", "crm, rule or default")
            .check(Expectation.notNull("job", "job_source"))
            .check(Expectation.acceptedValues("job_source", "crm", "rule", "default"))
            .check(Expectation.expression("rule_jobs_name_their_rule", "(job_source = 'rule') = (job_rule is not null)"))
            // an anonymous purchase counts in revenue but not in deals (they need a customer); checked in the write's
            // one pass over its checks, so the warning costs no scan of its own
            .check(Expectation.expression("purchases_have_a_customer", "not is_purchase or customer_key is not null").warn())
            .refreshed(Refresh.Kind.CUSTOMER, "rewritten; a change of the product catalogue or the rules can relabel "
                    + "every order");
}
