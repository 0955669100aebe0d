package io.ltvlake.jobs.delivery.report;

import io.ltvlake.jobs.gold.campaign_effect.CampaignEffectTables;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The report's "Campaign effect" section as HTML: every campaign and trigger against its control group over all
 * its weeks (from {@link CampaignReportTransforms#campaignsOverAllWeeks}), with the method's warning that a
 * difference inside the interval is noise, and the contact pressure of the last weeks
 * ({@link CampaignReportTransforms#pressureByWeek}). Tables only, no charts.
 */
final class ReportCampaignsSection {

    /** The method's own warning: what the interval means and why nothing inside it is credited. */
    static final String NOISE_WARNING = "A difference inside the 95 % interval is noise, not an effect: on 3–4 test "
            + "audiences, differences of up to 5 % in the check were noise. A campaign is credited only with what its "
            + "interval supports: effect only when the whole interval lies above zero, and at least the incremental deals "
            + "of its lower end.";

    private ReportCampaignsSection() {}

    /**
     * Each list null when its table is not in the lake: that part says so instead.
     *
     * @param maxPerWeek messages.max-per-week, named in the pressure part
     */
    static String render(List<Row> campaigns, List<Row> pressure, int maxPerWeek) {
        StringBuilder html = new StringBuilder("<section id=\"campaigns\"><h2>Campaign effect</h2>");
        html.append("<h3>Campaigns and triggers against their control groups, over all their weeks</h3>");
        if (campaigns == null) {
            absent(html, "gold.campaign_effect is not computed in this lake (no source has delivered messages).");
        } else if (campaigns.isEmpty()) {
            absent(html, "No campaign or trigger has sent a message yet.");
        } else {
            html.append("<p class=\"sub\">").append(ReportText.escape(NOISE_WARNING)).append("</p>");
            html.append("<table><thead><tr><th>campaign</th><th>weeks</th><th class=\"num\">recipients</th>"
                    + "<th class=\"num\">control</th><th class=\"num\">conversion, recipients</th>"
                    + "<th class=\"num\">conversion, control</th><th class=\"num\">uplift [95 % interval]</th>"
                    + "<th class=\"num\">incremental deals (at least)</th><th class=\"num\">incremental revenue</th>"
                    + "<th class=\"num\">cost per incremental deal</th><th>verdict</th></tr></thead><tbody>");
            StringBuilder notes = new StringBuilder();
            for (Row r : campaigns) {
                String name = r.<String>getAs("campaign_kind") + " " + r.<String>getAs("campaign");
                html.append("<tr><td>").append(ReportText.escape(name)).append("</td><td>")
                        .append(ReportText.escape(r.getAs("period_start") + " to " + r.getAs("period_end"))).append("</td>")
                        .append(cell(ReportText.count(r.<Long>getAs("recipients"))))
                        .append(cell(ReportText.count(r.<Long>getAs("control_size"))))
                        .append(cell(ReportText.share(r.getAs("recipient_conversion"))))
                        .append(cell(ReportText.share(r.getAs("control_conversion"))))
                        .append(cell(uplift(r.getAs("conversion_uplift"), r.getAs("conversion_uplift_low"),
                                r.getAs("conversion_uplift_high"))))
                        .append(cell(incremental(r.getAs("incremental_deals"), r.getAs("incremental_deals_low"))))
                        .append(cell(ReportText.money(r.<BigDecimal>getAs("incremental_revenue"))))
                        .append(cell(ReportText.cents(r.<BigDecimal>getAs("cost_per_incremental_deal"))))
                        .append("<td>").append(ReportText.escape(verdict(r.getAs("verdict")))).append("</td></tr>");
                if (!r.<Boolean>getAs("is_response_window_complete")) {
                    notes.append("<li>").append(ReportText.escape(name + ": the response window of the latest people is "
                            + "still open, so their deals may yet come.")).append("</li>");
                }
                if (r.getAs("data_issues") != null) {
                    notes.append("<li>").append(ReportText.escape(name + ": data issue: " + r.getAs("data_issues")))
                            .append("</li>");
                }
            }
            html.append("</tbody></table>");
            if (!notes.isEmpty()) {
                html.append("<ul class=\"sub\">").append(notes).append("</ul>");
            }
            html.append("<p class=\"sub\">Uplift in percentage points of conversion to a deal within campaigns.response-days; "
                    + "the interval is Newcombe's for a difference of proportions. Cost per incremental deal is shown only "
                    + "for an effect.</p>");
        }
        source(html, "gold.campaign_effect (per send week there too)");

        html.append("<h3>Contact pressure: the last ").append(CampaignReportTransforms.PRESSURE_WEEKS).append(" weeks</h3>");
        if (pressure == null) {
            absent(html, "gold.contact_pressure is not computed in this lake.");
        } else if (pressure.isEmpty()) {
            absent(html, "Nobody received a message in the last " + CampaignReportTransforms.PRESSURE_WEEKS + " weeks.");
        } else {
            html.append("<table><thead><tr><th>week of</th><th class=\"num\">people messaged</th><th class=\"num\">messages</th>"
                    + "<th class=\"num\">per person</th><th class=\"num\">over the cap</th><th class=\"num\">share over the cap"
                    + "</th></tr></thead><tbody>");
            for (Row r : pressure) {
                long people = r.getAs("people");
                long messages = r.getAs("messages");
                long over = r.getAs("people_over_cap");
                html.append("<tr><td>").append(r.<Object>getAs("week_start")).append("</td>").append(cell(ReportText.count(people)))
                        .append(cell(ReportText.count(messages))).append(cell(ReportText.number((double) messages / people, 2)))
                        .append(cell(ReportText.count(over))).append(cell(ReportText.share((double) over / people)))
                        .append("</tr>");
            }
            html.append("</tbody></table><p class=\"sub\">Over the cap: more than messages.max-per-week (")
                    .append(maxPerWeek).append(") messages received in the week (control rows, bounced and failed sends "
                            + "do not count). The run date's week is to date.</p>");
        }
        source(html, "gold.contact_pressure");
        return html.append("</section>").toString();
    }

    /** {@code +3.1 pt [+0.4, +5.8]}; a dash without a control group. */
    static String uplift(Double uplift, Double low, Double high) {
        if (uplift == null) {
            return "–";
        }
        return points(uplift) + " pt [" + points(low) + ", " + points(high) + "]";
    }

    private static String incremental(Double deals, Double low) {
        if (deals == null) {
            return "–";
        }
        return ReportText.number(deals, 1) + " (" + ReportText.number(Math.max(0, low), 1) + ")";
    }

    private static String verdict(String verdict) {
        return switch (verdict) {
            case CampaignEffectTables.EFFECT -> "effect";
            case CampaignEffectTables.NEGATIVE_EFFECT -> "negative effect";
            case CampaignEffectTables.NO_EFFECT_DETECTED -> "no effect detected";
            case CampaignEffectTables.TOO_SMALL_TO_TELL -> "too small to tell";
            case CampaignEffectTables.NO_CONTROL_GROUP -> "no control group: no uplift claimed";
            default -> verdict;
        };
    }

    private static String points(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%+.1f", 100 * share);
    }

    private static String cell(String text) {
        return ReportTriggersSection.cell(text);
    }

    private static void absent(StringBuilder html, String why) {
        ReportTriggersSection.absent(html, why);
    }

    private static void source(StringBuilder html, String tables) {
        ReportTriggersSection.source(html, tables);
    }
}
