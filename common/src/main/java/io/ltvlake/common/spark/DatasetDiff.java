package io.ltvlake.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Whether two datasets hold the same rows, counted with multiplicity (what {@code exceptAll} both
 * ways would count, in one aggregation that reads each side once): a table built on a cluster against the same table built locally, on S3 against a local
 * folder. Floating-point columns are compared to {@value #SIGNIFICANT_DIGITS} significant digits,
 * because a double sum depends on the order in which partial sums are merged, and that order is
 * not fixed between runs; decimals, integers, strings, dates and times compare exactly.
 */
public final class DatasetDiff {

    /** Double and float columns are compared as text with this many significant digits. */
    public static final int SIGNIFICANT_DIGITS = 10;

    /** Marks each row's side; no table has a column of this name. */
    private static final String SIDE = "_dataset_diff_side";

    /** Rows only {@code left} has and rows only {@code right} has. */
    public record Difference(long onlyLeft, long onlyRight) {
        public boolean same() {
            return onlyLeft == 0 && onlyRight == 0;
        }
    }

    private DatasetDiff() {}

    /** Compares by column name; both sides must have the same columns (types may differ only in nullability). */
    public static Difference between(Dataset<Row> left, Dataset<Row> right) {
        String[] leftColumns = left.columns();
        String[] rightColumns = right.columns();
        if (!Arrays.stream(leftColumns).sorted().toList().equals(Arrays.stream(rightColumns).sorted().toList())) {
            throw new IllegalArgumentException("the two sides have different columns: " + Arrays.toString(leftColumns)
                    + " against " + Arrays.toString(rightColumns));
        }
        Column[] columns = Arrays.stream(leftColumns).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        Dataset<Row> l = comparable(left);
        Dataset<Row> r = comparable(right.select(columns));
        // each distinct row's copies on either side, in one pass: two exceptAll counts would read both sides twice
        Column fromLeft = col(SIDE).equalTo(1);
        Row only = l.withColumn(SIDE, lit(1)).unionByName(r.withColumn(SIDE, lit(2)))
                .groupBy(columns)
                .agg(sum(when(fromLeft, 1L).otherwise(0L)).as("left_copies"), sum(when(fromLeft, 0L).otherwise(1L)).as("right_copies"))
                .agg(coalesce(sum(greatest(col("left_copies").minus(col("right_copies")), lit(0L))), lit(0L)),
                        coalesce(sum(greatest(col("right_copies").minus(col("left_copies")), lit(0L))), lit(0L)))
                .first();
        return new Difference(only.getLong(0), only.getLong(1));
    }

    /** The rows with floating-point columns as text of {@value #SIGNIFICANT_DIGITS} significant digits. */
    public static Dataset<Row> comparable(Dataset<Row> rows) {
        Column[] columns = Arrays.stream(rows.schema().fields()).map(DatasetDiff::comparable).toArray(Column[]::new);
        return rows.select(columns);
    }

    private static Column comparable(StructField field) {
        Column column = col("`" + field.name() + "`");
        if (field.dataType().equals(DataTypes.DoubleType) || field.dataType().equals(DataTypes.FloatType)) {
            // + 0.0 turns -0.0 into 0.0, which format_string would otherwise print with a sign
            return format_string("%." + SIGNIFICANT_DIGITS + "g", column.cast("double").plus(0.0)).as(field.name());
        }
        return column;
    }
}
