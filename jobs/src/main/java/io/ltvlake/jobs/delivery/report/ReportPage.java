package io.ltvlake.jobs.delivery.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTML report, one self-contained page: inline CSS, inline SVG charts drawn here, and one
 * small inline script that only checks the page (every chart drawn, nothing logged); no file,
 * font or script from anywhere else. A Content-Security-Policy forbids any other source and
 * allows the inline style and script only by their hashes, so even text that slipped past
 * escaping could not run. Every section shows its data or says why it cannot ("not computed in
 * this lake"). Pure: the same content gives the same bytes.
 */
public final class ReportPage {

    /** Marker the inline check writes into {@code #render-check} when every chart drew and nothing was logged. */
    public static final String RENDERED = "rendered";

    /** A section's data, or the reason it is absent. */
    public record Part<T>(T data, String absent) {
        public static <T> Part<T> of(T data) {
            return new Part<>(Objects.requireNonNull(data), null);
        }

        public static <T> Part<T> missing(String why) {
            return new Part<>(null, Objects.requireNonNull(why));
        }

        public boolean present() {
            return data != null;
        }
    }

    /** Totals from the first to the last month of the lake. */
    public record Headline(LocalDate firstMonth, LocalDate lastMonth, BigDecimal revenue, long purchaseOrders,
                           long customerPurchaseOrders, long deals, Double ordersPerDeal, long customers,
                           long repeatCustomers, Double repeatRate) {}

    /** One month of raw purchase orders against the deals opened. */
    public record MonthOrders(LocalDate month, long purchaseOrders, long deals) {}

    public record RetentionCell(LocalDate cohortMonth, int monthsSinceAcquisition, long cohortCustomers,
                                double retentionPercent, boolean partialMonth) {}

    /** A point of an LTV curve: the curve's name (a cohort or a channel), the month since acquisition, the value. */
    public record CurvePoint(String curve, int monthsSinceAcquisition, BigDecimal revenuePerCustomer) {}

    public record Segment(LocalDate snapshotDate, String segment, String name, long customers, double customerShare,
                          BigDecimal revenue, double revenueShare, double averageRecencyDays, double averageFrequency,
                          BigDecimal averageMonetary) {}

    public record Transition(String from, String to, long customers, BigDecimal fromRevenue, BigDecimal toRevenue) {}

    /**
     * A migration matrix between two periods. {@code fromStates} and {@code toStates} are the row
     * and column order (see {@link #order}); {@code labels} maps a state to what the page shows.
     */
    public record Matrix(String fromPeriod, String toPeriod, List<String> fromStates, List<String> toStates,
                         Map<String, String> labels, List<Transition> transitions) {}

    public record ChannelConversions(String channel, double lastInteraction, double assisted, Double firstInteraction,
                                     BigDecimal lastInteractionValue, BigDecimal assistedValue, Double assistedToLastRatio,
                                     String firstPeriod, String lastPeriod) {}

    /** A channel's month: {@code firstDealsFromLeads} are the first deals that came from its leads (never more than leads). */
    public record FunnelChannel(String channel, long sessions, long leads, long deals, long firstDealsFromLeads,
                                BigDecimal revenue) {}

    public record Funnel(LocalDate month, boolean complete, List<FunnelChannel> channels) {}

    /** Everything the page shows. */
    public record Content(String title, LocalDate runDate, Part<Headline> headline, Part<List<MonthOrders>> ordersAgainstDeals,
                          Part<List<RetentionCell>> retention, Part<List<CurvePoint>> ltvCurves,
                          Part<List<CurvePoint>> ltvByChannel, Part<List<Segment>> segments, Part<Matrix> jtbdMigration,
                          Part<Matrix> rfmMigration, Part<List<ChannelConversions>> channelConversions, Part<Funnel> funnel,
                          Part<ReportJourney.Journey> journey) {

        /** Sections that show a note instead of their data. */
        public List<String> absentSections() {
            Map<String, Part<?>> parts = new LinkedHashMap<>();
            parts.put("headline", headline);
            parts.put("orders against deals", ordersAgainstDeals);
            parts.put("cohort retention", retention);
            parts.put("LTV curves", ltvCurves);
            parts.put("LTV by first-touch channel", ltvByChannel);
            parts.put("RFM segments", segments);
            parts.put("JTBD migration", jtbdMigration);
            parts.put("RFM migration", rfmMigration);
            parts.put("assisted conversions", channelConversions);
            parts.put("profit funnel", funnel);
            parts.put("journey and profit formula", journey);
            return parts.entrySet().stream().filter(e -> !e.getValue().present()).map(Map.Entry::getKey).toList();
        }
    }

    private ReportPage() {}

    /**
     * The rows and columns of a migration matrix: {@code leading} states first (those present),
     * then the others in {@code preferred} order, then any not named there alphabetically, then
     * the {@code trailing} states; rows leave out trailing states, columns leading ones.
     */
    public static List<List<String>> order(List<Transition> transitions, List<String> leading, List<String> preferred,
                                           List<String> trailing) {
        Set<String> froms = new LinkedHashSet<>();
        Set<String> tos = new LinkedHashSet<>();
        transitions.forEach(t -> {
            froms.add(t.from());
            tos.add(t.to());
        });
        return List.of(ordered(froms, leading, preferred, trailing), ordered(tos, leading, preferred, trailing));
    }

    private static List<String> ordered(Set<String> states, List<String> leading, List<String> preferred,
                                        List<String> trailing) {
        List<String> result = new ArrayList<>();
        leading.stream().filter(states::contains).forEach(result::add);
        preferred.stream().filter(s -> states.contains(s) && !leading.contains(s) && !trailing.contains(s))
                .forEach(result::add);
        states.stream().filter(s -> !result.contains(s) && !trailing.contains(s)).sorted().forEach(result::add);
        trailing.stream().filter(states::contains).forEach(result::add);
        return result;
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;margin:0;background:#f4f5f7}
            main{max-width:1080px;margin:0 auto;padding:24px 28px 40px;background:#fff}
            h1{font-size:26px;margin:0 0 2px}h2{font-size:19px;margin:34px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:20px 0 4px}.sub{color:#555;margin:0 0 14px}
            nav a{color:#2b5d8f;margin-right:14px;text-decoration:none}nav{margin:8px 0 4px}
            .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
            .card{flex:1 1 210px;border:1px solid #dde1e6;border-radius:6px;padding:12px 14px;background:#fafbfc}
            .card .label{color:#555;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            .card .value{font-size:26px;font-weight:600;margin:2px 0}.card .note{color:#555;font-size:12px}
            figure{margin:10px 0 6px;overflow-x:auto}figcaption{color:#555;font-size:12px;margin-top:2px}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #e6e6e6;text-align:left}
            th{background:#f1f3f5;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .absent{border-left:4px solid #c9a227;background:#fff8e1;padding:8px 12px;color:#5c4b00}
            footer{color:#666;font-size:12px;margin-top:36px;border-top:1px solid #ddd;padding-top:8px}
            @media print{body{background:#fff}main{padding:0}nav{display:none}}
            """;

    /**
     * Checks the page in the browser: every chart has a size and something drawn, and nothing was
     * logged (errors, warnings, blocked loads). It writes the verdict into {@code #render-check},
     * where the Chromium test reads it; a moment after the load event, since the browser reports
     * a blocked resource or script asynchronously.
     */
    private static final String CHECK_SCRIPT = """
            (function(){var problems=[];
            window.addEventListener('error',function(e){problems.push('error: '+(e.message||(e.target&&e.target.tagName)||'?'));},true);
            document.addEventListener('securitypolicyviolation',function(e){problems.push('blocked: '+e.blockedURI+' '+e.violatedDirective);});
            ['error','warn'].forEach(function(level){var original=console[level];console[level]=function(){
            problems.push(level+': '+Array.prototype.join.call(arguments,' '));return original.apply(console,arguments);};});
            window.addEventListener('load',function(){setTimeout(verdict,100);});
            function verdict(){var check=document.getElementById('render-check');
            var charts=document.querySelectorAll('svg.chart');var blank=[];
            for(var i=0;i<charts.length;i++){var box=charts[i].getBoundingClientRect();var drawn=charts[i].getBBox();
            var marks=charts[i].querySelectorAll('rect,polyline,circle,line').length;
            if(!(box.width>0&&box.height>0&&drawn.width>0&&drawn.height>0&&marks>0)){blank.push(charts[i].getAttribute('aria-label'));}}
            var expected=parseInt(check.getAttribute('data-expected-charts'),10);
            check.setAttribute('data-charts',String(charts.length));check.setAttribute('data-blank-charts',blank.join(' | '));
            check.setAttribute('data-problems',problems.join(' | '));
            check.textContent=(charts.length===expected&&blank.length===0&&problems.length===0)?'rendered':'failed';}})();
            """;

    /** The page for {@code content}. */
    public static String render(Content content) {
        return render(content, List.of());
    }

    /** The page with more sections after the built-in ones, each ready HTML without charts (e.g. ReportTriggersSection). */
    public static String render(Content content, List<String> moreSections) {
        Page page = new Page();
        page.html.append("<header><h1>").append(ReportText.escape(content.title())).append("</h1><p class=\"sub\">Data as of ")
                .append(content.runDate()).append(". Made by ltvlake from the gold marts; every figure is in the lake's "
                        + "tables named under each section.</p><nav><a href=\"#headline\">Headline</a><a href=\"#cohorts\">"
                        + "Cohorts and LTV</a><a href=\"#rfm\">RFM segments</a><a href=\"#migration\">Migration</a>"
                        + "<a href=\"#channels\">Channels</a><a href=\"#funnel\">Profit funnel</a>"
                        + "<a href=\"#journey\">Journey and profit formula</a></nav></header>");
        headline(page, content);
        cohorts(page, content);
        segments(page, content);
        migration(page, content);
        channels(page, content);
        funnel(page, content);
        ReportJourney.render(content.journey(), page.html, page::chart, page::absent, page::source);
        moreSections.forEach(page.html::append);
        page.html.append("<footer>ltvlake report for ").append(content.runDate())
                .append(". Self-contained: it loads nothing from the network and can be mailed or archived as it is.</footer>");
        return page.finish(content);
    }

    /** The HTML under construction and the number of charts in it. */
    private static final class Page {
        final StringBuilder html = new StringBuilder();
        int charts;

        void chart(String svg, String caption) {
            charts++;
            html.append("<figure>").append(svg);
            if (caption != null) {
                html.append("<figcaption>").append(ReportText.escape(caption)).append("</figcaption>");
            }
            html.append("</figure>");
        }

        void absent(String why) {
            html.append("<p class=\"absent\">").append(ReportText.escape(why)).append("</p>");
        }

        void source(String tables) {
            html.append("<p class=\"sub\">Source: ").append(ReportText.escape(tables)).append(".</p>");
        }

        String finish(Content content) {
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '"
                    + sha256(STYLE) + "'; script-src '" + sha256(CHECK_SCRIPT) + "'; img-src data:\">"
                    + "<title>" + ReportText.escape(content.title() + " — " + content.runDate()) + "</title>"
                    + "<style>" + STYLE + "</style><script>" + CHECK_SCRIPT + "</script></head><body><main>\n"
                    + html + "\n<div id=\"render-check\" hidden data-expected-charts=\"" + charts + "\">pending</div>"
                    + "</main></body></html>\n";
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String month(LocalDate date) {
        return date == null ? "–" : YearMonth.from(date).toString();
    }

    private static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    private static void headline(Page page, Content content) {
        page.html.append("<section id=\"headline\"><h2>Headline</h2>");
        Part<Headline> part = content.headline();
        if (!part.present()) {
            page.absent(part.absent());
        } else {
            Headline h = part.data();
            page.html.append("<div class=\"cards\">");
            card(page, "Revenue", ReportText.money(h.revenue()), month(h.firstMonth()) + " to " + month(h.lastMonth())
                    + ", every purchase (anonymous ones too)");
            card(page, "Customers", ReportText.count(h.customers()), "with at least one deal");
            card(page, "Deals", ReportText.count(h.deals()), ReportText.count(h.purchaseOrders())
                    + " purchase orders in the export; " + ReportText.number(h.ordersPerDeal(), 2)
                    + " orders per deal (known customers)");
            card(page, "Repeat rate", ReportText.share(h.repeatRate()), ReportText.count(h.repeatCustomers()) + " of "
                    + ReportText.count(h.customers()) + " customers came back for a second deal");
            page.html.append("</div>");
        }
        Part<List<MonthOrders>> months = content.ordersAgainstDeals();
        page.html.append("<h3>Raw orders against deals, by month</h3>");
        if (!months.present()) {
            page.absent(months.absent());
        } else if (months.data().isEmpty()) {
            page.absent("No purchases in the months before the run date.");
        } else {
            ReportBarChart chart = new ReportBarChart("Purchase orders against deals by month",
                    List.of("purchase orders (export)", "deals"));
            chart.format(v -> ReportText.number(v, 0));
            for (MonthOrders m : months.data()) {
                chart.bar(month(m.month()), (double) m.purchaseOrders(), (double) m.deals());
            }
            page.chart(chart.render(), "An export shows every purchase as a deal; upsells to a deal are orders, not deals.");
        }
        page.source("gold.deal_inflation, gold.repeat_deal_metrics");
        page.html.append("</section>");
    }

    private static void card(Page page, String label, String value, String note) {
        page.html.append("<div class=\"card\"><div class=\"label\">").append(ReportText.escape(label))
                .append("</div><div class=\"value\">").append(ReportText.escape(value)).append("</div><div class=\"note\">")
                .append(ReportText.escape(note)).append("</div></div>");
    }

    private static void cohorts(Page page, Content content) {
        page.html.append("<section id=\"cohorts\"><h2>Cohorts and LTV</h2><h3>Retention: share of each monthly cohort "
                + "buying again, by month since acquisition</h3>");
        Part<List<RetentionCell>> retention = content.retention();
        if (!retention.present()) {
            page.absent(retention.absent());
        } else if (retention.data().isEmpty()) {
            page.absent("No cohorts yet.");
        } else {
            List<LocalDate> cohorts = retention.data().stream().map(RetentionCell::cohortMonth).distinct().sorted().toList();
            int months = retention.data().stream().mapToInt(RetentionCell::monthsSinceAcquisition).max().orElse(0);
            Map<LocalDate, Long> sizes = new LinkedHashMap<>();
            retention.data().forEach(c -> sizes.put(c.cohortMonth(), c.cohortCustomers()));
            List<String> rows = cohorts.stream().map(c -> month(c) + " (" + ReportText.count(sizes.get(c)) + ")").toList();
            List<String> columns = new ArrayList<>();
            for (int m = 0; m <= months; m++) {
                columns.add(Integer.toString(m));
            }
            ReportHeatmap heatmap = new ReportHeatmap("Cohort retention in percent", rows, columns).scaleMax(100)
                    .axes("cohort (customers)", "months since acquisition").format(v -> ReportText.number(v, 0));
            for (RetentionCell cell : retention.data()) {
                heatmap.value(cohorts.indexOf(cell.cohortMonth()), cell.monthsSinceAcquisition(), cell.retentionPercent());
            }
            page.chart(heatmap.render(), "Percent of the cohort with a purchase in the month (month 0 = 100). The run's "
                    + "month is month-to-date.");
        }
        page.html.append("<h3>LTV curves: cumulative revenue per cohort customer</h3>");
        Part<List<CurvePoint>> curves = content.ltvCurves();
        if (!curves.present()) {
            page.absent(curves.absent());
        } else if (curves.data().isEmpty()) {
            page.absent("No complete cohort yet: LTV curves start with the first month that is over.");
        } else {
            page.chart(lineChart("LTV curves of the latest cohorts", curves.data()),
                    "One line per cohort (month of the first purchase), complete months only.");
        }
        Part<List<CurvePoint>> channels = content.ltvByChannel();
        if (!channels.present()) {
            page.absent(channels.absent());
        } else if (!channels.data().isEmpty()) {
            page.chart(lineChart("LTV curves by first-touch channel", channels.data()),
                    "All cohorts pooled per first-touch channel: each month's value is over the cohorts that completed it.");
        }
        page.source("gold.cohort_retention, gold.cohort_ltv");
        page.html.append("</section>");
    }

    private static String lineChart(String label, List<CurvePoint> points) {
        ReportLineChart chart = new ReportLineChart(label, "months since acquisition", "revenue per customer");
        Map<String, List<ReportLineChart.Point>> lines = new LinkedHashMap<>();
        for (CurvePoint p : points) {
            lines.computeIfAbsent(p.curve(), k -> new ArrayList<>())
                    .add(new ReportLineChart.Point(p.monthsSinceAcquisition(), number(p.revenuePerCustomer())));
        }
        lines.forEach(chart::line);
        return chart.render();
    }

    private static void segments(Page page, Content content) {
        page.html.append("<section id=\"rfm\"><h2>RFM segments</h2>");
        Part<List<Segment>> segments = content.segments();
        if (!segments.present()) {
            page.absent(segments.absent());
        } else if (segments.data().isEmpty()) {
            page.absent("No RFM snapshot up to the run date.");
        } else {
            page.html.append("<p class=\"sub\">Snapshot of ").append(segments.data().get(0).snapshotDate())
                    .append(": customers with a deal in the lookback, by the recency/frequency map.</p>");
            ReportBarChart chart = new ReportBarChart("RFM segments: share of customers and of revenue",
                    List.of("share of customers", "share of revenue")).format(v -> ReportText.number(v, 1) + " %");
            for (Segment s : segments.data()) {
                chart.bar(s.name(), s.customerShare() * 100, s.revenueShare() * 100);
            }
            page.chart(chart.render(), null);
            page.html.append("<table><thead><tr><th>segment</th><th class=\"num\">customers</th><th class=\"num\">share</th>"
                    + "<th class=\"num\">revenue</th><th class=\"num\">share</th><th class=\"num\">avg recency (days)</th>"
                    + "<th class=\"num\">avg frequency (deals)</th><th class=\"num\">avg monetary</th></tr></thead><tbody>");
            for (Segment s : segments.data()) {
                page.html.append("<tr><td>").append(ReportText.escape(s.name())).append("</td>")
                        .append(cell(ReportText.count(s.customers()))).append(cell(ReportText.share(s.customerShare())))
                        .append(cell(ReportText.money(s.revenue()))).append(cell(ReportText.share(s.revenueShare())))
                        .append(cell(ReportText.number(s.averageRecencyDays(), 1)))
                        .append(cell(ReportText.number(s.averageFrequency(), 2)))
                        .append(cell(ReportText.money(s.averageMonetary()))).append("</tr>");
            }
            page.html.append("</tbody></table>");
        }
        page.source("gold.rfm_segment_summary");
        page.html.append("</section>");
    }

    private static String cell(String text) {
        return "<td class=\"num\">" + ReportText.escape(text) + "</td>";
    }

    private static void migration(Page page, Content content) {
        page.html.append("<section id=\"migration\"><h2>Migration</h2><h3>Jobs to be done: customers by dominant job, "
                + "from one period to the next</h3>");
        matrix(page, content.jtbdMigration(), "JTBD migration", "from job", "to job",
                "No two consecutive periods with purchases yet.");
        page.source("gold.jtbd_migration");
        page.html.append("<h3>RFM segments: customers from one month-end snapshot to the next</h3>");
        matrix(page, content.rfmMigration(), "RFM segment migration", "from segment", "to segment",
                "No two consecutive month-end RFM snapshots yet: the purchases span less than two closed months.");
        page.source("gold.rfm_migration");
        page.html.append("</section>");
    }

    private static void matrix(Page page, Part<Matrix> part, String label, String rowTitle, String columnTitle,
                               String whenEmpty) {
        if (!part.present()) {
            page.absent(part.absent());
            return;
        }
        Matrix m = part.data();
        if (m.transitions().isEmpty()) {
            page.absent(whenEmpty);
            return;
        }
        List<String> rows = m.fromStates().stream().map(s -> m.labels().getOrDefault(s, s)).toList();
        List<String> columns = m.toStates().stream().map(s -> m.labels().getOrDefault(s, s)).toList();
        ReportHeatmap heatmap = new ReportHeatmap(label + ", " + m.fromPeriod() + " to " + m.toPeriod() + ", customers",
                rows, columns).axes(rowTitle, columnTitle).format(v -> ReportText.number(v, 0));
        long customers = 0;
        for (Transition t : m.transitions()) {
            int row = m.fromStates().indexOf(t.from());
            int column = m.toStates().indexOf(t.to());
            if (row >= 0 && column >= 0) {
                heatmap.value(row, column, (double) t.customers());
            }
            customers += t.customers();
        }
        page.chart(heatmap.render(), m.fromPeriod() + " → " + m.toPeriod() + ": " + ReportText.count(customers)
                + " customers. Rows: where they were; columns: where they went.");
    }

    private static void channels(Page page, Content content) {
        page.html.append("<section id=\"channels\"><h2>Assisted against last-click conversions, by channel</h2>");
        Part<List<ChannelConversions>> part = content.channelConversions();
        if (!part.present()) {
            page.absent(part.absent());
        } else if (part.data().isEmpty()) {
            page.absent("No conversions with a touch path yet.");
        } else {
            List<ChannelConversions> rows = part.data();
            ChannelConversions first = rows.get(0);
            if (first.firstPeriod() != null) {
                page.html.append("<p class=\"sub\">Periods ").append(ReportText.escape(first.firstPeriod())).append(" to ")
                        .append(ReportText.escape(rows.stream().map(ChannelConversions::lastPeriod).filter(Objects::nonNull)
                                .max(String::compareTo).orElse(first.lastPeriod()))).append(".</p>");
            }
            ReportBarChart chart = new ReportBarChart("Assisted and last-click conversions by channel",
                    List.of("last-click conversions", "assisted conversions")).format(v -> ReportText.number(v, 1));
            for (ChannelConversions c : rows) {
                chart.bar(c.channel(), c.assistedToLastRatio() == null ? null
                                : "assisted/last " + ReportText.number(c.assistedToLastRatio(), 2),
                        c.lastInteraction(), c.assisted());
            }
            page.chart(chart.render(), "A channel with many assists and few last clicks opens or nurtures journeys "
                    + "that other channels close; judged by last click alone it looks worse than it is.");
            page.html.append("<table><thead><tr><th>channel</th><th class=\"num\">last-click conversions</th>"
                    + "<th class=\"num\">last-click value</th><th class=\"num\">assisted conversions</th>"
                    + "<th class=\"num\">assisted value</th><th class=\"num\">assisted / last click</th>"
                    + "<th class=\"num\">first-click conversions</th></tr></thead><tbody>");
            for (ChannelConversions c : rows) {
                page.html.append("<tr><td>").append(ReportText.escape(c.channel())).append("</td>")
                        .append(cell(ReportText.number(c.lastInteraction(), 1)))
                        .append(cell(ReportText.money(c.lastInteractionValue())))
                        .append(cell(ReportText.number(c.assisted(), 1))).append(cell(ReportText.money(c.assistedValue())))
                        .append(cell(ReportText.number(c.assistedToLastRatio(), 2)))
                        .append(cell(ReportText.number(c.firstInteraction(), 1))).append("</tr>");
            }
            page.html.append("</tbody></table>");
        }
        page.source("gold.channel_conversions");
        page.html.append("</section>");
    }

    private static void funnel(Page page, Content content) {
        page.html.append("<section id=\"funnel\"><h2>Profit funnel</h2>");
        Part<Funnel> part = content.funnel();
        if (!part.present()) {
            page.absent(part.absent());
        } else if (part.data().channels().isEmpty()) {
            page.absent("No month with traffic yet.");
        } else {
            Funnel f = part.data();
            long sessions = f.channels().stream().mapToLong(FunnelChannel::sessions).sum();
            long leads = f.channels().stream().mapToLong(FunnelChannel::leads).sum();
            long deals = f.channels().stream().mapToLong(FunnelChannel::deals).sum();
            long fromLeads = f.channels().stream().mapToLong(FunnelChannel::firstDealsFromLeads).sum();
            BigDecimal revenue = f.channels().stream().map(FunnelChannel::revenue).filter(Objects::nonNull)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            page.html.append("<p class=\"sub\">").append(month(f.month())).append(f.complete() ? "" : " (month to date)")
                    .append(": revenue ").append(ReportText.escape(ReportText.money(revenue))).append(", average check ")
                    .append(ReportText.escape(deals > 0
                            ? ReportText.money(revenue.divide(BigDecimal.valueOf(deals), 2, java.math.RoundingMode.HALF_UP))
                            : "–")).append(".</p>");
            ReportBarChart chart = new ReportBarChart("Profit funnel: sessions, leads and first deals from leads",
                    List.of("count")).format(v -> ReportText.number(v, 0));
            chart.bar("sessions", (double) sessions);
            chart.bar("leads", conversion(leads, sessions, "of sessions"), (double) leads);
            chart.bar("first deals from leads", conversion(fromLeads, leads, "of leads"), (double) fromLeads);
            chart.bar("all deals", (double) deals);
            page.chart(chart.render(), "Counted in events (sessions, leads): the journey section below counts people. A "
                    + "lead converts when the person's first deal follows it; repeat deals and deals without a lead are in "
                    + "all deals, never in a conversion.");
            page.html.append("<table><thead><tr><th>channel</th><th class=\"num\">sessions</th><th class=\"num\">leads</th>"
                    + "<th class=\"num\">session → lead</th><th class=\"num\">deals</th><th class=\"num\">lead → first deal</th>"
                    + "<th class=\"num\">revenue</th><th class=\"num\">average check</th></tr></thead><tbody>");
            for (FunnelChannel c : f.channels()) {
                page.html.append("<tr><td>").append(ReportText.escape(c.channel())).append("</td>")
                        .append(cell(ReportText.count(c.sessions()))).append(cell(ReportText.count(c.leads())))
                        .append(cell(ratio(c.leads(), c.sessions()))).append(cell(ReportText.count(c.deals())))
                        .append(cell(ratio(c.firstDealsFromLeads(), c.leads()))).append(cell(ReportText.money(c.revenue())))
                        .append(cell(c.deals() > 0 && c.revenue() != null
                                ? ReportText.money(c.revenue().divide(BigDecimal.valueOf(c.deals()), 2, java.math.RoundingMode.HALF_UP))
                                : "–")).append("</tr>");
            }
            page.html.append("</tbody></table>");
        }
        page.source("gold.profit_funnel");
        page.html.append("</section>");
    }

    private static String conversion(long part, long whole, String of) {
        return whole > 0 ? ratio(part, whole) + " " + of : null;
    }

    private static String ratio(long part, long whole) {
        return whole > 0 ? ReportText.share((double) part / whole) : "–";
    }
}
