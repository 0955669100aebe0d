package io.ltvlake.jobs.delivery.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A line chart as SVG: one line per series over a numeric x axis, the y axis from 0 to a nice
 * value above the largest point, a legend on the right. A point without a value breaks its line
 * (a cohort that has not reached that month yet simply ends). Used for the LTV curves.
 */
public final class ReportLineChart {

    static final double WIDTH = 760;
    static final double HEIGHT = 300;
    static final double TOP = 12;
    static final double BOTTOM = 40;
    static final double LEGEND = 190;
    static final int LEGEND_CHARS = 26;

    /** A point; {@code y} null = no value there. */
    public record Point(double x, Double y) {}

    private record Line(String name, List<Point> points) {}

    private final String label;
    private final String xTitle;
    private final String yTitle;
    private final List<Line> lines = new ArrayList<>();
    private DoubleFunction<String> format = value -> ReportText.number(value, 0);

    public ReportLineChart(String label, String xTitle, String yTitle) {
        this.label = label;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /** How y values are written on the axis and in tooltips (default: whole numbers). */
    public ReportLineChart format(DoubleFunction<String> format) {
        this.format = Objects.requireNonNull(format);
        return this;
    }

    public ReportLineChart line(String name, List<Point> points) {
        lines.add(new Line(name == null ? "" : name, List.copyOf(points)));
        return this;
    }

    public boolean isEmpty() {
        return lines.stream().allMatch(l -> l.points().stream().allMatch(p -> p.y() == null));
    }

    private List<Point> all() {
        return lines.stream().flatMap(l -> l.points().stream()).filter(p -> p.y() != null && !p.y().isNaN()).toList();
    }

    double xMin() {
        return all().stream().mapToDouble(Point::x).min().orElse(0);
    }

    double xMax() {
        return all().stream().mapToDouble(Point::x).max().orElse(1);
    }

    List<Double> yTicks() {
        return ReportSvg.ticks(all().stream().mapToDouble(Point::y).max().orElse(0));
    }

    List<Double> xTicks() {
        double span = xMax() - xMin();
        return ReportSvg.ticks(span).stream().map(t -> t + xMin()).filter(t -> t <= xMax() + 1e-9).toList();
    }

    double left() {
        double widest = yTicks().stream().mapToDouble(t -> ReportSvg.textWidth(format.apply(t))).max().orElse(0);
        return 22 + widest + 6;
    }

    double plotWidth() {
        return WIDTH - left() - LEGEND;
    }

    double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** The pixel column of {@code x}; a single x value sits in the middle. */
    double x(double x) {
        double span = xMax() - xMin();
        return left() + (span > 0 ? plotWidth() * (x - xMin()) / span : plotWidth() / 2);
    }

    /** The pixel row of {@code y}: 0 at the bottom of the plot, the top tick at its top. */
    double y(double y) {
        List<Double> ticks = yTicks();
        double top = ticks.get(ticks.size() - 1);
        return TOP + plotHeight() * (1 - Math.max(0, y) / top);
    }

    public String render() {
        StringBuilder svg = new StringBuilder(ReportSvg.open("line-chart", WIDTH, HEIGHT, label));
        double left = left();
        double bottom = TOP + plotHeight();
        for (double tick : yTicks()) {
            double y = y(tick);
            svg.append("<line x1=\"").append(ReportSvg.coordinate(left)).append("\" x2=\"")
                    .append(ReportSvg.coordinate(left + plotWidth())).append("\" y1=\"").append(ReportSvg.coordinate(y))
                    .append("\" y2=\"").append(ReportSvg.coordinate(y)).append("\" stroke=\"#e3e3e3\"/>")
                    .append("<text x=\"").append(ReportSvg.coordinate(left - 6)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + 4)).append("\" text-anchor=\"end\">")
                    .append(ReportText.escape(format.apply(tick))).append("</text>");
        }
        for (double tick : xTicks()) {
            double x = x(tick);
            svg.append("<line x1=\"").append(ReportSvg.coordinate(x)).append("\" x2=\"").append(ReportSvg.coordinate(x))
                    .append("\" y1=\"").append(ReportSvg.coordinate(bottom)).append("\" y2=\"")
                    .append(ReportSvg.coordinate(bottom + 4)).append("\" stroke=\"#666666\"/>")
                    .append("<text x=\"").append(ReportSvg.coordinate(x)).append("\" y=\"")
                    .append(ReportSvg.coordinate(bottom + 16)).append("\" text-anchor=\"middle\">")
                    .append(ReportText.escape(ReportText.number(tick, 1))).append("</text>");
        }
        svg.append("<line x1=\"").append(ReportSvg.coordinate(left)).append("\" x2=\"")
                .append(ReportSvg.coordinate(left + plotWidth())).append("\" y1=\"").append(ReportSvg.coordinate(bottom))
                .append("\" y2=\"").append(ReportSvg.coordinate(bottom)).append("\" stroke=\"#666666\"/>");
        svg.append("<text x=\"").append(ReportSvg.coordinate(left + plotWidth() / 2)).append("\" y=\"")
                .append(ReportSvg.coordinate(HEIGHT - 6)).append("\" text-anchor=\"middle\">")
                .append(ReportText.escape(xTitle)).append("</text>");
        svg.append("<text transform=\"translate(12 ").append(ReportSvg.coordinate(TOP + plotHeight() / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(ReportText.escape(yTitle)).append("</text>");

        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String colour = ReportSvg.colour(i);
            List<String> run = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (Point p : line.points()) {
                if (p.y() == null || p.y().isNaN()) {
                    polyline(svg, run, colour);
                    continue;
                }
                String at = ReportSvg.coordinate(x(p.x())) + "," + ReportSvg.coordinate(y(p.y()));
                run.add(at);
                dots.append("<circle cx=\"").append(ReportSvg.coordinate(x(p.x()))).append("\" cy=\"")
                        .append(ReportSvg.coordinate(y(p.y()))).append("\" r=\"2.5\" fill=\"").append(colour)
                        .append("\"><title>").append(ReportText.escape(line.name() + " — " + xTitle + " "
                                + ReportText.number(p.x(), 1) + ": " + format.apply(p.y()))).append("</title></circle>");
            }
            polyline(svg, run, colour);
            svg.append(dots);
            double legendY = TOP + 8 + i * 18;
            double legendX = WIDTH - LEGEND + 14;
            String name = line.name().length() <= LEGEND_CHARS ? line.name() : line.name().substring(0, LEGEND_CHARS - 1) + "…";
            svg.append("<line x1=\"").append(ReportSvg.coordinate(legendX)).append("\" x2=\"")
                    .append(ReportSvg.coordinate(legendX + 18)).append("\" y1=\"").append(ReportSvg.coordinate(legendY))
                    .append("\" y2=\"").append(ReportSvg.coordinate(legendY)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"3\"/><text x=\"").append(ReportSvg.coordinate(legendX + 24)).append("\" y=\"")
                    .append(ReportSvg.coordinate(legendY + 4)).append("\">").append(ReportText.escape(name)).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static void polyline(StringBuilder svg, List<String> run, String colour) {
        if (run.size() > 1) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(String.join(" ", run)).append("\"/>");
        }
        run.clear();
    }
}
