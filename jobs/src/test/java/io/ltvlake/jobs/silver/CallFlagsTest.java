package io.ltvlake.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.common.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CallFlagsTest {

    static final StructType CALLS = new StructType().add("source", "string").add("call_id", "string")
            .add("started_at", "timestamp").add("caller_phone", "string").add("direction", "string")
            .add("status", "string").add("duration_s", "int").add("customer_key", "string");
    static final StructType ORDERS = new StructType().add("customer_key", "string").add("ordered_at", "timestamp");

    /** uniqueness 30 days, target 60 s, callback 24 h, lost lead 7 days, deal window 30 days. */
    static final CallsConfig SETTINGS = new CallsConfig(30, 60, 24, 7, 30);

    static Row call(String id, String at, String phone, String direction, String status, Integer duration, String customer) {
        return RowFactory.create("tel", id, Timestamp.from(Instant.parse(at)), phone, direction, status, duration, customer);
    }

    static Row order(String customer, String at) {
        return RowFactory.create(customer, Timestamp.from(Instant.parse(at)));
    }

    /** call_id → "unique target missed called_back lost_lead" as 0/1, e.g. "10000". */
    static Map<String, String> flags(List<Row> calls, List<Row> orders) {
        Dataset<Row> flagged = CallFlags.withFlags(TestSpark.session().createDataFrame(calls, CALLS),
                TestSpark.session().createDataFrame(orders, ORDERS), SETTINGS);
        Map<String, String> result = new TreeMap<>();
        for (Row row : flagged.select("call_id", "is_unique", "is_target", "is_missed", "is_called_back", "is_lost_lead")
                .collectAsList()) {
            StringBuilder bits = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                bits.append(row.getBoolean(i) ? '1' : '0');
            }
            result.put(row.getString(0), bits.toString());
        }
        assertEquals(calls.size(), result.size(), "one row per call, none added or lost");
        return result;
    }

    @Test
    void uniquenessCountsInboundCallsFromTheSameNumberWithinTheWindowIncludingItsLimit() {
        List<Row> calls = List.of(
                call("u1", "2026-01-01T10:00:00Z", "+79120000001", "in", "answered", 120, "k1"),
                // 2026-01-31 10:00:00 − 2026-01-01 10:00:00 = 30 d exactly = 2,592,000 s ≤ 30 × 86,400: not unique
                call("u2", "2026-01-31T10:00:00Z", "+79120000001", "in", "answered", 120, "k1"),
                // outbound: never unique, and not a "call from the number" for the next one
                call("u3", "2026-02-15T10:00:00Z", "+79120000001", "out", "answered", 120, "k1"),
                // previous inbound is u2 (2026-01-31 10:00:00); Jan 31 + 30 d = Mar 2 10:00:00, +1 s: 2,592,001 s > limit: unique
                call("u4", "2026-03-02T10:00:01Z", "+79120000001", "in", "answered", 120, "k1"),
                // another number one day after u1: unique
                call("u5", "2026-01-02T10:00:00Z", "+79120000002", "in", "answered", 120, "k2"),
                // the same second as u5 from the same number: the first (by call_id) is unique, this one is not (0 s apart)
                call("u6", "2026-01-02T10:00:00Z", "+79120000002", "in", "answered", 120, "k2"));
        Map<String, String> flags = flags(calls, List.of());
        assertEquals("11000", flags.get("u1"));
        assertEquals("01000", flags.get("u2"));
        assertEquals("00000", flags.get("u3"));
        assertEquals("11000", flags.get("u4"));
        assertEquals("11000", flags.get("u5"));
        assertEquals("01000", flags.get("u6"));
    }

    @Test
    void targetIsAnsweredInboundOfAtLeastTheMinimumDuration() {
        List<Row> calls = List.of(
                call("t60", "2026-01-01T10:00:00Z", "+79120000011", "in", "answered", 60, "k1"),   // 60 ≥ 60: target
                call("t59", "2026-01-01T10:00:00Z", "+79120000012", "in", "answered", 59, "k2"),   // 59 < 60: not
                // no status in the export: 75 s of talk means it was answered; no direction means inbound
                call("tns", "2026-01-01T10:00:00Z", "+79120000013", null, null, 75, "k3"),
                // an outbound call is never a target, however long
                call("tout", "2026-01-01T10:00:00Z", "+79120000014", "out", "answered", 600, "k4"),
                // answered without a duration: 0 s < 60
                call("tnull", "2026-01-01T10:00:00Z", "+79120000015", "in", "answered", null, "k5"));
        Map<String, String> flags = flags(calls, List.of());
        assertEquals("11000", flags.get("t60"));
        assertEquals("10000", flags.get("t59"));
        assertEquals("11000", flags.get("tns"));
        assertEquals("00000", flags.get("tout"));
        assertEquals("10000", flags.get("tnull"));
    }

    @Test
    void aMissedCallIsCalledBackByAnOutboundCallWithinTheWindowIncludingItsLimit() {
        List<Row> calls = List.of(
                // 2026-02-02 09:00:00 − 2026-02-01 09:00:00 = 24 h exactly = 86,400 s ≤ 24 × 3,600: called back
                call("m1", "2026-02-01T09:00:00Z", "+79120000021", "in", "missed", 0, "k21"),
                call("m1back", "2026-02-02T09:00:00Z", "+79120000021", "out", "missed", 0, "k21"),
                // 24 h + 1 s = 86,401 s > limit: not called back, and with no order a lost lead
                call("m2", "2026-02-01T09:00:00Z", "+79120000022", "in", "missed", 0, "k22"),
                call("m2back", "2026-02-02T09:00:01Z", "+79120000022", "out", "answered", 90, "k22"),
                // an outbound call before the missed call is not a callback; an inbound one after it is not either
                call("m3before", "2026-02-01T08:00:00Z", "+79120000023", "out", "answered", 90, "k23"),
                call("m3", "2026-02-01T09:00:00Z", "+79120000023", "in", "missed", 0, "k23"),
                call("m3again", "2026-02-01T10:00:00Z", "+79120000023", "in", "answered", 30, "k23"),
                // a callback to another number does not count
                call("m4", "2026-02-01T09:00:00Z", "+79120000024", "in", "missed", 0, "k24"),
                call("other", "2026-02-01T09:30:00Z", "+79120000099", "out", "answered", 90, "k99"));
        Map<String, String> flags = flags(calls, List.of());
        assertEquals("10110", flags.get("m1"));
        assertEquals("00000", flags.get("m1back"), "outbound calls carry no flags");
        assertEquals("10101", flags.get("m2"));
        assertEquals("10101", flags.get("m3"));
        // m3again is 1 h after m3 from the same number: not unique; answered but 30 s < 60: not target
        assertEquals("00000", flags.get("m3again"));
        assertEquals("10101", flags.get("m4"));
    }

    @Test
    void aMissedCallNotCalledBackIsALostLeadUnlessTheCallerOrdersWithinTheWindowIncludingItsLimit() {
        List<Row> calls = new ArrayList<>(List.of(
                // order 2026-02-08 09:00:00 − call 2026-02-01 09:00:00 = 7 d = 604,800 s ≤ 7 × 86,400: not lost
                call("l1", "2026-02-01T09:00:00Z", "+79120000031", "in", "missed", 0, "k31"),
                // order 7 d + 1 s after: lost
                call("l2", "2026-02-01T09:00:00Z", "+79120000032", "in", "missed", 0, "k32"),
                // an order before the call does not save it: lost
                call("l3", "2026-02-01T09:00:00Z", "+79120000033", "in", "missed", 0, "k33"),
                // an order of another customer within the window does not save it: lost
                call("l4", "2026-02-01T09:00:00Z", "+79120000034", "in", "missed", 0, "k34"),
                // a call whose number could not be read has no customer: lost, and unique on its own
                call("l5", "2026-02-01T09:00:00Z", null, "in", "missed", 0, null),
                // an order in the very second of the call follows it (0 s): not lost
                call("l6", "2026-02-01T09:00:00Z", "+79120000036", "in", "missed", 0, "k36"),
                // answered: never a lost lead, order or not
                call("l7", "2026-02-01T09:00:00Z", "+79120000037", "in", "answered", 300, "k37")));
        List<Row> orders = List.of(
                order("k31", "2026-02-08T09:00:00Z"),
                order("k32", "2026-02-08T09:00:01Z"),
                order("k33", "2026-01-31T09:00:00Z"),
                order("k99", "2026-02-02T09:00:00Z"),
                order("k36", "2026-02-01T09:00:00Z"));
        Map<String, String> flags = flags(calls, orders);
        assertEquals("10100", flags.get("l1"));
        assertEquals("10101", flags.get("l2"));
        assertEquals("10101", flags.get("l3"));
        assertEquals("10101", flags.get("l4"));
        assertEquals("10101", flags.get("l5"));
        assertEquals("10100", flags.get("l6"));
        assertEquals("11000", flags.get("l7"));
    }

    @Test
    void theFlagsAreAppendedAndTheCallsOwnColumnsKept() {
        Dataset<Row> flagged = CallFlags.withFlags(TestSpark.session().createDataFrame(List.of(
                call("a", "2026-01-01T10:00:00Z", "+79120000041", "in", "answered", 60, "k1")), CALLS),
                TestSpark.session().createDataFrame(List.<Row>of(), ORDERS), SETTINGS);
        List<String> expected = new ArrayList<>(List.of(CALLS.fieldNames()));
        expected.addAll(List.of("is_unique", "is_target", "is_missed", "is_called_back", "is_lost_lead"));
        assertEquals(expected, List.of(flagged.columns()));
        for (String flag : List.of("is_unique", "is_target", "is_missed", "is_called_back", "is_lost_lead")) {
            assertEquals("boolean", flagged.schema().apply(flag).dataType().simpleString());
        }
    }
}
