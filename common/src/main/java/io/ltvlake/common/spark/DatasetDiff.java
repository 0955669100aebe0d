package io.ltvlake.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Whether two datasets hold the same rows, counted with multiplicity ({@code exceptAll} both
 * ways): a table built on a cluster against the same table built locally, on S3 against a local
 * folder. Floating-point columns are compared to {@value #SIGNIFICANT_DIGITS} significant digits,
 * because a double sum depends on the order in which partial sums are merged, and that order is
 * not fixed between runs; decimals, integers, strings, dates and times compare exactly.
 */
public final class DatasetDiff {

    /** Double and float columns are compared as text with this many significant digits. */
    public static final int SIGNIFICANT_DIGITS = 10;

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
        Dataset<Row> l = comparable(left);
        Dataset<Row> r = comparable(right.select(Arrays.stream(leftColumns).map(c -> col("`" + c + "`")).toArray(Column[]::new)));
        return new Difference(l.exceptAll(r).count(), r.exceptAll(l).count());
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
