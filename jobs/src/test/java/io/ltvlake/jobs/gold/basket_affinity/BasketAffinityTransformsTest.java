package io.ltvlake.jobs.gold.basket_affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig.BasketKind;
import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BasketAffinityTransformsTest {

    static final StructType ORDER_JOBS = BasketAffinityTransforms.ORDER_ATTRIBUTES.add("order_id", "string")
            .add("is_purchase", "boolean");
    static final StructType LINES = new StructType().add("source", "string").add("order_id", "string")
            .add("product_id", "string").add("product_name", "string").add("category", "string")
            .add("is_revenue_line", "boolean");
    static final StructType ORDER_DEALS = new StructType().add("source", "string").add("order_id", "string")
            .add("deal_id", "string").add("deal_job", "string");

    private final List<Row> orders = new ArrayList<>();
    private final List<Row> lines = new ArrayList<>();

    private void order(String orderId, String job, String country, boolean purchase, String... products) {
        Object[] values = new Object[ORDER_JOBS.size()];
        values[ORDER_JOBS.fieldIndex("country")] = country;
        values[ORDER_JOBS.fieldIndex("source")] = "shop";
        values[ORDER_JOBS.fieldIndex("job")] = job;
        values[ORDER_JOBS.fieldIndex("order_date")] = Date.valueOf("2026-03-01");
        values[ORDER_JOBS.fieldIndex("order_id")] = orderId;
        values[ORDER_JOBS.fieldIndex("is_purchase")] = purchase;
        orders.add(RowFactory.create(values));
        for (String product : products) {
            String category = switch (product) {
                case "A", "B" -> "x";
                case "C" -> "y";
                case "E" -> "z";
                default -> null;
            };
            lines.add(RowFactory.create("shop", orderId, product, "Product " + product, category, true));
        }
    }

    /*
     * Purchases in RU: O1 (job a) A B C; O2 (a) A A B (two lines of A: once in the basket); O3 (b) A C; O4 (b) B E;
     * O5 (b) POST only. Not baskets: O6 cancelled (A B), O7 in FR (A B), filtered out.
     * Categories: A, B = x; C = y; E = z; POST none.
     */
    BasketAffinityTransformsTest() {
        order("O1", "a", "RU", true, "A", "B", "C");
        order("O2", "a", "RU", true, "A", "A", "B");
        order("O3", "b", "RU", true, "A", "C");
        order("O4", "b", "RU", true, "B", "E");
        order("O5", "b", "RU", true, "POST");
        order("O6", "a", "RU", false, "A", "B");
        order("O7", "a", "FR", true, "A", "B");
    }

    /** The order baskets at minimum support 0.2, shared by the tests that read them (the plan has a dozen joins). */
    private static Map<String, String> orderRulesAtOneFifth;

    private Map<String, String> orderRulesAtOneFifth() {
        if (orderRulesAtOneFifth == null) {
            orderRulesAtOneFifth = rules(BasketKind.ORDER, 0.2, List.of());
        }
        return orderRulesAtOneFifth;
    }

    private Map<String, String> rules(BasketKind kind, double minSupport, List<Row> orderDeals) {
        BasketAffinityConfig settings = new BasketAffinityConfig(kind, minSupport, Optional.of("country = 'RU'"),
                List.of("POST"));
        Dataset<Row> baskets = BasketAffinityTransforms.basketOrders(TestSpark.session().createDataFrame(orders, ORDER_JOBS),
                TestSpark.session().createDataFrame(orderDeals, ORDER_DEALS), settings);
        Map<String, String> result = new TreeMap<>();
        for (Row row : BasketAffinityTransforms.affinity(baskets, TestSpark.session().createDataFrame(lines, LINES), settings)
                .collectAsList()) {
            String key = row.getAs("split_value") + " " + row.getAs("pair_type") + " " + row.getAs("antecedent_id") + "->"
                    + row.getAs("consequent_id");
            result.put(key, String.format("N=%d n(A)=%d n(B)=%d n(AB)=%d s=%.4f c=%.4f l=%.4f %s", row.<Long>getAs("baskets"),
                    row.<Long>getAs("antecedent_baskets"), row.<Long>getAs("consequent_baskets"), row.<Long>getAs("pair_baskets"),
                    row.<Double>getAs("support"), row.<Double>getAs("confidence"), row.<Double>getAs("lift"),
                    row.getAs("antecedent_name")));
        }
        return result;
    }

    @Test
    void orderBasketsOverallWithSupportConfidenceAndLiftByHand() {
        Map<String, String> rules = orderRulesAtOneFifth();
        // N = 5 baskets (O1..O5; O5 holds only excluded postage and still counts). n(A) = 3, n(B) = 3, n(C) = 2, n(E) = 1.
        // A,B in O1 O2: s = 2/5; c(A→B) = 2/3; l = (2/3) / (3/5) = 10/9
        assertEquals("N=5 n(A)=3 n(B)=3 n(AB)=2 s=0.4000 c=0.6667 l=1.1111 Product A", rules.get("all product A->B"));
        assertEquals("N=5 n(A)=3 n(B)=3 n(AB)=2 s=0.4000 c=0.6667 l=1.1111 Product B", rules.get("all product B->A"));
        // A,C in O1 O3: c(A→C) = 2/3, l = (2/3) / (2/5) = 5/3; c(C→A) = 2/2, l = 1 / (3/5) = 5/3
        assertEquals("N=5 n(A)=3 n(B)=2 n(AB)=2 s=0.4000 c=0.6667 l=1.6667 Product A", rules.get("all product A->C"));
        assertEquals("N=5 n(A)=2 n(B)=3 n(AB)=2 s=0.4000 c=1.0000 l=1.6667 Product C", rules.get("all product C->A"));
        // B,C in O1 only: s = 1/5 = the minimum support exactly, kept; c(B→C) = 1/3, l = (1/3) / (2/5) = 5/6
        assertEquals("N=5 n(A)=3 n(B)=2 n(AB)=1 s=0.2000 c=0.3333 l=0.8333 Product B", rules.get("all product B->C"));
        // B,E in O4: c(E→B) = 1, l = 1 / (3/5) = 5/3
        assertEquals("N=5 n(A)=1 n(B)=3 n(AB)=1 s=0.2000 c=1.0000 l=1.6667 Product E", rules.get("all product E->B"));
        // categories: O1 {x,y} O2 {x} O3 {x,y} O4 {x,z} O5 {}: n(x) = 4, n(y) = 2; x,y in O1 O3
        // c(x→y) = 2/4, l = 0.5 / (2/5) = 1.25; the name of a category is the category
        assertEquals("N=5 n(A)=4 n(B)=2 n(AB)=2 s=0.4000 c=0.5000 l=1.2500 x", rules.get("all category x->y"));
        assertEquals("N=5 n(A)=1 n(B)=4 n(AB)=1 s=0.2000 c=1.0000 l=1.2500 z", rules.get("all category z->x"));
        // nothing with postage, nothing from the cancelled or the French order (they would make A,B 4 of 7)
        assertTrue(rules.keySet().stream().noneMatch(k -> k.contains("POST")), rules.keySet().toString());
        // 4 product pairs x 2 directions + 2 category pairs x 2, overall
        assertEquals(12, rules.keySet().stream().filter(k -> k.startsWith("all ")).count(), rules.keySet().toString());
    }

    @Test
    void perJobScopesHaveTheirOwnBasketCounts() {
        Map<String, String> rules = orderRulesAtOneFifth();
        // job a: O1, O2 → N = 2; A and B in both: c = 1, l = 1 / (2/2) = 1
        assertEquals("N=2 n(A)=2 n(B)=2 n(AB)=2 s=1.0000 c=1.0000 l=1.0000 Product A", rules.get("a product A->B"));
        // job b: O3, O4, O5 → N = 3; A,C in O3: s = 1/3, c = 1, l = 1 / (1/3) = 3
        assertEquals("N=3 n(A)=1 n(B)=1 n(AB)=1 s=0.3333 c=1.0000 l=3.0000 Product A", rules.get("b product A->C"));
        assertEquals("N=3 n(A)=1 n(B)=1 n(AB)=1 s=0.3333 c=1.0000 l=3.0000 Product E", rules.get("b product E->B"));
    }

    @Test
    void theMinimumSupportDropsPairsAndItemsBelowIt() {
        // at 0.3: B,C and B,E (1/5 = 0.2 < 0.3) go; E (0.2) is not even paired; A,B and A,C (0.4) stay
        Map<String, String> rules = rules(BasketKind.ORDER, 0.3, List.of());
        List<String> overall = rules.keySet().stream().filter(k -> k.startsWith("all ")).toList();
        assertEquals(List.of("all category x->y", "all category y->x", "all product A->B", "all product A->C",
                "all product B->A", "all product C->A"), overall);
    }

    @Test
    void dealBasketsJoinTheOrdersOfADeal() {
        // D1 = O1 + O2 (job a), D2 = O3, D3 = O4, D4 = O5 (b). N = 4: D1 {A,B,C} D2 {A,C} D3 {B,E} D4 {}
        List<Row> orderDeals = List.of(RowFactory.create("shop", "O1", "shop:O1", "a"),
                RowFactory.create("shop", "O2", "shop:O1", "a"), RowFactory.create("shop", "O3", "shop:O3", "b"),
                RowFactory.create("shop", "O4", "shop:O4", "b"), RowFactory.create("shop", "O5", "shop:O5", "b"));
        Map<String, String> rules = rules(BasketKind.DEAL, 0.2, orderDeals);
        // n(A) = 2 (D1 D2), n(C) = 2, both in D1 D2: c(A→C) = 1, l = 1 / (2/4) = 2
        assertEquals("N=4 n(A)=2 n(B)=2 n(AB)=2 s=0.5000 c=1.0000 l=2.0000 Product A", rules.get("all product A->C"));
        // A,B only in D1 (O1 and O2 are one basket now): s = 1/4, c = 1/2, l = (1/2) / (2/4) = 1
        assertEquals("N=4 n(A)=2 n(B)=2 n(AB)=1 s=0.2500 c=0.5000 l=1.0000 Product A", rules.get("all product A->B"));
    }

    @Test
    void aFilterThatIsNotAPredicateOverOrderAttributesIsAnErrorNamingTheKey() {
        BasketAffinityTransforms.validateFilter(TestSpark.session(), "country = 'France' and job <> 'other' and hour >= 8");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BasketAffinityTransforms.validateFilter(TestSpark.session(), "contry = 'France'"));
        assertTrue(unknown.getMessage().contains("'ltvlake.basket-affinity.filter'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("country string"), unknown.getMessage());
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
                () -> BasketAffinityTransforms.validateFilter(TestSpark.session(), "country"));
        assertTrue(notBoolean.getMessage().contains("not a predicate"), notBoolean.getMessage());
        // customer data is not an order attribute
        assertThrows(IllegalArgumentException.class,
                () -> BasketAffinityTransforms.validateFilter(TestSpark.session(), "customer_key is not null"));
    }

    @Test
    void productNamesAreTheMostFrequentSpelling() {
        List<Row> spelled = List.of(RowFactory.create("shop", "O1", "P", "LAMP", null, true),
                RowFactory.create("shop", "O2", "P", "LAMP ", null, true), RowFactory.create("shop", "O3", "P", "LAMP ", null, true),
                RowFactory.create("shop", "O4", "Q", "B NAME", null, true), RowFactory.create("shop", "O5", "Q", "A NAME", null, true));
        Map<String, String> names = new TreeMap<>();
        BasketAffinityTransforms.productNames(TestSpark.session().createDataFrame(spelled, LINES)).collectAsList()
                .forEach(r -> names.put(r.getString(0), r.getString(1)));
        assertEquals(Map.of("P", "LAMP ", "Q", "A NAME"), names);
    }
}
