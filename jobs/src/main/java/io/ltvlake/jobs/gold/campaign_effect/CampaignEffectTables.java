package io.ltvlake.jobs.gold.campaign_effect;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: CampaignEffectJob and ContactPressureJob write them, everyone else reads them from here. */
public final class CampaignEffectTables {

    /** Verdicts of gold.campaign_effect. */
    public static final String EFFECT = "effect";
    public static final String NEGATIVE_EFFECT = "negative_effect";
    public static final String NO_EFFECT_DETECTED = "no_effect_detected";
    public static final String TOO_SMALL_TO_TELL = "too_small_to_tell";
    public static final String NO_CONTROL_GROUP = "no_control_group";

    private CampaignEffectTables() {}

    public static final TableSpec CAMPAIGN_EFFECT = TableSpec.of("gold.campaign_effect",
            "one row per campaign (or trigger), period type and period start",
            List.of("campaign_kind", "campaign", "period_type", "period_start"),
            "What each campaign and each trigger brought against its control group, per send week and over all its weeks: "
                    + "recipients and control, conversion to a deal within campaigns.response-days of the first message "
                    + "(or assignment) and revenue per person in each group, the absolute uplift with its 95 % interval "
                    + "(Newcombe's hybrid score interval from Wilson's), the relative uplift (log risk ratio interval), the "
                    + "revenue uplift per person (Welch), incremental deals and revenue, cost per incremental deal and a "
                    + "verdict that claims an effect only when the interval excludes zero. Recipients are everyone assigned a "
                    + "send (bounced ones too): the comparison is as randomised.")
            .documented(
                    "campaign_kind", "campaign (the message's campaign) or trigger (the trigger that sent it)",
                    "campaign", "the campaign's or trigger's name",
                    "period_type", "week (the people first messaged or assigned that Monday-to-Sunday week) or all",
                    "period_start", "the week's Monday; for all, the first send week",
                    "period_end", "the week's Sunday; for all, the last send week's Sunday",
                    "recipients", "people assigned at least one send and never the control group",
                    "control_size", "people held out (control rows only)",
                    "messages_sent", "messages sent to the recipients (control rows are no sends)",
                    "recipients_converted", "recipients who opened a deal within the response window",
                    "control_converted", "control people who opened a deal within the response window",
                    "recipient_conversion", "recipients_converted / recipients",
                    "control_conversion", "control_converted / control_size",
                    "conversion_uplift", "recipient_conversion - control_conversion (null without a control group)",
                    "conversion_uplift_low", "lower end of its 95 % interval (Newcombe 1998, method 10)",
                    "conversion_uplift_high", "upper end of its 95 % interval",
                    "relative_uplift", "recipient_conversion / control_conversion - 1",
                    "relative_uplift_low", "lower end of its 95 % interval (log risk ratio); null when a group has no conversion",
                    "relative_uplift_high", "upper end of its 95 % interval",
                    "recipient_revenue_per_person", "revenue of deals opened in the window per recipient (people without one count 0)",
                    "control_revenue_per_person", "the same per control person",
                    "revenue_uplift_per_person", "recipient_revenue_per_person - control_revenue_per_person",
                    "revenue_uplift_low", "lower end of its 95 % Welch interval",
                    "revenue_uplift_high", "upper end of its 95 % Welch interval",
                    "incremental_deals", "recipients x conversion_uplift: recipients who opened a deal because of the campaign",
                    "incremental_deals_low", "recipients x conversion_uplift_low: what the interval supports at least",
                    "incremental_revenue", "recipients x revenue_uplift_per_person",
                    "cost", "the cost of the recipients' messages (the export's, else messages.cost-per-channel)",
                    "messages_without_cost", "recipients' messages with no cost in the export or the config",
                    "cost_per_incremental_deal", "cost / incremental_deals, only when the verdict is effect",
                    "verdict", "effect or negative_effect (the interval excludes 0), no_effect_detected (it does not), "
                            + "too_small_to_tell (a group below campaigns.min-group-size) or no_control_group",
                    "is_response_window_complete", "false while the window of the last assigned person runs past the run date",
                    "data_issues", "what is wrong in the export, e.g. people both control and recipient (left out of both); null when nothing")
            .check(Expectation.expression("converted_within_group",
                    "recipients_converted <= recipients AND control_converted <= control_size"))
            .check(Expectation.acceptedValues("verdict", EFFECT, NEGATIVE_EFFECT, NO_EFFECT_DETECTED, TOO_SMALL_TO_TELL,
                    NO_CONTROL_GROUP))
            .check(Expectation.notNull("verdict"))
            .refreshed(Refresh.Kind.PERIOD);

    public static final TableSpec CONTACT_PRESSURE = TableSpec.of("gold.contact_pressure", "one row per customer and week",
            List.of("customer_key", "week_start"),
            "How hard each person is pressed: per customer and Monday-to-Sunday week (business time zone), the messages "
                    + "they received (control rows, bounced and failed sends do not count) by channel, opens, clicks and "
                    + "unsubscribes, and whether the week is over messages.max-per-week.")
            .partitionedBy("week_month")
            .documented(
                    "customer_key", "the person (identity component)",
                    "week_start", "the week's Monday",
                    "messages", "messages received in the week, every channel",
                    "email_messages", "of them, e-mails",
                    "sms_messages", "of them, SMS",
                    "push_messages", "of them, push notifications",
                    "messenger_messages", "of them, messenger messages",
                    "other_messages", "of them, other channels",
                    "opens", "those messages opened",
                    "clicks", "those messages clicked",
                    "unsubscribes", "those messages the person unsubscribed through",
                    "is_over_cap", "messages > messages.max-per-week",
                    "week_month", "yyyy-MM of week_start: the table's partition")
            .refreshed(Refresh.Kind.CUSTOMER);
}
