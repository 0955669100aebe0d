package io.ltvlake.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.LakeFiles;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.jobs.Pipeline;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true, description = {"Run Spark SQL over the lake: every table is registered as bronze.*, silver.*, gold.*, quarantine.*.",
        "Example: bin/ltvlake sql \"select status, count(*) from silver.orders group by status\""})
public final class SqlCommand implements Callable<Integer> {

    public enum Format { table, csv, json }

    @Mixin
    LakeOptions lake;

    @Parameters(paramLabel = "QUERY", description = "a Spark SQL query")
    String query;

    @Option(names = "--format", description = "table (default), csv or json (one object per line)")
    Format format = Format.table;

    @Option(names = "--max-rows", description = "rows shown in table format; csv and json print every row (default ${DEFAULT-VALUE})")
    int maxRows = 200;

    @Override
    public Integer call() {
        Settings settings = lake.load();
        requireLake(settings);
        SparkSession spark = Session.spark(settings);
        print(query(spark, settings.lakeRoot(), query), format, maxRows, System.out);
        return 0;
    }

    /** The query planned over every table of the lake, as {@code layer.name}; printing it runs it. */
    static Dataset<Row> query(SparkSession spark, String lakeRoot, String query) {
        new Lake(spark, lakeRoot).registerAll(Pipeline.tables());
        return spark.sql(query);
    }

    /**
     * A query against a lake that is not there would only say that its first table "cannot be
     * found"; say what is wrong instead, before Spark starts.
     */
    static void requireLake(Settings settings) {
        if (!new LakeFiles(SparkSessions.hadoopConfiguration(settings)).exists(settings.lakeRoot())) {
            throw new IllegalArgumentException("there is no lake at " + settings.lakeRoot()
                    + ": run bin/ltvlake demo (or a run) first, or point --lake at one");
        }
    }

    public static void print(Dataset<Row> result, Format format, int maxRows, PrintStream out) {
        if (format == Format.json) {
            result.toJSON().toLocalIterator().forEachRemaining(out::println);
            return;
        }
        String[] names = result.columns();
        Dataset<Row> text = result.select(Arrays.stream(names).map(n -> col("`" + n + "`").cast("string").as(n))
                .toArray(org.apache.spark.sql.Column[]::new));
        if (format == Format.csv) {
            out.println(String.join(",", Arrays.stream(names).map(SqlCommand::csv).toList()));
            Iterator<Row> rows = text.toLocalIterator();
            while (rows.hasNext()) {
                Row row = rows.next();
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < names.length; i++) {
                    line.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : csv(row.getString(i)));
                }
                out.println(line);
            }
            return;
        }
        TextTable table = new TextTable(names);
        int shown = 0;
        boolean more = false;
        for (Row row : text.limit(maxRows + 1).collectAsList()) {
            if (shown == maxRows) {
                more = true;
                break;
            }
            Object[] cells = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                cells[i] = row.isNullAt(i) ? "NULL" : row.getString(i);
            }
            table.row(cells);
            shown++;
        }
        out.print(table.render());
        out.println("(" + shown + " row" + (shown == 1 ? "" : "s") + (more ? "; more not shown: use --max-rows or --format csv" : "") + ")");
    }

    public static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
