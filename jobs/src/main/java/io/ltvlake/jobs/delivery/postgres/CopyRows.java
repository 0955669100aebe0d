package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.common.identity.PersonalData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows as PostgreSQL {@code COPY … (FORMAT csv)} text. NULL is an unquoted empty field and every
 * text value is quoted, so an empty string stays an empty string. Times go as UTC instants
 * ({@code 2026-11-21T10:15:00Z}), which timestamptz stores exactly. While encoding, every text
 * value is checked for raw contacts, so nothing that slipped past the sample check is loaded.
 */
final class CopyRows {

    /** Raised when a value looks like a phone number or an e-mail address. */
    static final class ContactFound extends IllegalStateException {
        ContactFound(String message) {
            super(message);
        }
    }

    private final String table;
    private final StructField[] fields;
    private final StringBuilder line = new StringBuilder(256);

    /** {@code rows} as sent: jsonb columns already JSON text (see {@link PostgresTypes#forCopy}). */
    CopyRows(String table, StructType schema) {
        this.table = table;
        this.fields = schema.fields();
    }

    /** The column list of the COPY statement, quoted. */
    String columnList() {
        StringBuilder out = new StringBuilder();
        for (StructField field : fields) {
            out.append(out.length() == 0 ? "" : ", ").append(PostgresPublisher.quoteIdentifier(field.name()));
        }
        return out.toString();
    }

    /** One row as a CSV line (with its newline), UTF-8. */
    byte[] encode(Row row) {
        line.setLength(0);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (!row.isNullAt(i)) {
                boolean array = fields[i].dataType() instanceof ArrayType && !PostgresTypes.isJson(fields[i].dataType());
                appendValue(fields[i], array ? row.getList(i) : row.get(i));
            }
        }
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendValue(StructField field, Object value) {
        DataType type = field.dataType();
        if (type instanceof ArrayType array && !PostgresTypes.isJson(type)) {
            quoted(arrayLiteral(field, array.elementType(), value));
        } else if (value instanceof String text) {
            if (type instanceof StringType) {
                check(field.name(), text);
            }
            quoted(text);
        } else {
            line.append(scalar(value));
        }
    }

    private void check(String column, String text) {
        Optional<String> kind = PersonalData.contactKind(text);
        if (kind.isPresent()) {
            throw new ContactFound(table + "." + column + " holds " + kind.get()
                    + ": marts carry customer_key only, never raw phones or e-mails; not published");
        }
    }

    /** {@code {"a","b",NULL}}: PostgreSQL's array text, elements quoted with backslash escapes. */
    private String arrayLiteral(StructField field, DataType elementType, Object value) {
        List<?> elements = (List<?>) value;
        StringBuilder out = new StringBuilder("{");
        for (Object element : elements) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (element == null) {
                out.append("NULL");
                continue;
            }
            String text = element instanceof String s ? s : scalar(element);
            if (elementType instanceof StringType) {
                check(field.name(), text);
            }
            out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

    private void quoted(String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    static String scalar(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        // integers, floating point (NaN and Infinity are understood by PostgreSQL too)
        return String.valueOf(value);
    }
}
