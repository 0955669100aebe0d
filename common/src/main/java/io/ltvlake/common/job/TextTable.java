package io.ltvlake.common.job;

import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table for terminals: run summaries, job graphs, SQL results. */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    public TextTable(String... header) {
        this.header = List.of(header);
        this.rightAligned = new boolean[header.length];
    }

    /** Numbers read best right-aligned. */
    public TextTable alignRight(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    public String render() {
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], c < row.size() ? row.get(c).length() : 0);
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        out.append(rule).append('\n');
        for (List<String> row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            String pad = " ".repeat(width[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(rightAligned[c] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** 1234567 → "1,234,567". */
    public static String count(long n) {
        return String.format("%,d", n);
    }

    /** A share 0-1 as "12.3 %"; "-" for null (no denominator). */
    public static String percent(Double share) {
        return share == null ? "-" : String.format("%.1f %%", 100 * share);
    }

    /** A duration as m:ss.s. */
    public static String duration(java.time.Duration d) {
        long millis = d.toMillis();
        return String.format("%d:%04.1f", millis / 60000, (millis % 60000) / 1000.0);
    }
}
