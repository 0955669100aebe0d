package io.ltvlake.jobs.delivery.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A horizontal bar chart as SVG: one group of bars per category (a label on the left), one bar
 * per series, with the value (and an optional note) written after each group's bars. All bars
 * share one scale: the longest is the largest value. Null values draw no bar and show a dash;
 * negative values draw no bar but show their value.
 */
public final class ReportBarChart {

    static final double WIDTH = 760;
    static final double VALUE_ROOM = 150;
    static final double BAR = 14;
    static final double BAR_GAP = 2;
    static final double GROUP_GAP = 10;
    static final double TOP = 6;
    static final double LEGEND = 22;
    static final int LABEL_CHARS = 32;

    private record Group(String category, List<Double> values, String note) {}

    private final String label;
    private final List<String> series;
    private final List<Group> groups = new ArrayList<>();
    private DoubleFunction<String> format = value -> ReportText.number(value, 1);

    /** A chart described by {@code label} (its title for screen readers and tooltips) with the named series. */
    public ReportBarChart(String label, List<String> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one series");
        }
        this.label = label;
        this.series = List.copyOf(series);
    }

    /** How values are written beside the bars (default: up to one decimal). */
    public ReportBarChart format(DoubleFunction<String> format) {
        this.format = Objects.requireNonNull(format);
        return this;
    }

    /** A category with one value per series (null: no value). */
    public ReportBarChart bar(String category, Double... values) {
        return bar(category, null, values);
    }

    /** A category with one value per series and a note written after the values, e.g. a conversion rate. */
    public ReportBarChart bar(String category, String note, Double... values) {
        if (values == null) {
            values = new Double[] {null};
        }
        if (values.length != series.size()) {
            throw new IllegalArgumentException("category '" + category + "' has " + values.length + " values for "
                    + series.size() + " series");
        }
        groups.add(new Group(category == null ? "" : category, Arrays.asList(values.clone()), note));
        return this;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Width of the label column: the longest label (up to {@value #LABEL_CHARS} characters), between 60 and 240 px. */
    double labelWidth() {
        double widest = groups.stream().mapToDouble(g -> ReportSvg.textWidth(shown(g.category()))).max().orElse(0);
        return Math.max(60, Math.min(240, widest + 12));
    }

    double plotWidth() {
        return WIDTH - labelWidth() - VALUE_ROOM;
    }

    double groupHeight() {
        return series.size() * BAR + (series.size() - 1) * BAR_GAP + GROUP_GAP;
    }

    double height() {
        return TOP + legendHeight() + groups.size() * groupHeight() + TOP;
    }

    private double legendHeight() {
        return series.size() > 1 ? LEGEND : 0;
    }

    /** The largest value, the length of the longest bar; 0 when no value is positive. */
    double maxValue() {
        return groups.stream().flatMap(g -> g.values().stream()).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).filter(v -> v > 0 && !Double.isInfinite(v)).max().orElse(0);
    }

    /** Length of a bar in pixels. */
    double length(Double value) {
        double max = maxValue();
        if (value == null || !(value > 0) || max <= 0) {
            return 0;
        }
        return plotWidth() * Math.min(value, max) / max;
    }

    public String render() {
        double labelWidth = labelWidth();
        StringBuilder svg = new StringBuilder(ReportSvg.open("bar-chart", WIDTH, height(), label));
        if (series.size() > 1) {
            double x = labelWidth;
            for (int s = 0; s < series.size(); s++) {
                svg.append("<rect x=\"").append(ReportSvg.coordinate(x)).append("\" y=\"").append(ReportSvg.coordinate(TOP))
                        .append("\" width=\"10\" height=\"10\" fill=\"").append(ReportSvg.colour(s)).append("\"/>")
                        .append("<text x=\"").append(ReportSvg.coordinate(x + 14)).append("\" y=\"")
                        .append(ReportSvg.coordinate(TOP + 9)).append("\">").append(ReportText.escape(series.get(s)))
                        .append("</text>");
                x += 14 + ReportSvg.textWidth(series.get(s)) + 18;
            }
        }
        double y = TOP + legendHeight();
        for (Group group : groups) {
            double barsHeight = groupHeight() - GROUP_GAP;
            svg.append("<text x=\"").append(ReportSvg.coordinate(labelWidth - 6)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + barsHeight / 2 + 4)).append("\" text-anchor=\"end\"><title>")
                    .append(ReportText.escape(group.category())).append("</title>")
                    .append(ReportText.escape(shown(group.category()))).append("</text>");
            for (int s = 0; s < series.size(); s++) {
                Double value = group.values().get(s);
                double barY = y + s * (BAR + BAR_GAP);
                double length = length(value);
                String text = value == null ? "–" : format.apply(value);
                if (length > 0) {
                    svg.append("<rect x=\"").append(ReportSvg.coordinate(labelWidth)).append("\" y=\"")
                            .append(ReportSvg.coordinate(barY)).append("\" width=\"").append(ReportSvg.coordinate(length))
                            .append("\" height=\"").append(ReportSvg.coordinate(BAR)).append("\" fill=\"")
                            .append(ReportSvg.colour(s)).append("\"><title>")
                            .append(ReportText.escape(group.category() + " — " + series.get(s) + ": " + text))
                            .append("</title></rect>");
                }
                String note = s == 0 && group.note() != null ? " (" + group.note() + ")" : "";
                svg.append("<text x=\"").append(ReportSvg.coordinate(labelWidth + length + 4)).append("\" y=\"")
                        .append(ReportSvg.coordinate(barY + BAR - 3)).append("\" fill=\"#333333\">")
                        .append(ReportText.escape(text + note)).append("</text>");
            }
            y += groupHeight();
        }
        return svg.append("</svg>").toString();
    }

    private static String shown(String category) {
        return category.length() <= LABEL_CHARS ? category : category.substring(0, LABEL_CHARS - 1) + "…";
    }
}
