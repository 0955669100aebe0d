package io.ltvlake.jobs.gold.campaign_effect;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.shared.ContactPressure;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;

/**
 * gold.contact_pressure: messages per customer and week, by channel, with opens, clicks, unsubscribes and the
 * weeks over messages.max-per-week. Rebuilt in full as of the run date. A lake without messages skips it.
 */
public final class ContactPressureJob extends DeclaredJob {

    public ContactPressureJob() {
        super("contact_pressure",
                "messages per customer and week by channel, opens, clicks, unsubscribes, weeks over messages.max-per-week",
                List.of("conform"),
                List.of(CampaignEffectTables.CONTACT_PRESSURE));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        if (!lake.exists(SilverTables.MESSAGES)) {
            context.say("skipped: no source has delivered messages (silver.messages does not exist)");
            return result.build();
        }
        int cap = context.settings().section(CampaignsConfig.class).maxPerWeek();
        result.read(lake.rows(SilverTables.MESSAGES));
        Lake.Write write = lake.overwrite(CampaignEffectTables.CONTACT_PRESSURE,
                ContactPressure.weekly(lake.read(SilverTables.MESSAGES), cap, context.runDate()));
        result.wrote(write);
        // how many weeks are over the cap is in the table (is_over_cap): counting them here would scan it again
        context.say(TextTable.count(write.rowsWritten()) + " customer weeks with messages; is_over_cap marks those over "
                + "messages.max-per-week (" + cap + ")");
        return result.build();
    }
}
