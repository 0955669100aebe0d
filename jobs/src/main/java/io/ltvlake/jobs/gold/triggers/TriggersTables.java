package io.ltvlake.jobs.gold.triggers;

import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: TriggersJob writes them, everyone else reads them from here. */
public final class TriggersTables {

    private TriggersTables() {}

    public static final TableSpec TRIGGER_EVENTS = TableSpec.of("gold.trigger_events",
            "one row per event date, customer, trigger and job", List.of("event_date", "customer_key", "trigger", "job"),
            "Trigger events: a customer ENTERED a condition on event_date (it holds that day and did not the day before): "
                    + "cycle_due, cycle_overdue, leaving, second_deal_missing, rfm_entered:<segment>, p_alive_below "
                    + "(triggers.*). History is kept; a run replaces its own date's events. Non-target customers are left "
                    + "out unless the trigger's include-non-target says otherwise.")
            .partitionedBy("event_date")
            .documented(
                    "event_date", "the run date on which the customer entered the condition",
                    "customer_key", "the customer (identity component)",
                    "trigger", "cycle_due, cycle_overdue, leaving, second_deal_missing, rfm_entered:<segment> or p_alive_below",
                    "job", "the job (JTBD) of the cycle the trigger is about; 'all' for RFM and P(alive)",
                    "cycle_interval_days", "the cycle (own or the job's norm) behind a cycle trigger",
                    "expected_next_deal_date", "when the next deal was expected",
                    "overdue_cycles", "cycle units past the expected deal (negative before it)",
                    "sessions_in_window", "visits in the pre-purchase window up to event_date",
                    "usual_sessions_before_deal", "the customer's usual visits in that window before a deal",
                    "segment", "the RFM segment entered (rfm_entered)",
                    "probability_alive", "P(alive) from the CLV model (p_alive_below)",
                    "is_non_target", "the customer is non-target (kept only by a trigger with include-non-target)",
                    "is_at_contact_cap", "the customer already received messages.max-per-week messages in event_date's week "
                            + "(silver.messages; false without messages): contact lists leave them out")
            .check(io.ltvlake.common.lake.Expectation.notNull("is_non_target", "is_at_contact_cap"))
            .refreshed(Refresh.Kind.LOG, "the run date's events replace their day; earlier days are kept");
}
