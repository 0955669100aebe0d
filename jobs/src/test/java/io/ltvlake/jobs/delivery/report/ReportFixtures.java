package io.ltvlake.jobs.delivery.report;

import io.ltvlake.jobs.delivery.report.ReportPage.ChannelConversions;
import io.ltvlake.jobs.delivery.report.ReportPage.Content;
import io.ltvlake.jobs.delivery.report.ReportPage.CurvePoint;
import io.ltvlake.jobs.delivery.report.ReportPage.Funnel;
import io.ltvlake.jobs.delivery.report.ReportPage.FunnelChannel;
import io.ltvlake.jobs.delivery.report.ReportPage.Headline;
import io.ltvlake.jobs.delivery.report.ReportPage.Matrix;
import io.ltvlake.jobs.delivery.report.ReportPage.MonthOrders;
import io.ltvlake.jobs.delivery.report.ReportPage.Part;
import io.ltvlake.jobs.delivery.report.ReportPage.RetentionCell;
import io.ltvlake.jobs.delivery.report.ReportPage.Segment;
import io.ltvlake.jobs.delivery.report.ReportPage.Transition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made report content with every section, including labels that try to inject markup. */
final class ReportFixtures {

    static final String HOSTILE_SEGMENT = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_CHANNEL = "\"><script>alert('channel')</script>";

    private ReportFixtures() {}

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    /** Every section present: 9 charts (orders/deals, retention, 2 LTV charts, segments, 2 matrices, channels, funnel). */
    static Content complete() {
        LocalDate run = LocalDate.of(2026, 6, 30);
        List<MonthOrders> months = new ArrayList<>();
        List<RetentionCell> retention = new ArrayList<>();
        List<CurvePoint> curves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LocalDate month = LocalDate.of(2026, 1 + i, 1);
            months.add(new MonthOrders(month, 120 + 10L * i, 80 + 6L * i));
            for (int m = 0; m <= 5 - i; m++) {
                retention.add(new RetentionCell(month, m, 100 + i, m == 0 ? 100.0 : 30.0 - 3 * m + i, m == 5 - i));
                if (m < 5 - i) {
                    curves.add(new CurvePoint(month.toString().substring(0, 7), m, money(String.valueOf(200 + 60 * m + 5 * i))));
                }
            }
        }
        List<CurvePoint> channels = new ArrayList<>();
        for (String channel : List.of("paid_search", "email", HOSTILE_CHANNEL)) {
            for (int m = 0; m <= 4; m++) {
                channels.add(new CurvePoint(channel, m, money(String.valueOf(180 + 70 * m + channel.length()))));
            }
        }
        List<Segment> segments = List.of(
                new Segment(run, "champions", "Champions", 120, 0.12, money("60000.00"), 0.40, 12.5, 4.2, money("500.00")),
                new Segment(run, "hibernating", "Hibernating", 500, 0.50, money("30000.00"), 0.20, 200.0, 1.1, money("60.00")),
                new Segment(run, "hostile", HOSTILE_SEGMENT, 380, 0.38, money("60000.00"), 0.40, 90.0, 2.0, money("157.89")));
        List<Transition> jtbd = List.of(
                new Transition("new", "gaming", 30, money("0.00"), money("3000.00")),
                new Transition("gaming", "gaming", 50, money("5000.00"), money("5200.00")),
                new Transition("gaming", "smart_home", 5, money("500.00"), money("700.00")),
                new Transition("smart_home", "churned", 20, money("2000.00"), money("0.00")),
                new Transition("none", "smart_home", 4, money("0.00"), money("300.00")));
        List<List<String>> jtbdOrder = ReportPage.order(jtbd, List.of("new", "none"), List.of(), List.of("churned"));
        List<Transition> rfm = List.of(
                new Transition("new", "champions", 12, money("0.00"), money("1200.00")),
                new Transition("champions", "champions", 80, money("8000.00"), money("8100.00")),
                new Transition("champions", "hostile", 10, money("1000.00"), money("900.00")),
                new Transition("hostile", "lost", 40, money("400.00"), money("0.00")));
        List<List<String>> rfmOrder = ReportPage.order(rfm, List.of("new", "reactivated"), List.of("champions", "hostile"),
                List.of("lost"));
        return new Content("Customer profitability <test>", run,
                Part.of(new Headline(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 1), money("150000.00"), 1000, 900, 600,
                        1.5, 450, 150, 1.0 / 3)),
                Part.of(months), Part.of(retention), Part.of(curves), Part.of(channels), Part.of(segments),
                Part.of(new Matrix("2026-05", "2026-06", jtbdOrder.get(0), jtbdOrder.get(1), Map.of(), jtbd)),
                Part.of(new Matrix("2026-04-30", "2026-05-31", rfmOrder.get(0), rfmOrder.get(1),
                        Map.of("champions", "Champions", "hostile", HOSTILE_SEGMENT), rfm)),
                Part.of(List.of(
                        new ChannelConversions("paid_search", 120, 80, 90.0, money("36000.00"), money("24000.00"), 80 / 120.0,
                                "2026-01-01", "2026-06-01"),
                        new ChannelConversions("display", 10, 95, 60.0, money("3000.00"), money("28500.00"), 9.5,
                                "2026-01-01", "2026-06-01"),
                        new ChannelConversions(HOSTILE_CHANNEL, 0, 12, null, null, null, null, "2026-01-01", "2026-06-01"))),
                Part.of(new Funnel(LocalDate.of(2026, 6, 1), true, List.of(
                        new FunnelChannel("paid_search", 4000, 300, 90, 60, money("27000.00")),
                        new FunnelChannel("email", 1500, 120, 45, 24, money("9000.00"))))),
                Part.of(journey()));
    }

    /**
     * June 2026 in people: 1,000 visitors, 100 leads, 50 first buyers (the weakest step), 5 repeat buyers; revenue
     * 200.00 in May, 480.00 in June, split as in the journey tests: +221.69, −221.69, +58.31, +221.69.
     */
    static ReportJourney.Journey journey() {
        return new ReportJourney.Journey(LocalDate.of(2026, 6, 1), List.of(
                new ReportJourney.Stage("reach", null, null, false),
                new ReportJourney.Stage("visitors", 1000L, null, false),
                new ReportJourney.Stage("leads", 100L, 0.1, false),
                new ReportJourney.Stage("first_buyers", 50L, 0.5, true),
                new ReportJourney.Stage("repeat_buyers", 5L, 0.1, false)),
                money("480.00"), money("200.00"), money("280.00"), null, List.of(
                new ReportJourney.Factor("visitors", 20.0, money("221.69")),
                new ReportJourney.Factor("visitor → buyer conversion", 0.1, money("-221.69")),
                new ReportJourney.Factor("average check", 120.0, money("58.31")),
                new ReportJourney.Factor("deals per buyer", 2.0, money("221.69"))),
                List.of(new ReportJourney.Attainment("revenue", 480.0, 400.0, 500.0, 600.0, "min_to_base", 0.96)));
    }

    /** The lake before attribution and the funnel exist: those two sections are notes; 7 charts. */
    static Content withoutAttributionAndFunnel() {
        Content c = complete();
        return new Content(c.title(), c.runDate(), c.headline(), c.ordersAgainstDeals(), c.retention(), c.ltvCurves(),
                c.ltvByChannel(), c.segments(), c.jtbdMigration(), c.rfmMigration(),
                Part.missing("gold.channel_conversions is not computed in this lake."),
                Part.missing("gold.profit_funnel is not computed in this lake."),
                Part.missing("gold.journey_stages is not computed in this lake."));
    }
}
