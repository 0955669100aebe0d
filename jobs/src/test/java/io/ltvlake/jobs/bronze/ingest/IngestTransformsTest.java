package io.ltvlake.jobs.bronze.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class IngestTransformsTest {

    private final SparkSession spark = TestSpark.session();

    /** Raw landing rows: the file's columns as text, then _corrupt_record, _source_file, _source_row (null), _export_date. */
    private Dataset<Row> raw(List<String> columns, String[]... rows) {
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, "string");
        }
        schema = schema.add("_corrupt_record", "string").add("_source_file", "string").add("_source_row", "long")
                .add("_export_date", "date");
        List<Row> data = new ArrayList<>();
        for (String[] row : rows) {
            Object[] values = Arrays.copyOf(row, columns.size() + 4, Object[].class);
            values[columns.size() + 1] = "file:/landing/shop/2025-03-04/x.csv";
            values[columns.size() + 3] = Date.valueOf("2025-03-04");
            data.add(RowFactory.create(values));
        }
        return spark.createDataFrame(data, schema);
    }

    private static final List<String> CALL_COLUMNS = List.of("call_id", "started_at", "caller_phone", "direction",
            "status", "duration_s");

    private SourceProfile.EntityMapping canonical(String entity) {
        return SourceProfile.parse("t", ConfigFactory.parseString("columns-default-to-canonical-names = true, entities { "
                + entity + " { files = x } }")).entities().get(entity);
    }

    private Map<String, String> expressions(SourceProfile.EntityMapping mapping, List<String> fileColumns) {
        Map<String, String> result = new LinkedHashMap<>();
        mapping.columns().forEach((k, v) -> {
            if (fileColumns.contains(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    @Test
    void everyQuarantineReasonIsNamedWithItsColumn() {
        Dataset<Row> raw = raw(CALL_COLUMNS,
                new String[] {"c1", "2025-03-04T10:15:00Z", "+79123456789", "in", "answered", "120"},
                new String[] {"", "2025-03-04T10:15:00Z", "+79123456789", "in", "answered", "120"},
                new String[] {"c3", "2025-02-30 25:61", "+79123456789", "in", "answered", "120"},
                new String[] {"c4", "yesterday", "+79123456789", "in", "answered", "120"},
                new String[] {"c5", "2025-03-04T10:15:00Z", "+79123456789", "in", "answered", "12,5O"},
                new String[] {"c6", "2025-03-04T10:15:00Z", "+79123456789", "sideways", "answered", "1"},
                new String[] {"c7", "2025-03-04T10:15:00Z", "   ", "in", "answered", "1"},
                new String[] {"c8", "2025-03-04T10:15:00Z", "+79123456789", "in", "answered", "1.5"},
                new String[] {"c10", "2025-03-04T10:15:00Z", "unknown", "in", "answered", "1"},
                new String[] {"c11", "2025-03-04T10:15:00Z", "12345", "in", "answered", "1"},
                // the export's own spellings of one number are all readable
                new String[] {"c12", "2025-03-04T10:15:00Z", "8 (912) 345-67-89", "in", "answered", "1"},
                new String[] {"c13", "2025-03-04T10:15:00Z", "79123456789", "in", "answered", "1"},
                new String[] {null, null, null, null, null, null, "c9,garbled\"line"});
        SourceProfile.EntityMapping mapping = canonical("calls");
        List<Row> checked = IngestTransforms.canonicalise(raw, CALL_COLUMNS, CanonicalSchema.CALLS, mapping,
                expressions(mapping, CALL_COLUMNS), "RU").select("_reason").collectAsList();
        List<String> reasons = checked.stream().map(r -> r.getString(0)).toList();
        assertEquals(Arrays.asList(
                null,
                "missing_required_value: call_id",
                "unparseable_timestamp: started_at",
                "unparseable_timestamp: started_at",
                "unparseable_number: duration_s",
                "unknown_value: direction must be one of [in, out]",
                "missing_required_value: caller_phone",
                "unparseable_number: duration_s",
                "unparseable_phone: caller_phone",
                "unparseable_phone: caller_phone",
                null,
                null,
                "malformed_record: the line does not split into the header's columns"), reasons);
    }

    @Test
    void aBadDateInADateColumnIsItsOwnReason() {
        List<String> columns = List.of("date", "utm_source", "cost");
        Dataset<Row> raw = raw(columns, new String[] {"2025-03-04", "gdn", "63.62"}, new String[] {"2025-13-01", "gdn", "1.00"},
                new String[] {"04.03.2025", "gdn", "1.00"});
        SourceProfile.EntityMapping mapping = canonical("ad_costs");
        List<Row> rows = IngestTransforms.canonicalise(raw, columns, CanonicalSchema.AD_COSTS, mapping,
                expressions(mapping, columns), "RU").select("date", "cost", "_reason").collectAsList();
        assertEquals(RowFactory.create(Date.valueOf("2025-03-04"), new BigDecimal("63.62"), null), rows.get(0));
        assertEquals("unparseable_date: date", rows.get(1).getString(2));
        assertEquals("unparseable_date: date", rows.get(2).getString(2));
    }

    @Test
    void profileExpressionsMapAndTypeTheValues() {
        List<String> columns = List.of("InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID");
        Dataset<Row> raw = raw(columns,
                new String[] {"536365", "85123A", "6", "2010-12-01 08:26:00", "2.55", "17850.0"},
                new String[] {"C536379", "D", "-1", "2011-07-01 09:41:00", "27.50", ""},
                new String[] {"550193", "PADS", "1", "2011-04-15 09:27:00", "0.001", "13952.0"});
        SourceProfile.EntityMapping mapping = SourceProfile.parse("retail", ConfigFactory.parseString("""
                timestamp-format = "yyyy-MM-dd HH:mm:ss", time-zone = "Europe/London"
                entities { order_lines { files = x, columns {
                  order_id = InvoiceNo, ordered_at = InvoiceDate, product_id = StockCode, quantity = Quantity,
                  unit_price = UnitPrice, customer_id = "regexp_replace(CustomerID, '[.]0$', '')",
                  status = "CASE WHEN InvoiceNo LIKE 'C%' THEN 'cancelled' ELSE 'completed' END" } } }
                """)).entities().get("order_lines");
        List<Row> rows = IngestTransforms.canonicalise(raw, columns, CanonicalSchema.ORDER_LINES, mapping, mapping.columns(), "RU")
                .select("order_id", "ordered_at", "quantity", "unit_price", "customer_id", "status", "_reason", "_raw")
                .collectAsList();
        Row first = rows.get(0);
        assertEquals("536365", first.getString(0));
        // 08:26 in London in December is 08:26 UTC; in July (BST) 09:41 local is 08:41 UTC
        assertEquals(Timestamp.from(Instant.parse("2010-12-01T08:26:00Z")), first.getTimestamp(1));
        assertEquals(Timestamp.from(Instant.parse("2011-07-01T08:41:00Z")), rows.get(1).getTimestamp(1));
        assertEquals(6, first.getInt(2));
        assertEquals(new BigDecimal("2.550000"), first.getDecimal(3));
        // a price is kept as exported (six decimals), not rounded to cents before conform tests it
        assertEquals(new BigDecimal("0.001000"), rows.get(2).getDecimal(3));
        assertEquals("17850", first.getString(4));
        assertEquals("completed", first.getString(5));
        assertNull(first.getString(6));
        assertEquals("{\"InvoiceNo\":\"536365\",\"StockCode\":\"85123A\",\"Quantity\":\"6\",\"InvoiceDate\":"
                + "\"2010-12-01 08:26:00\",\"UnitPrice\":\"2.55\",\"CustomerID\":\"17850.0\"}", first.getString(7));
        Row cancellation = rows.get(1);
        assertEquals(-1, cancellation.getInt(2));
        assertNull(cancellation.getString(4), "an empty customer id is no customer");
        assertEquals("cancelled", cancellation.getString(5));
        assertNull(cancellation.getString(6), "a cancellation is not an error");
    }

    @Test
    void loadedAndRejectedSplitTheBatchWithLineage() {
        Dataset<Row> raw = raw(CALL_COLUMNS,
                new String[] {"c1", "2025-03-04T10:15:00Z", "+79123456789", "IN", "Answered", "120"},
                new String[] {"c2", "not a time", "+79123456789", "in", "answered", "120"});
        SourceProfile.EntityMapping mapping = canonical("calls");
        Dataset<Row> checked = IngestTransforms.canonicalise(raw, CALL_COLUMNS, CanonicalSchema.CALLS, mapping,
                expressions(mapping, CALL_COLUMNS), "RU");
        Timestamp at = Timestamp.from(Instant.parse("2025-03-05T01:00:00Z"));
        List<Row> loaded = IngestTransforms.loaded(checked, CanonicalSchema.CALLS, "shop", at)
                .select("call_id", "direction", "status", "duration_s", "_source", "_export_date", "_export_month", "_ingested_at")
                .collectAsList();
        assertEquals(1, loaded.size());
        assertEquals(RowFactory.create("c1", "in", "answered", 120, "shop", Date.valueOf("2025-03-04"), "2025-03", at), loaded.get(0));
        List<Row> rejected = IngestTransforms.rejected(checked, CanonicalSchema.CALLS, "shop", at)
                .select("_source", "_entity", "_reason_code", "_reason").collectAsList();
        assertEquals(List.of(RowFactory.create("shop", "calls", "unparseable_timestamp", "unparseable_timestamp: started_at")), rejected);
    }

    @Test
    void rowNumberInFileCountsEachFilesRowsInReadingOrder() {
        // two files read together: each is numbered from 1 in the order its rows were read
        StructType schema = new StructType().add("value", "string").add("_source_file", "string");
        List<Row> rows = List.of(RowFactory.create("a1", "/d/a.txt"), RowFactory.create("b1", "/d/b.txt"),
                RowFactory.create("a2", "/d/a.txt"), RowFactory.create("a3", "/d/a.txt"), RowFactory.create("b2", "/d/b.txt"));
        Map<String, Long> numbers = new LinkedHashMap<>();
        spark.createDataFrame(rows, schema).coalesce(1).withColumn("_source_row", IngestTransforms.rowNumberInFile())
                .collectAsList().forEach(r -> numbers.put(r.getString(0), r.getLong(2)));
        assertEquals(Map.of("a1", 1L, "a2", 2L, "a3", 3L, "b1", 1L, "b2", 2L), numbers);
    }

    @Test
    void implausibleValuesAreQuarantinedWithTheirColumnAndProfilesDecideWhatANegativeLineIs() {
        List<String> columns = List.of("order_id", "ordered_at", "product_id", "quantity", "unit_price", "status");
        Dataset<Row> raw = raw(columns,
                new String[] {"o1", "2025-03-04T10:00:00Z", "p", "2", "10.00", "completed"},
                new String[] {"o2", "2099-01-01T00:00:00Z", "p", "1", "10.00", "completed"},
                new String[] {"o3", "1900-01-01T00:00:00Z", "p", "1", "10.00", "completed"},
                new String[] {"o4", "2025-03-04T10:00:00Z", "p", "-5", "10.00", "completed"},
                new String[] {"o5", "2025-03-04T10:00:00Z", "p", "1", "-100.00", null},
                // a cancellation or a return carries its own status: its negative quantity is what it says
                new String[] {"o6", "2025-03-04T10:00:00Z", "p", "-5", "10.00", "cancelled"},
                new String[] {"o7", "2025-03-04T10:00:00Z", "p", "-1", "0.00", "completed"},
                // already rejected for another reason: keeps that reason
                new String[] {"o8", "2099-13-01", "p", "-1", "10.00", "completed"},
                // the last plausible instant: the end of 2025-03-04 in Moscow (21:00 UTC) plus one day
                new String[] {"o9", "2025-03-05T21:00:00Z", "p", "1", "1.00", "completed"},
                new String[] {"o10", "2025-03-05T21:00:01Z", "p", "1", "1.00", "completed"});
        SourceProfile.EntityMapping mapping = canonical("order_lines");
        java.time.Instant latest = Instant.parse("2025-03-05T21:00:00Z");
        Map<String, String> rules = IngestTransforms.plausibilityRules(CanonicalSchema.ORDER_LINES, mapping,
                java.time.LocalDate.parse("1990-01-01"), latest);
        assertEquals(List.of("ordered_at", "quantity", "unit_price", "updated_at"), List.copyOf(rules.keySet()));
        assertEquals("ordered_at >= DATE'1990-01-01' AND ordered_at <= TIMESTAMP'2025-03-05T21:00:00Z'", rules.get("ordered_at"));

        Dataset<Row> checked = IngestTransforms.markImplausible(IngestTransforms.canonicalise(raw, columns,
                CanonicalSchema.ORDER_LINES, mapping, expressions(mapping, columns), "RU"), rules);
        Map<String, String> reasons = new LinkedHashMap<>();
        checked.select("order_id", "_reason").collectAsList().forEach(r -> reasons.put(r.getString(0), r.getString(1)));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("o1", null);
        expected.put("o2", "implausible_value: ordered_at");
        expected.put("o3", "implausible_value: ordered_at");
        expected.put("o4", "implausible_value: quantity");
        expected.put("o5", "implausible_value: unit_price");
        expected.put("o6", null);
        expected.put("o7", "implausible_value: quantity");
        expected.put("o8", "unparseable_timestamp: ordered_at");
        expected.put("o9", null);
        expected.put("o10", "implausible_value: ordered_at");
        assertEquals(expected, reasons);

        // a profile whose export writes stock write-offs as negative lines at price 0 says so, per column
        SourceProfile.EntityMapping writeOffs = SourceProfile.parse("t", ConfigFactory.parseString(
                "columns-default-to-canonical-names = true, entities { order_lines { files = x, plausible { "
                        + "quantity = \"quantity >= 0 OR unit_price = 0 OR status <> 'completed'\", updated_at = \"true\" } } }"))
                .entities().get("order_lines");
        Map<String, String> overridden = IngestTransforms.plausibilityRules(CanonicalSchema.ORDER_LINES, writeOffs,
                java.time.LocalDate.parse("1990-01-01"), latest);
        assertEquals(List.of("ordered_at", "quantity", "unit_price"), List.copyOf(overridden.keySet()), "true turns a rule off");
        List<Row> o7 = IngestTransforms.markImplausible(IngestTransforms.canonicalise(raw, columns, CanonicalSchema.ORDER_LINES,
                writeOffs, expressions(writeOffs, columns), "RU"), overridden).filter("order_id IN ('o4', 'o7')")
                .orderBy("order_id").select("_reason").collectAsList();
        assertEquals("[[implausible_value: quantity], [null]]", o7.toString());
    }

    @Test
    void negativeCallDurationsAndWaitsAreImplausible() {
        List<String> columns = List.of("call_id", "started_at", "caller_phone", "duration_s", "wait_s");
        Dataset<Row> raw = raw(columns,
                new String[] {"k1", "2025-03-04T10:00:00Z", "+79123456789", "0", "0"},
                new String[] {"k2", "2025-03-04T10:00:00Z", "+79123456789", "-30", "5"},
                new String[] {"k3", "2025-03-04T10:00:00Z", "+79123456789", "30", "-1"},
                new String[] {"k4", "2025-03-04T10:00:00Z", "+79123456789", null, null});
        SourceProfile.EntityMapping mapping = canonical("calls");
        Map<String, String> rules = IngestTransforms.plausibilityRules(CanonicalSchema.CALLS, mapping,
                java.time.LocalDate.parse("1990-01-01"), Instant.parse("2025-03-05T21:00:00Z"));
        List<Row> reasons = IngestTransforms.markImplausible(IngestTransforms.canonicalise(raw, columns, CanonicalSchema.CALLS,
                mapping, expressions(mapping, columns), "RU"), rules).orderBy("call_id").select("_reason").collectAsList();
        assertEquals("[[null], [implausible_value: duration_s], [implausible_value: wait_s], [null]]", reasons.toString());
    }
}
