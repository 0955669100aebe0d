package io.ltvlake.common.lake;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * A check on a table's rows, declared on its {@link TableSpec} like a dbt test and checked by
 * {@link Lake} before every commit of the table:
 *
 * <pre>{@code
 * TableSpec.of("gold.deals", "one row per deal", List.of("deal_id"), "…")
 *         .check(Expectation.notNull("customer_key"))
 *         .check(Expectation.acceptedValues("deal_kind", "first", "repeat"))
 *         .check(Expectation.expression("orders_add_up", "orders = immediate_upsells + deferred_upsells + 1"))
 *         .check(Expectation.expression("revenue_non_negative", "revenue >= 0").warn())
 *         .check(Expectation.relationship("customer_key", CUSTOMERS, "customer_key"));
 * }</pre>
 *
 * <p>Every table with a primary key also gets {@code unique(key)} and {@code not_null(key)}
 * without declaring them ({@link TableSpec#expectations()}). A failing check of severity
 * {@code error} (the default) refuses the write, naming the table, the check and up to five
 * offending keys; one of severity {@code warn} prints the same line and lets the write through.
 *
 * <p>Nulls: as in SQL's CHECK constraints and dbt's tests, a null passes {@code acceptedValues},
 * {@code expression} (a condition that is null is not false) and {@code relationship}; declare
 * {@code notNull} where a value must be there.
 */
public sealed interface Expectation permits Expectation.Unique, Expectation.RowCheck,
        Expectation.Relationship {

    /** What a failure does: {@code ERROR} refuses the write, {@code WARN} prints and lets it through. */
    enum Severity {
        ERROR, WARN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The check's name, unique within its table; it names the check in failures and in {@code bin/ltvlake tables}. */
    String name();

    Severity severity();

    /** What the check asserts, in words, for the table catalogue. */
    String describe();

    /** The same check under another name. */
    Expectation named(String name);

    /** The same check with another severity. */
    Expectation withSeverity(Severity severity);

    /** The same check as a warning: a failure is printed and the write proceeds. */
    default Expectation warn() {
        return withSeverity(Severity.WARN);
    }

    /** No two rows share a value of {@code columns} (rows with a null in them are left to {@link #notNull}). */
    static Expectation unique(String... columns) {
        return new Unique("unique(" + String.join(", ", columns) + ")", List.of(columns), Severity.ERROR);
    }

    /** None of {@code columns} is null. */
    static Expectation notNull(String... columns) {
        return new NotNull("not_null(" + String.join(", ", columns) + ")", List.of(columns), Severity.ERROR);
    }

    /** {@code column}, read as text, is one of {@code values} (or null). */
    static Expectation acceptedValues(String column, String... values) {
        return new AcceptedValues("accepted_values(" + column + ")", column, List.of(values), Severity.ERROR);
    }

    /** A Spark SQL condition over one row's columns that must not be false, e.g. {@code revenue >= 0}. */
    static Expectation expression(String name, String condition) {
        return new Expression(name, condition, Severity.ERROR);
    }

    /**
     * Every non-null {@code column} of this table is a {@code referencedColumn} of {@code referenced}
     * (a foreign key). It is checked against the referenced table as it stands in the lake, or, when
     * the same job writes that table after this one, when that write comes (see {@link Lake#beginJob}).
     */
    static Expectation relationship(String column, TableSpec referenced, String referencedColumn) {
        return relationship(List.of(column), referenced, List.of(referencedColumn));
    }

    /** A relationship over several columns, matched in order. */
    static Expectation relationship(List<String> columns, TableSpec referenced, List<String> referencedColumns) {
        if (referenced == null) {
            throw new IllegalArgumentException("relationship(" + columns + "): the referenced table is null; a table "
                    + "declared later in the same class is not initialised yet, so declare the referenced table first");
        }
        return new Relationship("relationship(" + String.join(", ", columns) + " -> " + referenced.name() + "."
                + String.join(", ", referencedColumns) + ")", columns, referenced.ref(), referencedColumns, Severity.ERROR);
    }

    /** A check decided row by row, so all of a table's row checks run in one aggregation. */
    sealed interface RowCheck extends Expectation permits NotNull, AcceptedValues, Expression {
        /** True for a row that fails the check; never null. */
        Column violatedBy();

        /** Columns worth showing beside the key for an offending row, among {@code columns} of the table. */
        List<String> shownColumns(List<String> columns);
    }

    record Unique(String name, List<String> columns, Severity severity) implements Expectation {
        public Unique {
            name = checkedName(name);
            columns = nonEmpty(columns, name);
        }

        @Override
        public String describe() {
            return "no two rows share (" + String.join(", ", columns) + ")";
        }

        @Override
        public Unique named(String newName) {
            return new Unique(newName, columns, severity);
        }

        @Override
        public Unique withSeverity(Severity newSeverity) {
            return new Unique(name, columns, newSeverity);
        }
    }

    record NotNull(String name, List<String> columns, Severity severity) implements RowCheck {
        public NotNull {
            name = checkedName(name);
            columns = nonEmpty(columns, name);
        }

        @Override
        public Column violatedBy() {
            return columns.stream().map(c -> col(c).isNull()).reduce(Column::or).orElseThrow();
        }

        @Override
        public List<String> shownColumns(List<String> tableColumns) {
            return columns;
        }

        @Override
        public String describe() {
            return columns.size() == 1 ? columns.get(0) + " is never null" : "none of " + String.join(", ", columns) + " is null";
        }

        @Override
        public NotNull named(String newName) {
            return new NotNull(newName, columns, severity);
        }

        @Override
        public NotNull withSeverity(Severity newSeverity) {
            return new NotNull(name, columns, newSeverity);
        }
    }

    record AcceptedValues(String name, String column, List<String> values, Severity severity) implements RowCheck {
        public AcceptedValues {
            name = checkedName(name);
            values = nonEmpty(values, name);
        }

        @Override
        public Column violatedBy() {
            Column text = col(column).cast("string");
            return text.isNotNull().and(text.isin(values.toArray()).unary_$bang());
        }

        @Override
        public List<String> shownColumns(List<String> tableColumns) {
            return List.of(column);
        }

        @Override
        public String describe() {
            return column + " in (" + String.join(", ", values) + ")";
        }

        @Override
        public AcceptedValues named(String newName) {
            return new AcceptedValues(newName, column, values, severity);
        }

        @Override
        public AcceptedValues withSeverity(Severity newSeverity) {
            return new AcceptedValues(name, column, values, newSeverity);
        }
    }

    record Expression(String name, String condition, Severity severity) implements RowCheck {
        public Expression {
            name = checkedName(name);
            if (condition == null || condition.isBlank()) {
                throw new IllegalArgumentException("check '" + name + "' has no condition");
            }
        }

        @Override
        public Column violatedBy() {
            return coalesce(expr(condition), lit(true)).unary_$bang();
        }

        /** The columns the condition names, found by word, so a failure shows the values it judged. */
        @Override
        public List<String> shownColumns(List<String> tableColumns) {
            return tableColumns.stream()
                    .filter(c -> Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(c) + "(?![A-Za-z0-9_])")
                            .matcher(condition).find())
                    .toList();
        }

        @Override
        public String describe() {
            return condition;
        }

        @Override
        public Expression named(String newName) {
            return new Expression(newName, condition, severity);
        }

        @Override
        public Expression withSeverity(Severity newSeverity) {
            return new Expression(name, condition, newSeverity);
        }
    }

    record Relationship(String name, List<String> columns, TableRef referenced, List<String> referencedColumns,
                        Severity severity) implements Expectation {
        public Relationship {
            name = checkedName(name);
            columns = nonEmpty(columns, name);
            referencedColumns = nonEmpty(referencedColumns, name);
            if (columns.size() != referencedColumns.size()) {
                throw new IllegalArgumentException("check '" + name + "' matches " + columns.size() + " columns against "
                        + referencedColumns.size());
            }
        }

        @Override
        public String describe() {
            return "every " + String.join(", ", columns) + " is a " + String.join(", ", referencedColumns) + " of " + referenced;
        }

        @Override
        public Relationship named(String newName) {
            return new Relationship(newName, columns, referenced, referencedColumns, severity);
        }

        @Override
        public Relationship withSeverity(Severity newSeverity) {
            return new Relationship(name, columns, referenced, referencedColumns, newSeverity);
        }
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a check needs a name");
        }
        return name;
    }

    private static <T> List<T> nonEmpty(List<T> values, String name) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("check '" + name + "' needs at least one column or value");
        }
        if (values.stream().anyMatch(v -> v == null || v.toString().isBlank())) {
            throw new IllegalArgumentException("check '" + name + "' has a blank column or value: " + Arrays.toString(values.toArray()));
        }
        return List.copyOf(values);
    }
}
