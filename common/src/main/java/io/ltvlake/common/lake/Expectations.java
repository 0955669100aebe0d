package io.ltvlake.common.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluates a table's {@link Expectation}s on the rows about to be written. {@link Lake} calls it
 * before every commit; it is public so a check can be tried on a dataset without a lake.
 *
 * <p>Cost: the key's uniqueness and every row check (not null, accepted values, expressions) are
 * counted in one aggregation, a group-by on the key whose per-key partial counts are summed, so
 * one Spark job however many checks a table has. A further {@code unique} on other columns adds a
 * group-by, a relationship an anti-join. Only counts come back to the driver, and, for a check
 * that failed, at most {@value #SAMPLES} offending keys or rows (a second, limited query).
 */
public final class Expectations {

    /** Offending keys or rows named in a failure. */
    public static final int SAMPLES = 5;

    private static final String ROWS = "__rows";
    private static final int LONGEST_VALUE = 80;

    private Expectations() {}

    /** A check that failed on a table: what was found and up to five offending keys or rows. */
    public record Failure(TableRef table, Expectation check, String finding, List<String> samples) {
        public Failure {
            samples = List.copyOf(samples);
        }

        public boolean refuses() {
            return check.severity() == Expectation.Severity.ERROR;
        }

        /** One line naming the table, the check, what failed and the samples. */
        public String line() {
            return table + ": check " + check.name() + " (" + check.severity() + ") failed: " + finding
                    + (samples.isEmpty() ? "" : "; e.g. " + String.join(" | ", samples));
        }
    }

    /** A write refused because a check of severity error failed; nothing of it was committed. */
    public static final class Refused extends IllegalStateException {
        private final transient List<Failure> failures;

        public Refused(String consequence, List<Failure> failures) {
            super(failures.stream().map(Failure::line).reduce((a, b) -> a + "; " + b).orElse("") + " -- " + consequence);
            this.failures = List.copyOf(failures);
        }

        public List<Failure> failures() {
            return failures;
        }
    }

    /**
     * The table's unique and row checks on {@code rows}: one aggregation for the first unique check
     * (the primary key's) and all row checks, one group-by for each further unique check.
     */
    public static List<Failure> rowsAndKeys(TableSpec table, Dataset<Row> rows) {
        return rowsAndKeys(table, rows, List.of());
    }

    /**
     * {@link #rowsAndKeys(TableSpec, Dataset)} with row checks of this write only (not declared on the table) in the
     * same aggregation, such as the slice a new table's first {@code replaceWhere} must keep to.
     */
    public static List<Failure> rowsAndKeys(TableSpec table, Dataset<Row> rows, List<Expectation.RowCheck> alsoChecked) {
        List<Expectation.RowCheck> rowChecks = new ArrayList<>(alsoChecked);
        List<Expectation.Unique> uniques = new ArrayList<>();
        for (Expectation check : table.expectations()) {
            if (check instanceof Expectation.RowCheck rowCheck) {
                rowChecks.add(rowCheck);
            } else if (check instanceof Expectation.Unique unique) {
                uniques.add(unique);
            }
        }
        if (rowChecks.isEmpty() && uniques.isEmpty()) {
            return List.of();
        }
        List<Failure> failures = new ArrayList<>();
        Expectation.Unique first = uniques.isEmpty() ? null : uniques.get(0);
        Row totals = onePass(table, rows, first, rowChecks);
        long rowCount = longOrZero(totals, 0);
        if (first != null) {
            duplicateFailure(table, rows, first, longOrZero(totals, 1), longOrZero(totals, 2), rowCount).ifPresent(failures::add);
        }
        int offset = first == null ? 1 : 3;
        for (int i = 0; i < rowChecks.size(); i++) {
            long offending = longOrZero(totals, offset + i);
            if (offending > 0) {
                Expectation.RowCheck check = rowChecks.get(i);
                List<String> shown = shownColumns(table, rows, check);
                failures.add(new Failure(table.ref(), check, "offending rows: " + offending + " of " + rowCount,
                        samples(rows.where(check.violatedBy()).select(columns(shown)).limit(SAMPLES))));
            }
        }
        for (Expectation.Unique unique : uniques.subList(Math.min(1, uniques.size()), uniques.size())) {
            Row duplicates = duplicatedKeys(rows, unique.columns())
                    .agg(count(lit(1)), sum(col(ROWS))).first();
            duplicateFailure(table, rows, unique, longOrZero(duplicates, 0), longOrZero(duplicates, 1), rowCount)
                    .ifPresent(failures::add);
        }
        return failures;
    }

    /**
     * Rows kept by a {@code replaceWhere} (outside its slice) that share a key with the slice's
     * rows: after the write the key would not be unique although the slice alone is.
     */
    public static List<Failure> keysAlsoOutsideSlice(TableSpec table, Dataset<Row> slice, Dataset<Row> kept) {
        return keysInBoth(table, slice, kept, false, "rows outside the replaced slice sharing a key with the slice: ");
    }

    /**
     * Rows an overwrite keeps ({@code kept}, checked when they were written) that share a unique key with the rows it
     * changed: each would then be in the table twice. The changed rows' keys are broadcast (a night's few), so the
     * kept rows are scanned, not shuffled.
     */
    public static List<Failure> keysAlsoKept(TableSpec table, Dataset<Row> changed, Dataset<Row> kept) {
        return keysInBoth(table, changed, kept, true, "rows kept sharing a key with the rows written again: ");
    }

    private static List<Failure> keysInBoth(TableSpec table, Dataset<Row> slice, Dataset<Row> kept, boolean broadcastSlice,
                                            String finding) {
        List<Failure> failures = new ArrayList<>();
        for (Expectation check : table.expectations()) {
            if (check instanceof Expectation.Unique unique) {
                Column[] key = columns(unique.columns());
                Dataset<Row> sliceKeys = slice.select(key).distinct();
                Dataset<Row> clashing = kept.select(key).join(broadcastSlice ? org.apache.spark.sql.functions.broadcast(sliceKeys) : sliceKeys,
                        scala.collection.JavaConverters.asScalaBuffer(unique.columns()).toSeq(), "left_semi");
                long rows = clashing.count();
                if (rows > 0) {
                    failures.add(new Failure(table.ref(), unique, finding + rows, samples(clashing.distinct().limit(SAMPLES))));
                }
            }
        }
        return failures;
    }

    /**
     * A relationship: rows of {@code rows} (table {@code table}) whose non-null columns match no row
     * of {@code referenced}, which {@code referencedAs} describes (e.g. "gold.deals as written now").
     */
    public static Optional<Failure> relationship(TableRef table, Expectation.Relationship check, Dataset<Row> rows,
                                                 Dataset<Row> referenced, String referencedAs) {
        List<String> names = check.columns();
        Column present = names.stream().map(c -> col(c).isNotNull()).reduce(Column::and).orElseThrow();
        Column[] renamed = new Column[names.size()];
        for (int i = 0; i < names.size(); i++) {
            renamed[i] = col(check.referencedColumns().get(i)).as(names.get(i));
        }
        Dataset<Row> missing = rows.select(columns(names)).where(present)
                .join(referenced.select(renamed).distinct(), scala.collection.JavaConverters.asScalaBuffer(names).toSeq(),
                        "left_anti");
        long offending = missing.count();
        if (offending == 0) {
            return Optional.empty();
        }
        return Optional.of(new Failure(table, check, "rows pointing to no row of " + referencedAs + ": " + offending,
                samples(missing.distinct().limit(SAMPLES))));
    }

    /**
     * Total rows, then for the unique check its duplicated keys and their rows, then each row
     * check's offending rows. With a unique check the rows are first counted per key, so the
     * whole is one aggregation over the key's shuffle.
     */
    private static Row onePass(TableSpec table, Dataset<Row> rows, Expectation.Unique unique, List<Expectation.RowCheck> rowChecks) {
        try {
            List<Column> perRow = new ArrayList<>();
            for (int i = 0; i < rowChecks.size(); i++) {
                perRow.add(sum(when(rowChecks.get(i).violatedBy(), 1L).otherwise(0L)).as("__check_" + i));
            }
            if (unique == null) {
                List<Column> all = new ArrayList<>(List.of(count(lit(1)).as(ROWS)));
                all.addAll(perRow);
                return rows.agg(all.get(0), all.subList(1, all.size()).toArray(Column[]::new)).first();
            }
            Dataset<Row> perKey = rows.groupBy(columns(unique.columns()))
                    .agg(count(lit(1)).as(ROWS), perRow.toArray(Column[]::new));
            Column duplicated = col(ROWS).gt(1).and(keyPresent(unique.columns()));
            List<Column> totals = new ArrayList<>(List.of(
                    sum(when(duplicated, 1L).otherwise(0L)),
                    sum(when(duplicated, col(ROWS)).otherwise(0L))));
            for (int i = 0; i < rowChecks.size(); i++) {
                totals.add(sum(col("__check_" + i)));
            }
            return perKey.agg(sum(col(ROWS)), totals.toArray(Column[]::new)).first();
        } catch (Exception e) {
            // Spark's AnalysisException (a column the rows lack, a bad condition) is a checked exception to Java
            throw new IllegalStateException(table.ref() + ": cannot evaluate its checks "
                    + table.expectations().stream().map(Expectation::name).toList() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Failure> duplicateFailure(TableSpec table, Dataset<Row> rows, Expectation.Unique check,
                                                      long keys, long keyRows, long rowCount) {
        if (keys == 0) {
            return Optional.empty();
        }
        return Optional.of(new Failure(table.ref(), check, "duplicated keys: " + keys + ", held by " + keyRows + " of "
                + rowCount + " rows", samples(duplicatedKeys(rows, check.columns()).limit(SAMPLES))));
    }

    /** Keys without nulls held by more than one row, with their row count in {@code __rows}. */
    private static Dataset<Row> duplicatedKeys(Dataset<Row> rows, List<String> key) {
        return rows.groupBy(columns(key)).agg(count(lit(1)).as(ROWS))
                .where(col(ROWS).gt(1).and(keyPresent(key)));
    }

    private static Column keyPresent(List<String> key) {
        return key.stream().map(c -> col(c).isNotNull()).reduce(Column::and).orElseThrow();
    }

    /** The key (when the table has one) and the columns the check is about, each once. */
    private static List<String> shownColumns(TableSpec table, Dataset<Row> rows, Expectation.RowCheck check) {
        LinkedHashSet<String> shown = new LinkedHashSet<>(table.primaryKey());
        shown.addAll(check.shownColumns(Arrays.asList(rows.columns())));
        if (shown.isEmpty()) {
            shown.addAll(Arrays.asList(rows.columns()));
        }
        return List.copyOf(shown);
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    /** At most {@link #SAMPLES} rows, each as {@code column=value, …}; {@code __rows} reads as "(n rows)". */
    private static List<String> samples(Dataset<Row> limited) {
        String[] names = limited.columns();
        List<String> lines = new ArrayList<>();
        for (Row row : limited.collectAsList()) {
            List<String> parts = new ArrayList<>();
            String suffix = "";
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(ROWS)) {
                    suffix = " (" + row.get(i) + " rows)";
                } else {
                    parts.add(names[i] + "=" + shortened(row.get(i)));
                }
            }
            lines.add(String.join(", ", parts) + suffix);
        }
        lines.sort(null);
        return lines;
    }

    private static String shortened(Object value) {
        String text = String.valueOf(value);
        return text.length() <= LONGEST_VALUE ? text : text.substring(0, LONGEST_VALUE) + "…";
    }

    private static long longOrZero(Row row, int index) {
        return row.isNullAt(index) ? 0L : ((Number) row.get(index)).longValue();
    }
}
