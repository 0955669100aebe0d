package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.ltvlake.common.identity.CustomerKeys;
import io.ltvlake.common.identity.Emails;
import io.ltvlake.common.identity.IdentityGraph;
import io.ltvlake.common.identity.PhoneNumbers;
import io.ltvlake.jobs.silver.SilverTables.Customers;
import io.ltvlake.jobs.silver.SilverTables.Orders;
import java.sql.Date;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Bronze → silver, pure: latest version per business key, normalised contacts, identities. */
public final class ConformTransforms {

    public static final String MONEY = "decimal(18,2)";

    private ConformTransforms() {}

    /**
     * The latest version of each order: the lines of its latest export (then latest
     * {@code updated_at}, then file), so a line dropped from a re-export disappears too.
     * Line times never decide the version: the lines of one invoice may straddle a minute.
     * Adds {@code line_key}: the line number; else, for a profile with {@code line-key = position}
     * ({@code _source_row} set), the file name and row number ({@code CDNOW_sample.txt:17}); else a
     * hash of all the line's canonical columns, so exact duplicate lines are kept once.
     */
    public static Dataset<Row> latestOrderLines(Dataset<Row> bronzeLines) {
        WindowSpec version = Window.partitionBy("_source", "order_id").orderBy(col("_export_date").desc(),
                col("updated_at").desc_nulls_last(), col("_source_file").desc());
        // Without line numbers a line is its content: rows equal in every canonical column are one line.
        Column[] content = io.ltvlake.jobs.bronze.ingest.CanonicalSchema.ORDER_LINES.columns().stream()
                .map(c -> coalesce(col(c.name()).cast("string"), lit("\u0000")))
                .toArray(Column[]::new);
        // Bronze written before positions were kept has no _source_row: its lines are keyed by content.
        Column position = java.util.Arrays.asList(bronzeLines.columns()).contains("_source_row")
                ? concat(regexp_extract(col("_source_file"), "([^/]*)$", 1), lit(":"), col("_source_row").cast("string"))
                : lit(null).cast("string");
        Column lineKey = coalesce(col("line_no").cast("string"), position,
                concat(lit("h"), substring(sha2(concat_ws("|", content), 256), 1, 16)));
        WindowSpec duplicate = Window.partitionBy("_source", "order_id", "line_key")
                .orderBy(col("product_id"), col("quantity"), col("unit_price"), col("_source_file"));
        return bronzeLines
                .withColumn("__version", dense_rank().over(version))
                .filter(col("__version").equalTo(1))
                .withColumn("line_key", lineKey)
                .withColumn("__copy", row_number().over(duplicate))
                .filter(col("__copy").equalTo(1))
                .drop("__version", "__copy");
    }

    /** The latest export of each business key: later export day, then later file, wins. */
    public static Dataset<Row> latestByKey(Dataset<Row> bronze, List<String> key) {
        WindowSpec latest = Window.partitionBy(key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .orderBy(col("_export_date").desc(), col("_source_file").desc(), col("_ingested_at").desc());
        return bronze.withColumn("__rank", row_number().over(latest)).filter(col("__rank").equalTo(1)).drop("__rank");
    }

    /**
     * The export days a night must conform again, one row per {@code source, entity, export_date}: days up to
     * {@code runDate} that are past the last run's date {@code previousRunDate} (new to silver, though ingest may
     * have loaded them earlier), or whose ingest audit row differs from the one the last run saw in its file
     * fingerprint or ingest time (re-delivered, or first delivered since), or that the last run saw and the audit
     * no longer holds. A day whose audit row changed only its folder time holds the same rows and is not listed.
     */
    public static Dataset<Row> changedExportDays(Dataset<Row> auditNow, Dataset<Row> auditThen, java.time.LocalDate previousRunDate,
                                                 java.time.LocalDate runDate) {
        // The audit holds one row per source, entity and day, so each day has at most one delivery on each side;
        // a day past the last run date has none on the last run's side. One aggregation sets the two side by side.
        Column delivery = concat_ws("|", col("fingerprint"), col("ingested_at").cast("string"));
        Column nothing = lit(null).cast("string");
        Dataset<Row> now = auditNow.where(col("export_date").leq(lit(java.sql.Date.valueOf(runDate))))
                .select(col("source"), col("entity"), col("export_date"), delivery.as("now"), nothing.as("then"));
        Dataset<Row> then = auditThen.where(col("export_date").leq(lit(java.sql.Date.valueOf(previousRunDate))))
                .select(col("source"), col("entity"), col("export_date"), nothing.as("now"), delivery.as("then"));
        return now.unionByName(then).groupBy("source", "entity", "export_date")
                .agg(max("now").as("now"), max("then").as("then"))
                .where(col("now").isNull().or(col("then").isNull()).or(col("now").notEqual(col("then"))))
                .select("source", "entity", "export_date");
    }

    /**
     * The distinct business keys ({@code key}, bronze's column names) of the bronze rows the changed export days
     * delivered now and delivered then: every key whose latest version may differ from the one silver holds.
     */
    public static Dataset<Row> changedKeys(Dataset<Row> deliveredNow, Dataset<Row> deliveredThen, List<String> key) {
        Column[] columns = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return deliveredNow.select(columns).unionByName(deliveredThen.select(columns)).distinct();
    }

    /** The rows whose {@code key} is one of {@code keys}; the keys of a night are few, so they are broadcast. */
    public static Dataset<Row> ofKeys(Dataset<Row> rows, Dataset<Row> keys, List<String> key) {
        return inOrderOf(rows, rows.join(org.apache.spark.sql.functions.broadcast(keys), key.toArray(String[]::new), "left_semi"));
    }

    /** The rows whose {@code key} is none of {@code keys}. */
    public static Dataset<Row> withoutKeys(Dataset<Row> rows, Dataset<Row> keys, List<String> key) {
        return inOrderOf(rows, rows.join(org.apache.spark.sql.functions.broadcast(keys), key.toArray(String[]::new), "left_anti"));
    }

    /** A join on named columns puts them first; a table's columns keep their order, or its next write changes its schema. */
    private static Dataset<Row> inOrderOf(Dataset<Row> rows, Dataset<Row> joined) {
        return joined.select(java.util.Arrays.stream(rows.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    }

    /** Phones to E.164 and e-mails lower-case; what cannot be read becomes null. */
    public static Dataset<Row> normaliseContacts(Dataset<Row> rows, List<String> phones, List<String> emails, String region) {
        Dataset<Row> result = rows;
        for (String phone : phones) {
            result = result.withColumn(phone, PhoneNumbers.toE164Column(col(phone), region));
        }
        for (String email : emails) {
            result = result.withColumn(email, Emails.normaliseColumn(col(email)));
        }
        return result;
    }

    /** The rows of one bronze entity, with the columns holding its phones and its e-mails. */
    public record BronzeContacts(String entity, Dataset<Row> rows, List<String> phones, List<String> emails) {}

    /**
     * In one pass over each entity's rows: one row per entity and contact column with {@code rows}, the
     * entity's rows, and {@code unreadable_values}, the distinct non-null values that do not read as a
     * phone (in {@code region}) or an e-mail. An entity without contact columns gives one row with a null
     * {@code column}. The values are made distinct before they are parsed, so libphonenumber sees each
     * value once, not once per row.
     */
    public static Dataset<Row> contactReadability(List<BronzeContacts> entities, String region) {
        Dataset<Row> values = null;
        for (BronzeContacts entity : entities) {
            List<Column> contacts = new java.util.ArrayList<>();
            entity.phones().forEach(c -> contacts.add(contactValue(entity.entity(), c, true, col(c))));
            entity.emails().forEach(c -> contacts.add(contactValue(entity.entity(), c, false, col(c))));
            if (contacts.isEmpty()) {
                contacts.add(contactValue(entity.entity(), null, false, lit(null)));
            }
            Dataset<Row> exploded = entity.rows().select(org.apache.spark.sql.functions.explode(
                    array(contacts.toArray(Column[]::new))).as("contact")).select("contact.*");
            values = values == null ? exploded : values.unionByName(exploded);
        }
        Column value = col("value");
        Column readable = when(col("is_phone"), PhoneNumbers.toE164Column(value, region)).otherwise(Emails.normaliseColumn(value));
        return values.groupBy("entity", "column", "is_phone", "value").agg(count(lit(1)).as("rows"))
                .groupBy("entity", "column")
                .agg(sum("rows").as("rows"), sum(when(value.isNotNull().and(readable.isNull()), 1L).otherwise(0L)).as("unreadable_values"));
    }

    private static Column contactValue(String entity, String column, boolean phone, Column value) {
        return org.apache.spark.sql.functions.struct(lit(entity).as("entity"), lit(column).cast("string").as("column"),
                lit(phone).as("is_phone"), value.cast("string").as("value"));
    }

    /**
     * Silver order lines: status defaults to completed; a line is revenue only when its
     * quantity and price are positive, tested on the price as exported (0.001 is positive);
     * {@code order_date} is the business-time-zone day. A line of a source in
     * {@code zeroValuePurchaseSources} also counts with a price of 0: there a completed order worth
     * nothing (a free or promotional item) is still a purchase. {@code line_value} and
     * {@code line_cost} are rounded to cents here, where they are stored.
     */
    public static Dataset<Row> orderLines(Dataset<Row> latestLines, ZoneId businessZone,
                                          java.util.Collection<String> zeroValuePurchaseSources) {
        Column price = zeroValuePurchaseSources.isEmpty() ? col("unit_price").gt(0)
                : col("unit_price").gt(0).or(col("unit_price").equalTo(0)
                        .and(col("source").isin(zeroValuePurchaseSources.toArray())));
        Column positive = col("quantity").gt(0).and(price);
        return withBusinessDate(latestLines, "ordered_at", "order_date", businessZone)
                .withColumn("status", coalesce(col("status"), lit("completed")))
                .withColumn("is_revenue_line", positive)
                .withColumn("line_value", when(positive, exactLineValue()).otherwise(lit(0)).cast(MONEY))
                .withColumn("line_cost", when(positive, exactLineCost()).cast(MONEY));
    }

    /** Quantity times the price as exported, not rounded: an order's value is rounded once, from their sum. */
    private static Column exactLineValue() {
        return col("quantity").multiply(col("unit_price"));
    }

    private static Column exactLineCost() {
        return col("quantity").multiply(col("unit_cost"));
    }

    /** Adds the day of a UTC time in the business time zone: days, weeks and months are the business's. */
    public static Dataset<Row> withBusinessDate(Dataset<Row> rows, String timeColumn, String dateColumn, ZoneId businessZone) {
        return rows.withColumn(dateColumn, to_date(from_utc_timestamp(col(timeColumn), businessZone.getId())));
    }

    /**
     * One row per order. {@code order_value} sums its positive lines whatever the status;
     * {@code revenue} counts only purchases: completed orders with at least one positive line.
     */
    public static Dataset<Row> orders(Dataset<Row> silverLines) {
        // each line's header hashed once, for its order's smallest and largest
        Dataset<Row> orders = silverLines.withColumn("header_hash", headerFingerprint(silverLines))
                .groupBy(Orders.SOURCE, Orders.ORDER_ID).agg(
                header(Orders.CUSTOMER_KEY),
                header("customer_id"),
                header("phone"),
                header("email"),
                header("client_id"),
                min(Orders.ORDERED_AT).as(Orders.ORDERED_AT),
                min(Orders.ORDER_DATE).as(Orders.ORDER_DATE),
                status(),
                count(lit(1)).as("line_count"),
                sum(when(col("is_revenue_line"), col("quantity")).otherwise(0)).cast("int").as(Orders.ITEM_COUNT),
                countDistinct(when(col("is_revenue_line"), col("category"))).as("category_count"),
                // rounded once, from the exact line values: a sum of rounded lines would round each line
                coalesce(sum(when(col("is_revenue_line"), exactLineValue())).cast(MONEY), lit(0).cast(MONEY))
                        .as(Orders.ORDER_VALUE),
                when(count(when(col("is_revenue_line").and(col("line_cost").isNull()), 1)).equalTo(0),
                        sum(when(col("is_revenue_line"), exactLineCost())).cast(MONEY)).as(Orders.ORDER_COST),
                max(col("is_revenue_line")).as("has_revenue_line"),
                header(Orders.MANAGER_ID),
                header("guests"),
                header("jtbd"),
                header(Orders.STORE),
                header("country"),
                max("updated_at").as("updated_at"),
                consent(silverLines).as("marketing_consent"),
                min("header_hash").as("smallest_header"),
                max("header_hash").as("largest_header"));
        Column purchase = col(Orders.STATUS).equalTo("completed").and(col("has_revenue_line"));
        return orders
                .withColumn(Orders.IS_PURCHASE, purchase)
                .withColumn(Orders.REVENUE, when(purchase, col(Orders.ORDER_VALUE)).otherwise(lit(0).cast(MONEY)))
                .withColumn("is_header_consistent", col("smallest_header").equalTo(col("largest_header")))
                .drop("has_revenue_line", "smallest_header", "largest_header");
    }

    /** The header fields an order takes from its lines: where they disagree, a rule picks one value for each. */
    private static final List<String> HEADER_FIELDS = List.of("customer_id", "phone", "email", "client_id", Orders.STATUS,
            Orders.MANAGER_ID, "guests", "jtbd", Orders.STORE, "country");

    /**
     * A hash of a line's header fields, each after whether it is null (a hash skips nulls, so a value could
     * otherwise pass for the next field's): lines that agree share it, so an order whose smallest and largest
     * differ has lines that disagree, which the checks count instead of letting the picking rule hide it.
     */
    private static Column headerFingerprint(Dataset<Row> lines) {
        List<Column> parts = new ArrayList<>();
        for (String field : HEADER_FIELDS) {
            parts.add(col(field).isNull());
            parts.add(col(field));
        }
        Column consent = consentOf(lines);
        parts.add(consent.isNull());
        parts.add(consent);
        return xxhash64(parts.toArray(Column[]::new));
    }

    /**
     * An order's or session's marketing opt-in as a boolean: true/yes/y/1 and false/no/n/0 (any
     * case), null when missing, unreadable or when the rows have no such column (sources without it).
     */
    static Column consentOf(Dataset<Row> rows) {
        if (!java.util.Arrays.asList(rows.columns()).contains("marketing_consent")) {
            return lit(null).cast("boolean");
        }
        Column raw = org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.trim(col("marketing_consent").cast("string")));
        return when(raw.isin("true", "yes", "y", "1"), lit(true)).when(raw.isin("false", "no", "n", "0"), lit(false));
    }

    /** The consent of an order's lines (its header is repeated on every line): no when any line says no. */
    private static Column consent(Dataset<Row> lines) {
        return min(consentOf(lines));
    }

    /**
     * A header field of an order, which the export repeats on each of its lines. Where the lines disagree, the
     * smallest value, nulls aside: {@code first} would take whichever line a shuffle delivered first, so a rerun
     * or a night could pick another phone, and another identity edge, than a full run.
     */
    private static Column header(String column) {
        return min(column).as(column);
    }

    /** The order's status: completed only when every line says so, else the smallest other one. */
    private static Column status() {
        Column notCompletedFirst = when(col(Orders.STATUS).equalTo("completed"), 1).otherwise(0);
        return min(struct(notCompletedFirst.as("rank"), col(Orders.STATUS))).getField(Orders.STATUS).as(Orders.STATUS);
    }

    // ------------------------------------------------------------------ identity

    /** A typed identifier, e.g. {@code phone:+79123456789}; null when the value is null. */
    public static Column identifier(String type, Column value) {
        return when(value.isNotNull(), concat(lit(type + ":"), value));
    }

    /** The identifiers of each order, from its (repeated) header. */
    public static Dataset<Row> orderIdentifiers(Dataset<Row> silverLines) {
        return silverLines.groupBy("source", "order_id").agg(header("customer_id"), header("phone"), header("email"),
                header("client_id"));
    }

    /**
     * Every event that carries identifiers, as {@code (event_type, event_key, ids)}: orders
     * (customer id, phone, e-mail, cookie), calls (caller phone, cookie) and sessions (cookie,
     * customer id, e-mail, phone). Inputs are already normalised.
     */
    public static Dataset<Row> identifierEvents(Dataset<Row> orderHeaders, Dataset<Row> calls, Dataset<Row> sessions) {
        Dataset<Row> orderEvents = orderHeaders.select(lit("order").as("event_type"),
                concat_ws("|", col("source"), col("order_id")).as("event_key"),
                array(identifier("customer_id", col("customer_id")), identifier("phone", col("phone")),
                        identifier("email", col("email")), identifier("client_id", col("client_id"))).as("ids"));
        Dataset<Row> callEvents = calls.select(lit("call").as("event_type"),
                concat_ws("|", col("source"), col("call_id")).as("event_key"),
                array(identifier("phone", col("caller_phone")), identifier("client_id", col("client_id"))).as("ids"));
        Dataset<Row> sessionEvents = sessions.select(lit("session").as("event_type"),
                concat_ws("|", col("source"), col("session_id")).as("event_key"),
                array(identifier("client_id", col("client_id")), identifier("customer_id", col("customer_id")),
                        identifier("email", col("email")), identifier("phone", col("phone"))).as("ids"));
        return orderEvents.unionByName(callEvents).unionByName(sessionEvents);
    }

    /** {@code (identifier_type, identifier_value, customer_key, component_size)} from component labels. */
    public static Dataset<Row> identityMap(Dataset<Row> labels, CustomerKeys keys) {
        Dataset<Row> keyed = labels.withColumn("customer_key", IdentityGraph.customerKey(col("component"), keys));
        Dataset<Row> sizes = keyed.groupBy("customer_key").agg(count(lit(1)).as("identifier_count"));
        return keyed.join(sizes, "customer_key").select(
                split(col("node"), ":", 2).getItem(0).as("identifier_type"),
                split(col("node"), ":", 2).getItem(1).as("identifier_value"),
                col("customer_key"), col("identifier_count"));
    }

    /**
     * {@code (node, component)} as {@link IdentityGraph} labelled the identity map's identifiers: the node is the
     * typed identifier, the component its customer's smallest one. Lets the next run start from the stored graph.
     */
    public static Dataset<Row> componentLabels(Dataset<Row> identityMap) {
        return identityMap.select(concat(col("identifier_type"), lit(":"), col("identifier_value")).as("node"), col("customer_key"))
                .select(col("node"), min("node").over(Window.partitionBy("customer_key")).as("component"));
    }

    /** The customer of each event: the component of any of its identifiers (they share one). */
    public static Dataset<Row> eventCustomers(Dataset<Row> events, Dataset<Row> labels, CustomerKeys keys) {
        Dataset<Row> firstIds = events.select(col("event_type"), col("event_key"),
                IdentityGraph.firstIdentifier(col("ids")).as("node"))
                .filter(col("node").isNotNull());
        return firstIds.join(labels, "node")
                .select(col("event_type"), col("event_key"), IdentityGraph.customerKey(col("component"), keys).as("customer_key"));
    }

    /**
     * Adds (or replaces) {@code customer_key} from the customer of each fact's event. A fact whose event
     * {@code eventCustomers} does not name keeps the {@code customer_key} it has (none, when it has no such
     * column): a night keys again only the facts it conformed again and those of the components the identity
     * update labelled again, and every other fact keeps the key silver holds.
     */
    public static Dataset<Row> withCustomerKey(Dataset<Row> facts, String eventType, String idColumn,
                                               Dataset<Row> eventCustomers) {
        Dataset<Row> keys = eventCustomers.filter(col("event_type").equalTo(eventType))
                .select(col("event_key").as("__event_key"), col("customer_key").as("__customer_key"));
        Dataset<Row> stored = java.util.Arrays.asList(facts.columns()).contains("customer_key") ? facts
                : facts.withColumn("customer_key", lit(null).cast("string"));
        return stored.withColumn("__event_key", concat_ws("|", col("source"), col(idColumn)))
                .join(keys, new String[] {"__event_key"}, "left")
                .withColumn("customer_key", coalesce(col("__customer_key"), col("customer_key")))
                .drop("__event_key", "__customer_key");
    }

    /**
     * The events a night must key again: those whose first identifier (the one that decides their customer) is
     * among the nodes the identity update labelled again, and {@code unkeyedEvents}, the events of the facts it
     * conformed again. Each event once.
     */
    public static Dataset<Row> eventsToKey(Dataset<Row> events, Dataset<Row> relabelledNodes, Dataset<Row> unkeyedEvents) {
        Dataset<Row> relabelled = events
                .withColumn("__node", IdentityGraph.firstIdentifier(col("ids")))
                .join(org.apache.spark.sql.functions.broadcast(relabelledNodes.select(col("node").as("__node"))),
                        new String[] {"__node"}, "left_semi")
                .drop("__node");
        return relabelled.unionByName(unkeyedEvents).dropDuplicates("event_type", "event_key");
    }

    /**
     * One row per customer: identifiers, the latest phone and e-mail seen, first and last
     * activity, and purchases. Contacts stay here in silver; marts carry only the key.
     */
    public static Dataset<Row> customers(Dataset<Row> identityMap, Dataset<Row> orders, Dataset<Row> calls,
                                         Dataset<Row> sessions) {
        Dataset<Row> activity = orders.select(col("customer_key"), col("ordered_at").as("at"), col("phone"),
                        col("email"), col("customer_id"), consentOf(orders).as("marketing_consent"))
                .unionByName(calls.select(col("customer_key"), col("started_at").as("at"), col("caller_phone").as("phone"),
                        lit(null).cast("string").as("email"), lit(null).cast("string").as("customer_id"),
                        lit(null).cast("boolean").as("marketing_consent")))
                .unionByName(sessions.select(col("customer_key"), col("started_at").as("at"), col("phone"), col("email"),
                        col("customer_id"), consentOf(sessions).as("marketing_consent")))
                .filter(col("customer_key").isNotNull());
        Dataset<Row> contacts = activity.groupBy("customer_key").agg(
                min("at").as("first_seen_at"), max("at").as("last_seen_at"),
                max_by(col("phone"), when(col("phone").isNotNull(), col("at"))).as("phone"),
                max_by(col("email"), when(col("email").isNotNull(), col("at"))).as("email"),
                min("customer_id").as("customer_id"),
                // the latest consent given on an order or a session; never given (or no such column) = no
                coalesce(max_by(col("marketing_consent"), when(col("marketing_consent").isNotNull(), col("at"))), lit(false))
                        .as("marketing_consent"));
        Dataset<Row> purchases = orders.filter(col("is_purchase").and(col("customer_key").isNotNull()))
                .groupBy("customer_key").agg(min("ordered_at").as("first_order_at"), max("ordered_at").as("last_order_at"),
                        count(lit(1)).as("purchase_count"), sum("revenue").cast(MONEY).as("revenue"));
        Dataset<Row> identifiers = identityMap.groupBy("customer_key").agg(
                first("identifier_count").as("identifier_count"),
                count(when(col("identifier_type").equalTo(Customers.PHONE), 1)).as("phone_count"),
                count(when(col("identifier_type").equalTo(Customers.EMAIL), 1)).as("email_count"),
                count(when(col("identifier_type").equalTo("client_id"), 1)).as("client_id_count"));
        return identifiers.join(contacts, new String[] {"customer_key"}, "left")
                .join(purchases, new String[] {"customer_key"}, "left")
                .withColumn("purchase_count", coalesce(col("purchase_count"), lit(0L)))
                .withColumn("revenue", coalesce(col("revenue"), lit(0).cast(MONEY)))
                .withColumn("is_buyer", col("purchase_count").gt(0))
                .withColumn("marketing_consent", coalesce(col("marketing_consent"), lit(false)));
    }

    /**
     * Selects bronze rows of the given export days ({@code source, entity, export_date} rows; the entity is not
     * looked at): the export month narrows the partitions read, the date picks the days.
     */
    public static Column ofExportDays(List<Row> days) {
        Column any = lit(false);
        Map<String, List<Date>> bySource = new java.util.TreeMap<>();
        days.forEach(day -> bySource.computeIfAbsent(day.getString(0), s -> new ArrayList<>()).add(day.getDate(2)));
        for (Map.Entry<String, List<Date>> source : bySource.entrySet()) {
            Object[] months = source.getValue().stream().map(d -> d.toLocalDate().toString().substring(0, 7)).distinct().toArray();
            any = any.or(col("_source").equalTo(source.getKey()).and(col("_export_month").isin(months))
                    .and(col("_export_date").isin(source.getValue().toArray())));
        }
        return any;
    }
}
