package io.ltvlake.common.spark;

import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Config rules written as Spark SQL predicates (labelling and grouping rules), checked before anything runs. */
public final class SqlPredicates {

    private SqlPredicates() {}

    /**
     * Fails unless {@code predicate} is a boolean expression over the columns of {@code schema}
     * that works on one row at a time (no aggregate, no window). The error starts with
     * {@code which} (the rule, as the user knows it) and ends with {@code columnsHint}.
     */
    public static void check(SparkSession spark, StructType schema, String which, String predicate, String columnsHint) {
        Dataset<Row> empty = spark.createDataFrame(new ArrayList<Row>(), schema);
        try {
            Column column = expr(predicate);
            DataType type = empty.select(column).schema().fields()[0].dataType();
            if (!type.equals(DataTypes.BooleanType)) {
                throw new IllegalArgumentException(which + " is not a predicate: it gives " + type.simpleString()
                        + ", not boolean");
            }
            // A filter refuses aggregates and window functions, which make no sense on one row.
            empty.filter(column);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException(which + " is not valid: " + message.lines().findFirst().orElse(message)
                    + "; " + columnsHint, e);
        }
    }
}
