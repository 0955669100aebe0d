package io.ltvlake.jobs.gold.associated_conversions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MessageTouchesTest {

    static final StructType MESSAGES = new StructType().add("source", "string").add("message_id", "string")
            .add("customer_key", "string").add("channel", "string").add("campaign", "string").add("status", "string")
            .add("is_control", "boolean").add("opened_at", "timestamp").add("clicked_at", "timestamp");

    static Row message(String id, String channel, String status, boolean control, String opened, String clicked) {
        return RowFactory.create("shop", id, "k1", channel, "spring", status, control,
                opened == null ? null : Timestamp.valueOf(opened), clicked == null ? null : Timestamp.valueOf(clicked));
    }

    @Test
    void anOpenedOrClickedMessageIsATouchAndABouncedOneIsNone() {
        List<Row> messages = List.of(
                message("M1", "email", "delivered", false, "2025-03-03 10:00:00", "2025-03-03 10:05:00"),
                // clicked without a recorded open, status only "sent": the click proves delivery
                message("M2", "sms", "sent", false, null, "2025-03-04 09:00:00"),
                // an ESP may record an image-proxy "open" on a bounce: still no touch
                message("M3", "email", "bounced", false, "2025-03-03 11:00:00", null),
                message("M4", "push", "failed", false, null, "2025-03-03 11:00:00"),
                message("M5", "email", "delivered", false, null, null),          // never opened
                message("M6", "email", null, true, "2025-03-03 11:00:00", null), // a control row: nothing was sent
                message("M7", "messenger", "delivered", false, "2025-03-06 09:00:00", null)); // after the run date
        List<String> touches = MessageTouches.touches(TestSpark.session().createDataFrame(messages, MESSAGES),
                        ZoneId.of("UTC"), LocalDate.parse("2025-03-05"))
                .orderBy("touch_id").selectExpr("touch_type", "touch_id", "customer_key", "cast(touched_at as string)",
                        "cast(touch_date as string)", "channel", "channel_rule", "utm_campaign")
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of(
                "[message,M1,k1,2025-03-03 10:00:00,2025-03-03,crm_email,null,spring]",
                "[message,M2,k1,2025-03-04 09:00:00,2025-03-04,crm_sms,null,spring]"), touches);
    }
}
