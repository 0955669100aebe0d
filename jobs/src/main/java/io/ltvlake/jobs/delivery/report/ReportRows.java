package io.ltvlake.jobs.delivery.report;

import io.ltvlake.jobs.gold.rfm.RfmConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.gold.shared.MigrationTransforms;
import io.ltvlake.jobs.delivery.report.ReportPage.ChannelConversions;
import io.ltvlake.jobs.delivery.report.ReportPage.CurvePoint;
import io.ltvlake.jobs.delivery.report.ReportPage.Funnel;
import io.ltvlake.jobs.delivery.report.ReportPage.FunnelChannel;
import io.ltvlake.jobs.delivery.report.ReportPage.Headline;
import io.ltvlake.jobs.delivery.report.ReportPage.Matrix;
import io.ltvlake.jobs.delivery.report.ReportPage.MonthOrders;
import io.ltvlake.jobs.delivery.report.ReportPage.RetentionCell;
import io.ltvlake.jobs.delivery.report.ReportPage.Segment;
import io.ltvlake.jobs.delivery.report.ReportPage.Transition;
import io.ltvlake.jobs.gold.rfm.RfmTransforms;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The collected rows of {@link ReportTransforms}, as the records {@link ReportPage} draws. Field by field, nothing computed. */
final class ReportRows {

    private ReportRows() {}

    private static long whole(Row row, String column) {
        Object value = row.getAs(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double real(Row row, String column) {
        Object value = row.getAs(column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static double realOrZero(Row row, String column) {
        Double value = real(row, column);
        return value == null ? 0 : value;
    }

    private static LocalDate date(Row row, String column) {
        Date value = row.getAs(column);
        return value == null ? null : value.toLocalDate();
    }

    static Headline headline(Row r) {
        return new Headline(date(r, "first_month"), date(r, "last_month"), r.getAs("revenue"), whole(r, "purchase_orders"),
                whole(r, "customer_purchase_orders"), whole(r, "deals"), real(r, "orders_per_deal"), whole(r, "customers"),
                whole(r, "repeat_customers"), real(r, "repeat_rate"));
    }

    static List<MonthOrders> months(List<Row> rows) {
        return rows.stream().map(r -> new MonthOrders(date(r, "month"), whole(r, "purchase_orders"), whole(r, "deals_opened")))
                .toList();
    }

    static List<RetentionCell> retention(List<Row> rows) {
        return rows.stream().map(r -> new RetentionCell(date(r, "cohort_month"), r.<Integer>getAs("months_since_acquisition"),
                whole(r, "cohort_customers"), realOrZero(r, "retention_percent"), r.<Boolean>getAs("is_partial_month"))).toList();
    }

    /** Curves named by cohort month and size: "2026-01 (412)". */
    static List<CurvePoint> cohortCurves(List<Row> rows) {
        return rows.stream().map(r -> new CurvePoint(YearMonth.from(date(r, "cohort_month")) + " (" + whole(r, "cohort_customers")
                + ")", r.<Integer>getAs("months_since_acquisition"), r.getAs("cumulative_revenue_per_customer"))).toList();
    }

    static List<CurvePoint> channelCurves(List<Row> rows) {
        return rows.stream().map(r -> new CurvePoint(r.getAs("channel"), r.<Integer>getAs("months_since_acquisition"),
                r.getAs("cumulative_revenue_per_customer"))).toList();
    }

    static List<Segment> segments(List<Row> rows) {
        return rows.stream().map(r -> new Segment(date(r, "snapshot_date"), r.getAs("segment"), r.getAs("segment_name"),
                whole(r, "customers"), realOrZero(r, "customer_share"), r.getAs("revenue"), realOrZero(r, "revenue_share"),
                realOrZero(r, "average_recency_days"), realOrZero(r, "average_frequency"), r.getAs("average_monetary"))).toList();
    }

    private static List<Transition> transitions(List<Row> rows, String from, String to, String fromValue, String toValue) {
        return rows.stream().map(r -> new Transition(r.getAs(from), r.getAs(to), whole(r, "customers"),
                r.<BigDecimal>getAs(fromValue), r.<BigDecimal>getAs(toValue))).toList();
    }

    /** The JTBD matrix: new and none first, jobs alphabetically, churned last; periods as 2026-05 or 2026-04 (quarter). */
    static Matrix jtbdMatrix(List<Row> rows) {
        List<Transition> transitions = transitions(rows, "from_job", "to_job", "from_revenue", "to_revenue");
        List<List<String>> order = ReportPage.order(transitions, List.of(MigrationTransforms.NEW, MigrationTransforms.NONE),
                List.of(), List.of(MigrationTransforms.CHURNED));
        String from = rows.isEmpty() ? "" : period(date(rows.get(0), "from_period"), rows.get(0).getAs("period_type"));
        String to = rows.isEmpty() ? "" : period(date(rows.get(0), "to_period"), rows.get(0).getAs("period_type"));
        return new Matrix(from, to, order.get(0), order.get(1), Map.of(), transitions);
    }

    private static String period(LocalDate start, String type) {
        return "quarter".equals(type) ? start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1)
                : YearMonth.from(start).toString();
    }

    /** The RFM matrix: new and reactivated first, segments in the order of the configured map (shown by name), lost last. */
    static Matrix rfmMatrix(List<Row> rows, List<RfmConfig.RfmSegmentRule> segments) {
        List<Transition> transitions = transitions(rows, "from_segment", "to_segment", "from_monetary", "to_monetary");
        Map<String, String> names = new LinkedHashMap<>();
        segments.forEach(s -> names.put(s.id(), s.name()));
        List<List<String>> order = ReportPage.order(transitions, List.of(RfmTransforms.NEW, RfmTransforms.REACTIVATED),
                List.copyOf(names.keySet()), List.of(RfmTransforms.LOST));
        String from = rows.isEmpty() ? "" : String.valueOf(date(rows.get(0), "from_snapshot_date"));
        String to = rows.isEmpty() ? "" : String.valueOf(date(rows.get(0), "to_snapshot_date"));
        return new Matrix(from, to, order.get(0), order.get(1), names, transitions);
    }

    static List<ChannelConversions> channelConversions(List<Row> rows) {
        return rows.stream().map(r -> new ChannelConversions(r.getAs("channel"), realOrZero(r, "last_interaction_conversions"),
                realOrZero(r, "assisted_conversions"), real(r, "first_interaction_conversions"),
                r.getAs("last_interaction_value"), r.getAs("assisted_value"), real(r, "assisted_to_last_ratio"),
                r.getAs("first_period"), r.getAs("last_period"))).toList();
    }

    /** The funnel month; complete when the month ended by the run date. */
    static Funnel funnel(List<Row> rows, LocalDate runDate) {
        LocalDate month = rows.isEmpty() ? runDate.withDayOfMonth(1) : date(rows.get(0), "month");
        return new Funnel(month, !YearMonth.from(month).atEndOfMonth().isAfter(runDate), rows.stream()
                .map(r -> new FunnelChannel(r.getAs("channel"), whole(r, "sessions"), whole(r, "leads"), whole(r, "deals"),
                        whole(r, "first_deals_from_leads"), r.getAs("revenue"))).toList());
    }
}
