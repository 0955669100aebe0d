package io.ltvlake.jobs.delivery.extracts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes an extract's rows, streamed, as CSV or XLSX. Both are deterministic: the same rows give
 * the same bytes, so a rerun for a date gives the same files and sha256.
 *
 * <p>CSV: UTF-8 with a byte-order mark (Excel then reads the accents right), a header, comma
 * separated, CRLF line ends, RFC 4180 quoting; dates {@code 2026-11-21}, times in UTC
 * {@code 2026-11-21 10:15:00}, decimals with a dot. Text that starts like a formula ({@code = @},
 * or {@code + -} not followed by a plain number) gets a leading apostrophe, so Excel shows it
 * rather than running it.
 *
 * <p>XLSX: one sheet with a bold, frozen header and a filter; numbers are numeric cells
 * (decimals with their scale as the format), dates and times are date cells (times in UTC),
 * booleans are boolean cells, text is text. At most 1,048,575 rows (Excel's limit).
 */
public final class ExtractWriters {

    /** Looks at every text value before it is written; throws to refuse the extract. */
    @FunctionalInterface
    public interface ValueCheck {
        ValueCheck NONE = (column, value) -> {};

        void check(String column, String value);
    }

    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final int XLSX_MAX_ROWS = 1_048_575;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExtractWriters() {}

    /** Writes the CSV and returns the data rows written. */
    public static long writeCsv(StructType schema, Iterator<Row> rows, OutputStream out, ValueCheck check) throws IOException {
        out.write(UTF8_BOM);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            writer.write(i == 0 ? "" : ",");
            writer.write(csvField(fields[i].name()));
        }
        writer.write("\r\n");
        long count = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            for (int i = 0; i < fields.length; i++) {
                writer.write(i == 0 ? "" : ",");
                if (!row.isNullAt(i)) {
                    String text = text(fields[i], row, i);
                    if (isText(fields[i].dataType())) {
                        check.check(fields[i].name(), text);
                        text = defused(text);
                    }
                    writer.write(csvField(text));
                }
            }
            writer.write("\r\n");
            count++;
        }
        writer.flush();
        return count;
    }

    /**
     * Writes the XLSX and returns the data rows written. {@code runDate} becomes the document's
     * creation date, so nothing in the file depends on when it was written.
     */
    public static long writeXlsx(String sheetName, StructType schema, Iterator<Row> rows, OutputStream out, ValueCheck check,
                                 LocalDate runDate) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(500);
        try {
            var properties = workbook.getXSSFWorkbook().getProperties().getCoreProperties();
            java.util.Date created = java.util.Date.from(runDate.atStartOfDay(ZoneOffset.UTC).toInstant());
            properties.setCreated(Optional.of(created));
            properties.setModified(Optional.of(created));
            properties.setCreator("ltvlake");
            properties.setTitle(sheetName);
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(sheetName));
            Styles styles = new Styles(workbook);
            StructField[] fields = schema.fields();
            var header = sheet.createRow(0);
            for (int i = 0; i < fields.length; i++) {
                Cell cell = header.createCell(i);
                cell.setCellValue(fields[i].name());
                cell.setCellStyle(styles.header);
                sheet.setColumnWidth(i, Math.min(60, Math.max(12, fields[i].name().length() + 3)) * 256);
            }
            sheet.createFreezePane(0, 1);
            int index = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (index == XLSX_MAX_ROWS) {
                    throw new IllegalStateException("more than " + XLSX_MAX_ROWS + " rows, the most a sheet holds: use format = csv");
                }
                var sheetRow = sheet.createRow(++index);
                for (int i = 0; i < fields.length; i++) {
                    if (!row.isNullAt(i)) {
                        cell(sheetRow.createCell(i), fields[i], row, i, styles, check);
                    }
                }
            }
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(index, 1), 0, fields.length - 1));
            workbook.write(out);
            return index;
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }

    private static void cell(Cell cell, StructField field, Row row, int i, Styles styles, ValueCheck check) {
        Object value = row.get(i);
        DataType type = field.dataType();
        if (value instanceof BigDecimal decimal) {
            cell.setCellValue(decimal.doubleValue());
            cell.setCellStyle(styles.decimal(((DecimalType) type).scale()));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            cell.setCellValue(((Number) value).doubleValue());
            cell.setCellStyle(styles.decimal(0));
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                cell.setCellValue(number);
            } else {
                cell.setCellValue(String.valueOf(number));
            }
        } else if (value instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (value instanceof Date date) {
            cell.setCellValue(date.toLocalDate());
            cell.setCellStyle(styles.date);
        } else if (value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(styles.date);
        } else if (value instanceof Timestamp || value instanceof Instant || value instanceof LocalDateTime) {
            cell.setCellValue(utc(value));
            cell.setCellStyle(styles.time);
        } else {
            String text = text(field, row, i);
            if (isText(type)) {
                check.check(field.name(), text);
            }
            cell.setCellValue(text);
        }
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle date;
        final CellStyle time;
        private final Map<Integer, CellStyle> decimals = new HashMap<>();
        private final SXSSFWorkbook workbook;

        Styles(SXSSFWorkbook workbook) {
            this.workbook = workbook;
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            date = format("yyyy-mm-dd");
            time = format("yyyy-mm-dd hh:mm:ss");
        }

        /** {@code #,##0} for whole numbers, {@code #,##0.00} for money (scale 2), and so on. */
        CellStyle decimal(int scale) {
            return decimals.computeIfAbsent(scale, s -> format(s == 0 ? "#,##0" : "#,##0." + "0".repeat(s)));
        }

        private CellStyle format(String pattern) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat(pattern));
            return style;
        }
    }

    // ---------------------------------------------------------------- values as text

    /** A value as CSV (and XLSX text) shows it. */
    static String text(StructField field, Row row, int i) {
        if (field.dataType() instanceof ArrayType) {
            List<Object> elements = row.getList(i);
            StringBuilder out = new StringBuilder();
            for (Object element : elements) {
                out.append(out.length() == 0 ? "" : "; ").append(element == null ? "" : scalarText(element));
            }
            return out.toString();
        }
        return scalarText(row.get(i));
    }

    private static String scalarText(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Timestamp || value instanceof Instant || value instanceof LocalDateTime) {
            return TIME.format(utc(value));
        }
        return String.valueOf(value);
    }

    /** A time as the wall clock in UTC (stored times are UTC instants; local times are kept as they are). */
    private static LocalDateTime utc(Object value) {
        if (value instanceof Timestamp ts) {
            return LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        return (LocalDateTime) value;
    }

    private static boolean isText(DataType type) {
        return type instanceof org.apache.spark.sql.types.StringType || type instanceof ArrayType;
    }

    /**
     * Spreadsheet formula injection: text starting like a formula ({@code = @ + -}, tab, CR) is
     * written with a leading apostrophe, except a plain signed number or phone ({@code +7 916 123-45-67}).
     */
    static String defused(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        boolean formulaLike = "=@\t\r".indexOf(first) >= 0
                || ((first == '+' || first == '-') && !PLAIN_SIGNED.matcher(text).matches());
        return formulaLike ? "'" + text : text;
    }

    private static final java.util.regex.Pattern PLAIN_SIGNED = java.util.regex.Pattern.compile("[+-][0-9][0-9 ().-]*");

    static String csvField(String text) {
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || (!text.isEmpty() && (Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))));
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
