package io.ltvlake.jobs.gold.calls;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
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
                    + "calls.deal-window-days) and share_with_deal of the inbound calls.")
            .documented(
                    "call_date", "the business day of the call",
                    "channel", "the channel rules over the call's UTM tags",
                    "manager_id", "the manager who took the call; 'unassigned' for calls no manager took",
                    "calls", "all calls",
                    "inbound_calls", "calls from customers",
                    "outbound_calls", "calls by the business",
                    "unique_calls", "inbound calls flagged is_unique",
                    "target_calls", "inbound calls flagged is_target",
                    "unique_target_calls", "inbound calls both unique and target: leads",
                    "missed_calls", "inbound calls not answered",
                    "called_back_calls", "missed calls called back within calls.callback-hours",
                    "lost_leads", "missed calls flagged is_lost_lead",
                    "calls_with_deal", "inbound calls whose caller opened a deal within calls.deal-window-days",
                    "share_with_deal", "calls_with_deal / inbound_calls, 0-1")
            .check(Expectation.expression("calls_add_up", "calls = inbound_calls + outbound_calls"))
            .check(Expectation.expression("leads_within_inbound", "unique_target_calls <= inbound_calls"))
            .check(Expectation.expression("share_with_deal_is_a_share", "share_with_deal between 0 and 1"))
            .refreshed(Refresh.Kind.PERIOD);
}
