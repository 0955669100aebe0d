package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.delivery.report.ReportPage.Transition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void everySectionIsThereWithItsChartsAndTheCheckExpectsThem() {
        String html = ReportPage.render(ReportFixtures.complete());
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        for (String id : List.of("headline", "cohorts", "rfm", "migration", "channels", "funnel")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        // orders/deals, retention, LTV by cohort, LTV by channel, segments, JTBD and RFM matrices, channels, funnel
        assertEquals(11, count(html, "<svg "));
        assertTrue(html.contains("data-expected-charts=\"11\">pending</div>"), "the in-page check expects every chart");
        assertFalse(html.contains("class=\"absent\""), "nothing is missing");
        // headline cards, worked out from the fixture: 600 deals from 1,000 raw orders; 150 of 450 came back
        assertTrue(html.contains("<div class=\"value\">150,000</div>"), "revenue");
        assertTrue(html.contains("<div class=\"value\">600</div><div class=\"note\">1,000 purchase orders in the export; "
                + "1.5 orders per deal (known customers)</div>"), "deals against raw orders");
        assertTrue(html.contains("<div class=\"value\">33.3 %</div><div class=\"note\">150 of 450 customers"), "repeat rate");
        // funnel totals: sessions 4,000 + 1,500 = 5,500; leads 420 = 7.6 % of them; first deals from leads 60 + 24 = 84 =
        // 20.0 % of leads (all deals / leads, 32.1 %, is no conversion); revenue 36,000 / 135 deals = 266.67 average
        // check, shown rounded
        assertTrue(html.contains("2026-06: revenue 36,000, average check 267."), html);
        assertTrue(html.contains(">420 (7.6 % of sessions)</text>"), html);
        assertTrue(html.contains(">84 (20.0 % of leads)</text>"), html);
        assertTrue(html.contains(">135</text>"), html);
        // channels: display assists 9.5 times as often as it closes
        assertTrue(html.contains("assisted/last 9.5"), html);
        assertEquals(html, ReportPage.render(ReportFixtures.complete()), "the same content gives the same bytes");
    }

    @Test
    void theJourneyShowsPeopleTheWeakestStepInRedTheWaterfallAndThePlan() {
        String html = ReportPage.render(ReportFixtures.complete());
        assertTrue(html.contains("<section id=\"journey\">"), html);
        assertTrue(html.contains("Fix first: <b>first buyers</b>"), html);
        // the weakest step's bar and text are red; the others are the first palette colour
        assertTrue(html.contains("fill=\"#e15759\"><title>first buyers: 50</title></rect>"), html);
        assertTrue(html.contains(">50 (50.0 % of the stage before) ← fix first</text>"), html);
        assertTrue(html.contains("fill=\"#4e79a7\"><title>leads: 100</title></rect>"), html);
        // reach is not measured: a dash, no bar
        assertTrue(html.contains(">–</text>") && !html.contains("<title>reach:"), html);
        // the waterfall: 200.00 -> +221.69 -221.69 +58.31 +221.69 -> 480.00
        for (String bar : List.of("previous month: 200.00", "visitors: +221.69", "visitor → buyer conversion: −221.69",
                "average check: +58.31", "deals per buyer: +221.69", "this month: 480.00 (change +280.00)")) {
            assertTrue(html.contains("<title>" + bar.replace("→", "→") + "</title>"), bar + "\n" + html);
        }
        // plan attainment: 480 of a 500 base
        assertTrue(html.contains("<td>revenue</td><td class=\"num\">480</td><td class=\"num\">400</td>"
                + "<td class=\"num\">500</td><td class=\"num\">600</td><td class=\"num\">96.0 %</td><td>min to base</td>"), html);
    }

    @Test
    void labelsFromTheLakeAreEscapedEverywhere() {
        String html = ReportPage.render(ReportFixtures.complete());
        assertFalse(html.contains("<img"), "no injected element");
        assertFalse(html.contains("<script>alert"), "no injected script");
        assertFalse(html.contains("<test>"), "the title is escaped too");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;script&gt;alert(&#39;channel&#39;)&lt;/script&gt;"));
        assertEquals(1, count(html, "<script>"), "only the page's own check script");
    }

    @Test
    void thePageLoadsNothingAndAllowsOnlyItsOwnStyleAndScript() throws Exception {
        String html = ReportPage.render(ReportFixtures.complete());
        Matcher urls = Pattern.compile("(https?:)?//[a-zA-Z0-9.-]+").matcher(html);
        while (urls.find()) {
            assertEquals("http://www.w3.org", urls.group(), "only the SVG namespace name, which is never fetched");
        }
        assertFalse(Pattern.compile("<[a-zA-Z][^>]*\\s(src|href)=\"?[^\"#]").matcher(html).find(),
                "no element with a src, nor a link off the page");
        String policy = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        String style = between(html, "<style>", "</style>");
        String script = between(html, "<script>", "</script>");
        assertEquals("default-src 'none'; style-src '" + sha256(style) + "'; script-src '" + sha256(script)
                + "'; img-src data:", policy);
    }

    @Test
    void absentMartsGiveANoteInsteadOfTheSection() {
        ReportPage.Content content = ReportFixtures.withoutAttributionAndFunnel();
        String html = ReportPage.render(content);
        assertEquals(List.of("assisted conversions", "profit funnel", "journey and profit formula"), content.absentSections());
        assertTrue(html.contains("<p class=\"absent\">gold.channel_conversions is not computed in this lake.</p>"));
        assertTrue(html.contains("<p class=\"absent\">gold.profit_funnel is not computed in this lake.</p>"));
        assertEquals(7, count(html, "<svg "));
        assertTrue(html.contains("data-expected-charts=\"7\""));
    }

    @Test
    void anRfmMapWithoutTwoMonthEndsSaysWhy() {
        ReportPage.Content c = ReportFixtures.complete();
        ReportPage.Content single = new ReportPage.Content(c.title(), c.runDate(), c.headline(), c.ordersAgainstDeals(),
                c.retention(), c.ltvCurves(), c.ltvByChannel(), c.segments(), c.jtbdMigration(),
                ReportPage.Part.of(new ReportPage.Matrix("", "", List.of(), List.of(), java.util.Map.of(), List.of())),
                c.channelConversions(), c.funnel(), c.journey());
        String html = ReportPage.render(single);
        assertTrue(html.contains("No two consecutive month-end RFM snapshots yet: the purchases span less than two closed "
                + "months."), html);
        assertEquals(10, count(html, "<svg "));
    }

    @Test
    void migrationStatesAreOrderedBoundaryStatesFirstAndLast() {
        BigDecimal zero = BigDecimal.ZERO;
        List<Transition> transitions = List.of(
                new Transition("zeta", "lost", 1, zero, zero), new Transition("new", "alpha", 1, zero, zero),
                new Transition("alpha", "zeta", 1, zero, zero), new Transition("reactivated", "beta", 1, zero, zero),
                new Transition("beta", "beta", 1, zero, zero));
        List<List<String>> order = ReportPage.order(transitions, List.of("new", "reactivated"), List.of("zeta", "beta"),
                List.of("lost"));
        // rows: boundary "from" states first, then the preferred order (zeta, beta), then the rest alphabetically (alpha)
        assertEquals(List.of("new", "reactivated", "zeta", "beta", "alpha"), order.get(0));
        // columns: the same order and "lost" last
        assertEquals(List.of("zeta", "beta", "alpha", "lost"), order.get(1));
    }
}
