package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** is_contactable: consent and never unsubscribed, on any channel; and the filter every contact extract goes through. */
class ContactRuleTest {

    static final StructType CUSTOMERS = new StructType().add("customer_key", "string").add("marketing_consent", "boolean");
    static final StructType MESSAGES = new StructType().add("customer_key", "string").add("channel", "string")
            .add("unsubscribed_at", "timestamp");

    @Test
    void aPersonWithConsentWhoUnsubscribedOnAnyChannelIsNotContactable() {
        Dataset<Row> customers = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("a", true),    // consent, messages, never unsubscribed
                RowFactory.create("b", true),    // consent, unsubscribed from an SMS: off every list
                RowFactory.create("c", false),   // no consent: no list, unsubscribed or not
                RowFactory.create("d", true)),   // consent, no message at all
                CUSTOMERS);
        Dataset<Row> messages = TestSpark.session().createDataFrame(List.of(
                RowFactory.create("a", "email", null),
                RowFactory.create("b", "email", null),
                RowFactory.create("b", "sms", Timestamp.valueOf("2025-03-01 10:00:00")),
                RowFactory.create("b", "push", Timestamp.valueOf("2025-02-01 10:00:00")),
                RowFactory.create("c", "email", Timestamp.valueOf("2025-03-02 10:00:00")),
                // an unsubscribe naming nobody readable cannot be held against anyone
                RowFactory.create(null, "email", Timestamp.valueOf("2025-03-03 10:00:00"))),
                MESSAGES);
        Dataset<Row> rated = ContactRule.withContactability(customers, messages);
        assertEquals(List.of(
                RowFactory.create("a", true, null, true),
                RowFactory.create("b", true, Timestamp.valueOf("2025-03-01 10:00:00"), false),
                RowFactory.create("c", false, Timestamp.valueOf("2025-03-02 10:00:00"), false),
                RowFactory.create("d", true, null, true)),
                rated.select("customer_key", "marketing_consent", "unsubscribed_at", "is_contactable").orderBy("customer_key")
                        .collectAsList());

        // without messages nobody unsubscribed: consent alone decides
        assertEquals(List.of(RowFactory.create("a", null, true), RowFactory.create("b", null, true),
                RowFactory.create("c", null, false), RowFactory.create("d", null, true)),
                ContactRule.withContactability(customers).select("customer_key", "unsubscribed_at", "is_contactable")
                        .orderBy("customer_key").collectAsList());

        // a contact list keeps its rows and columns, only for contactable people; a row without a person goes
        StructType list = new StructType().add("customer_key", "string").add("trigger", "string");
        Dataset<Row> contacts = TestSpark.session().createDataFrame(List.of(RowFactory.create("a", "cycle_due"),
                RowFactory.create("a", "leaving"), RowFactory.create("b", "cycle_due"), RowFactory.create("c", "cycle_due"),
                RowFactory.create("e", "cycle_due"), RowFactory.create(null, "cycle_due")), list);
        assertEquals(List.of(RowFactory.create("a", "cycle_due"), RowFactory.create("a", "leaving")),
                ContactRule.onlyContactable(contacts, rated).orderBy("customer_key", "trigger").collectAsList());
    }
}
