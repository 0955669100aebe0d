package io.ltvlake.jobs.gold.deals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.identity.Emails;
import io.ltvlake.common.identity.PhoneNumbers;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.tools.bench.DuckDbBaseline;
import io.ltvlake.tools.sample.SampleGenerator;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB baseline's row counts on a small generated sample, against counts made here from the
 * landing files with plain Java: a CSV reader, ingest's required and typed columns, the latest
 * export per key, libphonenumber (the lake's own phone reader, not the baseline's simpler one),
 * a union-find for identities, and the lake's own deal rules ({@link DealSequence}, which is why
 * this test sits in the deals package). No Spark. It lives in tools because DuckDB does.
 */
class DuckDbBaselineTest {

    @TempDir
    static Path sample;

    private static final LocalDate END = LocalDate.of(2026, 6, 20);
    private static Settings settings;
    private static Map<String, Long> duckdb;
    private static Landing landing;
    private static final String COHORT_CELLS_WITHOUT_CHANNELS =
            "SELECT count(*) FROM cohort_retention WHERE split_type <> 'first_touch_channel'";
    private static final String ACTIVE_IN_SECOND_MONTH =
            "SELECT sum(active_customers) FROM cohort_retention WHERE split_type = 'all' AND months_since_acquisition = 1";

    @BeforeAll
    static void generateAndRun() throws Exception {
        // the job rules (conf sets jtbd.rule-set = electronics) are checked against the lake by bench; here every
        // order without a CRM label takes the default job, on both sides
        settings = TestSpark.settings(Map.of("jtbd.rule-set", "\"none\""));
        SampleGenerator.generate(new SampleSettings(250, 150, 7, END, sample));
        DuckDbBaseline baseline = new DuckDbBaseline(
                DuckDbBaseline.Parameters.of(settings, sample.resolve("landing/shop"), "shop", END))
                .alsoCounting(List.of(COHORT_CELLS_WITHOUT_CHANNELS, ACTIVE_IN_SECOND_MONTH));
        duckdb = new HashMap<>();
        for (DuckDbBaseline.StepResult step : baseline.run()) {
            duckdb.putAll(step.counts());
        }
        duckdb.putAll(baseline.counted());
        landing = new Landing(sample.resolve("landing/shop"), settings.phoneDefaultRegion(), settings.businessTimeZone());
    }

    @Test
    void linesOrdersSessionsAndCallsAsIngestAndConformKeepThem() {
        assertTrue(landing.orderLines.size() > 100, "the sample has orders to count");
        assertTrue(landing.setAside > 0, "the sample plants lines ingest sets aside");
        assertEquals(landing.orderLines.values().stream().mapToLong(lines -> lines.size()).sum(), duckdb.get("silver.order_lines"));
        assertEquals(landing.orderLines.size(), duckdb.get("silver.orders"));
        assertEquals(landing.sessions.size(), duckdb.get("silver.sessions"));
        assertEquals(landing.calls.size(), duckdb.get("silver.calls"));
    }

    @Test
    void identityCountsTheConnectedComponentsOfSharedIdentifiers() {
        UnionFind identities = landing.identities();
        assertEquals(identities.parent.size(), duckdb.get("silver.identity_map"));
        assertEquals(identities.components(), duckdb.get("silver.customers"));
    }

    @Test
    void dealsRfmAndCohortsCountWhatTheLakesRulesGive() throws Exception {
        UnionFind identities = landing.identities();
        DealsConfig windows = settings.section(DealsConfig.class);
        Map<String, List<DealSequence.Purchase>> byCustomer = new HashMap<>();
        Map<String, LocalDate> orderDates = new HashMap<>();
        for (Landing.Order order : landing.purchases()) {
            String customer = identities.find(order.identifiers().stream().min(Comparator.naturalOrder()).orElseThrow());
            byCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(new DealSequence.Purchase("shop", order.orderId(),
                    order.orderedAt().getEpochSecond(), order.job(), order.leadMagnet(), order.mainProduct()));
            orderDates.put(order.orderId(), order.orderedAt().atZone(settings.businessTimeZone()).toLocalDate());
        }
        DealSequence rules = new DealSequence(windows.immediateWindow().toSeconds(), windows.deferredWindow().toSeconds());
        long purchases = 0;
        Map<String, Map<String, LocalDate>> dealOpenings = new HashMap<>();
        Map<String, String> firstJob = new HashMap<>();
        Map<String, LocalDate> acquired = new HashMap<>();
        Map<String, Set<LocalDate>> activeMonths = new HashMap<>();
        for (Map.Entry<String, List<DealSequence.Purchase>> customer : byCustomer.entrySet()) {
            for (DealSequence.Assignment a : rules.assign(customer.getValue())) {
                purchases++;
                LocalDate date = orderDates.get(a.purchase().orderId());
                dealOpenings.computeIfAbsent(customer.getKey(), c -> new HashMap<>()).merge(a.dealId(), date,
                        (x, y) -> x.isBefore(y) ? x : y);
                if (a.dealSeq() == 1) {
                    firstJob.put(customer.getKey(), a.dealJob());
                }
                acquired.merge(customer.getKey(), date, (x, y) -> x.isBefore(y) ? x : y);
                activeMonths.computeIfAbsent(customer.getKey(), c -> new HashSet<>()).add(date.withDayOfMonth(1));
            }
        }
        assertEquals(purchases, duckdb.get("gold.order_deals"));
        assertEquals(dealOpenings.values().stream().mapToLong(Map::size).sum(), duckdb.get("gold.deals"));

        // RFM: per kept snapshot (every month end from the first purchase's month, and the end date), the customers with a
        // deal opened in the lookback
        int lookback = settings.section(io.ltvlake.jobs.gold.rfm.RfmConfig.class).lookbackDays();
        long rfmRows = 0;
        List<LocalDate> kept = new ArrayList<>(List.of(END));
        LocalDate firstPurchase = orderDates.values().stream().min(Comparator.naturalOrder()).orElseThrow();
        for (java.time.YearMonth month = java.time.YearMonth.from(firstPurchase); month.atEndOfMonth().isBefore(END);
                month = month.plusMonths(1)) {
            kept.add(month.atEndOfMonth());
        }
        assertTrue(kept.size() > 2, "the sample spans months");
        for (LocalDate snapshot : kept) {
            rfmRows += dealOpenings.values().stream().filter(openings -> openings.values().stream()
                    .anyMatch(opened -> !opened.isAfter(snapshot) && opened.isAfter(snapshot.minusDays(lookback)))).count();
        }
        assertTrue(rfmRows > 0, "the sample has customers to score");
        assertEquals(rfmRows, duckdb.get("gold.customer_rfm"));

        // cohorts, splits 'all' and 'first_job' (first_touch_channel needs the channel rules): one row per
        // cohort month and month since acquisition, up to the end month
        LocalDate endMonth = END.withDayOfMonth(1);
        Map<String, Set<LocalDate>> cohortsBySplit = new TreeMap<>();
        for (Map.Entry<String, LocalDate> customer : acquired.entrySet()) {
            LocalDate cohort = customer.getValue().withDayOfMonth(1);
            cohortsBySplit.computeIfAbsent("all", s -> new HashSet<>()).add(cohort);
            cohortsBySplit.computeIfAbsent("job:" + firstJob.get(customer.getKey()), s -> new HashSet<>()).add(cohort);
        }
        long cells = cohortsBySplit.values().stream().flatMap(Set::stream)
                .mapToLong(cohort -> java.time.temporal.ChronoUnit.MONTHS.between(cohort, endMonth) + 1).sum();
        assertEquals(cells, duckdb.get(COHORT_CELLS_WITHOUT_CHANNELS));
        // and the customers active in their second month, overall
        long secondMonth = acquired.entrySet().stream().filter(c -> activeMonths.get(c.getKey())
                .contains(c.getValue().withDayOfMonth(1).plusMonths(1))).count();
        assertEquals(secondMonth, duckdb.get(ACTIVE_IN_SECOND_MONTH));
    }

    /** The landing files read with plain Java, as ingest and conform keep them. */
    static final class Landing {
        record Order(String orderId, Instant orderedAt, List<String> identifiers, String job, boolean leadMagnet,
                     boolean mainProduct, boolean purchase) {}

        /** order id → (line number → line) of the order's latest export */
        final Map<String, Map<String, Map<String, String>>> orderLines = new HashMap<>();
        final Map<String, Map<String, String>> sessions = new HashMap<>();
        final Map<String, Map<String, String>> calls = new HashMap<>();
        final Map<String, Map<String, String>> messages = new HashMap<>();
        final Map<String, String> productRoles = new HashMap<>();
        long setAside;
        private final String region;

        Landing(Path folder, String region, ZoneId zone) throws IOException {
            this.region = region;
            List<Path> days;
            try (Stream<Path> list = Files.list(folder)) {
                days = list.sorted().toList();
            }
            for (Path day : days) {
                Map<String, Map<String, Map<String, String>>> dayOrders = new LinkedHashMap<>();
                for (Map<String, String> line : read(day.resolve("order_lines.csv"))) {
                    boolean valid = present(line, "order_id", "ordered_at", "product_id", "quantity", "unit_price")
                            && time(line.get("ordered_at")) && integer(line.get("quantity")) && number(line.get("unit_price"))
                            && optional(line, "line_no", Landing::integer) && optional(line, "updated_at", Landing::time)
                            && optional(line, "unit_cost", Landing::number) && optional(line, "guests", Landing::integer);
                    if (!valid) {
                        setAside++;
                        continue;
                    }
                    dayOrders.computeIfAbsent(line.get("order_id"), o -> new LinkedHashMap<>()).put(line.get("line_no"), line);
                }
                for (Map.Entry<String, Map<String, Map<String, String>>> order : dayOrders.entrySet()) {
                    // a later export of an order replaces every line of the earlier one
                    orderLines.put(order.getKey(), order.getValue());
                }
                latest(day.resolve("sessions.csv"), "session_id", "started_at", sessions, line -> true);
                latest(day.resolve("calls.csv"), "call_id", "started_at", calls,
                        line -> line.get("caller_phone") != null && PhoneNumbers.toE164(line.get("caller_phone"), region).isPresent());
                latest(day.resolve("messages.csv"), "message_id", "sent_at", messages, line -> line.get("channel") != null);
                for (Map<String, String> product : read(day.resolve("products.csv"))) {
                    if (product.get("product_id") != null) {
                        productRoles.put(product.get("product_id"), product.get("role"));
                    }
                }
            }
        }

        private void latest(Path file, String key, String time, Map<String, Map<String, String>> into,
                            java.util.function.Predicate<Map<String, String>> alsoValid) throws IOException {
            for (Map<String, String> line : read(file)) {
                if (present(line, key, time) && time(line.get(time)) && alsoValid.test(line)) {
                    into.put(line.get(key), line);
                } else {
                    setAside++;
                }
            }
        }

        List<Order> purchases() {
            List<Order> orders = new ArrayList<>();
            for (Map.Entry<String, Map<String, Map<String, String>>> order : orderLines.entrySet()) {
                Map<String, String> header = order.getValue().values().iterator().next();
                boolean revenue = false;
                int positive = 0;
                int leadMagnet = 0;
                int main = 0;
                for (Map<String, String> line : order.getValue().values()) {
                    if (new BigDecimal(line.get("quantity")).signum() > 0 && new BigDecimal(line.get("unit_price")).signum() > 0) {
                        revenue = true;
                        positive++;
                        String role = productRoles.get(line.get("product_id"));
                        leadMagnet += "lead_magnet".equals(role) ? 1 : 0;
                        main += "main".equals(role) ? 1 : 0;
                    }
                }
                String status = header.get("status") == null ? "completed" : header.get("status").toLowerCase();
                List<String> ids = orderIdentifiers(header);
                if (!revenue || !status.equals("completed") || ids.isEmpty()) {
                    continue;
                }
                String job = header.get("jtbd") == null ? "other" : header.get("jtbd").trim().toLowerCase().replaceAll("\\s+", "_");
                Instant at = order.getValue().values().stream().map(l -> OffsetDateTime.parse(l.get("ordered_at")).toInstant())
                        .min(Comparator.naturalOrder()).orElseThrow();
                orders.add(new Order(order.getKey(), at, ids, job, positive > 0 && leadMagnet == positive, main > 0, true));
            }
            return orders;
        }

        List<String> orderIdentifiers(Map<String, String> header) {
            return ids(header.get("customer_id"), header.get("phone"), header.get("email"), header.get("client_id"));
        }

        private List<String> ids(String customerId, String phone, String email, String clientId) {
            List<String> ids = new ArrayList<>();
            if (customerId != null) {
                ids.add("customer_id:" + customerId);
            }
            PhoneNumbers.toE164(phone, region).ifPresent(p -> ids.add("phone:" + p));
            Emails.normalise(email).ifPresent(e -> ids.add("email:" + e));
            if (clientId != null) {
                ids.add("client_id:" + clientId);
            }
            return ids;
        }

        UnionFind identities() {
            UnionFind graph = new UnionFind();
            for (Map<String, Map<String, String>> order : orderLines.values()) {
                graph.event(orderIdentifiers(order.values().iterator().next()));
            }
            for (Map<String, String> s : sessions.values()) {
                graph.event(ids(s.get("customer_id"), s.get("phone"), s.get("email"), s.get("client_id")));
            }
            for (Map<String, String> c : calls.values()) {
                graph.event(ids(null, c.get("caller_phone"), null, c.get("client_id")));
            }
            for (Map<String, String> m : messages.values()) {
                graph.event(ids(m.get("customer_id"), m.get("phone"), m.get("email"), m.get("client_id")));
            }
            return graph;
        }

        private static boolean present(Map<String, String> line, String... columns) {
            for (String column : columns) {
                if (line.get(column) == null) {
                    return false;
                }
            }
            return true;
        }

        private static boolean optional(Map<String, String> line, String column, java.util.function.Predicate<String> readable) {
            return line.get(column) == null || readable.test(line.get(column));
        }

        private static boolean time(String value) {
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static boolean number(String value) {
            try {
                new BigDecimal(value);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static boolean integer(String value) {
            try {
                new BigDecimal(value).intValueExact();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The rows of a CSV file with a header (quotes doubled inside quoted fields), blank values as null. */
        static List<Map<String, String>> read(Path file) throws IOException {
            List<Map<String, String>> rows = new ArrayList<>();
            if (!Files.exists(file)) {
                return rows;
            }
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                return rows;
            }
            List<String> header = fields(lines.get(0));
            for (String text : lines.subList(1, lines.size())) {
                List<String> values = fields(text);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size() && i < values.size(); i++) {
                    String value = values.get(i).trim();
                    row.put(header.get(i), value.isEmpty() ? null : value);
                }
                rows.add(row);
            }
            return rows;
        }

        private static List<String> fields(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }
    }

    /** Identifiers that share an event are one customer. */
    static final class UnionFind {
        final Map<String, String> parent = new HashMap<>();

        void event(List<String> ids) {
            for (String id : ids) {
                parent.putIfAbsent(id, id);
                union(id, ids.get(0));
            }
        }

        String find(String id) {
            String root = id;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            parent.put(id, root);
            return root;
        }

        void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(ra, rb);
            }
        }

        long components() {
            return parent.keySet().stream().map(this::find).distinct().count();
        }
    }
}
