package io.ltvlake.jobs.gold.calls;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: CallsJob writes them, everyone else reads them from here. */
public final class CallsTables {

    private CallsTables() {}

    public static final TableSpec CALLS_DAILY = TableSpec.of("gold.calls_daily", "one row per business day, channel and manager",
            List.of("call_date", "channel", "manager_id"),
            "Calls per business day, channel (the channel rules over the call's UTM tags) and manager ('unassigned' for "
                    + "calls no manager took): calls, inbound and outbound, and over inbound calls the unique, target, unique "
                    + "target, missed, called back and lost-lead counts, calls_with_deal (the caller opened a deal within "
                    + "calls.deal-window-days) and share_with_deal of the inbound calls.");
}
