package io.ltvlake.tools;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;

import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.spark.DatasetDiff;
import io.ltvlake.jobs.Pipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Table by table, whether other lakes hold exactly the rows of a reference lake: the proof that a
 * rerun after a crash, or a refactoring, changed nothing. Rows are compared as multisets
 * ({@link DatasetDiff}), so row order and file layout do not count.
 */
final class LakeComparison {

    /**
     * What differs between two correct lakes: when ingest ran, when the landing folders were made (each lake
     * has its own copy), and the lake's own folder in file paths.
     */
    private static final List<String> IGNORED_COLUMNS = List.of("_ingested_at", "ingested_at", "folder_modified_at");

    private LakeComparison() {}

    /**
     * Prints one row per table of the pipeline (and the quarantine) that {@code selected} keeps and the
     * reference lake has, and returns whether every other lake holds the same rows in each.
     */
    static boolean compare(SparkSession spark, Path reference, Map<String, Path> others, Predicate<TableSpec> selected,
                           PrintStream out) {
        List<TableSpec> tables = new ArrayList<>(Pipeline.tables());
        if (tables.stream().noneMatch(t -> t.name().equals(Quarantine.TABLE.name()))) {
            tables.add(Quarantine.TABLE);
        }
        Lake referenceLake = new Lake(spark, reference.toString());
        List<String> header = new ArrayList<>(List.of("table", "rows (reference)"));
        header.addAll(others.keySet());
        TextTable table = new TextTable(header.toArray(String[]::new));
        int different = 0;
        int compared = 0;
        for (TableSpec spec : tables.stream().filter(selected).toList()) {
            if (!referenceLake.exists(spec)) {
                continue; // a table this sample does not produce (e.g. optional inputs)
            }
            compared++;
            Dataset<Row> expected = comparable(referenceLake.read(spec), reference);
            List<String> row = new ArrayList<>(List.of(spec.name(), TextTable.count(expected.count())));
            for (Path dir : others.values()) {
                Lake other = new Lake(spark, dir.toString());
                if (!other.exists(spec)) {
                    row.add("MISSING");
                    different++;
                    continue;
                }
                DatasetDiff.Difference difference = DatasetDiff.between(expected, comparable(other.read(spec), dir));
                if (!difference.same()) {
                    different++;
                }
                row.add(difference.same() ? "equal" : "DIFFERENT (" + difference.onlyLeft() + " only in the reference, "
                        + difference.onlyRight() + " only here)");
            }
            table.row(row.toArray(String[]::new));
        }
        out.print(table.render());
        out.println(compared + " tables compared in each of " + others.size() + " lakes; "
                + (different == 0 ? "all equal" : different + " differ"));
        return different == 0 && compared > 0;
    }

    /**
     * A table's rows as they are compared: without the columns that differ between two correct lakes
     * ({@link #IGNORED_COLUMNS}), and with the lake's own folder replaced in text (source file paths).
     */
    static Dataset<Row> comparableRows(Lake lake, Path lakeDir, TableSpec table) {
        return comparable(lake.read(table), lakeDir);
    }

    private static Dataset<Row> comparable(Dataset<Row> rows, Path lakeDir) {
        List<Column> columns = new ArrayList<>();
        Predicate<StructField> kept = field -> !IGNORED_COLUMNS.contains(field.name());
        for (StructField field : Arrays.stream(rows.schema().fields()).filter(kept).toList()) {
            Column column = col("`" + field.name() + "`");
            columns.add(field.dataType().equals(DataTypes.StringType)
                    ? regexp_replace(column, Pattern.quote(lakeDir.toString()), "<lake>").as(field.name()) : column);
        }
        return rows.select(columns.toArray(Column[]::new));
    }
}
