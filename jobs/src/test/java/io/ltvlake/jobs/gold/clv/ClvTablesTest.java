package io.ltvlake.jobs.gold.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.Expectations;
import io.ltvlake.common.testing.TestSpark;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The row checks of gold.customer_clv on hand-written rows (only the columns the checks read). */
class ClvTablesTest {

    private static final StructType CUSTOMER_CLV = new StructType().add("customer_key", "string")
            .add("probability_alive", "double").add("expected_purchases", "double").add("expected_value", "decimal(18,2)");

    @Test
    void aCustomerTheFitCannotScoreIsAWarningNamingTheCustomer() {
        List<Expectations.Failure> failures = Expectations.rowsAndKeys(ClvTables.CUSTOMER_CLV, TestSpark.session().createDataFrame(List.of(
                RowFactory.create("c1", 0.8, 2.5, new BigDecimal("100.00")),
                RowFactory.create("c2", null, null, null),
                RowFactory.create("c3", 0.1, 0.0, new BigDecimal("0.00"))), CUSTOMER_CLV));

        assertEquals(1, failures.size(), failures.toString());
        Expectations.Failure unscored = failures.get(0);
        assertEquals("every_customer_scored", unscored.check().name());
        assertFalse(unscored.refuses(), "the scores of the others are written; c2's predictions stay null");
        assertEquals("offending rows: 1 of 3", unscored.finding());
        assertEquals(1, unscored.samples().size());
        assertTrue(unscored.samples().get(0).contains("customer_key=c2"), unscored.samples().toString());
    }
}
