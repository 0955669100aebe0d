package io.ltvlake.jobs.delivery.report;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.jobs.delivery.report.ReportPage.Part;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's "Journey and profit formula" section: the latest complete month's funnel in people
 * with the weakest step highlighted, the four-factor waterfall of its revenue change, and plan
 * attainment per factor (gold.journey_stages, gold.profit_formula, gold.profit_formula_plan).
 */
final class ReportJourney {

    /** The rows of the business as a whole: every channel, every job. */
    static final String ALL = "(all)";
    /** One stage of the funnel. */
    record Stage(String stage, Long people, Double stepConversion, boolean weakest) {}

    /** One factor of the formula: its value this month and its share of the revenue change. */
    record Factor(String factor, Double value, BigDecimal contribution) {}

    /** One planned measure of the month. */
    record Attainment(String metric, Double actual, Double planMin, Double planBase, Double planMax, String status,
                      Double baseAttainment) {}

    record Journey(LocalDate month, List<Stage> stages, BigDecimal revenue, BigDecimal previousRevenue,
                   BigDecimal revenueChange, String decompositionNote, List<Factor> factors, List<Attainment> plan) {}

    private static final String[][] FACTOR_LABELS = {{"visitors", "visitors"},
            {"visitor_to_buyer_conversion", "visitor → buyer conversion"}, {"average_check", "average check"},
            {"deals_per_buyer", "deals per buyer"}};

    private ReportJourney() {}

    /**
     * The section's data for the latest complete month (up to the run date) of the business as a
     * whole; without one, no stages. {@code collect} brings the few rows to the driver.
     */
    static Journey read(Dataset<Row> stages, Dataset<Row> formula, Dataset<Row> plan, LocalDate runDate,
                        Function<Dataset<Row>, List<Row>> collect) {
        Dataset<Row> months = stages.filter(col("period_type").equalTo("month").and(col("channel").equalTo(ALL))
                .and(col("job").equalTo(ALL)).and(col("is_partial_period").unary_$bang())
                .and(col("period_start").leq(Date.valueOf(runDate))));
        List<Row> latest = collect.apply(months.agg(org.apache.spark.sql.functions.max("period_start").as("month")));
        if (latest.isEmpty() || latest.get(0).isNullAt(0)) {
            return new Journey(null, List.of(), null, null, null, null, List.of(), List.of());
        }
        Date month = latest.get(0).getDate(0);
        List<Stage> funnel = new ArrayList<>();
        for (Row r : collect.apply(months.filter(col("period_start").equalTo(month)).orderBy("stage_order"))) {
            funnel.add(new Stage(r.getAs("stage"), r.getAs("people"), r.getAs("step_conversion"), r.<Boolean>getAs("is_weakest_step")));
        }
        List<Row> formulaRows = collect.apply(formula.filter(col("period_type").equalTo("month").and(col("channel").equalTo(ALL))
                .and(col("period_start").equalTo(month))));
        List<Factor> factors = new ArrayList<>();
        BigDecimal revenue = null;
        BigDecimal previous = null;
        BigDecimal change = null;
        String note = "no profit formula row for the month";
        if (!formulaRows.isEmpty()) {
            Row f = formulaRows.get(0);
            revenue = f.getAs("revenue");
            previous = f.getAs("previous_revenue");
            change = f.getAs("revenue_change");
            note = f.getAs("decomposition_note");
            for (String[] factor : FACTOR_LABELS) {
                Object value = f.getAs(factor[0]);
                factors.add(new Factor(factor[1], value == null ? null : ((Number) value).doubleValue(),
                        f.getAs(factor[0] + "_contribution")));
            }
        }
        List<Attainment> attainment = new ArrayList<>();
        for (Row p : collect.apply(plan.filter(col("channel").equalTo(ALL).and(col("month").equalTo(month))).orderBy("metric"))) {
            attainment.add(new Attainment(p.getAs("metric"), number(p.getAs("actual")), number(p.getAs("plan_min")),
                    number(p.getAs("plan_base")), number(p.getAs("plan_max")), p.getAs("plan_status"), p.getAs("base_attainment")));
        }
        return new Journey(month.toLocalDate(), funnel, revenue, previous, change, note, factors, attainment);
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** The section: {@code chart} adds a chart with its caption, {@code absent} a note, {@code source} the tables. */
    static void render(Part<Journey> part, StringBuilder html, BiConsumer<String, String> chart, Consumer<String> absent,
                       Consumer<String> source) {
        html.append("<section id=\"journey\"><h2>Journey in people and the profit formula</h2>");
        if (!part.present()) {
            absent.accept(part.absent());
        } else if (part.data().stages().isEmpty()) {
            absent.accept("No complete month yet.");
        } else {
            Journey j = part.data();
            html.append("<p class=\"sub\">").append(j.month().toString(), 0, 7)
                    .append(", the whole business, in people: every stage counts each person once.");
            j.stages().stream().filter(Stage::weakest).findFirst().ifPresent(s -> html.append(" Fix first: <b>")
                    .append(ReportText.escape(s.stage().replace('_', ' '))).append("</b>, the step furthest below its usual "
                            + "conversion (the median of the 6 months before)."));
            html.append("</p>");
            chart.accept(funnelChart(j.stages()), "People at each stage with the conversion from the stage before; "
                    + "the weakest step against its own 6-month median in red. A dash: not measured (no impressions or "
                    + "no web sessions in the data).");
            if (j.factors().isEmpty() || j.factors().get(0).contribution() == null) {
                absent.accept("Revenue change by factor: " + (j.decompositionNote() == null ? "not available" : j.decompositionNote()) + ".");
            } else {
                chart.accept(waterfall(j), "Revenue = visitors × conversion × average check × deals per buyer. The change "
                        + "from the month before, split among the four factors (additive log decomposition: the bars add up "
                        + "to the change exactly).");
            }
            factorTable(html, j);
            planTable(html, j, absent);
        }
        source.accept("gold.journey_stages, gold.profit_formula, gold.profit_formula_plan");
        html.append("</section>");
    }

    static final double WIDTH = 760;
    static final double LABEL = 140;
    static final double VALUE_ROOM = 190;
    static final double BAR = 18;
    static final double GAP = 8;
    static final String WEAKEST = "#e15759";

    /** Horizontal bars, one per stage, the weakest step in red. */
    static String funnelChart(List<Stage> stages) {
        double plot = WIDTH - LABEL - VALUE_ROOM;
        double height = GAP + stages.size() * (BAR + GAP);
        double max = stages.stream().filter(s -> s.people() != null).mapToDouble(s -> s.people().doubleValue()).max().orElse(0);
        StringBuilder svg = new StringBuilder(ReportSvg.open("journey-funnel", WIDTH, height, "Journey in people"));
        double y = GAP;
        for (Stage s : stages) {
            String label = s.stage().replace('_', ' ');
            double length = s.people() == null || max <= 0 ? 0 : Math.max(1, plot * s.people() / max);
            String fill = s.weakest() ? WEAKEST : ReportSvg.colour(0);
            svg.append("<text x=\"").append(ReportSvg.coordinate(LABEL - 6)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + BAR - 5)).append("\" text-anchor=\"end\">")
                    .append(ReportText.escape(label)).append("</text>");
            if (length > 0) {
                svg.append("<rect x=\"").append(ReportSvg.coordinate(LABEL)).append("\" y=\"").append(ReportSvg.coordinate(y))
                        .append("\" width=\"").append(ReportSvg.coordinate(length)).append("\" height=\"")
                        .append(ReportSvg.coordinate(BAR)).append("\" fill=\"").append(fill).append("\"><title>")
                        .append(ReportText.escape(label + ": " + ReportText.count(s.people()))).append("</title></rect>");
            }
            String text = (s.people() == null ? "–" : ReportText.count(s.people()))
                    + (s.stepConversion() == null ? "" : " (" + ReportText.share(s.stepConversion()) + " of the stage before)")
                    + (s.weakest() ? " ← fix first" : "");
            svg.append("<text x=\"").append(ReportSvg.coordinate(LABEL + length + 4)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + BAR - 5)).append("\" fill=\"").append(s.weakest() ? WEAKEST : "#333333")
                    .append("\">").append(ReportText.escape(text)).append("</text>");
            y += BAR + GAP;
        }
        return svg.append("</svg>").toString();
    }

    /** A waterfall: last month's revenue, the four contributions floating from there, this month's revenue. */
    static String waterfall(Journey j) {
        List<String> labels = new ArrayList<>(List.of("previous month"));
        List<BigDecimal> steps = new ArrayList<>();
        for (Factor f : j.factors()) {
            labels.add(f.factor());
            steps.add(f.contribution());
        }
        labels.add("this month");
        double start = j.previousRevenue().doubleValue();
        double running = start;
        double lowest = Math.min(0, start);
        double highest = Math.max(0, start);
        for (BigDecimal step : steps) {
            running += step.doubleValue();
            lowest = Math.min(lowest, running);
            highest = Math.max(highest, running);
        }
        double plot = WIDTH - LABEL - VALUE_ROOM;
        double span = highest - lowest <= 0 ? 1 : highest - lowest;
        double height = GAP + labels.size() * (BAR + GAP);
        StringBuilder svg = new StringBuilder(ReportSvg.open("waterfall", WIDTH, height, "Revenue change by factor"));
        double y = GAP;
        running = start;
        for (int i = 0; i < labels.size(); i++) {
            double from;
            double to;
            String fill;
            String value;
            if (i == 0) {
                from = 0;
                to = start;
                fill = ReportSvg.colour(0);
                value = ReportText.cents(j.previousRevenue());
            } else if (i == labels.size() - 1) {
                from = 0;
                to = j.revenue().doubleValue();
                fill = ReportSvg.colour(0);
                value = ReportText.cents(j.revenue()) + " (change " + signed(j.revenueChange()) + ")";
            } else {
                BigDecimal step = steps.get(i - 1);
                from = running;
                to = running + step.doubleValue();
                running = to;
                fill = step.signum() >= 0 ? ReportSvg.colour(2) : WEAKEST;
                value = signed(step);
            }
            double x0 = LABEL + plot * (Math.min(from, to) - lowest) / span;
            double width = Math.max(1, plot * Math.abs(to - from) / span);
            svg.append("<text x=\"").append(ReportSvg.coordinate(LABEL - 6)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + BAR - 5)).append("\" text-anchor=\"end\">")
                    .append(ReportText.escape(labels.get(i))).append("</text>")
                    .append("<rect x=\"").append(ReportSvg.coordinate(x0)).append("\" y=\"").append(ReportSvg.coordinate(y))
                    .append("\" width=\"").append(ReportSvg.coordinate(width)).append("\" height=\"")
                    .append(ReportSvg.coordinate(BAR)).append("\" fill=\"").append(fill).append("\"><title>")
                    .append(ReportText.escape(labels.get(i) + ": " + value)).append("</title></rect>")
                    .append("<text x=\"").append(ReportSvg.coordinate(x0 + width + 4)).append("\" y=\"")
                    .append(ReportSvg.coordinate(y + BAR - 5)).append("\" fill=\"#333333\">").append(ReportText.escape(value))
                    .append("</text>");
            y += BAR + GAP;
        }
        return svg.append("</svg>").toString();
    }

    private static String signed(BigDecimal amount) {
        return (amount.signum() > 0 ? "+" : amount.signum() < 0 ? "−" : "") + ReportText.cents(amount.abs());
    }

    private static void factorTable(StringBuilder html, Journey j) {
        html.append("<table><thead><tr><th>factor</th><th class=\"num\">this month</th><th class=\"num\">share of the "
                + "revenue change</th></tr></thead><tbody>");
        for (Factor f : j.factors()) {
            String value = f.value() == null ? "–" : f.factor().contains("conversion") ? ReportText.share(f.value())
                    : f.factor().equals("visitors") ? ReportText.count(Math.round(f.value())) : ReportText.number(f.value(), 2);
            html.append("<tr><td>").append(ReportText.escape(f.factor())).append("</td><td class=\"num\">")
                    .append(ReportText.escape(value)).append("</td><td class=\"num\">")
                    .append(ReportText.escape(f.contribution() == null ? "–" : signed(f.contribution()))).append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void planTable(StringBuilder html, Journey j, Consumer<String> absent) {
        html.append("<h3>Plan attainment</h3>");
        if (j.plan().isEmpty()) {
            absent.accept("No plan lines for the formula's measures this month (ltvlake.funnel.plan: visitors, "
                    + "visitor_to_buyer_conversion, average_check, deals_per_buyer, revenue).");
            return;
        }
        html.append("<table><thead><tr><th>measure</th><th class=\"num\">actual</th><th class=\"num\">min</th>"
                + "<th class=\"num\">base</th><th class=\"num\">max</th><th class=\"num\">of base</th><th>status</th></tr>"
                + "</thead><tbody>");
        for (Attainment a : j.plan()) {
            html.append("<tr><td>").append(ReportText.escape(a.metric().replace('_', ' '))).append("</td>");
            for (Double level : new Double[] {a.actual(), a.planMin(), a.planBase(), a.planMax()}) {
                html.append("<td class=\"num\">").append(ReportText.escape(ReportText.number(level, 2))).append("</td>");
            }
            html.append("<td class=\"num\">").append(ReportText.escape(ReportText.share(a.baseAttainment())))
                    .append("</td><td>").append(ReportText.escape(a.status() == null ? "–" : a.status().replace('_', ' ')))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }
}
