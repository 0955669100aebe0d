package io.ltvlake.jobs.delivery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TriggerReportTransformsTest {

    @Test
    void triggersTodayAndInTheLast30DaysAndNonTargetShares() {
        LocalDate day = LocalDate.of(2026, 3, 31);
        StructType events = new StructType().add("event_date", "date").add("trigger", "string").add("job", "string");
        List<Row> fired = TriggerReportTransforms.triggersFired(TestSpark.session().createDataFrame(List.of(
                RowFactory.create(Date.valueOf("2026-03-31"), "leaving", "tour"),
                RowFactory.create(Date.valueOf("2026-03-02"), "leaving", "tour"),
                RowFactory.create(Date.valueOf("2026-03-01"), "leaving", "tour"),
                RowFactory.create(Date.valueOf("2026-04-01"), "leaving", "tour"),
                RowFactory.create(Date.valueOf("2026-03-10"), "cycle_due", "tour")), events), day).collectAsList();
        // 03-02 .. 03-31 are the 30 days; 03-01 and 04-01 fall outside
        assertEquals(List.of(RowFactory.create("cycle_due", "tour", 0L, 1L), RowFactory.create("leaving", "tour", 1L, 2L)), fired);

        StructType profitability = new StructType().add("customer_key", "string").add("is_non_target", "boolean")
                .add("revenue_in_lookback", "decimal(18,2)");
        StructType customers = new StructType().add("customer_key", "string").add("is_contactable", "boolean");
        Row shares = TriggerReportTransforms.nonTargetShares(
                TestSpark.session().createDataFrame(List.of(RowFactory.create("a", true, new BigDecimal("100.00")),
                        RowFactory.create("b", false, new BigDecimal("300.00")), RowFactory.create("c", false, new BigDecimal("600.00")),
                        RowFactory.create("d", true, new BigDecimal("0.00"))), profitability),
                TestSpark.session().createDataFrame(List.of(RowFactory.create("a", true), RowFactory.create("b", true),
                        RowFactory.create("c", false)), customers)).first();
        assertEquals(4L, (long) shares.getAs("customers"));
        assertEquals(2L, (long) shares.getAs("non_target_customers"));
        assertEquals(0, new BigDecimal("1000.00").compareTo(shares.getAs("revenue")));
        assertEquals(0, new BigDecimal("100.00").compareTo(shares.getAs("non_target_revenue")));
        assertEquals(2L, (long) shares.getAs("contactable"), "a and b; d has no consent known, so no");
        assertEquals(1L, (long) shares.getAs("non_target_contactable"));

        String html = ReportTriggersSection.render(fired, null, shares);
        assertTrue(html.contains("<td>leaving</td><td>tour</td><td class=\"num\">1</td><td class=\"num\">2</td>"), html);
        assertTrue(html.contains("gold.job_cycles is not computed in this lake."), html);
        assertTrue(html.contains("<td>customers</td><td class=\"num\">2</td><td class=\"num\">4</td><td class=\"num\">50.0 %</td>"), html);
        assertTrue(html.contains("<td class=\"num\">10.0 %</td>"), "revenue share 100 / 1000: " + html);
    }
}
