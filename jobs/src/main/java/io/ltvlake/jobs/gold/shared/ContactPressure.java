package io.ltvlake.jobs.gold.shared;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Contact pressure, pure: how many messages each person received per week, and who has no room left under the
 * weekly cap (messages.max-per-week). Shared by the contact pressure mart (gold.contact_pressure) and any
 * contact list that must leave pressed people out (the trigger extract), so both count the same messages.
 *
 * <p>A message counts when it reached the person or may have: not a control row (nothing was sent), not bounced,
 * not failed. A week is Monday to Sunday of the business-day {@code sent_date}.
 */
public final class ContactPressure {

    /** The channels of silver.messages, each a column {@code <channel>_messages} of {@link #weekly}. */
    public static final List<String> CHANNELS = List.of("email", "sms", "push", "messenger", "other");

    private ContactPressure() {}

    /** The messages that count: sent (or delivered) to the person, i.e. not control, bounced or failed. */
    public static Dataset<Row> received(Dataset<Row> messages) {
        return messages.filter(col("customer_key").isNotNull().and(col("is_control").unary_$bang())
                .and(coalesce(col("status"), lit("sent")).isin("bounced", "failed").unary_$bang()));
    }

    /**
     * gold.contact_pressure: per customer and week up to the run date's, the messages received, by channel, and
     * among them the opened, clicked and unsubscribed ones (each counted in the week the message was sent), and
     * {@code is_over_cap} (more than {@code maxPerWeek}); {@code week_month} ({@code yyyy-MM} of the week's Monday)
     * is the partition.
     *
     * @param messages silver.messages (customer_key, is_control, status, channel, sent_date, opened_at, clicked_at,
     *                 unsubscribed_at)
     */
    public static Dataset<Row> weekly(Dataset<Row> messages, int maxPerWeek, LocalDate runDate) {
        List<Column> measures = new ArrayList<>();
        for (String channel : CHANNELS) {
            measures.add(count(when(col("channel").equalTo(channel), 1)).as(channel + "_messages"));
        }
        measures.add(count(col("opened_at")).as("opens"));
        measures.add(count(col("clicked_at")).as("clicks"));
        measures.add(count(col("unsubscribed_at")).as("unsubscribes"));
        return received(messages).filter(col("sent_date").leq(lit(Date.valueOf(runDate))))
                .withColumn("week_start", trunc(col("sent_date"), "week"))
                .groupBy("customer_key", "week_start")
                .agg(count(lit(1)).as("messages"), measures.toArray(Column[]::new))
                .withColumn("is_over_cap", col("messages").gt(maxPerWeek))
                .withColumn("week_month", date_format(col("week_start"), "yyyy-MM"));
    }

    /**
     * The people with no room left under the cap in the run date's week: they have already received
     * {@code maxPerWeek} messages or more since its Monday (up to the run date), so one more would put them over
     * it. One row per person: {@code customer_key, week_start, messages}.
     */
    public static Dataset<Row> peopleAtCap(Dataset<Row> messages, int maxPerWeek, LocalDate runDate) {
        LocalDate monday = runDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return received(messages)
                .filter(col("sent_date").between(lit(Date.valueOf(monday)), lit(Date.valueOf(runDate))))
                .groupBy("customer_key").agg(count(lit(1)).as("messages"))
                .filter(col("messages").geq(maxPerWeek))
                .select(col("customer_key"), lit(Date.valueOf(monday)).as("week_start"), col("messages"));
    }

    /**
     * {@code contacts} (any rows with a {@code customer_key}, e.g. a trigger extract's) without the people
     * {@link #peopleAtCap} lists; the rows keep their columns.
     */
    public static Dataset<Row> withoutPeopleAtCap(Dataset<Row> contacts, Dataset<Row> messages, int maxPerWeek,
                                                  LocalDate runDate) {
        Dataset<Row> capped = peopleAtCap(messages, maxPerWeek, runDate).select(col("customer_key").as("__capped_key"));
        return contacts.join(capped, contacts.col("customer_key").equalTo(capped.col("__capped_key")), "left_anti");
    }
}
