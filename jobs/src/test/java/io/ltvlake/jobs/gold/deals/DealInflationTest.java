package io.ltvlake.jobs.gold.deals;

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

class DealInflationTest {

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static final StructType ORDERS = new StructType().add("order_id", "string").add("customer_key", "string")
            .add("order_date", "date").add("status", "string").add("is_purchase", "boolean").add("revenue", "decimal(18,2)");
    private static final StructType ORDER_DEALS = new StructType().add("order_id", "string").add("order_date", "date")
            .add("purchase_kind", "string").add("revenue", "decimal(18,2)");
    private static final StructType DEALS = new StructType().add("deal_id", "string").add("customer_key", "string")
            .add("deal_seq", "int").add("opened_date", "date").add("revenue", "decimal(18,2)").add("margin", "decimal(18,2)");

    private static Row order(String id, String customer, String date, String status, String revenue) {
        return RowFactory.create(id, customer, Date.valueOf(date), status, status.equals("completed"), money(revenue));
    }

    @Test
    void inflationPutsRawOrdersBesideDealsPerMonth() {
        Dataset<Row> orders = rows(ORDERS,
                order("O1", "c1", "2026-01-03", "completed", "100.00"),
                order("O2", "c1", "2026-01-03", "completed", "50.00"),
                order("O3", "c1", "2026-01-09", "cancelled", "0.00"),
                order("O4", null, "2026-01-12", "completed", "30.00"),
                order("O5", "c2", "2026-01-20", "completed", "200.00"),
                order("O6", "c1", "2026-02-01", "completed", "20.00"),
                order("O7", "c2", "2026-02-25", "completed", "300.00"));
        Dataset<Row> orderDeals = rows(ORDER_DEALS,
                RowFactory.create("O1", Date.valueOf("2026-01-03"), "first", money("100.00")),
                RowFactory.create("O2", Date.valueOf("2026-01-03"), "immediate_upsell", money("50.00")),
                RowFactory.create("O5", Date.valueOf("2026-01-20"), "first", money("200.00")),
                RowFactory.create("O6", Date.valueOf("2026-02-01"), "deferred_upsell", money("20.00")),
                RowFactory.create("O7", Date.valueOf("2026-02-25"), "repeat", money("300.00")));
        Dataset<Row> deals = rows(DEALS,
                RowFactory.create("shop:O1", "c1", 1, Date.valueOf("2026-01-03"), money("170.00"), null),
                RowFactory.create("shop:O5", "c2", 1, Date.valueOf("2026-01-20"), money("200.00"), null),
                RowFactory.create("shop:O7", "c2", 2, Date.valueOf("2026-02-25"), money("300.00"), null));
        List<Row> months = DealTransforms.inflation(orders, orderDeals, deals).collectAsList();
        // January: 5 exported, 1 cancelled, 4 purchases of which 1 anonymous; 3 customer orders make 2 deals
        assertEquals(RowFactory.create(Date.valueOf("2026-01-01"), 5L, 1L, 4L, 1L, 3L, 2L, 2L, 0L, 1L, 0L, 1.0 / 3, 1.5,
                money("380.00"), money("116.67"), money("185.00")), months.get(0));
        // February: the deferred upsell of January's deal is an order but not a deal
        assertEquals(RowFactory.create(Date.valueOf("2026-02-01"), 2L, 0L, 2L, 0L, 2L, 1L, 0L, 1L, 0L, 1L, 0.5, 2.0,
                money("320.00"), money("160.00"), money("300.00")), months.get(1));
        assertEquals(2, months.size());
    }
}
