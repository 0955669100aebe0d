package io.ltvlake.jobs.delivery.report;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The report's "Cycles and triggers" section as HTML: triggers fired today and over the last 30
 * days by trigger and job, the purchase cycle per job, and non-target customers' shares. Tables
 * only (no charts), from the rows of {@link TriggerReportTransforms} and gold.job_cycles.
 */
final class ReportTriggersSection {

    private ReportTriggersSection() {}

    /** Each argument null when its table is not in the lake: that part says so instead. */
    static String render(List<Row> fired, List<Row> jobCycles, Row shares) {
        StringBuilder html = new StringBuilder("<section id=\"triggers\"><h2>Cycles and triggers</h2>");
        html.append("<h3>Triggers fired: today and the last ").append(TriggerReportTransforms.HISTORY_DAYS).append(" days</h3>");
        if (fired == null) {
            absent(html, "gold.trigger_events is not computed in this lake.");
        } else if (fired.isEmpty()) {
            absent(html, "No trigger fired in the last " + TriggerReportTransforms.HISTORY_DAYS + " days.");
        } else {
            html.append("<table><thead><tr><th>trigger</th><th>job</th><th class=\"num\">today</th>"
                    + "<th class=\"num\">last 30 days</th></tr></thead><tbody>");
            for (Row r : fired) {
                html.append("<tr><td>").append(ReportText.escape(r.getAs("trigger"))).append("</td><td>")
                        .append(ReportText.escape(r.getAs("job"))).append("</td>").append(cell(ReportText.count(r.getAs("today"))))
                        .append(cell(ReportText.count(r.getAs("last_30_days")))).append("</tr>");
            }
            html.append("</tbody></table>");
        }
        source(html, "gold.trigger_events");

        html.append("<h3>Purchase cycle per job</h3>");
        if (jobCycles == null) {
            absent(html, "gold.job_cycles is not computed in this lake.");
        } else {
            html.append("<table><thead><tr><th>job</th><th class=\"num\">customers</th><th class=\"num\">with an interval</th>"
                    + "<th class=\"num\">median days</th><th class=\"num\">p25</th><th class=\"num\">p75</th>"
                    + "<th class=\"num\">with a cycle</th></tr></thead><tbody>");
            for (Row r : jobCycles) {
                html.append("<tr><td>").append(ReportText.escape(r.getAs("job"))).append("</td>")
                        .append(cell(ReportText.count(r.getAs("customers"))))
                        .append(cell(ReportText.count(r.getAs("customers_with_interval"))))
                        .append(cell(ReportText.number(r.getAs("interval_median_days"), 1)))
                        .append(cell(ReportText.number(r.getAs("interval_p25_days"), 1)))
                        .append(cell(ReportText.number(r.getAs("interval_p75_days"), 1)))
                        .append(cell(ReportText.share(r.getAs("cycle_share")))).append("</tr>");
            }
            html.append("</tbody></table>");
        }
        source(html, "gold.job_cycles");

        html.append("<h3>Non-target customers</h3>");
        if (shares == null) {
            absent(html, "gold.customer_profitability is not computed in this lake.");
        } else {
            long customers = shares.getAs("customers");
            long contactable = shares.getAs("contactable");
            BigDecimal revenue = shares.getAs("revenue");
            BigDecimal nonTargetRevenue = shares.getAs("non_target_revenue");
            html.append("<table><thead><tr><th></th><th class=\"num\">non-target</th><th class=\"num\">of all</th>"
                    + "<th class=\"num\">share</th></tr></thead><tbody>");
            row(html, "customers", ReportText.count(shares.getAs("non_target_customers")), ReportText.count(customers),
                    ratio((long) shares.getAs("non_target_customers"), customers));
            row(html, "revenue (targeting lookback)", ReportText.money(nonTargetRevenue), ReportText.money(revenue),
                    revenue == null || revenue.signum() == 0 || nonTargetRevenue == null ? null
                            : nonTargetRevenue.doubleValue() / revenue.doubleValue());
            row(html, "contactable (consent, no unsubscribe)", ReportText.count(shares.getAs("non_target_contactable")),
                    ReportText.count(contactable), ratio((long) shares.getAs("non_target_contactable"), contactable));
            html.append("</tbody></table><p class=\"sub\">Non-target customers are left out of trigger contact lists "
                    + "(triggers_today) and get the RFM segment Non-target.</p>");
        }
        source(html, "gold.customer_profitability, silver.customers");
        return html.append("</section>").toString();
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static void row(StringBuilder html, String label, String part, String whole, Double share) {
        html.append("<tr><td>").append(ReportText.escape(label)).append("</td>").append(cell(part)).append(cell(whole))
                .append(cell(ReportText.share(share))).append("</tr>");
    }

    static String cell(String text) {
        return "<td class=\"num\">" + ReportText.escape(text) + "</td>";
    }

    static void absent(StringBuilder html, String why) {
        html.append("<p class=\"absent\">").append(ReportText.escape(why)).append("</p>");
    }

    static void source(StringBuilder html, String tables) {
        html.append("<p class=\"sub\">Source: ").append(ReportText.escape(tables)).append(".</p>");
    }
}
