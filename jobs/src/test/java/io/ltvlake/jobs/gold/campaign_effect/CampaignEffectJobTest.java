package io.ltvlake.jobs.gold.campaign_effect;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.IngestJob;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.associated_conversions.AttributionJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.silver.MessagesConformTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Messages from landing files to the campaign marts and the touch stream, on a temp lake. */
class CampaignEffectJobTest {

    static final String ORDER_HEADER = MessagesConformTest.ORDER_HEADER;
    static final String MESSAGE_HEADER = MessagesConformTest.MESSAGE_HEADER;
    static final LocalDate RUN_DATE = LocalDate.parse("2025-03-07");

    @Test
    void withoutMessagesTheCampaignJobsAreSkippedWithAMessage() throws Exception {
        TestJobs t = new TestJobs();
        JobResult effect = new CampaignEffectJob().run(t.context(RUN_DATE));
        JobResult pressure = new ContactPressureJob().run(t.context(RUN_DATE));
        assertEquals(0, effect.rowsWritten() + pressure.rowsWritten());
        assertFalse(t.lake.exists(CampaignEffectTables.CAMPAIGN_EFFECT));
        assertTrue(t.printed().contains("skipped: no source has delivered messages"), t.printed());
    }

    @Test
    void messagesBecomeCampaignEffectContactPressureAndTouchesOnTheBuyersPath() throws Exception {
        TestJobs t = new TestJobs();
        t.landing("2025-03-06", "order_lines.csv", ORDER_HEADER
                + "O1,1,2025-03-05T10:00:00Z,2025-03-05T10:00:00Z,completed,C1,,,,P1,TV,tv,1,100.00,,,,,online,RU\n"
                + "O3,1,2025-03-06T10:00:00Z,2025-03-06T10:00:00Z,completed,C3,,,,P1,TV,tv,1,40.00,,,,,online,RU\n");
        t.landing("2025-03-07", "messages.csv", MESSAGE_HEADER
                // C1 opens the spring e-mail and buys two days later
                + "M1,2025-03-03T09:00:00Z,email,spring,,C1,,,,delivered,2025-03-03T10:00:00Z,,,false,0.10\n"
                // C2's address bounces: a recipient all the same, and no touch
                + "M2,2025-03-03T09:00:00Z,email,spring,,C2,,,,bounced,,,,false,0.10\n"
                // C3 is held out, and buys anyway
                + "K1,2025-03-03T09:00:00Z,email,spring,,C3,,,,,,,,true,\n"
                // B is both: a data error
                + "M3,2025-03-03T09:00:00Z,email,spring,,B,,,,delivered,,,2025-03-04T08:00:00Z,false,0.10\n"
                + "K2,2025-03-03T09:00:00Z,email,spring,,B,,,,,,,,true,\n");
        for (var job : List.of(new IngestJob(), new ConformJob(), new JtbdJob(), new DealsJob())) {
            job.run(t.context(RUN_DATE));
        }

        JobResult effect = new CampaignEffectJob().run(t.context(RUN_DATE));
        List<String> rows = t.lake.read(CampaignEffectTables.CAMPAIGN_EFFECT).orderBy("period_type")
                .selectExpr("campaign_kind", "campaign", "period_type", "cast(period_start as string)", "recipients",
                        "control_size", "recipients_converted", "control_converted", "cast(cost as string)", "verdict")
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of(
                "[campaign,spring,all,2025-03-03,2,1,1,1,0.20,too_small_to_tell]",
                "[campaign,spring,week,2025-03-03,2,1,1,1,0.20,too_small_to_tell]"), rows);
        assertTrue(effect.warnings().contains("data issue in campaign 'spring': 1 person is both control and recipient: "
                + "left out of both groups"), effect.warnings().toString());
        new CampaignEffectJob().run(t.context(RUN_DATE));
        assertEquals(rows, t.lake.read(CampaignEffectTables.CAMPAIGN_EFFECT).orderBy("period_type")
                .selectExpr("campaign_kind", "campaign", "period_type", "cast(period_start as string)", "recipients",
                        "control_size", "recipients_converted", "control_converted", "cast(cost as string)", "verdict")
                .collectAsList().stream().map(Row::toString).toList(), "a rerun gives the same rows");

        new ContactPressureJob().run(t.context(RUN_DATE));
        // C1 and B got one e-mail each in the week of 2025-03-03 (C2's bounced: not received); C1 opened, B unsubscribed
        assertEquals(List.of("[2025-03-03,1,1,0,0]", "[2025-03-03,1,0,0,1]"), t.lake.read(CampaignEffectTables.CONTACT_PRESSURE)
                .orderBy(col("opens").desc()).selectExpr("cast(week_start as string)", "messages", "opens", "clicks", "unsubscribes")
                .collectAsList().stream().map(Row::toString).toList());

        new AttributionJob().run(t.context(RUN_DATE));
        assertEquals(List.of("[message,M1,crm_email]"), t.lake.read(AssociatedConversionsTables.TOUCHES)
                .selectExpr("touch_type", "touch_id", "channel").collectAsList().stream().map(Row::toString).toList());
        // C1's deal has the opened e-mail on its path; C3's has no touch
        assertEquals(List.of("[1,crm_email]", "[0,(no touch)]"), t.lake.read(AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS)
                .orderBy(col("touch_count").desc()).selectExpr("touch_count", "channel_path").collectAsList().stream()
                .map(Row::toString).toList());
    }
}
