package io.ltvlake.jobs.bronze.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.ltvlake.common.identity.PhoneNumbers;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema.Type;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/** Landing rows → typed canonical rows, each either valid or carrying the reason it is not. Pure. */
public final class IngestTransforms {

    /** Spark's CSV reader puts lines it cannot split into this column. */
    public static final String CORRUPT_RECORD = "_corrupt_record";
    public static final String MONEY = "decimal(18,2)";
    /**
     * A row's number within its file (1 = the first data row), for profiles with {@code line-key = position};
     * null otherwise. Kept in bronze so that conform can key a line by where it was delivered.
     */
    public static final String SOURCE_ROW = "_source_row";

    private IngestTransforms() {}

    /**
     * Applies a profile's expressions and checks every value.
     *
     * @param raw the file's columns as strings, plus {@code _corrupt_record}, {@code _source_file}, {@code _source_row},
     *     {@code _export_date}
     * @param fileColumns the file's own columns, for the raw text of a rejected row
     * @param expressions canonical column → Spark SQL expression over the file's columns (absent = null)
     * @param phoneRegion the region (phones.default-region) of numbers written without a country code, for
     *     checking {@link Type#PHONE} columns
     * @return the canonical columns typed, plus {@code _raw}, {@code _reason} (null when valid),
     *     {@code _source_file}, {@code _source_row} and {@code _export_date}
     */
    public static Dataset<Row> canonicalise(Dataset<Row> raw, List<String> fileColumns, CanonicalSchema.Entity entity,
                                            SourceProfile.EntityMapping mapping, Map<String, String> expressions,
                                            String phoneRegion) {
        Column[] fields = fileColumns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new);
        Column rawText = fields.length == 0 ? col(CORRUPT_RECORD) : coalesce(col(CORRUPT_RECORD), to_json(struct(fields)));

        List<Column> values = new ArrayList<>();
        values.add(rawText.as("_raw"));
        values.add(col(CORRUPT_RECORD).isNotNull().as("__malformed"));
        values.add(col("_source_file"));
        values.add(col(SOURCE_ROW));
        values.add(col("_export_date"));
        for (CanonicalSchema.Column column : entity.columns()) {
            String expression = expressions.get(column.name());
            Column value = expression == null ? lit(null).cast(DataTypes.StringType)
                    : nullif(trim(expr(expression).cast(DataTypes.StringType)), lit(""));
            values.add(value.as("__v_" + column.name()));
        }
        Dataset<Row> text = raw.select(values.toArray(Column[]::new));

        List<Column> typed = new ArrayList<>();
        Column reason = when(col("__malformed"), lit(Quarantine.MALFORMED_RECORD + ": the line does not split into the header's columns"));
        for (CanonicalSchema.Column column : entity.columns()) {
            if (column.required()) {
                reason = reason.when(col("__v_" + column.name()).isNull(),
                        lit(Quarantine.MISSING_REQUIRED_VALUE + ": " + column.name()));
            }
        }
        for (CanonicalSchema.Column column : entity.columns()) {
            Column value = col("__v_" + column.name());
            Column parsed = parse(value, column, mapping, phoneRegion);
            typed.add(parsed.as(column.name()));
            if (column.type() != Type.STRING) {
                reason = reason.when(value.isNotNull().and(parsed.isNull()),
                        lit(failureCode(column.type()) + ": " + column.name()));
            } else if (!column.allowedValues().isEmpty()) {
                reason = reason.when(value.isNotNull().and(parsed.isNull()),
                        lit(Quarantine.UNKNOWN_VALUE + ": " + column.name() + " must be one of "
                                + new java.util.TreeSet<>(column.allowedValues())));
            }
        }
        typed.add(col("_raw"));
        typed.add(reason.as(Quarantine.REASON));
        typed.add(col("_source_file"));
        typed.add(col(SOURCE_ROW));
        typed.add(col("_export_date"));
        return text.select(typed.toArray(Column[]::new));
    }

    /**
     * The number of each row within its file, in file order. Spark reads a file's splits into partitions
     * in offset order and numbers rows in reading order, so ranking that number within the file gives
     * the row's place in it; a window per file, so it is one sort per file, paid only by position-keyed
     * profiles.
     */
    public static Column rowNumberInFile() {
        return row_number().over(Window.partitionBy(col("_source_file")).orderBy(monotonically_increasing_id()))
                .cast(DataTypes.LongType);
    }

    /**
     * Each canonical column's plausibility predicate for a profile's entity: the profile's own when it
     * gives one, else the canonical schema's, with {@code {min_date}} and {@code {max_time}} written in.
     */
    public static Map<String, String> plausibilityRules(CanonicalSchema.Entity entity, SourceProfile.EntityMapping mapping,
                                                        java.time.LocalDate minDate, java.time.Instant maxTime) {
        Map<String, String> rules = new java.util.LinkedHashMap<>();
        for (CanonicalSchema.Column column : entity.columns()) {
            String rule = mapping.plausible().getOrDefault(column.name(), column.plausible());
            if (!rule.isBlank() && !rule.trim().equalsIgnoreCase("true")) {
                rules.put(column.name(), rule.replace("{min_date}", "DATE'" + minDate + "'")
                        .replace("{max_time}", "TIMESTAMP'" + maxTime + "'"));
            }
        }
        return rules;
    }

    /**
     * Marks valid rows that break a plausibility rule with {@code implausible_value: <column>} (the
     * first broken rule, in canonical column order). A rule that is null for a row (a missing value) holds.
     *
     * @param checked the output of {@link #canonicalise}
     * @param rules canonical column → Spark SQL predicate over the typed canonical columns
     */
    public static Dataset<Row> markImplausible(Dataset<Row> checked, Map<String, String> rules) {
        Column implausible = null;
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            Column broken = coalesce(expr(rule.getValue()), lit(true)).unary_$bang();
            Column reason = lit(Quarantine.IMPLAUSIBLE_VALUE + ": " + rule.getKey());
            implausible = implausible == null ? when(broken, reason) : implausible.when(broken, reason);
        }
        return implausible == null ? checked : checked.withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON), implausible));
    }

    /** The valid rows in bronze's shape: canonical columns plus lineage. */
    public static Dataset<Row> loaded(Dataset<Row> checked, CanonicalSchema.Entity entity, String source, Timestamp ingestedAt) {
        List<Column> columns = new ArrayList<>();
        entity.columns().forEach(c -> columns.add(col(c.name())));
        columns.add(lit(source).as("_source"));
        columns.add(col("_source_file"));
        columns.add(col(SOURCE_ROW));
        columns.add(col("_export_date"));
        columns.add(date_format(col("_export_date"), "yyyy-MM").as("_export_month"));
        columns.add(lit(ingestedAt).as("_ingested_at"));
        return checked.filter(col(Quarantine.REASON).isNull()).select(columns.toArray(Column[]::new));
    }

    /** The invalid rows in the quarantine's shape. */
    public static Dataset<Row> rejected(Dataset<Row> checked, CanonicalSchema.Entity entity, String source, Timestamp ingestedAt) {
        return Quarantine.rejected(checked.withColumn("_source", lit(source)).withColumn("_entity", lit(entity.name()))
                .withColumn("_ingested_at", lit(ingestedAt)));
    }

    private static Column parse(Column value, CanonicalSchema.Column column, SourceProfile.EntityMapping mapping,
                                String phoneRegion) {
        return switch (column.type()) {
            case STRING -> column.allowedValues().isEmpty() ? value
                    : when(lower(value).isin(column.allowedValues().toArray()), lower(value));
            case TIMESTAMP -> {
                Column parsed = mapping.timestampFormat().map(f -> to_timestamp(value, f))
                        .orElse(value.cast(DataTypes.TimestampType));
                Optional<java.time.ZoneId> zone = mapping.timeZone();
                yield zone.isPresent() ? to_utc_timestamp(parsed, zone.get().getId()) : parsed;
            }
            case DATE -> mapping.dateFormat().map(f -> to_date(value, f)).orElse(value.cast(DataTypes.DateType));
            case DECIMAL -> value.cast(MONEY);
            case PRICE -> value.cast(CanonicalSchema.PRICE);
            // kept as exported; conform writes it in E.164 with the same reader
            case PHONE -> when(PhoneNumbers.toE164Column(value, phoneRegion).isNotNull(), value);
            case BOOLEAN -> when(lower(value).isin("true", "1", "yes", "t", "y"), lit(true))
                    .when(lower(value).isin("false", "0", "no", "f", "n"), lit(false));
            case INTEGER -> {
                Column number = value.cast("decimal(38,6)");
                yield when(number.equalTo(floor(number)).and(number.between(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                        number.cast(DataTypes.IntegerType));
            }
        };
    }

    private static String failureCode(Type type) {
        return switch (type) {
            case TIMESTAMP -> Quarantine.UNPARSEABLE_TIMESTAMP;
            case DATE -> Quarantine.UNPARSEABLE_DATE;
            case DECIMAL, PRICE, INTEGER -> Quarantine.UNPARSEABLE_NUMBER;
            case STRING, BOOLEAN -> Quarantine.UNKNOWN_VALUE;
            case PHONE -> Quarantine.UNPARSEABLE_PHONE;
        };
    }
}
