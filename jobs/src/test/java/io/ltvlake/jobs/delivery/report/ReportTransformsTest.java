package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReportTransformsTest {

    static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    static Date date(String value) {
        return Date.valueOf(value);
    }

    static final StructType DEAL_INFLATION = new StructType().add("month", "date").add("purchase_orders", "long")
            .add("customer_purchase_orders", "long").add("deals_opened", "long").add("revenue", "decimal(18,2)");
    static final StructType REPEAT_DEAL_METRICS = new StructType().add("deal_seq", "int").add("customers", "long");
    static final StructType COHORT_RETENTION = new StructType().add("split_type", "string").add("split_value", "string")
            .add("cohort_month", "date").add("months_since_acquisition", "int").add("is_partial_month", "boolean")
            .add("cohort_customers", "long").add("retention_percent", "double");
    static final StructType COHORT_LTV = new StructType().add("split_type", "string").add("split_value", "string")
            .add("cohort_month", "date").add("months_since_acquisition", "int").add("is_partial_month", "boolean")
            .add("cohort_customers", "long").add("cumulative_revenue", "decimal(18,2)")
            .add("cumulative_revenue_per_customer", "decimal(18,2)");
    static final StructType SEGMENT_SUMMARY = new StructType().add("snapshot_date", "date").add("segment", "string")
            .add("segment_name", "string").add("customers", "long").add("customer_share", "double")
            .add("revenue", "decimal(18,2)").add("revenue_share", "double").add("average_recency_days", "double")
            .add("average_frequency", "double").add("average_monetary", "decimal(18,2)");
    static final StructType JTBD_MIGRATION = new StructType().add("period_type", "string").add("from_period", "date")
            .add("to_period", "date").add("from_job", "string").add("to_job", "string").add("customers", "long")
            .add("from_revenue", "decimal(18,2)").add("to_revenue", "decimal(18,2)");
    static final StructType RFM_MIGRATION = new StructType().add("from_snapshot_date", "date")
            .add("to_snapshot_date", "date").add("from_segment", "string").add("to_segment", "string").add("customers", "long")
            .add("from_monetary", "decimal(18,2)").add("to_monetary", "decimal(18,2)");
    static final StructType CHANNEL_CONVERSIONS = new StructType().add("channel", "string").add("period_type", "string")
            .add("period_start", "date").add("last_interaction_conversions", "long").add("last_interaction_value", "decimal(18,2)")
            .add("assisted_conversions", "long");
    static final StructType PROFIT_FUNNEL = new StructType().add("month", "date").add("channel", "string")
            .add("sessions", "long").add("leads", "long").add("deals", "long").add("first_deals_from_leads", "long")
            .add("revenue", "decimal(18,2)");

    @Test
    void headlineSumsTheMonthsUpToTheRunDateAndTakesTheRepeatRateFromDealNumbers() {
        Dataset<Row> inflation = rows(DEAL_INFLATION,
                RowFactory.create(date("2026-01-01"), 4L, 3L, 2L, money("380.00")),
                RowFactory.create(date("2026-02-01"), 2L, 2L, 1L, money("320.00")),
                RowFactory.create(date("2026-03-01"), 9L, 9L, 9L, money("999.00")));
        Dataset<Row> byNumber = rows(REPEAT_DEAL_METRICS, RowFactory.create(1, 3L), RowFactory.create(2, 2L),
                RowFactory.create(3, 1L));
        Row headline = ReportTransforms.headline(inflation, byNumber, LocalDate.of(2026, 2, 28)).first();
        // March is after the run date: 380 + 320 = 700 revenue, 4 + 2 = 6 raw orders, 3 + 2 = 5 of known customers,
        // 2 + 1 = 3 deals, so 5 / 3 orders per deal; 2 of 3 customers came back for a second deal
        assertEquals(RowFactory.create(date("2026-01-01"), date("2026-02-01"), money("700.00"), 6L, 5L, 3L, 5.0 / 3, 3L, 2L,
                2.0 / 3), headline);
        List<Row> months = ReportTransforms.ordersAgainstDeals(inflation, LocalDate.of(2026, 2, 28), 1).collectAsList();
        assertEquals(List.of(RowFactory.create(date("2026-02-01"), 2L, 2L, 1L)), months);
    }

    @Test
    void headlineOfAnEmptyLakeIsZerosNotNulls() {
        Row headline = ReportTransforms.headline(rows(DEAL_INFLATION), rows(REPEAT_DEAL_METRICS), LocalDate.of(2026, 2, 28))
                .first();
        assertEquals(RowFactory.create(null, null, money("0.00"), 0L, 0L, 0L, null, 0L, 0L, null), headline);
    }

    @Test
    void retentionKeepsTheLatestCohortsOfThePlainSplitUpToTheMonthLimit() {
        Dataset<Row> retention = rows(COHORT_RETENTION,
                RowFactory.create("all", "all", date("2026-01-01"), 0, false, 10L, 100.0),
                RowFactory.create("all", "all", date("2026-02-01"), 0, false, 20L, 100.0),
                RowFactory.create("all", "all", date("2026-02-01"), 1, true, 20L, 25.0),
                RowFactory.create("all", "all", date("2026-02-01"), 2, true, 20L, 5.0),
                RowFactory.create("all", "all", date("2026-03-01"), 0, true, 5L, 100.0),
                RowFactory.create("first_job", "gaming", date("2026-03-01"), 0, true, 5L, 100.0));
        // run in March, 2 cohorts: February and March; months since acquisition 0 and 1
        List<Row> cells = ReportTransforms.retention(retention, LocalDate.of(2026, 3, 10), 2, 1).collectAsList();
        assertEquals(List.of(
                RowFactory.create(date("2026-02-01"), 0, 20L, 100.0, false),
                RowFactory.create(date("2026-02-01"), 1, 20L, 25.0, true),
                RowFactory.create(date("2026-03-01"), 0, 5L, 100.0, true)), cells);
    }

    @Test
    void ltvCurvesTakeCompleteCohortsAndCompleteMonthsAndChannelsPoolTheirCohorts() {
        Dataset<Row> ltv = rows(COHORT_LTV,
                RowFactory.create("all", "all", date("2025-12-01"), 0, false, 8L, money("800.00"), money("100.00")),
                RowFactory.create("all", "all", date("2026-01-01"), 0, false, 10L, money("1000.00"), money("100.00")),
                RowFactory.create("all", "all", date("2026-01-01"), 1, false, 10L, money("1600.00"), money("160.00")),
                RowFactory.create("all", "all", date("2026-01-01"), 2, true, 10L, money("1700.00"), money("170.00")),
                RowFactory.create("all", "all", date("2026-02-01"), 0, false, 30L, money("1500.00"), money("50.00")),
                RowFactory.create("all", "all", date("2026-03-01"), 0, true, 5L, money("100.00"), money("20.00")),
                RowFactory.create("first_touch_channel", "email", date("2026-01-01"), 0, false, 10L, money("1000.00"), money("100.00")),
                RowFactory.create("first_touch_channel", "email", date("2026-01-01"), 1, false, 10L, money("1600.00"), money("160.00")),
                RowFactory.create("first_touch_channel", "email", date("2026-02-01"), 0, false, 30L, money("1500.00"), money("50.00")),
                RowFactory.create("first_touch_channel", "email", date("2026-02-01"), 1, true, 30L, money("1800.00"), money("60.00")));
        // run 2026-03-10, 2 cohorts: January and February (December is older, March is not over); March cells are partial
        List<Row> curves = ReportTransforms.ltvCurves(ltv, LocalDate.of(2026, 3, 10), 2, 12).collectAsList();
        assertEquals(List.of(
                RowFactory.create(date("2026-01-01"), 0, 10L, money("100.00")),
                RowFactory.create(date("2026-01-01"), 1, 10L, money("160.00")),
                RowFactory.create(date("2026-02-01"), 0, 30L, money("50.00"))), curves);
        List<Row> channels = ReportTransforms.ltvByChannel(ltv, 12).collectAsList();
        // month 0: (1000 + 1500) / (10 + 30) = 62.50 over 2 cohorts; month 1: only January has completed it, 1600 / 10
        assertEquals(List.of(
                RowFactory.create("email", 0, 2L, 40L, money("62.50")),
                RowFactory.create("email", 1, 1L, 10L, money("160.00"))), channels);
    }

    @Test
    void segmentsComeFromTheLatestSnapshotUpToTheRunDate() {
        Dataset<Row> summary = rows(SEGMENT_SUMMARY,
                RowFactory.create(date("2026-01-31"), "champions", "Champions", 9L, 0.9, money("900.00"), 0.9, 1.0, 3.0, money("100.00")),
                RowFactory.create(date("2026-02-28"), "lost_customers", "Lost", 1L, 0.25, money("10.00"), 0.1, 200.0, 1.0, money("10.00")),
                RowFactory.create(date("2026-02-28"), "champions", "Champions", 3L, 0.75, money("90.00"), 0.9, 2.0, 4.0, money("30.00")),
                RowFactory.create(date("2026-03-15"), "champions", "Champions", 5L, 1.0, money("50.00"), 1.0, 2.0, 4.0, money("10.00")));
        List<Row> segments = ReportTransforms.latestSegments(summary, LocalDate.of(2026, 3, 10)).collectAsList();
        assertEquals(2, segments.size());
        assertEquals(RowFactory.create(date("2026-02-28"), "champions", "Champions", 3L, 0.75, money("90.00"), 0.9, 2.0, 4.0,
                money("30.00")), segments.get(0));
        assertEquals("lost_customers", segments.get(1).getString(1));
    }

    @Test
    void jtbdMatrixIsTheLastCompletePeriodOfTheChosenType() {
        Dataset<Row> migration = rows(JTBD_MIGRATION,
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "gaming", "gaming", 4L, money("40.00"), money("44.00")),
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "new", "smart_home", 2L, money("0.00"), money("20.00")),
                RowFactory.create("month", date("2026-02-01"), date("2026-03-01"), "gaming", "churned", 3L, money("30.00"), money("0.00")),
                RowFactory.create("quarter", date("2025-10-01"), date("2026-01-01"), "gaming", "gaming", 9L, money("90.00"), money("99.00")));
        // on 10 March, March is not over: the matrix is January -> February
        List<Row> january = ReportTransforms.jtbdTransitions(migration, "month", LocalDate.of(2026, 3, 10))
                .orderBy("from_job").collectAsList();
        assertEquals(List.of(
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "gaming", "gaming", 4L, money("40.00"), money("44.00")),
                RowFactory.create("month", date("2026-01-01"), date("2026-02-01"), "new", "smart_home", 2L, money("0.00"), money("20.00"))),
                january);
        // on 31 March it is: February -> March
        List<Row> february = ReportTransforms.jtbdTransitions(migration, "month", LocalDate.of(2026, 3, 31)).collectAsList();
        assertEquals(1, february.size());
        assertEquals(date("2026-02-01"), february.get(0).getDate(1));
        // the quarter January-March is not over on 10 March, and no earlier pair ends before it: period-to-date
        List<Row> quarter = ReportTransforms.jtbdTransitions(migration, "quarter", LocalDate.of(2026, 3, 10)).collectAsList();
        assertEquals(1, quarter.size());
        assertEquals(9L, quarter.get(0).getLong(5));
    }

    @Test
    void rfmMatrixIsTheLastPairOfMonthEndsUpToTheRunDate() {
        Dataset<Row> migration = rows(RFM_MIGRATION,
                RowFactory.create(date("2026-01-31"), date("2026-02-28"), "new", "champions", 2L, money("0.00"), money("20.00")),
                RowFactory.create(date("2026-01-31"), date("2026-02-28"), "champions", "lost", 1L, money("10.00"), money("0.00")),
                RowFactory.create(date("2026-02-28"), date("2026-03-31"), "champions", "champions", 2L, money("20.00"), money("30.00")));
        List<Row> matrix = ReportTransforms.rfmTransitions(migration, LocalDate.of(2026, 3, 15)).orderBy("from_segment")
                .collectAsList();
        assertEquals(List.of(
                RowFactory.create(date("2026-01-31"), date("2026-02-28"), "champions", "lost", 1L, money("10.00"), money("0.00")),
                RowFactory.create(date("2026-01-31"), date("2026-02-28"), "new", "champions", 2L, money("0.00"), money("20.00"))),
                matrix);
    }

    @Test
    void channelConversionsSumTheMonthsPerChannelWithTheAssistedToLastRatio() {
        Dataset<Row> conversions = rows(CHANNEL_CONVERSIONS,
                RowFactory.create("email", "month", date("2026-01-01"), 3L, money("300.00"), 5L),
                RowFactory.create("email", "month", date("2026-02-01"), 1L, money("50.00"), 1L),
                RowFactory.create("email", "quarter", date("2026-01-01"), 4L, money("350.00"), 6L),
                RowFactory.create("email", "month", date("2026-04-01"), 7L, money("70.00"), 7L),
                RowFactory.create("display", "month", date("2026-01-01"), 0L, money("0.00"), 2L),
                RowFactory.create("direct", "month", date("2026-01-01"), 0L, money("0.00"), 0L));
        List<Row> channels = ReportTransforms.channelConversions(conversions, LocalDate.of(2026, 3, 10)).collectAsList();
        // email: months only (not the quarter row), up to the run date: 3 + 1 = 4 last-click, 5 + 1 = 6 assisted, ratio 1.5;
        // display: assists only, no ratio; direct converted nothing and is left out
        assertEquals(2, channels.size());
        Row email = channels.get(0);
        assertEquals("email", email.getAs("channel"));
        assertEquals(4.0, (double) email.getAs("last_interaction_conversions"));
        assertEquals(6.0, (double) email.getAs("assisted_conversions"));
        assertEquals(1.5, (double) email.getAs("assisted_to_last_ratio"));
        assertEquals(money("350.00"), email.getAs("last_interaction_value"));
        assertNull(email.getAs("assisted_value"), "a column the table lacks stays empty");
        assertEquals("2026-01-01", email.getAs("first_period"));
        assertEquals("2026-02-01", email.getAs("last_period"));
        Row display = channels.get(1);
        assertEquals("display", display.getAs("channel"));
        assertNull(display.getAs("assisted_to_last_ratio"));
        assertEquals(List.of("assisted_conversions"), ReportTransforms.missingColumns(conversions.drop("assisted_conversions"),
                ReportTransforms.CHANNEL_CONVERSION_COLUMNS));
    }

    @Test
    void profitFunnelIsTheLastCompleteMonthPerChannel() {
        Dataset<Row> funnel = rows(PROFIT_FUNNEL,
                RowFactory.create(date("2026-01-01"), "paid_search", 100L, 10L, 3L, 2L, money("300.00")),
                RowFactory.create(date("2026-01-01"), "email", 20L, 4L, 2L, 1L, money("150.00")),
                RowFactory.create(date("2026-01-01"), "email", 30L, 1L, 0L, 0L, money("0.00")),
                // the funnel's whole-month row is not a channel: left out, or January would count twice
                RowFactory.create(date("2026-01-01"), "(all)", 150L, 15L, 5L, 3L, money("450.00")),
                RowFactory.create(date("2026-02-01"), "paid_search", 500L, 50L, 5L, 4L, money("500.00")));
        // on 10 February, February is not over: January, with email's two rows added up (20 + 30 sessions ...)
        List<Row> january = ReportTransforms.profitFunnel(funnel, LocalDate.of(2026, 2, 10)).collectAsList();
        assertEquals(List.of(
                RowFactory.create(date("2026-01-01"), "paid_search", 100L, 10L, 3L, 2L, money("300.00")),
                RowFactory.create(date("2026-01-01"), "email", 50L, 5L, 2L, 1L, money("150.00"))), january);
        List<Row> february = ReportTransforms.profitFunnel(funnel, LocalDate.of(2026, 2, 28)).collectAsList();
        assertEquals(List.of(RowFactory.create(date("2026-02-01"), "paid_search", 500L, 50L, 5L, 4L, money("500.00"))), february);
        // only a month in progress: that one
        List<Row> partial = ReportTransforms.profitFunnel(funnel.filter("month = date'2026-02-01'"), LocalDate.of(2026, 2, 10))
                .collectAsList();
        assertEquals(1, partial.size());
    }
}
