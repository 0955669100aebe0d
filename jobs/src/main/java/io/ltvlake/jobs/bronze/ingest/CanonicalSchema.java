package io.ltvlake.jobs.bronze.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical input entities (DESIGN §3): every source profile maps its files onto these
 * columns. Required columns are the ones without which a row means nothing.
 */
public final class CanonicalSchema {

    /**
     * PHONE: stored as exported (a string), but a value libphonenumber cannot read as a number is rejected.
     * DECIMAL is an amount in cents ({@code decimal(18,2)}); PRICE is a unit price kept as exported, to six
     * decimals ({@code decimal(18,6)}), because a price of 0.001 is a price: amounts are rounded to cents once,
     * when conform stores a line's or an order's value, never before the purchase test.
     * BOOLEAN reads true/false, 1/0, yes/no, t/f and y/n in any case; anything else is rejected.
     */
    public enum Type { STRING, TIMESTAMP, DATE, DECIMAL, PRICE, INTEGER, PHONE, BOOLEAN }

    /** Spark type of a {@link Type#PRICE} column. */
    public static final String PRICE = "decimal(18,6)";

    /**
     * One canonical column.
     *
     * @param plausible a Spark SQL predicate over the entity's typed columns that a plausible value satisfies
     *     ("" = any value); {@code {min_date}} and {@code {max_time}} stand for ingest.min-date and the end of the
     *     run date plus ingest.max-future. A null value is never implausible (missing is checked apart).
     */
    public record Column(String name, Type type, boolean required, Set<String> allowedValues, String plausible) {
        static Column required(String name, Type type) {
            return new Column(name, type, true, Set.of(), "");
        }

        static Column optional(String name, Type type) {
            return new Column(name, type, false, Set.of(), "");
        }

        static Column oneOf(String name, String... values) {
            return new Column(name, Type.STRING, false, Set.of(values), "");
        }

        static Column requiredOneOf(String name, String... values) {
            return new Column(name, Type.STRING, true, Set.of(values), "");
        }

        Column plausibleWhen(String predicate) {
            return new Column(name, type, required, allowedValues, predicate);
        }

        /** An event time: not before ingest.min-date, not after the run date plus ingest.max-future. */
        Column eventTime() {
            return plausibleWhen(name + " >= {min_date} AND " + name + " <= {max_time}");
        }

        /** Never below zero on a completed line (a null status is completed); returns carry their own status. */
        Column notNegativeWhenCompleted() {
            return plausibleWhen(name + " >= 0 OR coalesce(status, 'completed') <> 'completed'");
        }

        Column notNegative() {
            return plausibleWhen(name + " >= 0");
        }
    }

    public record Entity(String name, List<Column> columns) {
        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("entity " + this.name + " has no column " + name));
        }

        public boolean has(String name) {
            return columns.stream().anyMatch(c -> c.name().equals(name));
        }
    }

    public static final Entity ORDER_LINES = new Entity("order_lines", List.of(
            Column.required("order_id", Type.STRING),
            Column.required("ordered_at", Type.TIMESTAMP).eventTime(),
            Column.required("product_id", Type.STRING),
            Column.required("quantity", Type.INTEGER).notNegativeWhenCompleted(),
            Column.required("unit_price", Type.PRICE).notNegativeWhenCompleted(),
            Column.optional("customer_id", Type.STRING),
            Column.optional("phone", Type.STRING),
            Column.optional("email", Type.STRING),
            Column.optional("client_id", Type.STRING),
            Column.oneOf("status", "completed", "cancelled", "returned"),
            Column.optional("line_no", Type.INTEGER),
            Column.optional("product_name", Type.STRING),
            Column.optional("category", Type.STRING),
            Column.optional("unit_cost", Type.PRICE),
            Column.optional("manager_id", Type.STRING),
            Column.optional("guests", Type.INTEGER),
            Column.optional("jtbd", Type.STRING),
            Column.optional("store", Type.STRING),
            Column.optional("country", Type.STRING),
            Column.optional("updated_at", Type.TIMESTAMP).eventTime(),
            // opt-in to marketing contact as the source writes it (true/false, yes/no, 1/0); read in silver
            Column.optional("marketing_consent", Type.STRING)));

    public static final Entity CALLS = new Entity("calls", List.of(
            Column.required("call_id", Type.STRING),
            Column.required("started_at", Type.TIMESTAMP).eventTime(),
            // a call is known by its number: one that cannot be read is as good as none
            Column.required("caller_phone", Type.PHONE),
            Column.oneOf("direction", "in", "out"),
            Column.oneOf("status", "answered", "missed"),
            Column.optional("duration_s", Type.INTEGER).notNegative(),
            Column.optional("wait_s", Type.INTEGER).notNegative(),
            Column.optional("utm_source", Type.STRING),
            Column.optional("utm_medium", Type.STRING),
            Column.optional("utm_campaign", Type.STRING),
            Column.optional("landing_page", Type.STRING),
            Column.optional("client_id", Type.STRING),
            Column.optional("manager_id", Type.STRING)));

    public static final Entity SESSIONS = new Entity("sessions", List.of(
            Column.required("session_id", Type.STRING),
            Column.required("started_at", Type.TIMESTAMP).eventTime(),
            Column.optional("client_id", Type.STRING),
            Column.optional("customer_id", Type.STRING),
            Column.optional("email", Type.STRING),
            Column.optional("phone", Type.STRING),
            Column.optional("utm_source", Type.STRING),
            Column.optional("utm_medium", Type.STRING),
            Column.optional("utm_campaign", Type.STRING),
            Column.optional("referrer", Type.STRING),
            Column.optional("landing_page", Type.STRING),
            Column.optional("marketing_consent", Type.STRING)));

    public static final Entity AD_COSTS = new Entity("ad_costs", List.of(
            Column.required("date", Type.DATE).eventTime(),
            Column.required("utm_source", Type.STRING),
            Column.optional("utm_medium", Type.STRING),
            Column.optional("utm_campaign", Type.STRING),
            Column.required("cost", Type.DECIMAL),
            // what the journey's reach stage counts; ad platforms export it beside the spend
            Column.optional("impressions", Type.INTEGER).notNegative()));

    public static final Entity PRODUCTS = new Entity("products", List.of(
            Column.required("product_id", Type.STRING),
            Column.optional("product_name", Type.STRING),
            Column.optional("category", Type.STRING),
            Column.optional("price_tier", Type.STRING),
            Column.oneOf("role", "main", "addon", "lead_magnet"),
            Column.optional("unit_price", Type.DECIMAL),
            Column.optional("unit_cost", Type.DECIMAL)));

    /**
     * Outbound CRM/ESP messages (optional). A control row ({@code is_control} true) is a person held out of the
     * campaign: nothing was sent, {@code sent_at} is when they were assigned, and its status is empty.
     */
    public static final Entity MESSAGES = new Entity("messages", List.of(
            Column.required("message_id", Type.STRING),
            Column.required("sent_at", Type.TIMESTAMP).eventTime(),
            Column.requiredOneOf("channel", "email", "sms", "push", "messenger", "other"),
            Column.optional("campaign", Type.STRING),
            Column.optional("trigger", Type.STRING),
            Column.optional("customer_id", Type.STRING),
            Column.optional("email", Type.STRING),
            Column.optional("phone", Type.STRING),
            Column.optional("client_id", Type.STRING),
            Column.oneOf("status", "sent", "delivered", "bounced", "failed"),
            Column.optional("opened_at", Type.TIMESTAMP).eventTime(),
            Column.optional("clicked_at", Type.TIMESTAMP).eventTime(),
            Column.optional("unsubscribed_at", Type.TIMESTAMP).eventTime(),
            Column.optional("is_control", Type.BOOLEAN),
            Column.optional("cost", Type.DECIMAL).notNegative()));

    public static final Map<String, Entity> ENTITIES;

    static {
        Map<String, Entity> all = new LinkedHashMap<>();
        for (Entity e : List.of(ORDER_LINES, CALLS, SESSIONS, AD_COSTS, PRODUCTS, MESSAGES)) {
            all.put(e.name(), e);
        }
        ENTITIES = java.util.Collections.unmodifiableMap(all);
    }

    private CanonicalSchema() {}

    /** Bronze's columns for an entity: the canonical ones typed, then lineage. */
    public static org.apache.spark.sql.types.StructType bronzeSchema(Entity entity) {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
        for (Column column : entity.columns()) {
            schema = schema.add(column.name(), switch (column.type()) {
                case STRING, PHONE -> org.apache.spark.sql.types.DataTypes.StringType;
                case TIMESTAMP -> org.apache.spark.sql.types.DataTypes.TimestampType;
                case DATE -> org.apache.spark.sql.types.DataTypes.DateType;
                case DECIMAL -> org.apache.spark.sql.types.DataTypes.createDecimalType(18, 2);
                case PRICE -> org.apache.spark.sql.types.DataTypes.createDecimalType(18, 6);
                case INTEGER -> org.apache.spark.sql.types.DataTypes.IntegerType;
                case BOOLEAN -> org.apache.spark.sql.types.DataTypes.BooleanType;
            }, true);
        }
        return schema.add("_source", "string").add("_source_file", "string").add("_source_row", "long").add("_export_date", "date")
                .add("_export_month", "string").add("_ingested_at", "timestamp");
    }

    public static Entity entity(String name) {
        Entity entity = ENTITIES.get(name);
        if (entity == null) {
            throw new IllegalArgumentException("unknown entity '" + name + "'; entities are " + ENTITIES.keySet());
        }
        return entity;
    }
}
