package io.ltvlake.jobs.delivery.extracts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/** Shapes the rows of an extract: the run date put into its SQL, its filter, columns and order. */
public final class ExtractTransforms {

    /** What {@code {run_date}} in an extract's sql or filter becomes. */
    public static final String RUN_DATE = "{run_date}";

    private ExtractTransforms() {}

    /** {@code {run_date}} replaced by the run date as a SQL date literal, e.g. {@code DATE'2026-11-21'}. */
    public static String withRunDate(String sql, LocalDate runDate) {
        return sql.replace(RUN_DATE, "DATE'" + runDate + "'");
    }

    /**
     * The extract's rows: those matching {@code filter} (which may use columns that are not
     * extracted), in {@code orderBy} order, then only {@code columns} (all when empty). Ties of
     * that order, or all rows when there is none, are sorted by every extracted column, so a rerun
     * writes the same file byte for byte.
     */
    public static Dataset<Row> shape(Dataset<Row> rows, List<String> columns, Optional<String> filter, List<String> orderBy,
                                     LocalDate runDate) {
        Dataset<Row> result = rows;
        if (filter.isPresent()) {
            result = result.filter(expr(withRunDate(filter.get(), runDate)));
        }
        List<String> kept = columns.isEmpty() ? List.of(result.columns()) : columns;
        List<Column> order = new ArrayList<>();
        orderBy.forEach(o -> order.add(sortItem(o)));
        for (StructField field : result.schema().fields()) {
            // maps have no order in Spark; everything else sorts
            if (kept.contains(field.name()) && !(field.dataType() instanceof MapType)) {
                order.add(col("`" + field.name() + "`").asc_nulls_first());
            }
        }
        if (!order.isEmpty()) {
            result = result.orderBy(order.toArray(Column[]::new));
        }
        return result.select(kept.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
    }

    private static final java.util.regex.Pattern SORT_ITEM = java.util.regex.Pattern.compile(
            "(?is)^(.+?)(?:\\s+(asc|desc))?(?:\\s+nulls\\s+(first|last))?\\s*$");

    /**
     * One ORDER BY item as written in SQL: an expression, then optionally {@code asc|desc} and
     * {@code nulls first|last} (Spark's {@code expr} alone would read {@code revenue desc} as an alias).
     * Without a direction it is ascending; nulls come first when ascending and last when descending.
     */
    static Column sortItem(String item) {
        java.util.regex.Matcher m = SORT_ITEM.matcher(item.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("order-by item '" + item + "' is empty");
        }
        Column column = expr(m.group(1));
        boolean descending = "desc".equalsIgnoreCase(m.group(2));
        String nulls = m.group(3) == null ? (descending ? "last" : "first") : m.group(3).toLowerCase(java.util.Locale.ROOT);
        if (descending) {
            return nulls.equals("first") ? column.desc_nulls_first() : column.desc_nulls_last();
        }
        return nulls.equals("first") ? column.asc_nulls_first() : column.asc_nulls_last();
    }
}
