package io.ltvlake.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class IdentityGraphTest {

    private final SparkSession spark = TestSpark.session();

    /** {@code (src, dst)} from "src-dst" pairs. */
    private Dataset<Row> edges(String... pairs) {
        return twoColumns("-", "src", "dst", pairs);
    }

    /** {@code (node, component)} from "node:component" pairs. */
    private Dataset<Row> labelRows(String... nodeComponent) {
        return twoColumns(":", "node", "component", nodeComponent);
    }

    private Dataset<Row> twoColumns(String separator, String first, String second, String... pairs) {
        List<Row> rows = new ArrayList<>();
        for (String pair : pairs) {
            String[] parts = pair.split(separator);
            rows.add(RowFactory.create(parts[0], parts[1]));
        }
        return spark.createDataFrame(rows, new StructType().add(first, "string").add(second, "string"));
    }

    private static Map<String, String> labels(IdentityGraph.Result result) {
        Map<String, String> labels = new TreeMap<>();
        result.labels().collectAsList().forEach(r -> labels.put(r.getString(0), r.getString(1)));
        return labels;
    }

    @Test
    void aChainAcrossEventsIsOneCustomer() {
        // phone–email on one event, email–cookie on another, cookie–crm id on a third; x–y apart
        Map<String, String> labels = labels(IdentityGraph.components(
                edges("phone-email", "email-cookie", "cookie-crm", "x-y"), 10, 2));
        assertEquals(Map.of("phone", "cookie", "email", "cookie", "cookie", "cookie", "crm", "cookie",
                "x", "x", "y", "x"), labels);
    }

    @Test
    void aLongChainConvergesInFewRoundsThanksToPointerJumping() {
        // n00-n01, n01-n02, … n63-n64: a path of 65 nodes whose smallest node is at one end
        String[] pairs = new String[64];
        for (int i = 0; i < 64; i++) {
            pairs[i] = String.format("n%02d-n%02d", 64 - i, 63 - i);
        }
        IdentityGraph.Result result = IdentityGraph.components(edges(pairs), 40, 3);
        Map<String, String> labels = labels(result);
        assertEquals(65, labels.size());
        assertTrue(labels.values().stream().allMatch("n00"::equals), labels.toString());
        assertTrue(result.rounds() <= 10, "rounds: " + result.rounds());
    }

    @Test
    void exceedingTheBoundIsAnErrorNotAPartialAnswer() {
        String[] pairs = new String[32];
        for (int i = 0; i < 32; i++) {
            pairs[i] = String.format("n%02d-n%02d", i, i + 1);
        }
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> IdentityGraph.components(edges(pairs), 2, 1));
        assertTrue(error.getMessage().contains("did not converge within 2 rounds"), error.getMessage());
    }

    @Test
    void eventsBecomeStarsAndLoneIdentifiersStayNodes() {
        StructType schema = new StructType().add("ids", DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create((Object) new String[] {"phone:+7912", null, "email:a@b.ru", "client_id:c1"}),
                RowFactory.create((Object) new String[] {"client_id:c9"}),
                RowFactory.create((Object) new String[] {null, null})), schema);
        List<String> edges = IdentityGraph.edgesFromEvents(events, "ids").collectAsList().stream()
                .map(r -> r.getString(0) + ">" + r.getString(1)).sorted().toList();
        assertEquals(List.of("client_id:c1>client_id:c1", "client_id:c9>client_id:c9", "email:a@b.ru>client_id:c1",
                "phone:+7912>client_id:c1"), edges);
    }

    @Test
    void customerKeyIsAKeyedHashOfTheSmallestIdentifier() {
        Dataset<Row> one = spark.sql("select 'client_id:c1' as component union all select cast(null as string)");
        java.util.List<Row> keys = one.select(IdentityGraph.customerKey(one.col("component"),
                new CustomerKeys(CustomerKeys.DEVELOPMENT_SECRET))).collectAsList();
        // HMAC-SHA-256 of "client_id:c1" under the development secret, first 16 hex digits, worked out with
        // printf 'client_id:c1' | openssl dgst -sha256 -hmac 'ltvlake-development-secret:not-for-production-data'
        assertEquals("9aa62add37771af9", keys.get(0).getString(0));
        assertTrue(keys.get(1).isNullAt(0), "no identifier, no key");
    }

    @Test
    void anUpdateRelabelsOnlyTheComponentsAChangedEdgeTouches() {
        // before: events {a,b} {c,d} {e} {g,h} {x,y}; the stored label of {a,b} is "zz", which no run would give:
        // it comes out unchanged only if that component is carried over rather than computed again
        Dataset<Row> previousEdges = edges("a-a", "b-a", "c-c", "d-c", "e-e", "g-g", "h-g", "x-x", "y-x");
        Dataset<Row> previousLabels = labelRows("a:zz", "b:zz", "c:c", "d:c", "e:e",
                "g:g", "h:g", "x:x", "y:x");
        // now: {a,b} {c,d} as before; {d,e} joins e to c's customer; {f} is new; {g} and {h} are apart; x is gone
        Dataset<Row> edgesNow = edges("a-a", "b-a", "c-c", "d-c", "d-d", "e-d", "e-e", "f-f", "g-g", "h-h", "y-y");
        IdentityGraph.Result result = IdentityGraph.update(previousLabels, previousEdges, edgesNow, 10, 2);
        assertEquals(new TreeMap<>(Map.of("a", "zz", "b", "zz", "c", "c", "d", "c", "e", "c", "f", "f", "g", "g", "h", "h",
                "y", "y")), labels(result));
    }

    @Test
    void anUpdateWithoutChangesKeepsEveryLabel() {
        Dataset<Row> sameEdges = edges("a-a", "b-a", "c-c");
        IdentityGraph.Result result = IdentityGraph.update(labelRows("a:a", "b:a", "c:c"), sameEdges, sameEdges, 10, 2);
        assertEquals(Map.of("a", "a", "b", "a", "c", "c"), labels(result));
    }

    @Test
    void aSequenceOfUpdatesEqualsComponentsFromScratch() {
        // random events over 120 identifiers; each step removes some events and adds others, merging and splitting;
        // the expected labels come from a union-find in plain Java
        java.util.Random random = new java.util.Random(17);
        List<String[]> events = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            events.add(randomEvent(random));
        }
        Dataset<Row> previousEdges = eventEdges(events);
        Dataset<Row> previousLabels = labelRows(componentsByUnionFind(events).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).toArray(String[]::new));
        for (int step = 0; step < 3; step++) {
            for (int removed = 0; removed < 6; removed++) {
                events.remove(random.nextInt(events.size()));
            }
            for (int added = 0; added < 8; added++) {
                events.add(randomEvent(random));
            }
            Dataset<Row> edgesNow = eventEdges(events);
            Map<String, String> updated = labels(IdentityGraph.update(previousLabels, previousEdges, edgesNow, 30, 2));
            assertEquals(componentsByUnionFind(events), updated, "step " + step);
            previousEdges = edgesNow;
            previousLabels = labelRows(updated.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toArray(String[]::new));
        }
    }

    @Test
    void componentsFromScratchMatchUnionFindWhenTheIdentifiersAreNumberedInManyPartitions() {
        // the rounds run on numbers given in the identifiers' sorted order; spread over eight sorted partitions
        // (adaptive execution would merge such small ones), the numbers must still follow that order
        java.util.Random random = new java.util.Random(29);
        List<String[]> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String[] ids = new String[1 + random.nextInt(3)];
            for (int j = 0; j < ids.length; j++) {
                // mixed prefixes and lengths, so that the smallest identifier is rarely the first one generated
                ids[j] = List.of("phone:+7", "email:", "client_id:").get(random.nextInt(3)) + random.nextInt(700);
            }
            events.add(ids);
        }
        String partitions = spark.conf().get("spark.sql.shuffle.partitions");
        String coalesce = spark.conf().get("spark.sql.adaptive.coalescePartitions.enabled");
        try {
            spark.conf().set("spark.sql.shuffle.partitions", "8");
            spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
            assertEquals(componentsByUnionFind(events), labels(IdentityGraph.components(eventEdges(events), 40, 3)));
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", partitions);
            spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", coalesce);
        }
    }

    /** Each identifier's smallest fellow identifier, by union-find over the events: the answer worked out apart from Spark. */
    private static Map<String, String> componentsByUnionFind(List<String[]> events) {
        Map<String, String> parent = new TreeMap<>();
        java.util.function.UnaryOperator<String> root = new java.util.function.UnaryOperator<>() {
            @Override
            public String apply(String node) {
                String up = parent.get(node);
                return up.equals(node) ? node : apply(up);
            }
        };
        for (String[] ids : events) {
            for (String id : ids) {
                parent.putIfAbsent(id, id);
            }
            for (String id : ids) {
                String a = root.apply(ids[0]);
                String b = root.apply(id);
                // the smaller root wins, so every root is its component's smallest identifier
                parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
            }
        }
        Map<String, String> labels = new TreeMap<>();
        parent.keySet().forEach(node -> labels.put(node, root.apply(node)));
        return labels;
    }

    private static String[] randomEvent(java.util.Random random) {
        String[] ids = new String[1 + random.nextInt(3)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = String.format("n%03d", random.nextInt(120));
        }
        return ids;
    }

    private Dataset<Row> eventEdges(List<String[]> events) {
        StructType schema = new StructType().add("ids", DataTypes.createArrayType(DataTypes.StringType));
        return IdentityGraph.edgesFromEvents(spark.createDataFrame(
                events.stream().map(ids -> RowFactory.create((Object) ids)).toList(), schema), "ids");
    }
}
