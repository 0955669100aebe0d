package io.ltvlake.common.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The one quarantine: every rejected row of every source, with its raw text and the reason.
 * A checker marks rows with {@link #REASON} (null = good); {@link #rejected} shapes the bad ones.
 */
public final class Quarantine {

    public static final String REASON = "_reason";

    public static final TableSpec TABLE = TableSpec.of("quarantine.rejected_rows",
            "one row per rejected input row", List.of("_source", "_entity", "_export_date", "_source_file", "_raw", "_occurrence"),
            "Rows that failed validation on ingest, with the raw record and why; nothing is dropped silently.")
            .partitionedBy("_entity")
            .documented(
                    "_source", "the source system the row came from (its profile name)",
                    "_entity", "the canonical entity the row was meant for: order_lines, calls, sessions, ad_costs or products",
                    "_export_date", "the export day (landing folder date) the row was delivered in",
                    "_source_file", "path of the export file holding the row",
                    "_raw", "the row as read, before typing",
                    "_reason_code", "why it was rejected: malformed_record, missing_required_value, unparseable_*, unknown_value, implausible_value ...",
                    "_reason", "the reason code and the offending column, code: column",
                    "_ingested_at", "when ingest rejected the row (UTC)")
            .documented("_occurrence", "1 for the first of identical rejected rows of one file, 2 for the second, and so on: "
                    + "an export can repeat a bad line, and each repetition is a row read")
            .refreshed(Refresh.Kind.EXPORT_DAY, "only new or changed export days: each replaces its slice");

    /** Reason codes. The reason text is {@code code: column}. */
    public static final String MALFORMED_RECORD = "malformed_record";
    public static final String MISSING_REQUIRED_VALUE = "missing_required_value";
    public static final String UNPARSEABLE_TIMESTAMP = "unparseable_timestamp";
    public static final String UNPARSEABLE_DATE = "unparseable_date";
    public static final String UNPARSEABLE_NUMBER = "unparseable_number";
    public static final String UNKNOWN_VALUE = "unknown_value";
    /** A phone that must identify the row (a call's caller) and is not a number libphonenumber can read. */
    public static final String UNPARSEABLE_PHONE = "unparseable_phone";
    /** A readable value that cannot be true: an order in 2099, a negative price on a completed line, a call of −30 s. */
    public static final String IMPLAUSIBLE_VALUE = "implausible_value";

    private Quarantine() {}

    /**
     * The quarantine rows of a checked batch: rows whose {@code _reason} is set, in the
     * quarantine's shape. The batch must carry {@code _source, _entity, _export_date,
     * _source_file, _raw, _ingested_at}.
     */
    public static Dataset<Row> rejected(Dataset<Row> checked) {
        Column reason = col(REASON);
        // Numbering runs over the rejected rows only, which are few, and keeps the key unique when a file repeats a bad line.
        WindowSpec sameRow = Window.partitionBy(col("_source"), col("_entity"), col("_export_date"), col("_source_file"), col("_raw"))
                .orderBy(reason);
        return checked.filter(reason.isNotNull()).select(
                col("_source"), col("_entity"), col("_export_date"), col("_source_file"), col("_raw"),
                row_number().over(sameRow).as("_occurrence"),
                org.apache.spark.sql.functions.substring_index(reason, ":", 1).as("_reason_code"),
                reason.as(REASON), col("_ingested_at"));
    }

    /** Replaces the quarantine slice {@code predicate} (e.g. one source, entity and export days) with {@code rows}. */
    public static Lake.Write write(Lake lake, Dataset<Row> rows, String predicate) {
        return lake.replaceWhere(TABLE, rows, predicate);
    }
}
