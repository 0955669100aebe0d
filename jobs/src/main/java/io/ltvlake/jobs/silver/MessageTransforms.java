package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Outbound CRM/ESP messages, bronze → silver, pure: the latest export of each message, contacts
 * normalised, the business-day {@code sent_date} and the send month silver is partitioned by. The
 * recipients' identifiers join the identity graph like those of every other fact, so a person the
 * business only ever wrote to (a control-group member who never bought) is a customer too.
 */
public final class MessageTransforms {

    /** The event type of a message in the identity graph's events. */
    public static final String MESSAGE_EVENT = "message";

    private MessageTransforms() {}

    /** What identifies a message in bronze: its source and id (the latest export of it wins). */
    public static final java.util.List<String> BRONZE_KEY = java.util.List.of("_source", "message_id");

    /**
     * Silver messages from the latest export of each message (silver's column names): phones in E.164
     * and e-mails normalised (unreadable ones null); {@code sent_date} in the business time zone,
     * {@code sent_month} ({@code yyyy-MM}) of it; {@code is_control} false when not exported.
     */
    public static Dataset<Row> messages(Dataset<Row> latestMessages, String phoneRegion, ZoneId businessZone) {
        Dataset<Row> latest = ConformTransforms.normaliseContacts(latestMessages,
                java.util.List.of("phone"), java.util.List.of("email"), phoneRegion);
        return ConformTransforms.withBusinessDate(latest, "sent_at", "sent_date", businessZone)
                .withColumn("sent_month", date_format(col("sent_date"), "yyyy-MM"))
                .withColumn("is_control", coalesce(col("is_control"), lit(false)));
    }

    /** Each message as an identity event ({@code event_type, event_key, ids}), shaped like {@link ConformTransforms#identifierEvents}. */
    public static Dataset<Row> identifierEvents(Dataset<Row> messages) {
        return messages.select(lit(MESSAGE_EVENT).as("event_type"),
                concat_ws("|", col("source"), col("message_id")).as("event_key"),
                array(ConformTransforms.identifier("customer_id", col("customer_id")),
                        ConformTransforms.identifier("email", col("email")),
                        ConformTransforms.identifier("phone", col("phone")),
                        ConformTransforms.identifier("client_id", col("client_id"))).as("ids"));
    }
}
