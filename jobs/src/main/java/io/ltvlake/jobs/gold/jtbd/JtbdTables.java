package io.ltvlake.jobs.gold.jtbd;

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
                    + "configured rule set, else 'other' (job_source: crm, rule or default; job_rule: the rule's name).");
}
