package io.ltvlake.jobs.gold.deals;

import io.ltvlake.jobs.gold.jtbd.JtbdConfig;
import static io.ltvlake.jobs.gold.jtbd.Baskets.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.gold.jtbd.Baskets;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DealTransformsTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Duration TWO_HOURS = Duration.ofHours(2);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private final Settings settings = TestSpark.settings(Map.of());

    private Dataset<Row> orderDeals(Baskets baskets) {
        Dataset<Row> orderJobs = baskets.orderJobs(settings.section(JtbdConfig.class).rules());
        return DealTransforms.assignDeals(orderJobs.filter(DealTransforms.isDealCandidate()), TWO_HOURS, THIRTY_DAYS);
    }

    /** order id → "deal_id/deal_seq/deal_job/purchase_kind", in time order. */
    private static Map<String, String> kinds(Dataset<Row> orderDeals) {
        Map<String, String> result = new LinkedHashMap<>();
        orderDeals.orderBy("ordered_at").select("order_id", "deal_id", "deal_seq", "deal_job", "purchase_kind").collectAsList()
                .forEach(r -> result.put(r.getString(0), r.getString(1) + "/" + r.getInt(2) + "/" + r.getString(3) + "/" + r.getString(4)));
        return result;
    }

    /** The textbook case of the issue: five orders, three deals. */
    private Baskets textbook() {
        return new Baskets(MOSCOW)
                // office setup: a TV with a wall mount and two cables; no CRM label, the category rules find the job
                .order("O1", "c1", "2026-01-10T10:00:00Z", null,
                        item("TV55", "tv", "main", 1, "54990.00"), item("MOUNT", "tv_mount", "addon", 1, "4490.00"),
                        item("HDMI", "av_cables", "addon", 2, "990.00"))
                // an Apple TV three days later: same job, a deferred upsell
                .order("O2", "c1", "2026-01-13T10:00:00Z", null, item("APPLETV", "streaming_box", "addon", 1, "17990.00"))
                // a game console and two controllers three weeks after the TV, for the same job
                .order("O3", "c1", "2026-01-31T10:00:00Z", "office_setup",
                        item("CONSOLE", "game_console", "addon", 1, "44990.00"), item("PAD", "game_console", "addon", 2, "5990.00"))
                // a cancelled order never counts
                .order("O3X", "c1", "2026-02-01T10:00:00Z", "cancelled", "office_setup", item("TV55", "tv", "main", 1, "54990.00"))
                // office computers four months later: staff expansion, entered in the CRM by hand
                .order("O4", "c1", "2026-05-10T09:00:00Z", " Staff  Expansion ",
                        item("LAPTOP", "laptop", "main", 3, "59990.00"), item("MOUSE", "computer_accessories", "addon", 3, "990.00"))
                // a home speaker system five months later
                .order("O5", "c1", "2026-06-12T15:00:00Z", null, item("SPEAKERS", "speaker_system", "main", 1, "39990.00"));
    }

    @Test
    void textbookCaseFiveOrdersAreThreeDeals() {
        Baskets baskets = textbook();
        Dataset<Row> orderDeals = orderDeals(baskets);
        assertEquals(Map.of(
                "O1", "shop:O1/1/office_setup/first",
                "O2", "shop:O1/1/office_setup/deferred_upsell",
                "O3", "shop:O1/1/office_setup/deferred_upsell",
                "O4", "shop:O4/2/staff_expansion/repeat",
                "O5", "shop:O5/3/home_audio/repeat"), kinds(orderDeals));

        List<Row> deals = DealTransforms.deals(orderDeals, DealTransforms.orderPricePositions(baskets.lines()))
                .orderBy("deal_seq")
                .select("deal_id", "job", "deal_seq", "deal_kind", "order_count", "immediate_upsell_count",
                        "deferred_upsell_count", "deferred_upsell_revenue", "revenue", "check_depth", "units")
                .collectAsList();
        assertEquals(3, deals.size());
        // the first deal's check: 54,990 + 4,490 + 2 × 990 + 17,990 + 44,990 + 2 × 5,990 = 136,420; its depth is the
        // 6 positions (TV, mount, cable, Apple TV, console, pad) of 8 units (two cables, two pads)
        assertEquals("[shop:O1,office_setup,1,first,3,0,2,74960.00,136420.00,6,8]", deals.get(0).toString());
        // 3 laptops and 3 mice: 2 positions, 6 units
        assertEquals("[shop:O4,staff_expansion,2,repeat,1,0,0,0.00,182940.00,2,6]", deals.get(1).toString());
        assertEquals("[shop:O5,home_audio,3,repeat,1,0,0,0.00,39990.00,1,1]", deals.get(2).toString());
    }

    @Test
    void theImmediateWindowEndsAtTwoHoursToTheSecond() {
        Baskets baskets = new Baskets(MOSCOW)
                .order("A1", "c2", "2026-03-01T10:00:00Z", "gaming", item("PS", "console", "main", 1, "50000.00"))
                // exactly 2 h after the previous order of the deal: immediate
                .order("A2", "c2", "2026-03-01T12:00:00Z", "gaming", item("PAD", "gaming_accessories", "addon", 1, "5000.00"))
                // 2 h and 1 s after A2: no longer immediate, but within 30 days of the opening: deferred
                .order("A3", "c2", "2026-03-01T14:00:01Z", "gaming", item("GAME", "gaming_accessories", "addon", 1, "4000.00"))
                // within 2 h of A3, which is the deal's previous order: immediate again
                .order("A4", "c2", "2026-03-01T15:59:59Z", "gaming", item("CASE", "gaming_accessories", "addon", 1, "1000.00"));
        assertEquals(Map.of(
                "A1", "shop:A1/1/gaming/first",
                "A2", "shop:A1/1/gaming/immediate_upsell",
                "A3", "shop:A1/1/gaming/deferred_upsell",
                "A4", "shop:A1/1/gaming/immediate_upsell"), kinds(orderDeals(baskets)));
    }

    @Test
    void theDeferredWindowEndsAtThirtyDaysFromTheOpeningToTheSecond() {
        Baskets baskets = new Baskets(MOSCOW)
                .order("B1", "c3", "2026-03-01T10:00:00Z", "gaming", item("PS", "console", "main", 1, "50000.00"))
                .order("B2", "c3", "2026-03-31T10:00:00Z", "gaming", item("PAD", "gaming_accessories", "addon", 1, "5000.00"))
                .order("C1", "c4", "2026-03-01T10:00:00Z", "gaming", item("PS", "console", "main", 1, "50000.00"))
                .order("C2", "c4", "2026-03-31T10:00:01Z", "gaming", item("PAD", "gaming_accessories", "addon", 1, "5000.00"))
                // anchored at the opening: D3 is 20 days after D2 but 40 after D1, so it opens a deal of its own
                .order("D1", "c5", "2026-03-01T10:00:00Z", "gaming", item("PS", "console", "main", 1, "50000.00"))
                .order("D2", "c5", "2026-03-21T10:00:00Z", "gaming", item("PAD", "gaming_accessories", "addon", 1, "5000.00"))
                .order("D3", "c5", "2026-04-10T10:00:00Z", "gaming", item("GAME", "gaming_accessories", "addon", 1, "4000.00"));
        assertEquals(Map.of(
                "B1", "shop:B1/1/gaming/first",
                "B2", "shop:B1/1/gaming/deferred_upsell",
                "C1", "shop:C1/1/gaming/first",
                "C2", "shop:C2/2/gaming/repeat",
                "D1", "shop:D1/1/gaming/first",
                "D2", "shop:D1/1/gaming/deferred_upsell",
                "D3", "shop:D3/2/gaming/repeat"), kinds(orderDeals(baskets)));
    }

    @Test
    void aMainProductAfterALeadMagnetJoinsItsDealWhateverTheJob() {
        Baskets baskets = new Baskets(MOSCOW)
                // a lead magnet without a label ("other"), then a laptop within 30 days: one deal, staff expansion
                .order("L1", "c6", "2026-03-01T10:00:00Z", null, item("KIT", "lead_magnet", "lead_magnet", 1, "490.00"))
                .order("L2", "c6", "2026-03-11T10:00:00Z", "staff_expansion", item("LAPTOP", "laptop", "main", 1, "59990.00"))
                // an accessory for the same job joins the deal through its job, anchored at the lead magnet
                .order("L3", "c6", "2026-03-25T10:00:00Z", null, item("MOUSE", "computer_accessories", "addon", 1, "990.00"))
                // a lead magnet, then a main product 30 days and 1 s later: too late, a deal of its own
                .order("M1", "c7", "2026-03-01T10:00:00Z", null, item("KIT", "lead_magnet", "lead_magnet", 1, "490.00"))
                .order("M2", "c7", "2026-03-31T10:00:01Z", null, item("SPEAKERS", "speaker_system", "main", 1, "39990.00"));
        assertEquals(Map.of(
                "L1", "shop:L1/1/staff_expansion/first",
                "L2", "shop:L1/1/staff_expansion/deferred_upsell",
                "L3", "shop:L1/1/staff_expansion/deferred_upsell",
                "M1", "shop:M1/1/other/first",
                "M2", "shop:M2/2/home_audio/repeat"), kinds(orderDeals(baskets)));
    }

    @Test
    void cancelledAndAnonymousOrdersAreNotDealsAndCostsMakeMargin() {
        Baskets baskets = textbook().order("X1", null, "2026-02-02T10:00:00Z", "gaming", item("PS", "console", "main", 1, "50000.00"));
        Dataset<Row> orderDeals = orderDeals(baskets);
        assertEquals(5, orderDeals.count());
        assertEquals(0, orderDeals.filter("order_id in ('O3X', 'X1')").count());
        // no order has a cost here, so no deal has a margin
        assertNull(DealTransforms.deals(orderDeals, DealTransforms.orderPricePositions(baskets.lines()))
                .agg(org.apache.spark.sql.functions.max("margin")).first().get(0));
    }

    @Test
    void checkWidthIsThePricePositionOfTheItemsInTheirCategory() {
        Baskets baskets = new Baskets(MOSCOW)
                // three TVs: cheapest 0, middle 0.5, dearest 1; one mount: alone in its category, 0.5
                .order("P1", "c8", "2026-03-01T10:00:00Z", "office_setup", item("TV1", "tv", "main", 1, "30000.00"),
                        item("MOUNT", "tv_mount", "addon", 1, "2000.00"))
                .order("P2", "c9", "2026-03-01T10:00:00Z", "office_setup", item("TV2", "tv", "main", 1, "50000.00"))
                .order("P3", "c10", "2026-03-01T10:00:00Z", "office_setup", item("TV3", "tv", "main", 3, "90000.00"));
        Map<String, Double> width = new LinkedHashMap<>();
        DealTransforms.deals(orderDeals(baskets), DealTransforms.orderPricePositions(baskets.lines()))
                .orderBy("deal_id").collectAsList()
                .forEach(r -> width.put(r.getString(r.fieldIndex("deal_id")), r.getDouble(r.fieldIndex("check_width"))));
        // P1: (0 × 1 + 0.5 × 1) / 2 items; P2: the middle TV; P3: three of the dearest
        assertEquals(Map.of("shop:P1", 0.25, "shop:P2", 0.5, "shop:P3", 1.0), width);
    }

    @Test
    void confusionAgainstTruthCountsEveryOrderOnce() {
        Baskets baskets = textbook();
        Dataset<Row> orderJobs = baskets.orderJobs(settings.section(JtbdConfig.class).rules());
        Dataset<Row> truth = TestSpark.session().createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create("O1", "first"), org.apache.spark.sql.RowFactory.create("O2", "deferred_upsell"),
                org.apache.spark.sql.RowFactory.create("O3", "immediate_upsell"), org.apache.spark.sql.RowFactory.create("O3X", "cancelled"),
                org.apache.spark.sql.RowFactory.create("O4", "repeat"), org.apache.spark.sql.RowFactory.create("O5", "repeat")),
                new org.apache.spark.sql.types.StructType().add("order_id", "string").add("purchase_kind", "string"));
        List<Row> matrix = DealTransforms.purchaseKindConfusion(orderJobs, orderDeals(baskets), truth).collectAsList();
        assertEquals("[[cancelled,not_a_deal,1], [deferred_upsell,deferred_upsell,1], [first,first,1], "
                + "[immediate_upsell,deferred_upsell,1], [repeat,repeat,2]]", matrix.toString());
        long agreeing = matrix.stream().filter(r -> DealTransforms.agrees(r.getString(0), r.getString(1)))
                .mapToLong(r -> r.getLong(2)).sum();
        assertEquals(5, agreeing);
    }

    @Test
    void aRerunGivesTheSameDeals() {
        Baskets baskets = textbook();
        List<Row> first = orderDeals(baskets).orderBy("order_id").collectAsList();
        List<Row> second = orderDeals(baskets).repartition(3).orderBy("order_id").collectAsList();
        assertEquals(first, second);
        assertEquals(new BigDecimal("136420.00"), DealTransforms.deals(orderDeals(baskets),
                DealTransforms.orderPricePositions(baskets.lines())).filter("deal_seq = 1").first().getAs("revenue"));
    }
}
