package io.ltvlake.jobs.gold.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The one definition of a converted lead, on hand-written leads and deals (deal window 30 days). */
class LeadsTest {

    static final StructType LEADS = new StructType().add("lead_type", "string").add("source", "string")
            .add("lead_id", "string").add("customer_key", "string").add("lead_at", "timestamp").add("lead_date", "date")
            .add("channel", "string").add("manager_id", "string").add("is_unique", "boolean");
    static final StructType DEALS = new StructType().add("customer_key", "string").add("deal_seq", "int")
            .add("opened_at", "timestamp");

    static Row lead(String type, String id, String customer, String at, boolean unique) {
        return RowFactory.create(type, "shop", id, customer, Timestamp.valueOf(at), Date.valueOf(at.substring(0, 10)), "x",
                null, unique);
    }

    static Row deal(String customer, int seq, String at) {
        return RowFactory.create(customer, seq, Timestamp.valueOf(at));
    }

    /*
     * X: web lead w1 Jan 1, call k1 Jan 3, first deal Jan 5: the latest lead, k1, converted; w1 did not.
     * Y: call k2 Jan 1, first deal Mar 1: 59 days later, outside the window.
     * Z: first deal in December, call k3 Jan 2, repeat deal Jan 4: a repeat deal converts no lead.
     * W: call k4 Jan 1 (unique), k5 Jan 2 (not unique), first deal Jan 3: the latest unique lead, k4.
     * V: call k6 Jan 7 10:00, first deal in the same second: converted.
     * U: call k7 Jan 8, first deal exactly 30 days later: converted (the window includes its end).
     * An anonymous web lead w2 has no person to buy: not converted.
     * 9 leads, 4 converted: never more converted leads than first deals, nor than leads.
     */
    @Test
    void eachFirstDealConvertsItsPersonsLatestUniqueLeadInTheWindow() {
        List<Row> leads = List.of(
                lead("web", "w1", "X", "2026-01-01 09:00:00", true), lead("call", "k1", "X", "2026-01-03 09:00:00", true),
                lead("call", "k2", "Y", "2026-01-01 09:00:00", true), lead("call", "k3", "Z", "2026-01-02 09:00:00", true),
                lead("call", "k4", "W", "2026-01-01 09:00:00", true), lead("call", "k5", "W", "2026-01-02 09:00:00", false),
                lead("call", "k6", "V", "2026-01-07 10:00:00", true), lead("call", "k7", "U", "2026-01-08 10:00:00", true),
                lead("web", "w2", null, "2026-01-09 10:00:00", true));
        List<Row> deals = List.of(deal("X", 1, "2026-01-05 12:00:00"), deal("Y", 1, "2026-03-01 09:00:00"),
                deal("Z", 1, "2025-12-01 09:00:00"), deal("Z", 2, "2026-01-04 09:00:00"), deal("W", 1, "2026-01-03 09:00:00"),
                deal("V", 1, "2026-01-07 10:00:00"), deal("U", 1, "2026-02-07 10:00:00"));
        Map<String, Boolean> converted = new TreeMap<>();
        Leads.withFirstDeal(TestSpark.session().createDataFrame(leads, LEADS), TestSpark.session().createDataFrame(deals, DEALS), 30)
                .collectAsList().forEach(r -> converted.put(r.getAs("lead_id"), r.getAs(Leads.LED_TO_FIRST_DEAL)));
        assertEquals(Map.of("w1", false, "k1", true, "k2", false, "k3", false, "k4", true, "k5", false, "k6", true,
                "k7", true, "w2", false), converted);
    }
}
