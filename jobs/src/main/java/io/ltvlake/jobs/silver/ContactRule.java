package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who may be sent marketing messages, decided once: {@code silver.customers.is_contactable}, and the one filter every
 * contact extract goes through ({@link #onlyContactable}).
 *
 * <p>A person is contactable when their latest marketing consent (on an order or a session) is true and they have
 * never unsubscribed from a message. An unsubscribe counts on every channel: a contact list carries the e-mail and the
 * phone together and does not know which one the CRM will use, so a per-channel opt-out could not be honoured row by
 * row. And it is final for the lake: sources repeat a customer's opt-in flag on later orders, so a later "true" cannot
 * be told from a fresh opt-in; a person who subscribes again must reach the lake without the old unsubscribe.
 */
public final class ContactRule {

    private ContactRule() {}

    /**
     * {@code customers} (silver.customers: customer_key, marketing_consent) with {@code unsubscribed_at}, the latest
     * unsubscribe on any channel in {@code messages} (silver.messages: customer_key, unsubscribed_at), and
     * {@code is_contactable}.
     */
    public static Dataset<Row> withContactability(Dataset<Row> customers, Dataset<Row> messages) {
        Dataset<Row> unsubscribes = messages.filter(col("customer_key").isNotNull().and(col("unsubscribed_at").isNotNull()))
                .groupBy(col("customer_key").as("__unsubscribed_key")).agg(max("unsubscribed_at").as("unsubscribed_at"));
        return customers.join(unsubscribes, col("customer_key").equalTo(col("__unsubscribed_key")), "left")
                .drop("__unsubscribed_key")
                .withColumn("is_contactable", col("marketing_consent").and(col("unsubscribed_at").isNull()));
    }

    /** {@link #withContactability} for a lake without messages: nobody has unsubscribed. */
    public static Dataset<Row> withContactability(Dataset<Row> customers) {
        return customers.withColumn("unsubscribed_at", lit(null).cast("timestamp"))
                .withColumn("is_contactable", col("marketing_consent"));
    }

    /**
     * The rows of a contact list ({@code contacts}, any rows with a {@code customer_key}) whose person is contactable
     * in {@code customers} (silver.customers); the rows keep their columns. A row without a known person is left out.
     */
    public static Dataset<Row> onlyContactable(Dataset<Row> contacts, Dataset<Row> customers) {
        Dataset<Row> contactable = customers.filter(col("is_contactable")).select(col("customer_key").as("__contactable_key"));
        return contacts.join(contactable, contacts.col("customer_key").equalTo(contactable.col("__contactable_key")), "left_semi");
    }
}
