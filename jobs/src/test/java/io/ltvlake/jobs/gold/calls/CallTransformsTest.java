package io.ltvlake.jobs.gold.calls;

import io.ltvlake.jobs.silver.ChannelsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.silver.CallFlags;
import io.ltvlake.jobs.silver.ChannelRules;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CallTransformsTest {

    static final StructType ORDERS = new StructType().add("customer_key", "string").add("ordered_at", "timestamp");

    /** uniqueness 30 days, target 60 s, callback 24 h, lost lead 7 days, deal window 30 days. */
    static final CallsConfig SETTINGS = new CallsConfig(30, 60, 24, 7, 30);

    static final StructType TAGGED_CALLS = new StructType().add("source", "string").add("call_id", "string")
            .add("started_at", "timestamp").add("call_date", "date").add("caller_phone", "string").add("direction", "string")
            .add("status", "string").add("duration_s", "int").add("customer_key", "string").add("manager_id", "string")
            .add("utm_source", "string").add("utm_medium", "string").add("utm_campaign", "string");
    static final StructType DEALS = new StructType().add("customer_key", "string").add("opened_at", "timestamp");

    static Row tagged(String id, String at, String phone, String direction, String status, int duration, String customer,
                      String manager, String source, String medium, String campaign) {
        return RowFactory.create("tel", id, Timestamp.from(Instant.parse(at)), java.sql.Date.valueOf(at.substring(0, 10)),
                phone, direction, status, duration, customer, manager, source, medium, campaign);
    }

    static Row deal(String customer, String at) {
        return RowFactory.create(customer, Timestamp.from(Instant.parse(at)));
    }

    /*
     * Deal window 30 days.
     * d1 in  03-01 10:00 k51 m1 google/cpc: unique, target (120 s); k51 opens a deal 03-31 10:00 = 30 d later: led to a deal
     * d2 in  03-01 11:00 k52 m1 google/cpc: unique, 30 s < 60 not target; k52's deal 03-31 11:00:01 = 30 d + 1 s: no
     * d3 in  03-01 12:00 k53 no manager, no tags (direct): unique, missed, called back by d4 1 h later;
     *        k53's deal opened 02-28, before the call: no
     * d4 out 03-01 13:00 k53 m2 (direct): outbound, no flags
     * d5 in  03-01 14:00 k51 m1 google/cpc: same number as d1 4 h before: not unique; target (90 s);
     *        k51's deal 03-31 10:00 is 29 d 20 h later: led to a deal
     * d6 in  03-02 09:00 k54 no manager (direct): unique, missed, no callback, no order: lost lead
     */
    @Test
    void dailyCountsPerDayChannelAndManagerWithTheDealWindowIncludingItsLimit() {
        List<Row> calls = List.of(
                tagged("d1", "2026-03-01T10:00:00Z", "+79120000051", "in", "answered", 120, "k51", "m1", "google", "cpc", "generic_search"),
                tagged("d2", "2026-03-01T11:00:00Z", "+79120000052", "in", "answered", 30, "k52", "m1", "google", "cpc", "generic_search"),
                tagged("d3", "2026-03-01T12:00:00Z", "+79120000053", "in", "missed", 0, "k53", null, null, null, null),
                tagged("d4", "2026-03-01T13:00:00Z", "+79120000053", "out", "answered", 60, "k53", "m2", null, null, null),
                tagged("d5", "2026-03-01T14:00:00Z", "+79120000051", "in", "answered", 90, "k51", "m1", "google", "cpc", "generic_search"),
                tagged("d6", "2026-03-02T09:00:00Z", "+79120000054", "in", "missed", 0, "k54", null, null, null, null));
        List<Row> deals = List.of(deal("k51", "2026-03-31T10:00:00Z"), deal("k52", "2026-03-31T11:00:01Z"),
                deal("k53", "2026-02-28T10:00:00Z"));
        Dataset<Row> flagged = CallFlags.withFlags(TestSpark.session().createDataFrame(calls, TAGGED_CALLS),
                TestSpark.session().createDataFrame(List.<Row>of(), ORDERS), SETTINGS);
        Dataset<Row> daily = CallTransforms.daily(ChannelRules.assign(flagged,
                        TestSpark.settings(Map.of()).section(ChannelsConfig.class)), TestSpark.session().createDataFrame(deals, DEALS),
                SETTINGS.dealWindowDays());
        List<String> rows = daily.orderBy("call_date", "channel", "manager_id").collectAsList().stream()
                .map(Row::toString).toList();
        assertEquals(List.of(
                // date, channel, manager, calls, inbound, outbound, unique, target, unique target, missed, called back,
                // lost, with deal, share = with deal / inbound
                "[2026-03-01,direct,m2,1,0,1,0,0,0,0,0,0,0,null]",
                "[2026-03-01,direct,unassigned,1,1,0,1,0,0,1,1,0,0,0.0]",
                "[2026-03-01,paid_search,m1,3,3,0,2,2,1,0,0,0,2,0.6666666666666666]",
                "[2026-03-02,direct,unassigned,1,1,0,1,0,0,1,0,1,0,0.0]"), rows);
    }
}
