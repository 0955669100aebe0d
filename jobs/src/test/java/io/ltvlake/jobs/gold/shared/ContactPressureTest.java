package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ContactPressureTest {

    static final StructType MESSAGES = new StructType().add("customer_key", "string").add("channel", "string")
            .add("status", "string").add("is_control", "boolean").add("sent_date", "date").add("opened_at", "timestamp")
            .add("clicked_at", "timestamp").add("unsubscribed_at", "timestamp");

    static Row message(String customer, String channel, String status, boolean control, String day, boolean opened,
                       boolean clicked, boolean unsubscribed) {
        Timestamp at = Timestamp.valueOf(day + " 12:00:00");
        return RowFactory.create(customer, channel, status, control, Date.valueOf(day), opened ? at : null,
                clicked ? at : null, unsubscribed ? at : null);
    }

    /** Run date Wednesday 2025-03-12: its week began Monday 2025-03-10. */
    static final LocalDate RUN_DATE = LocalDate.parse("2025-03-12");

    static Dataset<Row> messages() {
        return TestSpark.session().createDataFrame(List.of(
                // a: three messages this week (an e-mail opened and clicked, an SMS, a push), one last week
                message("a", "email", "delivered", false, "2025-03-10", true, true, false),
                message("a", "sms", "sent", false, "2025-03-11", false, false, false),
                message("a", "push", null, false, "2025-03-12", false, false, false),
                message("a", "email", "delivered", false, "2025-03-07", true, false, true),  // opened, then unsubscribed
                // b: two this week; a bounce, a failed send and a control row do not count
                message("b", "email", "delivered", false, "2025-03-10", false, false, false),
                message("b", "email", "delivered", false, "2025-03-11", false, false, false),
                message("b", "email", "bounced", false, "2025-03-11", false, false, false),
                message("b", "sms", "failed", false, "2025-03-11", false, false, false),
                message("b", "email", null, true, "2025-03-12", false, false, false),
                // after the run date: not yet
                message("b", "email", "delivered", false, "2025-03-13", false, false, false)), MESSAGES);
    }

    @Test
    void weeklyPressureCountsWhatReachedThePersonByChannelWithOpensClicksAndUnsubscribes() {
        List<String> weeks = ContactPressure.weekly(messages(), 2, RUN_DATE).orderBy("customer_key", "week_start")
                .selectExpr("customer_key", "cast(week_start as string)", "messages", "email_messages", "sms_messages",
                        "push_messages", "messenger_messages", "other_messages", "opens", "clicks", "unsubscribes",
                        "is_over_cap", "week_month")
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of(
                "[a,2025-03-03,1,1,0,0,0,0,1,0,1,false,2025-03]",
                "[a,2025-03-10,3,1,1,1,0,0,1,1,0,true,2025-03]",
                "[b,2025-03-10,2,2,0,0,0,0,0,0,0,false,2025-03]"), weeks);
    }

    @Test
    void aTriggerListLeavesOutThePeopleWithNoRoomLeftThisWeek() {
        // cap 3: a has had 3 this week (one more would be the 4th), b 2
        assertEquals(List.of("[a,2025-03-10,3]"), ContactPressure.peopleAtCap(messages(), 3, RUN_DATE)
                .selectExpr("customer_key", "cast(week_start as string)", "messages").collectAsList().stream()
                .map(Row::toString).toList());
        Dataset<Row> contacts = TestSpark.session().createDataFrame(List.of(RowFactory.create("a", "cycle_due"),
                RowFactory.create("b", "cycle_due"), RowFactory.create("c", "leaving")),
                new StructType().add("customer_key", "string").add("trigger", "string"));
        assertEquals(List.of("[b,cycle_due]", "[c,leaving]"), ContactPressure.withoutPeopleAtCap(contacts, messages(), 3, RUN_DATE)
                .orderBy("customer_key").collectAsList().stream().map(Row::toString).toList());
        // cap 2: b has no room left either
        assertEquals(List.of("[c,leaving]"), ContactPressure.withoutPeopleAtCap(contacts, messages(), 2, RUN_DATE)
                .collectAsList().stream().map(Row::toString).toList());
    }
}
