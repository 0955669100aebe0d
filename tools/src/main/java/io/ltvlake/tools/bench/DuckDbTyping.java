package io.ltvlake.tools.bench;

import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ingest's typing and quarantine rules (IngestTransforms.canonicalise and markImplausible) written as
 * DuckDB SQL, generated from the same {@link CanonicalSchema}, so the baseline sets aside exactly the
 * rows ingest does: a missing required value, then a value its type cannot read, then an implausible
 * one, the first broken rule in column order naming the reason. Lines that do not split into the
 * header's columns are DuckDB's rejects (ingest's malformed records).
 */
final class DuckDbTyping {

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private DuckDbTyping() {}

    /**
     * Reads every export day's file of the entity as text: {@code raw_<entity>} (columns as in the files, plus filename),
     * lines that do not split into the header's columns in {@code rejects_<entity>}. DuckDB keeps rejects only when
     * the files share one header (no union by name), as the sample's do.
     */
    static String readRaw(CanonicalSchema.Entity entity, String landing) {
        return "CREATE OR REPLACE TABLE raw_" + entity.name() + " AS SELECT * FROM read_csv('" + landing + "/*/" + entity.name()
                + ".csv', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', filename = true, "
                + "store_rejects = true, rejects_table = 'rejects_" + entity.name() + "', rejects_scan = 'reject_scans_"
                + entity.name() + "')";
    }

    /**
     * {@code checked_<entity>}: the canonical columns typed, {@code _reason} (null when valid),
     * {@code _export_date} and {@code _source_file}, for the export days up to the run date.
     *
     * @param fileColumns the columns the files have (a canonical column no file has is null)
     */
    static String checked(CanonicalSchema.Entity entity, Set<String> fileColumns, LocalDate runDate, LocalDate minDate,
                          Instant maxTime) {
        List<String> text = new ArrayList<>();
        text.add("regexp_extract(filename, '([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]*$', 1)::DATE AS _export_date");
        text.add("filename AS _source_file");
        for (CanonicalSchema.Column column : entity.columns()) {
            text.add((fileColumns.contains(column.name()) ? "nullif(trim(\"" + column.name() + "\"), '')" : "NULL::VARCHAR")
                    + " AS \"v_" + column.name() + "\"");
        }
        List<String> typed = new ArrayList<>(List.of("_export_date", "_source_file"));
        List<String> reasons = new ArrayList<>();
        for (CanonicalSchema.Column column : entity.columns()) {
            if (column.required()) {
                reasons.add("WHEN \"v_" + column.name() + "\" IS NULL THEN '" + Quarantine.MISSING_REQUIRED_VALUE + ": " + column.name() + "'");
            }
        }
        for (CanonicalSchema.Column column : entity.columns()) {
            String value = "\"v_" + column.name() + "\"";
            String parsed = parse(value, column);
            typed.add(parsed + " AS \"" + column.name() + "\"");
            if (column.type() != CanonicalSchema.Type.STRING || !column.allowedValues().isEmpty()) {
                reasons.add("WHEN " + value + " IS NOT NULL AND " + parsed + " IS NULL THEN '" + failure(column) + "'");
            }
        }
        List<String> implausible = new ArrayList<>();
        for (CanonicalSchema.Column column : entity.columns()) {
            if (!column.plausible().isBlank()) {
                String rule = column.plausible().replace("{min_date}", "DATE '" + minDate + "'")
                        .replace("{max_time}", "TIMESTAMP '" + SQL_TIME.format(maxTime) + "'");
                implausible.add("WHEN NOT coalesce(" + rule + ", true) THEN '" + Quarantine.IMPLAUSIBLE_VALUE + ": " + column.name() + "'");
            }
        }
        String name = entity.name();
        return "CREATE OR REPLACE TABLE checked_" + name + " AS\n"
                + "WITH text AS (SELECT " + String.join(",\n  ", text) + " FROM raw_" + name + "),\n"
                + "typed AS (SELECT " + String.join(",\n  ", typed) + ",\n  CASE " + String.join("\n    ", reasons)
                + " END AS _unreadable FROM text WHERE _export_date <= DATE '" + runDate + "')\n"
                + "SELECT * EXCLUDE (_unreadable), coalesce(_unreadable, "
                + (implausible.isEmpty() ? "NULL" : "CASE " + String.join("\n    ", implausible) + " END")
                + ") AS _reason FROM typed";
    }

    private static String parse(String value, CanonicalSchema.Column column) {
        return switch (column.type()) {
            case STRING -> column.allowedValues().isEmpty() ? value
                    : "CASE WHEN lower(" + value + ") IN (" + quoted(column.allowedValues()) + ") THEN lower(" + value + ") END";
            // the session time zone is UTC: a time with an offset is moved to UTC, one without is read as UTC, as Spark reads it
            case TIMESTAMP -> "TRY_CAST(TRY_CAST(" + value + " AS TIMESTAMPTZ) AS TIMESTAMP)";
            case DATE -> "TRY_CAST(" + value + " AS DATE)";
            case DECIMAL -> "TRY_CAST(" + value + " AS DECIMAL(18,2))";
            case PRICE -> "TRY_CAST(" + value + " AS DECIMAL(18,6))";
            case INTEGER -> "CASE WHEN TRY_CAST(" + value + " AS DECIMAL(38,6)) = floor(TRY_CAST(" + value + " AS DECIMAL(38,6))) "
                    + "AND TRY_CAST(" + value + " AS DECIMAL(38,6)) BETWEEN -2147483648 AND 2147483647 THEN CAST(TRY_CAST(" + value
                    + " AS DECIMAL(38,6)) AS INTEGER) END";
            case PHONE -> "CASE WHEN e164(" + value + ") IS NOT NULL THEN " + value + " END";
            case BOOLEAN -> "CASE WHEN lower(" + value + ") IN ('true', '1', 'yes', 't', 'y') THEN true "
                    + "WHEN lower(" + value + ") IN ('false', '0', 'no', 'f', 'n') THEN false END";
        };
    }

    private static String failure(CanonicalSchema.Column column) {
        return switch (column.type()) {
            case TIMESTAMP -> Quarantine.UNPARSEABLE_TIMESTAMP + ": " + column.name();
            case DATE -> Quarantine.UNPARSEABLE_DATE + ": " + column.name();
            case DECIMAL, PRICE, INTEGER -> Quarantine.UNPARSEABLE_NUMBER + ": " + column.name();
            case PHONE -> Quarantine.UNPARSEABLE_PHONE + ": " + column.name();
            case STRING, BOOLEAN -> Quarantine.UNKNOWN_VALUE + ": " + column.name();
        };
    }

    private static String quoted(Set<String> values) {
        return String.join(", ", new TreeSet<>(values).stream().map(v -> "'" + v + "'").toList());
    }
}
