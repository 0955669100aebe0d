package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Plan levels (min, base, max) beside monthly actuals, the same way for every mart that has a plan
 * (the profit funnel, the profit formula): the plan lines come from {@code ltvlake.funnel.plan}.
 */
public final class PlanLevels {

    /** One plan line: plan_month null for every month, channel "(all)" for the business as a whole. */
    public static final StructType LINE = new StructType()
            .add("plan_month", DataTypes.DateType)
            .add("channel", DataTypes.StringType)
            .add("metric", DataTypes.StringType)
            .add("plan_min", DataTypes.createDecimalType(24, 6))
            .add("plan_base", DataTypes.createDecimalType(24, 6))
            .add("plan_max", DataTypes.createDecimalType(24, 6));

    private static final String LEVEL = "decimal(24,6)";

    private PlanLevels() {}

    /**
     * For every month of {@code actuals} and every plan line that applies to it (a line for that
     * month wins over a line for every month, per channel and metric), the actual beside min, base
     * and max; {@code plan_status} says where the actual falls ({@code below_min},
     * {@code min_to_base}, {@code base_to_max}, {@code above_max}; null without an actual, e.g. a
     * ratio with a zero denominator or a channel without a row that month) and
     * {@code base_attainment} = actual / base. Empty without plan lines.
     *
     * @param actuals one row per month and channel: month, channel, is_partial_month and a column per metric
     * @param lines   rows of {@link #LINE}, only of {@code metrics}
     * @param metrics the columns of {@code actuals} a plan line may name
     */
    public static Dataset<Row> besideActuals(Dataset<Row> actuals, Dataset<Row> lines, List<String> metrics) {
        Dataset<Row> months = actuals.select("month", "is_partial_month").distinct();
        WindowSpec line = Window.partitionBy("month", "channel", "metric").orderBy(col("plan_month").asc_nulls_last());
        Dataset<Row> applying = months.crossJoin(lines.filter(col("metric").isin(metrics.toArray())))
                .filter(col("plan_month").isNull().or(col("plan_month").equalTo(col("month"))))
                .withColumn("__line", row_number().over(line))
                .filter(col("__line").equalTo(1));
        StringBuilder stack = new StringBuilder("stack(" + metrics.size());
        for (String metric : metrics) {
            stack.append(", '").append(metric).append("', cast(").append(metric).append(" as ").append(LEVEL).append(")");
        }
        Dataset<Row> values = actuals.select(col("month"), col("channel"), expr(stack + ") as (metric, actual)"));
        Column actual = col("actual");
        return applying.join(values, new String[] {"month", "channel", "metric"}, "left")
                .withColumn("plan_source", when(col("plan_month").isNull(), lit("every_month")).otherwise(lit("month")))
                .withColumn("plan_status", when(actual.isNull(), lit(null).cast("string"))
                        .when(actual.lt(col("plan_min")), lit("below_min"))
                        .when(actual.lt(col("plan_base")), lit("min_to_base"))
                        .when(actual.leq(col("plan_max")), lit("base_to_max"))
                        .otherwise(lit("above_max")))
                .withColumn("base_attainment", when(col("plan_base").notEqual(0),
                        actual.cast("double").divide(col("plan_base").cast("double"))))
                .select("month", "channel", "metric", "is_partial_month", "actual", "plan_min", "plan_base", "plan_max",
                        "plan_status", "base_attainment", "plan_source");
    }
}
