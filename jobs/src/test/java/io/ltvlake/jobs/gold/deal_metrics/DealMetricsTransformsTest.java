package io.ltvlake.jobs.gold.deal_metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DealMetricsTransformsTest {

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("deal_seq", "int").add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)");

    @Test
    void repeatDealMetricsFollowCustomersFromDealToDeal() {
        Dataset<Row> deals = rows(DEALS,
                RowFactory.create("a1", "c1", 1, Date.valueOf("2026-01-01"), money("100.00"), money("40.00")),
                RowFactory.create("a2", "c1", 2, Date.valueOf("2026-01-11"), money("200.00"), money("50.00")),
                RowFactory.create("a3", "c1", 3, Date.valueOf("2026-02-10"), money("300.00"), null),
                RowFactory.create("b1", "c2", 1, Date.valueOf("2026-01-05"), money("300.00"), money("100.00")),
                RowFactory.create("b2", "c2", 2, Date.valueOf("2026-01-25"), money("100.00"), null),
                RowFactory.create("c1", "c3", 1, Date.valueOf("2026-02-01"), money("200.00"), null));
        List<Row> metrics = DealMetricsTransforms.repeatDealMetrics(deals).collectAsList();
        assertEquals(RowFactory.create(1, 3L, null, null, null, null, money("200.00"), null, null, money("600.00"), 2L,
                money("140.00"), money("70.00")), metrics.get(0));
        // two of three came back, after 10 and 20 days; their second check averages 150, 50 less than the first
        assertEquals(RowFactory.create(2, 2L, 2.0 / 3, 12.5, 15.0, 17.5, money("150.00"), money("-50.00"), -25.0,
                money("300.00"), 1L, money("50.00"), money("50.00")), metrics.get(1));
        assertEquals(RowFactory.create(3, 1L, 0.5, 30.0, 30.0, 30.0, money("300.00"), money("150.00"), 100.0,
                money("300.00"), 0L, null, null), metrics.get(2));
        assertEquals(3, metrics.size());
    }
}
