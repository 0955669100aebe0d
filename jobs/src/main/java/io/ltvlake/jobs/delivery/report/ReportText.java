package io.ltvlake.jobs.delivery.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Text for the HTML report: escaping and number formats. Every piece of data that reaches the
 * page (labels from marts and config, numbers) goes through here, so a segment or channel named
 * {@code <script>} shows as text and never runs.
 */
public final class ReportText {

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private ReportText() {}

    /**
     * Escapes text for HTML and SVG, in element content and in quoted attribute values alike:
     * {@code & < > " '} become entities; control characters other than tab and newline are
     * dropped, since XML cannot carry them. {@code null} becomes the empty string.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A whole number with thousands separators: 12,345. */
    public static String count(long value) {
        return pattern("#,##0").format(value);
    }

    /** Money rounded to whole units with separators (12,346); null as a dash. */
    public static String money(BigDecimal value) {
        return value == null ? "–" : pattern("#,##0").format(value.setScale(0, RoundingMode.HALF_UP));
    }

    /** Money to the cent with separators (12,345.60); null as a dash. */
    public static String cents(BigDecimal value) {
        return value == null ? "–" : pattern("#,##0.00").format(value.setScale(2, RoundingMode.HALF_UP));
    }

    /** A number with separators and at most {@code decimals} decimals (trailing zeros dropped); NaN and null as a dash. */
    public static String number(Double value, int decimals) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "–";
        }
        // the shortest decimal text of the double, so 12.35 rounds to 12.4, not to 12.3 from its binary 12.34999...
        return pattern("#,##0" + (decimals > 0 ? "." + "#".repeat(decimals) : "")).format(BigDecimal.valueOf(value));
    }

    /** A share (0.1234) as a percentage with one decimal: 12.3 %; null as a dash. */
    public static String share(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? "–" : pattern("0.0").format(BigDecimal.valueOf(value).movePointRight(2)) + " %";
    }

    /** A percentage already in percent (12.34) with one decimal: 12.3 %; null as a dash. */
    public static String percent(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? "–" : pattern("0.0").format(BigDecimal.valueOf(value)) + " %";
    }

    private static DecimalFormat pattern(String pattern) {
        DecimalFormat format = new DecimalFormat(pattern, SYMBOLS);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format;
    }
}
