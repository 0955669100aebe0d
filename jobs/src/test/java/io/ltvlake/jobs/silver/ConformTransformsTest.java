package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.identity.CustomerKeys;
import io.ltvlake.common.identity.IdentityGraph;
import io.ltvlake.common.lake.Expectations;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ConformTransformsTest {

    /** The development secret, as the demo and every non-prod env without LTVLAKE_KEY_SECRET use it. */
    private static final CustomerKeys KEYS = new CustomerKeys(CustomerKeys.DEVELOPMENT_SECRET);

    private final SparkSession spark = TestSpark.session();

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    /** A bronze order line with the columns that matter here; the rest null. */
    private Row line(String orderId, Integer lineNo, String orderedAt, String updatedAt, String status, String productId,
                     int quantity, String price, String exportDate, String file, String phone, String email) {
        StructType schema = CanonicalSchema.bronzeSchema(CanonicalSchema.ORDER_LINES);
        Object[] values = new Object[schema.size()];
        Map<String, Object> given = new TreeMap<>();
        given.put("order_id", orderId);
        given.put("line_no", lineNo);
        given.put("ordered_at", at(orderedAt));
        given.put("updated_at", updatedAt == null ? null : at(updatedAt));
        given.put("status", status);
        given.put("product_id", productId);
        given.put("quantity", quantity);
        given.put("unit_price", new BigDecimal(price));
        given.put("phone", phone);
        given.put("email", email);
        given.put("_source", "shop");
        given.put("_export_date", Date.valueOf(exportDate));
        given.put("_source_file", file);
        for (int i = 0; i < schema.size(); i++) {
            values[i] = given.get(schema.fields()[i].name());
        }
        return RowFactory.create(values);
    }

    /** A line of a position-keyed profile: {@code row} is its row number within the file. */
    private Row positioned(Row line, long row) {
        Object[] values = new Object[line.size()];
        for (int i = 0; i < line.size(); i++) {
            values[i] = line.get(i);
        }
        values[CanonicalSchema.bronzeSchema(CanonicalSchema.ORDER_LINES).fieldIndex("_source_row")] = row;
        return RowFactory.create(values);
    }

    private Dataset<Row> bronze(Row... rows) {
        return spark.createDataFrame(List.of(rows), CanonicalSchema.bronzeSchema(CanonicalSchema.ORDER_LINES));
    }

    @Test
    void theLatestExportOfAnOrderWinsWholeAndExactDuplicatesCountOnce() {
        Dataset<Row> bronze = bronze(
                // O1 exported on day 1 with two lines (one duplicated), re-exported cancelled on day 3 with one line
                line("O1", 1, "2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", "completed", "P1", 1, "100.00", "2025-03-01", "f1", null, null),
                line("O1", 2, "2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", "completed", "P2", 2, "10.00", "2025-03-01", "f1", null, null),
                line("O1", 2, "2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", "completed", "P2", 2, "10.00", "2025-03-01", "f1", null, null),
                line("O1", 1, "2025-03-01T10:00:00Z", "2025-03-03T08:00:00Z", "cancelled", "P1", 1, "100.00", "2025-03-03", "f3", null, null),
                // O2 has no line numbers (like Online Retail): identical lines collapse, different ones stay
                line("O2", null, "2025-03-02T10:00:00Z", null, "completed", "P1", 1, "100.00", "2025-03-02", "f2", null, null),
                line("O2", null, "2025-03-02T10:00:00Z", null, "completed", "P1", 1, "100.00", "2025-03-02", "f2", null, null),
                line("O2", null, "2025-03-02T10:00:00Z", null, "completed", "P1", 2, "100.00", "2025-03-02", "f2", null, null));
        List<Row> latest = ConformTransforms.latestOrderLines(bronze).orderBy("order_id", "quantity")
                .select("order_id", "status", "quantity").collectAsList();
        assertEquals("[[O1,cancelled,1], [O2,completed,1], [O2,completed,2]]", latest.toString());
    }

    @Test
    void linesOfOneExportStayTogetherEvenWhenTheirTimesDiffer() {
        // Online Retail has no updated_at, and one invoice's lines can carry 10:00 and 10:01
        Dataset<Row> bronze = bronze(
                line("I1", null, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", null, null),
                line("I1", null, "2025-03-01T10:01:00Z", null, "completed", "P2", 1, "1.00", "2025-03-01", "f", null, null),
                // a later export of I2 with an updated_at beats the earlier one without
                line("I2", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", null, null),
                line("I2", 1, "2025-03-01T10:00:00Z", "2025-03-02T09:00:00Z", "returned", "P1", 1, "1.00", "2025-03-02", "g", null, null));
        List<Row> latest = ConformTransforms.latestOrderLines(bronze).orderBy("order_id", "product_id")
                .select("order_id", "product_id", "status").collectAsList();
        assertEquals("[[I1,P1,completed], [I1,P2,completed], [I2,P1,returned]]", latest.toString());
    }

    @Test
    void revenueCountsOnlyPositiveLinesOfCompletedOrders() {
        Dataset<Row> bronze = bronze(
                line("A", 1, "2025-03-01T22:30:00Z", null, "completed", "P1", 2, "100.00", "2025-03-01", "f", null, null),
                line("A", 2, "2025-03-01T22:30:00Z", null, "completed", "P2", 1, "0.00", "2025-03-01", "f", null, null),
                line("A", 3, "2025-03-01T22:30:00Z", null, "completed", "P3", -1, "5.00", "2025-03-01", "f", null, null),
                line("B", 1, "2025-03-01T10:00:00Z", null, "cancelled", "P1", 1, "100.00", "2025-03-01", "f", null, null),
                line("C", 1, "2025-03-01T10:00:00Z", null, null, "P1", 1, "0.00", "2025-03-01", "f", null, null));
        Dataset<Row> lines = ConformTransforms.orderLines(
                ConformTransforms.latestOrderLines(bronze).withColumnRenamed("_source", "source"), ZoneId.of("Europe/Moscow"),
                List.of());
        List<Row> orders = ConformTransforms.orders(lines.withColumn("customer_key", col("customer_id")))
                .orderBy("order_id")
                .select("order_id", "status", "order_date", "line_count", "item_count", "order_value", "revenue", "is_purchase")
                .collectAsList();
        // A: 2 × 100 counts; the free line and the negative line do not; 22:30 UTC is already the 2nd in Moscow
        assertEquals(RowFactory.create("A", "completed", Date.valueOf("2025-03-02"), 3L, 2, new BigDecimal("200.00"),
                new BigDecimal("200.00"), true), orders.get(0));
        // B: cancelled keeps its value but has no revenue
        assertEquals(RowFactory.create("B", "cancelled", Date.valueOf("2025-03-01"), 1L, 1, new BigDecimal("100.00"),
                new BigDecimal("0.00"), false), orders.get(1));
        // C: completed (the default status) but nothing positive: not a purchase
        assertEquals(RowFactory.create("C", "completed", Date.valueOf("2025-03-01"), 1L, 0, new BigDecimal("0.00"),
                new BigDecimal("0.00"), false), orders.get(2));
    }

    @Test
    void linesThatDisagreeOnTheHeaderGiveTheSameOrderInWhicheverOrderTheyArrive() {
        // one export of D whose lines name different phones and statuses, and only one of them an e-mail
        Row one = line("D", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "10.00", "2025-03-01", "f", "+79120000002", null);
        Row two = line("D", 2, "2025-03-01T10:00:00Z", null, "returned", "P2", 1, "10.00", "2025-03-01", "f", "+79120000001",
                "d@example.com");
        // and order E, whose two lines agree on everything but the product
        Row agreeing = line("E", 1, "2025-03-01T11:00:00Z", null, "completed", "P1", 1, "10.00", "2025-03-01", "f", "+79120000003", null);
        Row alsoAgreeing = line("E", 2, "2025-03-01T11:00:00Z", null, "completed", "P2", 2, "5.00", "2025-03-01", "f", "+79120000003", null);
        for (List<Row> arrival : List.of(List.of(one, two), List.of(two, one))) {
            Dataset<Row> lines = ConformTransforms.orderLines(ConformTransforms.latestOrderLines(bronze(arrival.get(0), arrival.get(1),
                    agreeing, alsoAgreeing)).withColumnRenamed("_source", "source"), ZoneId.of("UTC"), List.of());
            Dataset<Row> orders = ConformTransforms.orders(lines.withColumn("customer_key", col("customer_id"))).orderBy("order_id");
            // the smallest value of each field, nulls aside; completed only when every line says so: no purchase
            assertEquals("[[D,+79120000001,d@example.com,returned,false,false], [E,+79120000003,null,completed,true,true]]",
                    orders.select("order_id", "phone", "email", "status", "is_purchase", "is_header_consistent").collectAsList().toString(),
                    arrival.get(0) == one ? "line 1 first" : "line 2 first");
            assertEquals("[D,+79120000001,d@example.com]", ConformTransforms.orderIdentifiers(lines).where(col("order_id").equalTo("D"))
                    .select("order_id", "phone", "email").first().toString(), "the identity graph's order event names the same phone");
            // the picking rule does not hide the disagreement: silver.orders' checks warn of it, naming the order
            List<Expectations.Failure> failures = Expectations.rowsAndKeys(SilverTables.ORDERS, orders);
            assertEquals(1, failures.size(), failures.toString());
            assertFalse(failures.get(0).refuses());
            assertEquals("offending rows: 1 of 2", failures.get(0).finding());
            assertEquals(List.of("source=shop, order_id=D, is_header_consistent=false"), failures.get(0).samples(),
                    failures.get(0).line());
        }
    }

    @Test
    void contactsAreNormalisedAndEventsLinkIntoCustomers() {
        Dataset<Row> bronze = bronze(
                line("O1", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", "8 (912) 345-67-89", null),
                line("O2", 1, "2025-03-02T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-02", "f", "+7 912 3456789", "Ivan@Mail.RU"),
                line("O3", 1, "2025-03-03T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-03", "f", null, "ivan@mail.ru "),
                line("O4", 1, "2025-03-03T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-03", "f", "not a phone", null));
        Dataset<Row> lines = silverLines(bronze);
        Dataset<Row> events = orderEvents(lines);
        Dataset<Row> labels = IdentityGraph.components(IdentityGraph.edgesFromEvents(events, "ids"), 10, 2).labels();
        Map<String, String> map = new TreeMap<>();
        ConformTransforms.identityMap(labels, KEYS).collectAsList()
                .forEach(r -> map.put(r.getString(0) + ":" + r.getString(1), r.getString(2) + "/" + r.getLong(3)));
        // O1 (phone) – O2 (phone + email) – O3 (email): one customer keyed by its smallest identifier
        String key = map.get("email:ivan@mail.ru");
        assertEquals(Map.of("email:ivan@mail.ru", key, "phone:+79123456789", key), map);
        assertEquals("2", key.split("/")[1]);
        // printf 'email:ivan@mail.ru' | openssl dgst -sha256 -hmac 'ltvlake-development-secret:not-for-production-data'
        assertEquals("4e185b32664191ed/2", key, "the HMAC of the smallest identifier, email:ivan@mail.ru");
        Map<String, String> perOrder = new TreeMap<>();
        ConformTransforms.eventCustomers(events, labels, KEYS).collectAsList().forEach(r -> perOrder.put(r.getString(1), r.getString(2)));
        String customer = key.split("/")[0];
        assertEquals(Map.of("shop|O1", customer, "shop|O2", customer, "shop|O3", customer), perOrder,
                "O4 has no readable identifier, so no customer");
        Row o4 = lines.filter(col("order_id").equalTo("O4")).select("phone").first();
        assertNull(o4.get(0));
    }

    @Test
    void aPersonKeepsTheKeyWhenALaterNightAddsIdentifiers() {
        Dataset<Row> firstNight = bronze(
                line("O1", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", "+7 912 3456789", "ivan@mail.ru"));
        Dataset<Row> secondNight = bronze(
                line("O1", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", "+7 912 3456789", "ivan@mail.ru"),
                line("O2", 1, "2025-03-05T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-05", "f", "+7 999 1112233", "ivan@mail.ru"));
        Map<String, String> first = keys(firstNight);
        Map<String, String> second = keys(secondNight);
        // the smallest identifier stays email:ivan@mail.ru, so the key stays its HMAC (worked out with openssl, as above)
        assertEquals(Map.of("email:ivan@mail.ru", "4e185b32664191ed", "phone:+79123456789", "4e185b32664191ed"), first);
        assertEquals(Map.of("email:ivan@mail.ru", "4e185b32664191ed", "phone:+79123456789", "4e185b32664191ed",
                "phone:+79991112233", "4e185b32664191ed"), second);
    }

    @Test
    void theIdentityMapGivesBackTheLabelsItWasWrittenFrom() {
        Dataset<Row> bronze = bronze(
                line("O1", 1, "2025-03-01T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-01", "f", "+7 912 3456789", "ivan@mail.ru"),
                line("O2", 1, "2025-03-02T10:00:00Z", null, "completed", "P1", 1, "1.00", "2025-03-02", "f", "+7 999 1112233", null));
        Dataset<Row> labels = IdentityGraph.components(IdentityGraph.edgesFromEvents(orderEvents(silverLines(bronze)), "ids"), 10, 2)
                .labels();
        Map<String, String> fromMap = new TreeMap<>();
        ConformTransforms.componentLabels(ConformTransforms.identityMap(labels, KEYS)).collectAsList()
                .forEach(r -> fromMap.put(r.getString(0), r.getString(1)));
        // O1's phone and e-mail are one customer, labelled by the smaller, the e-mail; O2's phone is alone
        assertEquals(Map.of("email:ivan@mail.ru", "email:ivan@mail.ru", "phone:+79123456789", "email:ivan@mail.ru",
                "phone:+79991112233", "phone:+79991112233"), fromMap);
    }

    /** Each identifier's customer_key after conforming these bronze lines. */
    private Map<String, String> keys(Dataset<Row> bronze) {
        Dataset<Row> events = orderEvents(silverLines(bronze));
        Dataset<Row> labels = IdentityGraph.components(IdentityGraph.edgesFromEvents(events, "ids"), 10, 2).labels();
        Map<String, String> map = new TreeMap<>();
        ConformTransforms.identityMap(labels, KEYS).collectAsList()
                .forEach(r -> map.put(r.getString(0) + ":" + r.getString(1), r.getString(2)));
        return map;
    }

    private static Dataset<Row> silverLines(Dataset<Row> bronze) {
        return ConformTransforms.normaliseContacts(ConformTransforms.latestOrderLines(bronze), List.of("phone"),
                List.of("email"), "RU").withColumnRenamed("_source", "source");
    }

    /** The identifier events of these order lines, with no calls and no sessions. */
    private Dataset<Row> orderEvents(Dataset<Row> lines) {
        Dataset<Row> noCalls = spark.createDataFrame(new ArrayList<Row>(), new StructType().add("source", "string")
                .add("call_id", "string").add("caller_phone", "string").add("client_id", "string"));
        Dataset<Row> noSessions = spark.createDataFrame(new ArrayList<Row>(), new StructType().add("source", "string")
                .add("session_id", "string").add("client_id", "string").add("customer_id", "string").add("email", "string")
                .add("phone", "string"));
        return ConformTransforms.identifierEvents(ConformTransforms.orderIdentifiers(lines), noCalls, noSessions);
    }

    @Test
    void aPositionKeyedSourceKeepsIdenticalLinesOfOneDayAndItsRedeliveryReplacesTheDay() {
        Dataset<Row> bronze = bronze(
                // a transaction log: customer 7 bought the same CD for the same price twice on one day (rows 3 and 4)
                positioned(line("7-19970101", null, "1997-01-01T00:00:00Z", null, "completed", "cd", 1, "11.77",
                        "1998-06-30", "/landing/cdnow/1998-06-30/log.txt", null, null), 3),
                positioned(line("7-19970101", null, "1997-01-01T00:00:00Z", null, "completed", "cd", 1, "11.77",
                        "1998-06-30", "/landing/cdnow/1998-06-30/log.txt", null, null), 4),
                // order 8 delivered on the 1st with two rows, and the day delivered again on the 2nd with one
                positioned(line("8-19970105", null, "1997-01-05T00:00:00Z", null, "completed", "cd", 1, "9.00",
                        "1998-07-01", "/landing/cdnow/1998-07-01/log.txt", null, null), 1),
                positioned(line("8-19970105", null, "1997-01-05T00:00:00Z", null, "completed", "cd", 1, "9.00",
                        "1998-07-01", "/landing/cdnow/1998-07-01/log.txt", null, null), 2),
                positioned(line("8-19970105", null, "1997-01-05T00:00:00Z", null, "completed", "cd", 1, "9.00",
                        "1998-07-02", "/landing/cdnow/1998-07-02/log.txt", null, null), 1));
        List<Row> latest = ConformTransforms.latestOrderLines(bronze).orderBy("order_id", "line_key")
                .select("order_id", "line_key").collectAsList();
        // the file name and row, not the content: two identical rows are two lines; the day re-delivered wins whole
        assertEquals("[[7-19970101,log.txt:3], [7-19970101,log.txt:4], [8-19970105,log.txt:1]]", latest.toString());
    }

    @Test
    void aZeroValueOrderIsAPurchaseOnlyForASourceThatSaysSoAndPricesAreTestedAsExported() {
        Dataset<Row> bronze = bronze(
                // a $0.00 transaction (a promotional CD) and a price of a tenth of a penny
                line("Z", 1, "1997-01-01T10:00:00Z", null, "completed", "cd", 1, "0.00", "1997-01-01", "f", null, null),
                line("M", 1, "2011-04-15T09:27:00Z", null, "completed", "PADS", 1, "0.001", "2011-04-15", "f", null, null),
                // three lines of 0.335 each: 1.005 in all, rounded once to 1.01 (rounding each line would give 1.02)
                line("R", 1, "2011-04-15T09:27:00Z", null, "completed", "P", 1, "0.335", "2011-04-15", "f", null, null),
                line("R", 2, "2011-04-15T09:27:00Z", null, "completed", "Q", 1, "0.335", "2011-04-15", "f", null, null),
                line("R", 3, "2011-04-15T09:27:00Z", null, "completed", "S", 1, "0.335", "2011-04-15", "f", null, null));
        Dataset<Row> latest = ConformTransforms.latestOrderLines(bronze).withColumnRenamed("_source", "source");
        for (boolean zeroValuePurchases : new boolean[] {false, true}) {
            Dataset<Row> lines = ConformTransforms.orderLines(latest, ZoneId.of("UTC"),
                    zeroValuePurchases ? List.of("shop") : List.of("another-source"));
            List<Row> orders = ConformTransforms.orders(lines.withColumn("customer_key", col("customer_id")))
                    .orderBy("order_id").select("order_id", "order_value", "revenue", "is_purchase").collectAsList();
            assertEquals(RowFactory.create("M", new BigDecimal("0.00"), new BigDecimal("0.00"), true), orders.get(0),
                    "0.001 is a positive price");
            assertEquals(RowFactory.create("R", new BigDecimal("1.01"), new BigDecimal("1.01"), true), orders.get(1));
            assertEquals(RowFactory.create("Z", new BigDecimal("0.00"), new BigDecimal("0.00"), zeroValuePurchases),
                    orders.get(2));
        }
    }

    @Test
    void contactReadabilityCountsEachEntitysRowsAndItsDistinctUnreadableValuesPerColumn() {
        StructType contacts = new StructType().add("phone", "string").add("email", "string");
        Dataset<Row> lines = spark.createDataFrame(List.of(RowFactory.create("+7 912 3456789", "ivan@mail.ru"),
                RowFactory.create("not a phone", "bad-at"), RowFactory.create("not a phone", null),
                RowFactory.create("12345", "Ivan@Mail.RU"), RowFactory.create(null, "bad-at")), contacts);
        Dataset<Row> calls = spark.createDataFrame(List.of(RowFactory.create("+7 999 1112233"), RowFactory.create("call me")),
                new StructType().add("caller_phone", "string"));
        Dataset<Row> products = spark.createDataFrame(List.of(RowFactory.create("P1"), RowFactory.create("P2"),
                RowFactory.create("P3")), new StructType().add("product_id", "string"));
        Map<String, String> found = new TreeMap<>();
        for (Row row : ConformTransforms.contactReadability(List.of(
                new ConformTransforms.BronzeContacts("order_lines", lines, List.of("phone"), List.of("email")),
                new ConformTransforms.BronzeContacts("calls", calls, List.of("caller_phone"), List.of()),
                new ConformTransforms.BronzeContacts("products", products, List.of(), List.of())), "RU").collectAsList()) {
            found.put(row.getString(0) + "." + row.getString(1), row.getLong(2) + " rows, " + row.getLong(3) + " unreadable");
        }
        // phones: "not a phone" (twice) and "12345" cannot be read; e-mails: "bad-at" (twice); nulls are not unreadable
        assertEquals(Map.of("order_lines.phone", "5 rows, 2 unreadable", "order_lines.email", "5 rows, 1 unreadable",
                "calls.caller_phone", "2 rows, 1 unreadable", "products.null", "3 rows, 0 unreadable"), found);
    }

    private Dataset<Row> audit(Object[]... rows) {
        StructType schema = new StructType().add("source", "string").add("entity", "string").add("export_date", "date")
                .add("fingerprint", "string").add("ingested_at", "timestamp").add("folder_modified_at", "timestamp");
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(RowFactory.create(r[0], r[1], Date.valueOf((String) r[2]), r[3], at((String) r[4]), r[5] == null ? null : at((String) r[5])));
        }
        return spark.createDataFrame(list, schema);
    }

    @Test
    void aNightConformsTheDaysPastTheLastRunAndTheDaysReDeliveredSince() {
        String firstIngest = "2025-03-03T01:00:00Z";
        String secondIngest = "2025-03-04T01:00:00Z";
        Dataset<Row> then = audit(
                new Object[] {"shop", "order_lines", "2025-03-01", "f1", firstIngest, null},
                new Object[] {"shop", "order_lines", "2025-03-02", "f2", firstIngest, "2025-03-02T23:00:00Z"},
                new Object[] {"shop", "calls", "2025-03-01", "c1", firstIngest, null},
                new Object[] {"shop", "calls", "2025-03-02", "c2", firstIngest, null},
                // loaded by the last ingest, but past the last conform's run date: silver has never seen it
                new Object[] {"shop", "order_lines", "2025-03-03", "f3", firstIngest, null});
        Dataset<Row> now = audit(
                new Object[] {"shop", "order_lines", "2025-03-01", "f1b", secondIngest, null},  // re-delivered
                // the folder's time moved, the files did not: the same rows
                new Object[] {"shop", "order_lines", "2025-03-02", "f2", firstIngest, "2025-03-04T00:30:00Z"},
                new Object[] {"shop", "calls", "2025-03-01", "c1", firstIngest, null},
                new Object[] {"shop", "order_lines", "2025-03-03", "f3", firstIngest, null},
                new Object[] {"shop", "order_lines", "2025-03-04", "f4", secondIngest, null},   // past tonight's run date
                new Object[] {"crm", "calls", "2025-03-02", "k2", secondIngest, null});          // first delivered since
        // shop's calls of 2025-03-02 are no longer in the audit: the rows silver took from them must go too
        List<String> changed = ConformTransforms.changedExportDays(now, then, java.time.LocalDate.parse("2025-03-02"),
                        java.time.LocalDate.parse("2025-03-03"))
                .orderBy("source", "entity", "export_date").collectAsList().stream()
                .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDate(2)).toList();
        assertEquals(List.of("crm calls 2025-03-02", "shop calls 2025-03-02", "shop order_lines 2025-03-01",
                "shop order_lines 2025-03-03"), changed);
    }

    @Test
    void theExportDaysFilterPicksEachSourcesOwnDays() {
        StructType schema = new StructType().add("_source", "string").add("_export_month", "string").add("_export_date", "date")
                .add("order_id", "string");
        Dataset<Row> bronze = spark.createDataFrame(List.of(
                RowFactory.create("shop", "2025-03", Date.valueOf("2025-03-01"), "S1"),
                RowFactory.create("shop", "2025-03", Date.valueOf("2025-03-02"), "S2"),
                RowFactory.create("shop", "2025-04", Date.valueOf("2025-04-01"), "S3"),
                RowFactory.create("crm", "2025-03", Date.valueOf("2025-03-02"), "C1"),
                RowFactory.create("crm", "2025-04", Date.valueOf("2025-04-01"), "C2")), schema);
        // (source, entity, export_date), as ConformTransforms.changedExportDays gives them
        List<Row> days = List.of(RowFactory.create("shop", "order_lines", Date.valueOf("2025-03-02")),
                RowFactory.create("shop", "order_lines", Date.valueOf("2025-04-01")),
                RowFactory.create("crm", "calls", Date.valueOf("2025-04-01")));
        // shop's 2025-03-02 and 2025-04-01, crm's 2025-04-01 only: crm's 2025-03-02 is shop's day, not crm's
        assertEquals(List.of("C2", "S2", "S3"), bronze.filter(ConformTransforms.ofExportDays(days)).orderBy("order_id")
                .collectAsList().stream().map(r -> r.getString(3)).toList());
        assertEquals(0, bronze.filter(ConformTransforms.ofExportDays(List.of())).count(), "no day changed: no row");
    }

    @Test
    void theChangedKeysSplitRowsIntoThoseConformedAgainAndThoseKept() {
        StructType schema = new StructType().add("line_no", "int").add("_source", "string").add("order_id", "string");
        Dataset<Row> now = spark.createDataFrame(List.of(RowFactory.create(1, "shop", "O2"), RowFactory.create(1, "shop", "O3"),
                RowFactory.create(2, "shop", "O3")), schema);
        Dataset<Row> then = spark.createDataFrame(List.of(RowFactory.create(1, "shop", "O1"), RowFactory.create(1, "shop", "O2")), schema);
        List<String> key = List.of("_source", "order_id");
        Dataset<Row> keys = ConformTransforms.changedKeys(now, then, key);
        assertEquals(List.of("O1", "O2", "O3"), keys.orderBy("order_id").collectAsList().stream().map(r -> r.getString(1)).toList(),
                "O1 was only in the replaced delivery: it must be conformed again too (and vanish if no other day has it)");
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(1, "shop", "O1"), RowFactory.create(1, "shop", "O4"),
                RowFactory.create(1, "web", "O2"), RowFactory.create(2, "shop", "O3")), schema);
        assertEquals(List.of(rows.columns()), List.of(ConformTransforms.ofKeys(rows, keys, key).columns()), "columns in their order");
        assertEquals(List.of(rows.columns()), List.of(ConformTransforms.withoutKeys(rows, keys, key).columns()));
        assertEquals(List.of("shop O1", "shop O3"), ConformTransforms.ofKeys(rows, keys, key).orderBy("order_id").collectAsList()
                .stream().map(r -> r.getString(1) + " " + r.getString(2)).toList());
        assertEquals(List.of("web O2", "shop O4"), ConformTransforms.withoutKeys(rows, keys, key).orderBy("order_id").collectAsList()
                .stream().map(r -> r.getString(1) + " " + r.getString(2)).toList(), "web's O2 is another order than shop's");
    }

    @Test
    void aNightKeysAgainOnlyTheEventsOfRelabelledNodesAndOfFactsWithoutAKey() {
        StructType eventSchema = new StructType().add("event_type", "string").add("event_key", "string")
                .add("ids", org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.StringType));
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create("order", "shop|O1", List.of("customer_id:C1", "email:a@shop.ru").toArray()),
                RowFactory.create("order", "shop|O2", new Object[] {null, "email:b@shop.ru"}),
                RowFactory.create("call", "shop|K1", List.of("phone:+79123456789").toArray())), eventSchema);
        // email:b@shop.ru is O2's first identifier (nulls aside); O1's is customer_id:C1, whose label did not move
        Dataset<Row> relabelled = spark.createDataFrame(List.of(RowFactory.create("email:b@shop.ru"), RowFactory.create("email:a@shop.ru")),
                new StructType().add("node", "string"));
        Dataset<Row> unkeyed = events.where(col("event_key").isin("shop|O2", "shop|K1"));
        assertEquals(List.of("call shop|K1", "order shop|O2"), ConformTransforms.eventsToKey(events, relabelled, unkeyed)
                .orderBy("event_type", "event_key").collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1)).toList(),
                "O1 is not keyed again though its second identifier was relabelled; O2 once though named twice");

        StructType factSchema = new StructType().add("source", "string").add("order_id", "string").add("customer_key", "string");
        Dataset<Row> facts = spark.createDataFrame(List.of(RowFactory.create("shop", "O1", "kept-1"), RowFactory.create("shop", "O2", "old-2"),
                RowFactory.create("shop", "O3", null)), factSchema);
        StructType customerSchema = new StructType().add("event_type", "string").add("event_key", "string").add("customer_key", "string");
        Dataset<Row> eventCustomers = spark.createDataFrame(List.of(RowFactory.create("order", "shop|O2", "new-2"),
                RowFactory.create("order", "shop|O3", "new-3"), RowFactory.create("call", "shop|O1", "a call's")), customerSchema);
        Dataset<Row> keyed = ConformTransforms.withCustomerKey(facts, "order", "order_id", eventCustomers);
        assertEquals(List.of("source", "order_id", "customer_key"), List.of(keyed.columns()), "the key stays where it was");
        assertEquals(List.of("O1 kept-1", "O2 new-2", "O3 new-3"), keyed.orderBy("order_id").collectAsList().stream()
                .map(r -> r.getString(1) + " " + r.getString(2)).toList());
    }
}
