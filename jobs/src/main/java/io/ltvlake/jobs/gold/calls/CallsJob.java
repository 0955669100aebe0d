package io.ltvlake.jobs.gold.calls;

import io.ltvlake.jobs.silver.ChannelsConfig;
import io.ltvlake.jobs.silver.CallsConfig;
import static org.apache.spark.sql.functions.sum;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.silver.ChannelRules;
import io.ltvlake.jobs.silver.SilverTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Call analytics by day, channel and manager from the flagged silver calls (the flags are set
 * where silver.calls is written, in conform). Rebuilt in full every night, so a rerun gives the
 * same rows.
 */
public final class CallsJob extends DeclaredJob {

    public CallsJob() {
        super("calls",
                "call analytics by day, channel and manager: unique, target, missed, called back, lost leads, calls to deals",
                List.of("conform", "deals"),
                List.of(CallsTables.CALLS_DAILY));
    }

    @Override
    public void validate(JobContext context) {
        ChannelRules.validateRules(context.spark(), context.settings().section(ChannelsConfig.class).rules());
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        CallsConfig settings = context.settings().section(CallsConfig.class);
        Dataset<Row> calls = lake.read(SilverTables.CALLS);
        result.read(lake.rows(SilverTables.CALLS));
        Lake.Write write = lake.overwrite(CallsTables.CALLS_DAILY, CallTransforms.daily(
                ChannelRules.assign(calls, context.settings().section(ChannelsConfig.class)), lake.read(DealsTables.DEALS), settings.dealWindowDays()));
        result.wrote(write);

        Row total = lake.read(CallsTables.CALLS_DAILY).agg(sum("calls"), sum("inbound_calls"), sum("unique_calls"), sum("target_calls"),
                sum("missed_calls"), sum("called_back_calls"), sum("lost_leads"), sum("calls_with_deal")).first();
        TextTable table = new TextTable("calls", "inbound", "unique", "target", "missed", "called back", "lost leads",
                "led to a deal").alignRight(0, 1, 2, 3, 4, 5, 6, 7);
        Object[] cells = new Object[8];
        for (int i = 0; i < 8; i++) {
            cells[i] = TextTable.count(total.isNullAt(i) ? 0 : total.getLong(i));
        }
        table.row(cells);
        context.say("calls (unique within " + settings.uniquenessDays() + " d, target from " + settings.targetMinDurationSeconds()
                + " s, callback within " + settings.callbackHours() + " h, lost after " + settings.lostLeadDays()
                + " d, deal within " + settings.dealWindowDays() + " d):");
        table.render().lines().forEach(context::say);
        return result.build();
    }
}
