package io.ltvlake.jobs.gold.jtbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.lake.Expectations;
import io.ltvlake.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The checks of gold.order_jobs on hand-written rows (only the columns the checks read). */
class JtbdTablesTest {

    private static final StructType ORDER_JOBS = new StructType().add("source", "string").add("order_id", "string")
            .add("customer_key", "string").add("is_purchase", "boolean").add("job", "string").add("job_source", "string")
            .add("job_rule", "string");

    @Test
    void anAnonymousPurchaseIsAWarningAndAnAnonymousCancelledOrderIsNot() {
        List<Expectations.Failure> failures = Expectations.rowsAndKeys(JtbdTables.ORDER_JOBS, TestSpark.session().createDataFrame(List.of(
                RowFactory.create("shop", "O1", "c1", true, "gaming", "rule", "consoles"),
                RowFactory.create("shop", "O2", null, true, "gaming", "rule", "consoles"),
                RowFactory.create("shop", "O3", null, false, "other", "default", null)), ORDER_JOBS));

        assertEquals(1, failures.size(), failures.toString());
        Expectations.Failure anonymous = failures.get(0);
        assertEquals("purchases_have_a_customer", anonymous.check().name());
        assertFalse(anonymous.refuses(), "the write goes through: the purchase counts in revenue, not in deals");
        assertEquals("offending rows: 1 of 3", anonymous.finding());
        assertEquals(1, anonymous.samples().size());
        assertTrue(anonymous.samples().get(0).contains("order_id=O2"), anonymous.samples().toString());
    }
}
