package io.ltvlake.jobs.gold.jtbd;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Hand-written silver orders, lines and products for the deal tests: only the columns the deal jobs read. */
public final class Baskets {

    public static final StructType ORDERS = new StructType()
            .add("source", "string").add("order_id", "string").add("customer_key", "string")
            .add("ordered_at", "timestamp").add("order_date", "date").add("status", "string")
            .add("is_purchase", "boolean").add("revenue", "decimal(18,2)").add("order_value", "decimal(18,2)")
            .add("order_cost", "decimal(18,2)").add("manager_id", "string").add("item_count", "int")
            .add("category_count", "long").add("guests", "int").add("store", "string").add("country", "string")
            .add("jtbd", "string");
    public static final StructType LINES = new StructType()
            .add("source", "string").add("order_id", "string").add("product_id", "string").add("category", "string")
            .add("quantity", "int").add("unit_price", "decimal(18,2)").add("is_revenue_line", "boolean");
    public static final StructType PRODUCTS = new StructType()
            .add("source", "string").add("product_id", "string").add("role", "string");

    /** One line: product, category, role, quantity, unit price. */
    public record Item(String productId, String category, String role, int quantity, String unitPrice) {
        BigDecimal value() {
            return new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.UNNECESSARY);
        }
    }

    public static Item item(String productId, String category, String role, int quantity, String unitPrice) {
        return new Item(productId, category, role, quantity, unitPrice);
    }

    private final ZoneId zone;
    private final List<Row> orders = new ArrayList<>();
    private final List<Row> lines = new ArrayList<>();
    private final List<Row> products = new ArrayList<>();
    private final java.util.Set<String> knownProducts = new java.util.HashSet<>();

    public Baskets(ZoneId zone) {
        this.zone = zone;
    }

    public Baskets order(String orderId, String customerKey, String orderedAt, String crmJob, Item... items) {
        return order(orderId, customerKey, orderedAt, "completed", crmJob, items);
    }

    public Baskets order(String orderId, String customerKey, String orderedAt, String status, String crmJob, Item... items) {
        Instant at = Instant.parse(orderedAt);
        BigDecimal value = BigDecimal.ZERO.setScale(2);
        int count = 0;
        java.util.Set<String> categories = new java.util.HashSet<>();
        for (Item item : items) {
            value = value.add(item.value());
            count += item.quantity();
            categories.add(item.category());
            lines.add(RowFactory.create("shop", orderId, item.productId(), item.category(), item.quantity(),
                    new BigDecimal(item.unitPrice()), true));
            if (knownProducts.add(item.productId())) {
                products.add(RowFactory.create("shop", item.productId(), item.role()));
            }
        }
        boolean purchase = status.equals("completed");
        orders.add(RowFactory.create("shop", orderId, customerKey, Timestamp.from(at),
                Date.valueOf(at.atZone(zone).toLocalDate()), status, purchase, purchase ? value : BigDecimal.ZERO.setScale(2),
                value, null, null, count, (long) categories.size(), null, "online", "RU", crmJob));
        return this;
    }

    public Dataset<Row> orders() {
        return TestSpark.session().createDataFrame(orders, ORDERS);
    }

    public Dataset<Row> lines() {
        return TestSpark.session().createDataFrame(lines, LINES);
    }

    public Dataset<Row> products() {
        return TestSpark.session().createDataFrame(products, PRODUCTS);
    }

    /** The jtbd job's output for these orders under the given rules. */
    public Dataset<Row> orderJobs(List<io.ltvlake.jobs.gold.jtbd.JtbdConfig.JtbdRule> rules) {
        return JtbdTransforms.label(JtbdTransforms.basketFeatures(orders(), lines(), products(), zone), rules);
    }
}
