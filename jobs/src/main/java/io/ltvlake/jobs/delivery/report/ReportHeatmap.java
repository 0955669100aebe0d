package io.ltvlake.jobs.delivery.report;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A heatmap as SVG: a grid of rows by columns, each cell coloured by its value on one scale (from
 * 0 to the largest value, or a fixed top such as 100 %) and labelled with it. A cell without a
 * value (a month that has not come yet) is left blank. Used for cohort retention and for the
 * migration matrices.
 */
public final class ReportHeatmap {

    static final double CELL_HEIGHT = 22;
    static final double MIN_CELL_WIDTH = 40;
    static final double AXIS_TITLE = 18;
    static final double MARGIN = 6;

    private final String label;
    private final List<String> rows;
    private final List<String> columns;
    private final List<String> fullRows;
    private final List<String> fullColumns;
    private final Double[][] values;
    private Double scaleMax;
    private String rowTitle = "";
    private String columnTitle = "";
    private DoubleFunction<String> format = value -> ReportText.number(value, 1);

    /** Labels longer than this are shortened with an ellipsis (the cell tooltips keep them whole). */
    static final int LABEL_CHARS = 28;

    public ReportHeatmap(String label, List<String> rows, List<String> columns) {
        this.label = label;
        this.fullRows = List.copyOf(rows);
        this.fullColumns = List.copyOf(columns);
        this.rows = fullRows.stream().map(ReportHeatmap::shown).toList();
        this.columns = fullColumns.stream().map(ReportHeatmap::shown).toList();
        this.values = new Double[rows.size()][columns.size()];
    }

    public ReportHeatmap value(int row, int column, Double value) {
        values[row][column] = value;
        return this;
    }

    /** The value that gets the darkest colour (e.g. 100 for percentages); default: the largest value. */
    public ReportHeatmap scaleMax(double max) {
        this.scaleMax = max;
        return this;
    }

    /** Titles of the row labels (written above them) and of the columns (above the column labels). */
    public ReportHeatmap axes(String rowTitle, String columnTitle) {
        this.rowTitle = Objects.requireNonNullElse(rowTitle, "");
        this.columnTitle = Objects.requireNonNullElse(columnTitle, "");
        return this;
    }

    public ReportHeatmap format(DoubleFunction<String> format) {
        this.format = Objects.requireNonNull(format);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty() || columns.isEmpty();
    }

    /** The top of the colour scale: the fixed one, else the largest value; 0 when there is nothing positive. */
    double top() {
        if (scaleMax != null) {
            return scaleMax;
        }
        double max = 0;
        for (Double[] row : values) {
            for (Double v : row) {
                if (v != null && v > max && !Double.isInfinite(v)) {
                    max = v;
                }
            }
        }
        return max;
    }

    /** Where a value falls on the colour scale, 0..1. */
    double intensity(double value) {
        double top = top();
        return top > 0 ? Math.max(0, Math.min(1, value / top)) : 0;
    }

    double labelWidth() {
        double widest = Math.max(ReportSvg.textWidth(rowTitle), rows.stream().mapToDouble(ReportSvg::textWidth).max().orElse(0));
        return Math.max(50, widest + 12);
    }

    double cellWidth() {
        double widest = 0;
        for (Double[] row : values) {
            for (Double v : row) {
                if (v != null) {
                    widest = Math.max(widest, ReportSvg.textWidth(format.apply(v)));
                }
            }
        }
        return Math.max(MIN_CELL_WIDTH, widest + 8);
    }

    /** Column labels wider than a cell are written at 45 degrees. */
    boolean rotatedColumns() {
        double cell = cellWidth();
        return columns.stream().anyMatch(c -> ReportSvg.textWidth(c) > cell - 4);
    }

    double headerHeight() {
        double labels = rotatedColumns()
                ? columns.stream().mapToDouble(ReportSvg::textWidth).max().orElse(0) * Math.sqrt(0.5) + 14
                : CELL_HEIGHT;
        return AXIS_TITLE + labels;
    }

    double width() {
        return labelWidth() + columns.size() * cellWidth() + MARGIN
                + (rotatedColumns() ? ReportSvg.textWidth(columns.get(columns.size() - 1)) * Math.sqrt(0.5) : 0);
    }

    double height() {
        return MARGIN + headerHeight() + rows.size() * CELL_HEIGHT + MARGIN;
    }

    private static String shown(String label) {
        String text = label == null ? "" : label;
        return text.length() <= LABEL_CHARS ? text : text.substring(0, LABEL_CHARS - 1) + "…";
    }

    public String render() {
        double labelWidth = labelWidth();
        double cell = cellWidth();
        double gridTop = MARGIN + headerHeight();
        StringBuilder svg = new StringBuilder(ReportSvg.open("heatmap", width(), height(), label));
        svg.append("<text x=\"").append(ReportSvg.coordinate(labelWidth)).append("\" y=\"")
                .append(ReportSvg.coordinate(MARGIN + 12)).append("\" font-weight=\"bold\">")
                .append(ReportText.escape(columnTitle)).append("</text>");
        svg.append("<text x=\"").append(ReportSvg.coordinate(labelWidth - 6)).append("\" y=\"")
                .append(ReportSvg.coordinate(gridTop - 6)).append("\" text-anchor=\"end\" font-weight=\"bold\">")
                .append(ReportText.escape(rowTitle)).append("</text>");
        boolean rotated = rotatedColumns();
        for (int c = 0; c < columns.size(); c++) {
            double x = labelWidth + c * cell + cell / 2;
            if (rotated) {
                svg.append("<text transform=\"translate(").append(ReportSvg.coordinate(x - 4)).append(' ')
                        .append(ReportSvg.coordinate(gridTop - 6)).append(") rotate(-45)\">")
                        .append(ReportText.escape(columns.get(c))).append("</text>");
            } else {
                svg.append("<text x=\"").append(ReportSvg.coordinate(x)).append("\" y=\"")
                        .append(ReportSvg.coordinate(gridTop - 6)).append("\" text-anchor=\"middle\">")
                        .append(ReportText.escape(columns.get(c))).append("</text>");
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            double y = gridTop + r * CELL_HEIGHT;
            svg.append("<text x=\"").append(ReportSvg.coordinate(labelWidth - 6)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + CELL_HEIGHT / 2 + 4)).append("\" text-anchor=\"end\">")
                    .append(ReportText.escape(rows.get(r))).append("</text>");
            for (int c = 0; c < columns.size(); c++) {
                Double value = values[r][c];
                if (value == null || value.isNaN()) {
                    continue;
                }
                double x = labelWidth + c * cell;
                double intensity = intensity(value);
                String text = format.apply(value);
                svg.append("<rect x=\"").append(ReportSvg.coordinate(x)).append("\" y=\"").append(ReportSvg.coordinate(y))
                        .append("\" width=\"").append(ReportSvg.coordinate(cell - 1)).append("\" height=\"")
                        .append(ReportSvg.coordinate(CELL_HEIGHT - 1)).append("\" fill=\"").append(ReportSvg.heat(intensity))
                        .append("\"><title>").append(ReportText.escape(fullRows.get(r) + " → " + fullColumns.get(c) + ": " + text))
                        .append("</title></rect>");
                svg.append("<text x=\"").append(ReportSvg.coordinate(x + cell / 2)).append("\" y=\"")
                        .append(ReportSvg.coordinate(y + CELL_HEIGHT / 2 + 4)).append("\" text-anchor=\"middle\" fill=\"")
                        .append(ReportSvg.textOn(intensity)).append("\">").append(ReportText.escape(text)).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }
}
