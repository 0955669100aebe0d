package io.ltvlake.common.lake;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The one way to read and write a Delta table of the lake. Every write is a single Delta
 * transaction: a full overwrite, or a {@code replaceWhere} of exactly the slice a run owns,
 * so a rerun replaces rather than appends.
 */
public final class Lake {

    /** What a write did: the table's version after it and the rows it wrote. */
    public record Write(TableSpec table, long version, long rowsWritten) {}

    private final SparkSession spark;
    private final String root;

    public Lake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public SparkSession spark() {
        return spark;
    }

    public String path(TableSpec table) {
        return root + "/" + table.ref().layer() + "/" + table.ref().name();
    }

    public boolean exists(TableSpec table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    public Dataset<Row> read(TableSpec table) {
        if (!exists(table)) {
            throw new IllegalStateException("table " + table.name() + " does not exist yet at " + path(table)
                    + "; run the job that writes it first (bin/ltvlake jobs shows which)");
        }
        return load(table);
    }

    public Optional<Dataset<Row>> readIfExists(TableSpec table) {
        return exists(table) ? Optional.of(load(table)) : Optional.empty();
    }

    private Dataset<Row> load(TableSpec table) {
        return spark.read().format("delta").load(path(table));
    }

    /**
     * Replaces the whole table. The schema is replaced only when it really changes (a column
     * added, dropped or retyped, or other partitioning): a metadata change in the commit makes
     * every reader that planned its query on the previous snapshot fail with
     * DELTA_SCHEMA_CHANGE_SINCE_ANALYSIS, so a nightly rewrite with the same columns must not make one.
     */
    public Write overwrite(TableSpec table, Dataset<Row> rows) {
        boolean existed = exists(table);
        long before = createIfMissing(table, rows);
        boolean schemaChanges = existed && changesSchema(table, rows.schema());
        clustered(table, rows).write().format("delta").mode("overwrite").option("overwriteSchema", String.valueOf(schemaChanges))
                .partitionBy(table.partitionColumns().toArray(String[]::new)).save(path(table));
        return lastWrite(table, before);
    }

    /**
     * Whether writing rows of {@code schema} would change the table's columns or partitioning.
     * Nullability and column metadata do not count: Delta stores every written column as nullable.
     */
    private boolean changesSchema(TableSpec table, StructType schema) {
        DeltaTable delta = DeltaTable.forPath(spark, path(table));
        StructType current = delta.toDF().schema();
        Row detail = delta.detail().select("partitionColumns").first();
        List<String> partitions = detail.getList(0);
        return !sameColumns(current, schema) || !partitions.equals(table.partitionColumns());
    }

    private static boolean sameColumns(StructType a, StructType b) {
        StructType x = nullable(a);
        StructType y = nullable(b);
        if (x.length() != y.length()) {
            return false;
        }
        for (int i = 0; i < x.length(); i++) {
            if (!x.fields()[i].name().equals(y.fields()[i].name()) || !x.fields()[i].dataType().equals(y.fields()[i].dataType())) {
                return false;
            }
        }
        return true;
    }

    /** The schema with every field (nested ones too) nullable, as Delta stores a written schema. */
    private static StructType nullable(StructType schema) {
        return schema.asNullable();
    }

    /**
     * Replaces exactly the rows matching {@code predicate}. Delta rejects rows outside the
     * predicate (DELTA_REPLACE_WHERE_MISMATCH), so a job cannot overwrite what it does not own.
     */
    public Write replaceWhere(TableSpec table, Dataset<Row> rows, String predicate) {
        long before = createIfMissing(table, rows);
        clustered(table, rows).write().format("delta").mode("overwrite").option("replaceWhere", predicate)
                .option("mergeSchema", "true").save(path(table));
        return lastWrite(table, before);
    }

    public long version(TableSpec table) {
        return DeltaTable.forPath(spark, path(table)).history(1).first().getLong(0);
    }

    /**
     * Registers every existing table as {@code layer.name} in the session catalogue, so SQL
     * can say {@code select * from silver.orders}. Returns the tables registered.
     */
    public List<TableSpec> registerAll(List<TableSpec> tables) {
        List<TableSpec> registered = new java.util.ArrayList<>();
        for (TableSpec table : tables) {
            // a table missing from this lake must not resolve to one registered earlier in the session
            // (another lake, or before it was deleted)
            spark.sql("CREATE DATABASE IF NOT EXISTS " + table.ref().layer());
            spark.sql("DROP TABLE IF EXISTS " + table.name());
            if (!exists(table)) {
                continue;
            }
            spark.sql("CREATE TABLE " + table.name() + " USING delta LOCATION '" + path(table).replace("'", "\\'") + "'");
            registered.add(table);
        }
        return registered;
    }

    /**
     * Rows of one partition gathered into one task, so a write makes one file per partition
     * value instead of one per input split and partition value (hundreds of tiny files).
     */
    private static Dataset<Row> clustered(TableSpec table, Dataset<Row> rows) {
        if (table.partitionColumns().isEmpty()) {
            return rows;
        }
        return rows.repartition(table.partitionColumns().stream().map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    /** Creates the table with its spec when it is new; returns the version before the coming write. */
    private long createIfMissing(TableSpec table, Dataset<Row> rows) {
        if (exists(table)) {
            return version(table);
        }
        // nullable as the first write will store it: a table created NOT NULL would be relaxed by that
        // write, a schema change that fails readers planned on the empty table
        DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(nullable(rows.schema()))
                .partitionedBy(table.partitionColumns().toArray(String[]::new))
                .comment(table.comment())
                .property("ltvlake.grain", table.grain())
                .property("ltvlake.primary_key", String.join(",", table.primaryKey()))
                .execute();
        return version(table);
    }

    /** Delta makes no commit for a write that adds and removes nothing: then nothing was written. */
    private Write lastWrite(TableSpec table, long versionBefore) {
        Row last = DeltaTable.forPath(spark, path(table)).history(1).select("version", "operationMetrics").first();
        if (last.getLong(0) == versionBefore) {
            return new Write(table, versionBefore, 0L);
        }
        Map<String, String> metrics = last.getJavaMap(1);
        long rows = metrics == null ? 0L : Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
        return new Write(table, last.getLong(0), rows);
    }
}
