package io.ltvlake.jobs.delivery.postgres;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark column types as PostgreSQL column types: decimal(p,s) → numeric(p,s), timestamp (UTC
 * instants) → timestamptz, date → date, long → bigint, double → double precision, arrays of
 * scalars → arrays, structs, maps and nested arrays → jsonb.
 */
public final class PostgresTypes {

    private PostgresTypes() {}

    /** The PostgreSQL type of a Spark type. */
    public static String columnType(DataType type) {
        if (type instanceof StringType) {
            return "text";
        }
        if (type instanceof BooleanType) {
            return "boolean";
        }
        if (type instanceof ByteType || type instanceof ShortType) {
            return "smallint";
        }
        if (type instanceof IntegerType) {
            return "integer";
        }
        if (type instanceof LongType) {
            return "bigint";
        }
        if (type instanceof FloatType) {
            return "real";
        }
        if (type instanceof DoubleType) {
            return "double precision";
        }
        if (type instanceof DecimalType decimal) {
            return "numeric(" + decimal.precision() + "," + decimal.scale() + ")";
        }
        if (type instanceof DateType) {
            return "date";
        }
        if (type instanceof TimestampType) {
            return "timestamptz";
        }
        if (type instanceof TimestampNTZType) {
            return "timestamp";
        }
        if (type instanceof BinaryType) {
            return "bytea";
        }
        if (type instanceof ArrayType array && isScalar(array.elementType())) {
            return columnType(array.elementType()) + "[]";
        }
        return "jsonb";
    }

    /** True for types that are one value (not an array, map or struct). */
    static boolean isScalar(DataType type) {
        return !(type instanceof ArrayType || type instanceof MapType || type instanceof StructType);
    }

    /** True when rows of this column go to PostgreSQL as JSON text. */
    static boolean isJson(DataType type) {
        return columnType(type).equals("jsonb");
    }

    /**
     * The rows as they are sent: every column that becomes jsonb turned into its JSON text (by
     * Spark, on the executors), every other column unchanged. Column names and order are kept.
     */
    public static Dataset<Row> forCopy(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = col("`" + field.name() + "`");
            columns.add(isJson(field.dataType()) ? to_json(column).as(field.name()) : column);
        }
        return rows.select(columns.toArray(Column[]::new));
    }
}
