package io.ltvlake.jobs.gold.associated_conversions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.jobs.silver.ConformTransforms;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Outbound CRM messages as touches (DESIGN §4), pure: a message the person opened or clicked is a touch on their
 * path, at the first of the two, with the channel {@code crm_<channel>} (crm_email, crm_sms, crm_push,
 * crm_messenger, crm_other) and no channel rule. A message sent but never opened, a bounced or failed one, and a
 * control row (nothing was sent) are no touch.
 */
public final class MessageTouches {

    /** The touch type of a message in gold.touches. */
    public static final String MESSAGE = "message";
    /** The channel of a message touch is this prefix and the message's channel. */
    public static final String CHANNEL_PREFIX = "crm_";

    private MessageTouches() {}

    /**
     * gold.touches rows (the columns of {@link AttributionTransforms#touches}) of silver.messages up to the run date.
     * The campaign is kept in {@code utm_campaign}; the other tags are null.
     *
     * @param messages silver.messages: source, message_id, customer_key, channel, campaign, status, is_control,
     *                 opened_at, clicked_at
     */
    public static Dataset<Row> touches(Dataset<Row> messages, ZoneId businessZone, LocalDate runDate) {
        // an open or a click proves delivery, whatever status the export gave the send
        Column reached = coalesce(col("status"), lit("delivered")).isin("sent", "delivered");
        Column interacted = col("opened_at").isNotNull().or(col("clicked_at").isNotNull());
        Dataset<Row> opened = messages.filter(col("is_control").unary_$bang().and(reached).and(interacted))
                .withColumn("touched_at", least(col("opened_at"), col("clicked_at")));
        String none = null;
        return ConformTransforms.withBusinessDate(opened, "touched_at", "touch_date", businessZone)
                .filter(col("touch_date").leq(lit(Date.valueOf(runDate))))
                .select(col("source"), lit(MESSAGE).as("touch_type"), col("message_id").as("touch_id"), col("customer_key"),
                        col("touched_at"), col("touch_date"), concat(lit(CHANNEL_PREFIX), col("channel")).as("channel"),
                        lit(none).cast("string").as("channel_rule"), lit(none).cast("string").as("utm_source"),
                        lit(none).cast("string").as("utm_medium"), col("campaign").as("utm_campaign"),
                        lit(none).cast("string").as("referrer"), lit(none).cast("string").as("landing_page"));
    }
}
