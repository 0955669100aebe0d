package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG charts: geometry worked out by hand from the layout constants, escaping, empty and odd values. */
class ReportChartsTest {

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static void wellFormed(String svg) {
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.endsWith("</svg>"), svg);
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
        // every element that opens closes: a cheap check that the markup nests
        for (String tag : List.of("text", "title", "rect", "circle")) {
            Matcher open = Pattern.compile("<" + tag + "[ >]").matcher(svg);
            int opened = 0;
            while (open.find()) {
                opened++;
            }
            Matcher selfClosed = Pattern.compile("<" + tag + " [^>]*/>").matcher(svg);
            int self = 0;
            while (selfClosed.find()) {
                self++;
            }
            assertEquals(opened - self, occurrences(svg, "</" + tag + ">"), tag + " in " + svg);
        }
    }

    @Test
    void barsShareOneScaleTheLongestBeingTheLargestValue() {
        ReportBarChart chart = new ReportBarChart("Orders", List.of("orders")).bar("a", 10.0).bar("b", 5.0);
        // label column: "a" is 7.2 px + 12 = 19.2, below the minimum of 60; plot = 760 - 60 - 150 = 550
        assertEquals(60, chart.labelWidth(), 1e-9);
        assertEquals(550, chart.plotWidth(), 1e-9);
        // height = 6 top + 2 groups x (14 bar + 10 gap) + 6 bottom = 60
        assertEquals(60, chart.height(), 1e-9);
        String svg = chart.render();
        wellFormed(svg);
        assertTrue(svg.contains("height=\"60\""), svg);
        assertTrue(svg.contains("<rect x=\"60\" y=\"6\" width=\"550\" height=\"14\""), svg);
        // b: 550 x 5 / 10 = 275, one group lower: y = 6 + 24 = 30
        assertTrue(svg.contains("<rect x=\"60\" y=\"30\" width=\"275\" height=\"14\""), svg);
        // the value is written after the bar: x = 60 + 550 + 4
        assertTrue(svg.contains("<text x=\"614\" y=\"17\" fill=\"#333333\">10</text>"), svg);
        assertEquals(0, occurrences(svg, "#f28e2b"), "one series: one colour, no legend");
    }

    @Test
    void groupedBarsHaveALegendAndSkipNullAndNegativeValues() {
        ReportBarChart chart = new ReportBarChart("Conversions", List.of("last click", "assisted"))
                .bar("x", "50 %", 4.0, null).bar("y", -2.0, 8.0);
        assertEquals(8, chart.maxValue(), 1e-9);
        assertEquals(275, chart.length(4.0), 1e-9); // 550 x 4 / 8
        assertEquals(0, chart.length(-2.0), 1e-9);
        assertEquals(0, chart.length(null), 1e-9);
        // height = 6 + 22 legend + 2 x (2 x 14 + 2 + 10) + 6 = 114
        assertEquals(114, chart.height(), 1e-9);
        String svg = chart.render();
        wellFormed(svg);
        // 2 legend squares + bar x/last click (4) + bar y/assisted (8); none for null and -2
        assertEquals(4, occurrences(svg, "<rect "), svg);
        assertTrue(svg.contains(">last click</text>") && svg.contains(">assisted</text>"), svg);
        assertTrue(svg.contains(">4 (50 %)</text>"), "the note follows the first value: " + svg);
        assertTrue(svg.contains(">–</text>"), "null shows a dash: " + svg);
        assertTrue(svg.contains(">-2</text>"), "a negative value is written, not drawn: " + svg);
        assertTrue(svg.contains("width=\"550\" height=\"14\" fill=\"#f28e2b\""), "second series, longest bar: " + svg);
    }

    @Test
    void barLabelsAreEscapedAndLongOnesShortened() {
        String hostile = "<script>alert('x')</script> & \"friends\"";
        String svg = new ReportBarChart(hostile, List.of("s<1>")).bar(hostile, 1.0)
                .bar("a channel name that is much longer than thirty-two characters", 2.0).render();
        wellFormed(svg);
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;"), svg);
        assertTrue(svg.contains(">a channel name that is much lon…</text>"), svg);
        assertTrue(svg.contains("<title>a channel name that is much longer than thirty-two characters</title>"), svg);
    }

    @Test
    void barsOfZeroDrawNothingAndAMismatchedRowIsRefused() {
        String svg = new ReportBarChart("none", List.of("v")).bar("a", 0.0).bar("b", (Double) null).render();
        wellFormed(svg);
        assertEquals(0, occurrences(svg, "<rect "), svg);
        assertThrows(IllegalArgumentException.class, () -> new ReportBarChart("x", List.of("a", "b")).bar("c", 1.0));
    }

    @Test
    void heatmapColoursEachCellOnOneScaleAndLeavesMissingCellsBlank() {
        ReportHeatmap map = new ReportHeatmap("Retention", List.of("2026-01", "2026-02"), List.of("0", "1"))
                .value(0, 0, 100.0).value(0, 1, 50.0).value(1, 0, 0.0).scaleMax(100).axes("cohort", "month");
        assertEquals(1.0, map.intensity(100), 1e-9);
        assertEquals(0.5, map.intensity(50), 1e-9);
        // 0.5 between #f7fbff and #08306b: red 247 - 119.5 = 127.5 -> 128 (0x80), green 251 - 101.5 -> 150 (0x96),
        // blue 255 - 74 = 181 (0xb5)
        assertEquals("#8096b5", ReportSvg.heat(0.5));
        String svg = map.render();
        wellFormed(svg);
        assertEquals(3, occurrences(svg, "<rect "), "the missing cell has no rect: " + svg);
        assertTrue(svg.contains("fill=\"#08306b\"><title>2026-01 → 0: 100</title>"), svg);
        assertTrue(svg.contains("fill=\"#8096b5\"><title>2026-01 → 1: 50</title>"), svg);
        assertTrue(svg.contains("fill=\"#f7fbff\"><title>2026-02 → 0: 0</title>"), svg);
        assertTrue(svg.contains("fill=\"#ffffff\">100</text>"), "white text on the darkest cell: " + svg);
        assertTrue(svg.contains("fill=\"#1b1b1b\">50</text>"), "dark text on a light cell: " + svg);
        assertFalse(svg.contains("rotate"), "short column labels stay level: " + svg);
    }

    @Test
    void heatmapWithoutAFixedTopUsesTheLargestValueAndCopesWithNothing() {
        ReportHeatmap map = new ReportHeatmap("m", List.of("a"), List.of("b", "c")).value(0, 0, 20.0).value(0, 1, 5.0);
        assertEquals(20, map.top(), 1e-9);
        assertEquals(0.25, map.intensity(5), 1e-9);
        ReportHeatmap zeros = new ReportHeatmap("z", List.of("a"), List.of("b")).value(0, 0, 0.0);
        assertEquals(0, zeros.intensity(0), 1e-9);
        wellFormed(zeros.render());
    }

    @Test
    void heatmapWritesLongColumnLabelsAtAnAngleAndEscapesLabels() {
        ReportHeatmap map = new ReportHeatmap("Segments", List.of("new", "<b>bold</b>"), List.of("potential_loyalists", "lost"))
                .value(0, 0, 3.0).value(1, 1, 7.0);
        assertTrue(map.rotatedColumns());
        String svg = map.render();
        wellFormed(svg);
        assertTrue(svg.contains("rotate(-45)\">potential_loyalists</text>"), svg);
        assertTrue(svg.contains("&lt;b&gt;bold&lt;/b&gt;"), svg);
        assertFalse(svg.contains("<b>"), svg);

        String longName = "a segment whose name runs on and on";
        String shortened = new ReportHeatmap("m", List.of(longName), List.of("x")).value(0, 0, 1.0).render();
        assertTrue(shortened.contains(">a segment whose name runs o…</text>"), "28 characters at most: " + shortened);
        assertTrue(shortened.contains("<title>" + longName + " → x: 1</title>"), "the tooltip keeps it whole: " + shortened);
    }

    @Test
    void lineChartMapsPointsOntoTheAxesAndBreaksLinesAtMissingValues() {
        ReportLineChart chart = new ReportLineChart("LTV", "months", "revenue per customer")
                .line("2026-01", List.of(new ReportLineChart.Point(0, 0.0), new ReportLineChart.Point(10, 100.0)))
                .line("2026-02", List.of(new ReportLineChart.Point(0, 50.0), new ReportLineChart.Point(5, 60.0),
                        new ReportLineChart.Point(10, null)));
        // y ticks for 100: step 20 (100 / 5 = 20 = 2 x 10), 0..100
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), chart.yTicks());
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0), chart.xTicks());
        // left = 22 + width of "100" (3 x 7.2 = 21.6) + 6 = 49.6; plot 760 - 49.6 - 190 = 520.4 wide, 300 - 12 - 40 = 248 high
        assertEquals(49.6, chart.left(), 1e-9);
        assertEquals(570, chart.x(10), 1e-9);
        assertEquals(260, chart.y(0), 1e-9);
        assertEquals(12, chart.y(100), 1e-9);
        String svg = chart.render();
        wellFormed(svg);
        assertTrue(svg.contains("points=\"49.6,260 570,12\""), svg);
        // (0, 50): y = 12 + 248 x 0.5 = 136; (5, 60): x = 49.6 + 260.2 = 309.8, y = 12 + 248 x 0.4 = 111.2; 10 has no value
        assertTrue(svg.contains("points=\"49.6,136 309.8,111.2\""), svg);
        assertEquals(4, occurrences(svg, "<circle "), svg);
        assertTrue(svg.contains(">2026-02</text>"), "legend: " + svg);
    }

    @Test
    void lineChartWithOnePointOrNoValuesStaysFinite() {
        ReportLineChart single = new ReportLineChart("one", "x", "y").line("a", List.of(new ReportLineChart.Point(3, 7.0)));
        wellFormed(single.render());
        assertEquals(single.left() + single.plotWidth() / 2, single.x(3), 1e-9);
        ReportLineChart none = new ReportLineChart("none", "x", "y").line("a", List.of(new ReportLineChart.Point(0, null)));
        assertTrue(none.isEmpty());
        wellFormed(none.render());
    }

    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
        // 1234 / 5 = 246.8 = 2.468 x 100 -> step 200, up to 1400 (7 steps)
        assertEquals(List.of(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1400.0), ReportSvg.ticks(1234));
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0), ReportSvg.ticks(5));
        assertEquals(List.of(0.0, 1.0), ReportSvg.ticks(0));
        assertEquals(List.of(0.0, 1.0), ReportSvg.ticks(Double.NaN));
    }

    @Test
    void textIsEscapedAndNumbersFormattedWithoutTheLocale() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;", ReportText.escape("<a href=\"x\">Tom & Jerry's</a>"));
        assertEquals("ab", ReportText.escape("a\u0000b"), "control characters are dropped");
        assertEquals("", ReportText.escape(null));
        assertEquals("1,234,568", ReportText.money(new java.math.BigDecimal("1234567.50")));
        assertEquals("1,234,567.50", ReportText.cents(new java.math.BigDecimal("1234567.5")));
        assertEquals("12.3 %", ReportText.share(0.1234));
        assertEquals("12.4 %", ReportText.percent(12.35));
        assertEquals("–", ReportText.number(Double.NaN, 1));
        assertEquals("1,234.5", ReportText.number(1234.5, 2));
        assertEquals("12,345", ReportText.count(12_345));
    }
}
