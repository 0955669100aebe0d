package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** silver.customers.marketing_consent: the latest consent given on an order or a session; never given = no. */
class MarketingConsentTest {

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), schema);
    }

    @Test
    void theLatestKnownConsentWinsAndMissingMeansNo() {
        Dataset<Row> identities = rows(new StructType().add("customer_key", "string").add("identifier_count", "long")
                        .add("identifier_type", "string"),
                RowFactory.create("P", 1L, "customer_id"), RowFactory.create("Q", 1L, "customer_id"),
                RowFactory.create("R", 1L, "customer_id"));
        Dataset<Row> orders = rows(new StructType().add("customer_key", "string").add("ordered_at", "timestamp")
                        .add("phone", "string").add("email", "string").add("customer_id", "string").add("is_purchase", "boolean")
                        .add("revenue", "decimal(18,2)").add("marketing_consent", "boolean"),
                // P said yes on an order, then no on a later session
                RowFactory.create("P", Timestamp.valueOf("2026-01-01 10:00:00"), null, null, "p", true, new BigDecimal("10.00"), true),
                // Q said yes on a session; a later order says nothing, which changes nothing
                RowFactory.create("Q", Timestamp.valueOf("2026-01-05 10:00:00"), null, null, "q", true, new BigDecimal("10.00"), null),
                // R never said anything
                RowFactory.create("R", Timestamp.valueOf("2026-01-05 10:00:00"), null, null, "r", true, new BigDecimal("10.00"), null));
        Dataset<Row> calls = rows(new StructType().add("customer_key", "string").add("started_at", "timestamp")
                .add("caller_phone", "string"));
        Dataset<Row> sessions = rows(new StructType().add("customer_key", "string").add("started_at", "timestamp")
                        .add("phone", "string").add("email", "string").add("customer_id", "string").add("marketing_consent", "string"),
                RowFactory.create("P", Timestamp.valueOf("2026-01-02 10:00:00"), null, null, "p", " No "),
                RowFactory.create("Q", Timestamp.valueOf("2026-01-01 10:00:00"), null, null, "q", "YES"),
                RowFactory.create("R", Timestamp.valueOf("2026-01-01 10:00:00"), null, null, "r", "maybe"));
        Map<String, Boolean> consent = ConformTransforms.customers(identities, orders, calls, sessions).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("customer_key"), r -> r.getAs("marketing_consent")));
        assertEquals(Map.of("P", false, "Q", true, "R", false), consent);
    }
}
