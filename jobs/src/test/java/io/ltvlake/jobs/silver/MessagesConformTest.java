package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Messages through ingest (quarantine, reconciliation) and conform (identity, silver.messages by send month). */
public class MessagesConformTest {

    /** The canonical landing headers of order lines and messages, for the tests that land both. */
    public static final String ORDER_HEADER = "order_id,line_no,ordered_at,updated_at,status,customer_id,phone,email,client_id,"
            + "product_id,product_name,category,quantity,unit_price,unit_cost,manager_id,guests,jtbd,store,country\n";
    public static final String MESSAGE_HEADER = "message_id,sent_at,channel,campaign,trigger,customer_id,email,phone,client_id,"
            + "status,opened_at,clicked_at,unsubscribed_at,is_control,cost\n";
    static final LocalDate RUN_DATE = LocalDate.parse("2025-03-02");

    @Test
    void badChannelStatusAndFlagGoToTheQuarantineAndRecipientsAreLinkedLikeEveryOtherFact() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER
                + "O1,1,2025-03-01T12:00:00Z,2025-03-01T12:00:00Z,completed,C1,,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        t.landing("2025-03-02", "messages.csv", MESSAGE_HEADER
                // C1 by CRM id with a second e-mail address: the message links that address to C1
                + "M1,2025-02-28T09:00:00Z,email,spring,,C1,second@shop.ru,,,delivered,2025-02-28T10:00:00Z,,,false,0.50\n"
                // someone the shop only ever wrote to: a customer of their own
                + "M2,2025-03-01T09:00:00Z,SMS,spring,,,,+7 912 000-00-09,,sent,,,,0,\n"
                // a control row naming nobody readable: kept, with no customer
                + "M3,2025-03-01T09:00:00Z,push,spring,,,not-an-address,,,,,,,yes,\n"
                + "M4,2025-03-01T09:00:00Z,fax,spring,,C1,,,,sent,,,,false,\n"
                + "M5,2025-03-01T09:00:00Z,email,spring,,C1,,,,opened,,,,false,\n"
                + "M6,2025-03-01T09:00:00Z,email,spring,,C1,,,,sent,,,,maybe,\n");

        JobResult ingest = new IngestJob().run(t.context(RUN_DATE));
        assertTrue(t.printed().contains("shop/messages: read 6 = loaded 3 + quarantined 3"), t.printed());
        assertEquals(3, t.lake.read(BronzeTables.BY_ENTITY.get("messages")).count());
        Map<String, String> reasons = new TreeMap<>();
        for (Row r : t.lake.read(Quarantine.TABLE).filter(col("_entity").equalTo("messages")).select("_raw", "_reason").collectAsList()) {
            reasons.put(r.getString(0).substring(15, 17), r.getString(1));
        }
        assertEquals(Map.of(
                "M4", "unknown_value: channel must be one of [email, messenger, other, push, sms]",
                "M5", "unknown_value: status must be one of [bounced, delivered, failed, sent]",
                "M6", "unknown_value: is_control"), reasons);
        assertEquals(3, ingest.rowsQuarantined());

        new ConformJob().run(t.context(RUN_DATE));
        List<Row> messages = t.lake.read(SilverTables.MESSAGES).orderBy("message_id")
                .select("message_id", "channel", "customer_key", "email", "phone", "is_control", "sent_date", "sent_month", "cost")
                .collectAsList();
        assertEquals(3, messages.size());
        String c1 = t.lake.read(SilverTables.ORDERS).first().getAs("customer_key");
        assertEquals(c1, messages.get(0).getAs("customer_key"), "M1 names C1 by CRM id");
        assertEquals("[M1,email,second@shop.ru,null,false,2025-02-28,2025-02", rowText(messages.get(0)));
        assertEquals("[M2,sms,null,+79120000009,false,2025-03-01,2025-03", rowText(messages.get(1)));
        assertNotNull(messages.get(1).getAs("customer_key"), "a person known only from messages is still a person");
        assertNotEquals(c1, messages.get(1).getAs("customer_key"));
        assertEquals("[M3,push,null,null,true,2025-03-01,2025-03", rowText(messages.get(2)));
        assertNull(messages.get(2).getAs("customer_key"), "an unreadable address matches no identifier");
        assertEquals("0.50", messages.get(0).getAs("cost").toString());
        assertEquals(List.of("sent_month"), t.lake.spark().sql("DESCRIBE DETAIL delta.`" + t.lake.path(SilverTables.MESSAGES) + "`")
                .first().getList(t.lake.spark().sql("DESCRIBE DETAIL delta.`" + t.lake.path(SilverTables.MESSAGES) + "`")
                        .first().fieldIndex("partitionColumns")));
        // the e-mail first seen on M1 now belongs to C1's component
        assertEquals(c1, t.lake.read(SilverTables.IDENTITY_MAP).filter(col("identifier_value").equalTo("second@shop.ru"))
                .first().getAs("customer_key"));
        assertTrue(t.printed().contains("messages: 3 in silver, 1 whose recipient matches no identifier"), t.printed());
    }

    @Test
    void aLakeWithoutMessagesWritesNoSilverMessages() {
        TestJobs t = new TestJobs();
        t.landing("2025-03-01", "order_lines.csv", ORDER_HEADER
                + "O1,1,2025-03-01T12:00:00Z,2025-03-01T12:00:00Z,completed,C1,,a@shop.ru,,P1,TV,tv,1,100.00,,,,,online,RU\n");
        new IngestJob().run(t.context(RUN_DATE));
        new ConformJob().run(t.context(RUN_DATE));
        assertFalse(t.lake.exists(SilverTables.MESSAGES));
        assertTrue(t.printed().contains("messages: no source has delivered any"), t.printed());
    }

    /** The row without its customer_key (a keyed hash) and cost: the columns worked out by hand. */
    private static String rowText(Row row) {
        return "[" + row.getAs("message_id") + "," + row.getAs("channel") + "," + row.getAs("email") + "," + row.getAs("phone")
                + "," + row.getAs("is_control") + "," + row.getAs("sent_date") + "," + row.getAs("sent_month");
    }
}
