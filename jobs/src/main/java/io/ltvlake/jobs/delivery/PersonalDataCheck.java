package io.ltvlake.jobs.delivery;

import io.ltvlake.common.identity.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import scala.collection.JavaConverters;

/**
 * Keeps raw phones and e-mail addresses out of published marts and ordinary extracts: by
 * column name, by a sample of the values, and by what a query reads.
 */
public final class PersonalDataCheck {

    /** Raised with the table (or extract) and column named. */
    public static final class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }

    private PersonalDataCheck() {}

    /** Refuses text columns whose names say they hold contacts ({@code phone}, {@code email}, {@code caller_phone} …). */
    public static void refuseContactColumns(String table, Dataset<Row> rows) {
        List<String> named = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            if (isText(field.dataType()) && PersonalData.isContactColumn(field.name())) {
                named.add(table + "." + field.name());
            }
        }
        if (!named.isEmpty()) {
            throw new Refused(String.join(", ", named) + (named.size() == 1 ? " is a contact column" : " are contact columns")
                    + " (phones or e-mails): marts carry customer_key only; not published");
        }
    }

    /**
     * Looks at the first {@code sampleRows} rows of every text column for values that look like
     * e-mail addresses or E.164 phone numbers. Collects at most {@code sampleRows} rows of the
     * text columns, whatever the size of the table.
     */
    public static void refuseContactValues(String table, Dataset<Row> rows, int sampleRows) {
        List<String> text = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            if (field.dataType() instanceof StringType) {
                text.add(field.name());
            }
        }
        if (text.isEmpty()) {
            return;
        }
        List<Row> sample = rows.select(text.stream().map(c -> new Column("`" + c + "`")).toArray(Column[]::new))
                .limit(sampleRows).collectAsList();
        for (Row row : sample) {
            for (int i = 0; i < text.size(); i++) {
                Optional<String> kind = row.isNullAt(i) ? Optional.empty() : PersonalData.contactKind(row.getString(i));
                if (kind.isPresent()) {
                    throw new Refused(table + "." + text.get(i) + " holds " + kind.get()
                            + " (found in a sample of its rows): marts carry customer_key only; not published");
                }
            }
        }
    }

    /**
     * Contact columns a query uses anywhere: in its output, its filters, joins, aggregates or
     * subqueries. Judged on Spark's optimised plan, so renaming a column ({@code email AS x}) or
     * {@code select *} does not hide it, while a column a subquery selects but nothing uses (pruned
     * away) does not count.
     */
    public static Set<String> contactColumnsRead(Dataset<Row> query) {
        Set<String> found = new LinkedHashSet<>();
        LogicalPlan plan = query.queryExecution().optimizedPlan();
        for (Attribute attribute : JavaConverters.seqAsJavaList(plan.output())) {
            if (PersonalData.isContactColumn(attribute.name())) {
                found.add(attribute.name());
            }
        }
        walk(plan, found);
        return found;
    }

    private static void walk(LogicalPlan node, Set<String> found) {
        for (Attribute attribute : JavaConverters.seqAsJavaList(node.references().toSeq())) {
            if (PersonalData.isContactColumn(attribute.name())) {
                found.add(attribute.name());
            }
        }
        for (LogicalPlan subquery : JavaConverters.seqAsJavaList(node.subqueries())) {
            walk(subquery, found);
        }
        for (LogicalPlan child : JavaConverters.seqAsJavaList(node.children())) {
            walk(child, found);
        }
    }

    private static boolean isText(DataType type) {
        return type instanceof StringType || (type instanceof ArrayType array && array.elementType() instanceof StringType);
    }
}
