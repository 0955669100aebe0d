package io.ltvlake.jobs.delivery.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the report's charts share: the SVG element, coordinates as text, the series palette, the
 * heat scale and "nice" axis ticks. Charts are plain SVG, drawn on the server, so the report needs
 * no script library and no network.
 */
public final class ReportSvg {

    /** Series colours (Tableau 10): distinct for the common kinds of colour blindness. */
    static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    /** Font size of chart text in pixels; also the base of the layout (label widths are estimated from it). */
    static final int FONT = 12;

    private ReportSvg() {}

    /** The opening tag of a chart: fixed size, scaling with the page, labelled for screen readers. */
    static String open(String kind, double width, double height, String label) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart " + kind + "\" role=\"img\" width=\"" + coordinate(width)
                + "\" height=\"" + coordinate(height) + "\" viewBox=\"0 0 " + coordinate(width) + " " + coordinate(height)
                + "\" aria-label=\"" + ReportText.escape(label) + "\" font-size=\"" + FONT + "\"><title>"
                + ReportText.escape(label) + "</title>";
    }

    /** A coordinate with at most one decimal, never "-0" and never in exponent notation. */
    static String coordinate(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        if (rounded == 0) {
            return "0";
        }
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : String.format(Locale.ROOT, "%.1f", rounded);
    }

    static String colour(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /**
     * The heat colour of {@code intensity} in 0..1: from near-white (#f7fbff) to dark blue
     * (#08306b), linear in each of red, green and blue; outside 0..1 is clamped.
     */
    static String heat(double intensity) {
        double t = Double.isNaN(intensity) ? 0 : Math.max(0, Math.min(1, intensity));
        int red = (int) Math.round(0xf7 + (0x08 - 0xf7) * t);
        int green = (int) Math.round(0xfb + (0x30 - 0xfb) * t);
        int blue = (int) Math.round(0xff + (0x6b - 0xff) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }

    /** Text on a heat cell: dark on light cells, white on dark ones. */
    static String textOn(double intensity) {
        return intensity > 0.55 ? "#ffffff" : "#1b1b1b";
    }

    /** Estimated width of a text in pixels (no font metrics on the server): 0.6 em per character. */
    static double textWidth(String text) {
        return text.length() * FONT * 0.6;
    }

    /**
     * Axis ticks from 0 to the first "nice" value (1, 2 or 5 times a power of ten per step) at
     * or above {@code max}, about five steps. A max of 0 or less gives 0 and 1.
     */
    static List<Double> ticks(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return List.of(0.0, 1.0);
        }
        double rough = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalised = rough / magnitude;
        double step = (normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10) * magnitude;
        List<Double> ticks = new ArrayList<>();
        long steps = (long) Math.ceil(max / step - 1e-9);
        for (long i = 0; i <= steps; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }
}
