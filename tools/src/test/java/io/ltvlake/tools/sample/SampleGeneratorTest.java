package io.ltvlake.tools.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the generated sample against its own ground truth. The truth is re-derived independently from the landing
 * files wherever possible (identity graph, malformed and duplicate rows, deal windows, final order versions).
 */
class SampleGeneratorTest {
  private static final LocalDate END = LocalDate.of(2025, 6, 30);
  private static final int CUSTOMERS = 3000;
  private static final int DAYS = 730;
  private static final long MIN = 60;
  private static final long HOUR = 3600;
  private static final long DAY = 86400;

  static final String ORDER_HEADER = "order_id,line_no,ordered_at,updated_at,status,customer_id,phone,email,client_id,"
      + "product_id,product_name,category,quantity,unit_price,unit_cost,manager_id,guests,jtbd,store,country,"
      + "marketing_consent";
  static final String CALL_HEADER = "call_id,started_at,caller_phone,direction,status,duration_s,wait_s,utm_source,"
      + "utm_medium,utm_campaign,landing_page,client_id,manager_id";
  static final String SESSION_HEADER = "session_id,started_at,client_id,customer_id,email,phone,utm_source,utm_medium,"
      + "utm_campaign,referrer,landing_page";
  static final String AD_COST_HEADER = "date,utm_source,utm_medium,utm_campaign,cost,impressions";
  static final String PRODUCT_HEADER = "product_id,product_name,category,price_tier,role,unit_price,unit_cost";
  private static final Map<String, String> HEADERS = new LinkedHashMap<>();

  static {
    HEADERS.put("order_lines.csv", ORDER_HEADER);
    HEADERS.put("calls.csv", CALL_HEADER);
    HEADERS.put("sessions.csv", SESSION_HEADER);
    HEADERS.put("ad_costs.csv", AD_COST_HEADER);
    HEADERS.put("products.csv", PRODUCT_HEADER);
    HEADERS.put("messages.csv", "message_id,sent_at,channel,campaign,trigger,customer_id,email,phone,client_id,status,"
        + "opened_at,clicked_at,unsubscribed_at,is_control,cost");
  }

  @TempDir
  static Path tmp;
  private static GenerationSummary summary;
  private static Path out;
  private static Lake lake;

  @BeforeAll
  static void generate() throws IOException {
    out = tmp.resolve("big");
    summary = SampleGenerator.generate(new SampleSettings(CUSTOMERS, DAYS, 42L, END, out));
    lake = new Lake(out);
  }

  // ------------------------------------------------------------------ settings, determinism, layout

  @Test
  void rejectsBadSettingsNamingTheSetting() {
    Path dir = tmp.resolve("bad");
    assertMessage("customers", () -> SampleGenerator.generate(new SampleSettings(0, 365, 1, END, dir)));
    assertMessage("days", () -> SampleGenerator.generate(new SampleSettings(10, 59, 1, END, dir)));
    assertMessage("out", () -> SampleGenerator.generate(new SampleSettings(10, 365, 1, END, null)));
    assertMessage("endDate", () -> SampleGenerator.generate(new SampleSettings(10, 365, 1, null, dir)));
    assertFalse(Files.exists(dir), "nothing is written for bad settings");
  }

  private static void assertMessage(String setting, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
  }

  @Test
  void sameSettingsGiveIdenticalBytesAndAnotherSeedDiffers() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    GenerationSummary sa = SampleGenerator.generate(new SampleSettings(500, 180, 7L, END, a));
    GenerationSummary sb = SampleGenerator.generate(new SampleSettings(500, 180, 7L, END, b));
    GenerationSummary sc = SampleGenerator.generate(new SampleSettings(500, 180, 8L, END, c));
    String ha = treeHash(a);
    assertEquals(ha, treeHash(b));
    assertEquals(sa, sb);
    assertNotEquals(ha, treeHash(c));
    assertNotEquals(sa, sc);
    // A rerun into a used folder (which held a longer history) leaves exactly the same tree.
    SampleGenerator.generate(new SampleSettings(500, 365, 7L, END, a));
    SampleGenerator.generate(new SampleSettings(500, 180, 7L, END, a));
    assertEquals(ha, treeHash(a));
  }

  private static String treeHash(Path root) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void everyDayHasAFolderWithAllFilesAndExactHeaders() throws IOException {
    LocalDate start = END.minusDays(DAYS - 1);
    assertEquals(start, summary.firstExportDate());
    assertEquals(END, summary.lastExportDate());
    List<String> expected = new ArrayList<>();
    for (LocalDate d = start; !d.isAfter(END); d = d.plusDays(1)) {
      expected.add(d.toString());
    }
    assertEquals(expected, lake.days);
    for (String day : lake.days) {
      try (Stream<Path> s = Files.list(out.resolve("landing/shop").resolve(day))) {
        assertEquals(HEADERS.keySet(), s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), day);
      }
      for (Map.Entry<String, String> h : HEADERS.entrySet()) {
        assertEquals(h.getValue(), lake.rawLines(day, h.getKey()).get(0), day + "/" + h.getKey());
      }
    }
    assertEquals(List.of("campaigns.csv", "duplicates.csv", "identifiers.csv", "malformed.csv", "orders.csv", "people.csv"),
        Files.list(out.resolve("truth")).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
    assertFalse(Files.exists(out.resolve(".sample-spill")), "spill files are removed");
  }

  @Test
  void summaryCountsEqualTheRowsInTheFiles() {
    assertEquals(lake.dataRows("order_lines.csv"), summary.orderLines());
    assertEquals(lake.dataRows("sessions.csv"), summary.sessions());
    assertEquals(lake.dataRows("calls.csv"), summary.calls());
    assertEquals(lake.dataRows("ad_costs.csv"), summary.adCostRows());
    assertEquals(DAYS * 6, summary.adCostRows(), "one row per day and paid campaign");
    assertEquals(lake.truthOrders.size(), summary.orders());
    Set<String> landedOrders = lake.valid("order_lines.csv").stream().map(r -> r.get("order_id"))
        .collect(Collectors.toSet());
    assertEquals(landedOrders.size(), summary.orders());
    assertEquals(lake.truthIdentifiers.stream().map(r -> r.get("person_id")).distinct().count(), summary.persons());
    assertEquals(lake.products(lake.days.get(0)).size(), summary.products());
    assertTrue(summary.products() >= 45 && summary.products() <= 60, "about 50 products: " + summary.products());
    // Volumes of a realistic shop for 3,000 buyers over two years.
    assertTrue(summary.orders() > 3 * CUSTOMERS, "orders " + summary.orders());
    assertTrue(summary.sessions() > 8 * CUSTOMERS, "sessions " + summary.sessions());
    assertTrue(summary.calls() > CUSTOMERS / 2, "calls " + summary.calls());
    assertTrue(summary.persons() > 3 * CUSTOMERS, "buyers + prospects + visitors " + summary.persons());
  }

  // ------------------------------------------------------------------ planted mess

  @Test
  void plantedMalformedRowsAreExactlyTheUnparseableRows() {
    Map<String, Integer> found = new TreeMap<>();
    Map<String, Integer> perEntity = new LinkedHashMap<>();
    for (String file : List.of("order_lines.csv", "calls.csv", "sessions.csv")) {
      String entity = file.replace(".csv", "");
      int count = 0;
      for (Rec r : lake.rows(file)) {
        List<String> faults = faults(file, r);
        assertTrue(faults.size() <= 1, "one fault per malformed row: " + r);
        if (faults.size() == 1) {
          found.merge(entity + "," + r.day + "," + faults.get(0), 1, Integer::sum);
          count++;
          if (file.equals("order_lines.csv")) {
            assertTrue(Integer.parseInt(r.get("line_no")) >= 90, "malformed copy has its own line_no: " + r);
          }
        }
      }
      perEntity.put(entity, count);
      int real = lake.rows(file).size() - count;
      assertTrue(count > 0 && count < real * 0.012, entity + ": " + count + " malformed of " + real);
    }
    Map<String, Integer> truth = new TreeMap<>();
    for (Map<String, String> t : lake.truthMalformed) {
      truth.merge(t.get("entity") + "," + t.get("export_date") + "," + t.get("column") + "," + t.get("reason"), 1,
          Integer::sum);
    }
    assertEquals(truth, found);
    assertEquals(perEntity, summary.malformedRowsByEntity());
    Set<String> reasons = lake.truthMalformed.stream().map(t -> t.get("reason")).collect(Collectors.toSet());
    assertEquals(Set.of("unparseable_timestamp", "unparseable_number", "missing_required_value"), reasons);
  }

  /** Faults of one landing row as "column,reason". */
  private static List<String> faults(String file, Rec r) {
    List<String> f = new ArrayList<>();
    switch (file) {
      case "order_lines.csv":
        if (r.get("order_id").isEmpty()) {
          f.add("order_id,missing_required_value");
        }
        if (!isTimestamp(r.get("ordered_at"))) {
          f.add("ordered_at,unparseable_timestamp");
        }
        if (!isNumber(r.get("quantity"))) {
          f.add("quantity,unparseable_number");
        }
        if (!isNumber(r.get("unit_price"))) {
          f.add("unit_price,unparseable_number");
        }
        break;
      case "calls.csv":
        if (r.get("call_id").isEmpty()) {
          f.add("call_id,missing_required_value");
        }
        if (!isTimestamp(r.get("started_at"))) {
          f.add("started_at,unparseable_timestamp");
        }
        if (!isNumber(r.get("duration_s"))) {
          f.add("duration_s,unparseable_number");
        }
        break;
      default:
        if (r.get("session_id").isEmpty()) {
          f.add("session_id,missing_required_value");
        }
        if (!isTimestamp(r.get("started_at"))) {
          f.add("started_at,unparseable_timestamp");
        }
        break;
    }
    return f;
  }

  private static boolean isTimestamp(String s) {
    try {
      Instant.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Test
  void plantedDuplicatesAreExactlyTheRepeatedRows() throws IOException {
    Map<String, Integer> found = new TreeMap<>();
    Map<String, Integer> perEntity = new LinkedHashMap<>();
    for (String file : List.of("order_lines.csv", "calls.csv", "sessions.csv")) {
      String entity = file.replace(".csv", "");
      int total = 0;
      for (String day : lake.days) {
        List<String> lines = lake.rawLines(day, file);
        int extra = lines.size() - new HashSet<>(lines).size();
        if (extra > 0) {
          found.put(entity + "," + day, extra);
        }
        total += extra;
      }
      perEntity.put(entity, total);
    }
    Map<String, Integer> truth = new TreeMap<>();
    for (Map<String, String> t : lake.truthDuplicates) {
      truth.put(t.get("entity") + "," + t.get("export_date"), Integer.parseInt(t.get("count")));
    }
    assertEquals(truth, found);
    assertEquals(perEntity, summary.exactDuplicatesByEntity());
    double lineRate = perEntity.get("order_lines") / (double) summary.orderLines();
    double sessionRate = perEntity.get("sessions") / (double) summary.sessions();
    assertTrue(lineRate > 0.005 && lineRate < 0.015, "order line duplicates " + lineRate);
    assertTrue(sessionRate > 0.002 && sessionRate < 0.008, "session duplicates " + sessionRate);
    assertEquals(0, perEntity.get("calls"));
  }

  @Test
  void realExportsLookMessyButNormaliseToTruth() {
    Pattern p8 = Pattern.compile("8 \\(9\\d\\d\\) \\d{3}-\\d{2}-\\d{2}");
    Pattern p7 = Pattern.compile("\\+7 9\\d\\d \\d{7}");
    Pattern pPlain = Pattern.compile("79\\d{9}");
    int[] formats = new int[3];
    for (Rec r : lake.valid("calls.csv")) {
      String ph = r.get("caller_phone");
      formats[p8.matcher(ph).matches() ? 0 : p7.matcher(ph).matches() ? 1 : pPlain.matcher(ph).matches() ? 2 : -1]++;
    }
    for (int f : formats) {
      assertTrue(f > summary.calls() / 6, "each phone spelling is common: " + Arrays.toString(formats));
    }
    long mixedCase = lake.valid("order_lines.csv").stream().map(r -> r.get("email"))
        .filter(e -> !e.isEmpty() && !e.equals(e.toLowerCase())).count();
    assertTrue(mixedCase > 100, "mixed-case e-mails " + mixedCase);
    for (Map<String, String> id : lake.truthIdentifiers) {
      String v = id.get("identifier_value");
      switch (id.get("identifier_type")) {
        case "phone":
          assertTrue(v.matches("\\+79\\d{9}"), v);
          break;
        case "email":
          assertEquals(v.trim().toLowerCase(), v);
          assertTrue(v.matches("[a-z._]+\\d+@[a-z]+\\.[a-z]+"), v);
          break;
        case "customer_id":
          assertTrue(v.matches("C\\d{6}"), v);
          break;
        case "client_id":
          assertTrue(v.matches("GA1\\.2\\.\\d{10}\\.\\d{10}"), v);
          break;
        default:
          fail("unknown identifier type " + id);
      }
    }
    // Products: the full catalogue on the first day, re-exported with price changes in the middle of the range.
    List<Map<String, String>> first = lake.products(lake.days.get(0));
    String mid = lake.days.get(DAYS / 2);
    List<Map<String, String>> again = lake.products(mid);
    assertEquals(first.size(), again.size());
    int changed = 0;
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).get("product_id"), again.get(i).get("product_id"));
      if (!first.get(i).get("unit_price").equals(again.get(i).get("unit_price"))) {
        changed++;
      }
      double ratio = Double.parseDouble(first.get(i).get("unit_cost")) / Double.parseDouble(first.get(i).get("unit_price"));
      assertTrue(ratio >= 0.55 && ratio <= 0.80, "cost share " + ratio);
    }
    assertTrue(changed >= 3 && changed <= 8, "price changes " + changed);
    assertEquals(0, lake.products(lake.days.get(1)).size());
    Set<String> roles = first.stream().map(r -> r.get("role")).collect(Collectors.toSet());
    assertEquals(Set.of("main", "addon", "lead_magnet"), roles);
    // The CRM jtbd label is on about 85 % of orders.
    Map<String, String> labelByOrder = new HashMap<>();
    for (Rec r : lake.valid("order_lines.csv")) {
      labelByOrder.put(r.get("order_id"), r.get("jtbd"));
    }
    double labelled = labelByOrder.values().stream().filter(s -> !s.isEmpty()).count() / (double) labelByOrder.size();
    assertTrue(labelled > 0.80 && labelled < 0.90, "labelled share " + labelled);
  }

  // ------------------------------------------------------------------ orders and deals

  @Test
  void exportsAreFiledByUtcDayAndTheLatestVersionMatchesTruth() {
    for (Rec r : lake.valid("order_lines.csv")) {
      assertEquals(r.day, r.get("updated_at").substring(0, 10), r.toString());
      assertTrue(r.get("updated_at").compareTo(r.get("ordered_at")) >= 0, r.toString());
      assertEquals("RU", r.get("country"));
      assertEquals("", r.get("guests"));
    }
    for (String file : List.of("calls.csv", "sessions.csv")) {
      for (Rec r : lake.valid(file)) {
        assertEquals(r.day, r.get("started_at").substring(0, 10), r.toString());
      }
    }
    for (String day : lake.days) {
      for (Map<String, String> r : lake.table(day, "ad_costs.csv")) {
        assertEquals(day, r.get("date"));
      }
    }
    // Silver-style: per order and line the latest updated_at wins; its status and value are the truth's final ones.
    Map<String, Map<String, Rec>> latest = new HashMap<>();
    Map<String, String> firstExport = new HashMap<>();
    for (Rec r : lake.valid("order_lines.csv")) {
      Map<String, Rec> lines = latest.computeIfAbsent(r.get("order_id"), k -> new HashMap<>());
      Rec prev = lines.get(r.get("line_no"));
      if (prev == null || r.get("updated_at").compareTo(prev.get("updated_at")) > 0) {
        lines.put(r.get("line_no"), r);
      }
      firstExport.merge(r.get("order_id"), r.get("updated_at"), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    int reExported = 0;
    for (Map<String, String> t : lake.truthOrders) {
      Map<String, Rec> lines = latest.get(t.get("order_id"));
      assertNotNull(lines, t.toString());
      BigDecimal revenue = BigDecimal.ZERO;
      for (Rec r : lines.values()) {
        assertEquals(t.get("final_status"), r.get("status"), t.toString());
        revenue = revenue.add(new BigDecimal(r.get("unit_price")).multiply(new BigDecimal(r.get("quantity"))));
      }
      assertEquals(new BigDecimal(t.get("final_revenue")), revenue, t.toString());
      assertEquals(t.get("ordered_at"), firstExport.get(t.get("order_id")), "first export has updated_at = ordered_at");
      if (!lines.values().iterator().next().get("updated_at").equals(t.get("ordered_at"))) {
        reExported++;
      }
    }
    Map<String, Long> statuses = lake.truthOrders.stream()
        .collect(Collectors.groupingBy(t -> t.get("final_status"), TreeMap::new, Collectors.counting()));
    assertEquals(Set.of("completed", "cancelled", "returned"), statuses.keySet());
    long cancelledOrReturned = statuses.get("cancelled") + statuses.get("returned");
    assertTrue(reExported > cancelledOrReturned, "edited orders are re-exported too: " + reExported);
  }

  @Test
  void purchaseKindsFollowTheDealWindowsWithMargins() {
    Map<String, String> roleByProduct = new HashMap<>();
    for (Map<String, String> p : lake.products(lake.days.get(0))) {
      roleByProduct.put(p.get("product_id"), p.get("role"));
    }
    Map<String, Set<String>> rolesByOrder = new HashMap<>();
    for (Rec r : lake.valid("order_lines.csv")) {
      rolesByOrder.computeIfAbsent(r.get("order_id"), k -> new HashSet<>()).add(roleByProduct.get(r.get("product_id")));
    }
    Map<String, List<TruthOrder>> byPerson = new TreeMap<>();
    for (Map<String, String> t : lake.truthOrders) {
      TruthOrder o = new TruthOrder(t, rolesByOrder.get(t.get("order_id")));
      byPerson.computeIfAbsent(o.person, k -> new ArrayList<>()).add(o);
    }
    int leadDeals = 0;
    // lead magnets are planted on ordinary buyers' deals (8 %); cyclic and non-target buyers have none
    int ordinaryDeals = 0;
    for (List<TruthOrder> orders : byPerson.values()) {
      orders.sort((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : a.id.compareTo(b.id));
      Map<String, List<TruthOrder>> byDeal = new LinkedHashMap<>();
      for (TruthOrder o : orders) {
        byDeal.computeIfAbsent(o.deal, k -> new ArrayList<>()).add(o);
      }
      // Planted margins around the 2 h / 30 day windows, per deal.
      Map<String, List<Long>> openingsByJob = new TreeMap<>();
      List<Long> allOpenings = new ArrayList<>();
      List<Long> leadOpenings = new ArrayList<>();
      boolean counted = false;
      for (List<TruthOrder> deal : byDeal.values()) {
        TruthOrder open = deal.get(0);
        if (lake.behaviours.get(open.person).equals("ordinary")) {
          ordinaryDeals++;
        }
        openingsByJob.computeIfAbsent(open.job, k -> new ArrayList<>()).add(open.at);
        allOpenings.add(open.at);
        if (open.roles.equals(Set.of("lead_magnet"))) {
          leadOpenings.add(open.at);
          leadDeals++;
          assertTrue(deal.size() <= 2, "a lead-magnet deal is the magnet and its main order");
        } else {
          // a planted non-target buyer's deals are cheap accessories only
          assertTrue(open.roles.contains("main") || lake.behaviours.get(open.person).equals("non_target"),
              "a deal opens with a main product " + open.id);
        }
        if (open.kind.equals("cancelled") || open.kind.equals("returned")) {
          assertEquals(1, deal.size(), "only single-order deals are cancelled or returned");
          assertEquals(open.kind, open.status);
        } else {
          assertEquals(counted ? "repeat" : "first", open.kind, open.id);
          counted = true;
        }
        for (int i = 1; i < deal.size(); i++) {
          TruthOrder o = deal.get(i);
          long gap = o.at - deal.get(i - 1).at;
          assertEquals(open.job, o.job);
          if (o.kind.equals("immediate_upsell")) {
            assertTrue(gap >= 5 * MIN && gap <= 100 * MIN, "immediate gap " + gap + " " + o.id);
          } else {
            assertEquals("deferred_upsell", o.kind, o.id);
            assertTrue(gap >= 12 * HOUR, "deferred gap to previous " + gap + " " + o.id);
            assertTrue(o.at - open.at <= 25 * DAY + 4 * HOUR, "deferred within 25 days of opening " + o.id);
          }
          if (!open.roles.equals(Set.of("lead_magnet")) || !o.kind.equals("deferred_upsell")) {
            assertFalse(o.roles.contains("main"), "upsells are add-ons " + o.id);
          }
        }
      }
      for (List<Long> opens : openingsByJob.values()) {
        for (int i = 1; i < opens.size(); i++) {
          assertTrue(opens.get(i) - opens.get(i - 1) >= 35 * DAY, "same-job deals 35+ days apart");
        }
      }
      for (long lead : leadOpenings) {
        for (long o : allOpenings) {
          assertFalse(o > lead && o <= lead + 31 * DAY, "no deal opens within 31 days after a lead magnet");
        }
      }
      recomputeAndCompare(orders);
    }
    assertTrue(leadDeals > ordinaryDeals * 0.04, "lead-magnet deals " + leadDeals + " of " + ordinaryDeals + " ordinary deals");
  }

  /** DESIGN §4 deal deduplication over the completed orders must give back the planted kinds and deals. */
  private static void recomputeAndCompare(List<TruthOrder> orders) {
    final class Deal {
      final long open;
      final String key;
      long last;

      Deal(long open, String key) {
        this.open = open;
        this.key = key;
        this.last = open;
      }
    }
    Map<String, Deal> byJob = new HashMap<>();
    Deal lead = null;
    int deals = 0;
    Map<String, String> computedToTruth = new HashMap<>();
    Map<String, String> truthToComputed = new HashMap<>();
    for (TruthOrder o : orders) {
      if (!o.status.equals("completed")) {
        assertEquals(o.status, o.kind);
        continue;
      }
      String kind;
      Deal deal;
      Deal current = byJob.get(o.job);
      if (o.roles.contains("main") && lead != null && o.at > lead.open && o.at - lead.open <= 30 * DAY) {
        deal = lead;
        kind = o.at - deal.last < 2 * HOUR ? "immediate_upsell" : "deferred_upsell";
      } else if (current != null && o.at - current.last < 2 * HOUR) {
        deal = current;
        kind = "immediate_upsell";
      } else if (current != null && o.at - current.open <= 30 * DAY) {
        deal = current;
        kind = "deferred_upsell";
      } else {
        deal = new Deal(o.at, o.id);
        kind = deals++ == 0 ? "first" : "repeat";
        byJob.put(o.job, deal);
        if (o.roles.equals(Set.of("lead_magnet"))) {
          lead = deal;
        }
      }
      deal.last = o.at;
      assertEquals(o.kind, kind, "purchase kind of " + o.id);
      assertEquals(o.deal, computedToTruth.computeIfAbsent(deal.key, k -> o.deal), "deal of " + o.id);
      assertEquals(deal.key, truthToComputed.computeIfAbsent(o.deal, k -> deal.key), "deal of " + o.id);
    }
  }

  @Test
  void peopleCsvIsTheBehaviourTheOrdersShow() throws IOException {
    Map<String, List<LocalDate>> dealDays = new HashMap<>();
    Map<String, Set<String>> jobs = new HashMap<>();
    Map<String, Map<String, BigDecimal>> dealRevenue = new HashMap<>();
    for (Map<String, String> t : lake.truthOrders) {
      if (t.get("purchase_kind").equals("first") || t.get("purchase_kind").equals("repeat")) {
        // business days (Moscow, UTC+3), as in people.csv
        dealDays.computeIfAbsent(t.get("person_id"), k -> new ArrayList<>())
            .add(Instant.parse(t.get("ordered_at")).plusSeconds(3 * 3600).atZone(ZoneOffset.UTC).toLocalDate());
        jobs.computeIfAbsent(t.get("person_id"), k -> new HashSet<>()).add(t.get("job"));
      }
      if (t.get("final_status").equals("completed")) {
        dealRevenue.computeIfAbsent(t.get("person_id"), k -> new HashMap<>())
            .merge(t.get("deal_id"), new BigDecimal(t.get("final_revenue")), BigDecimal::add);
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    int intervals = 0;
    int offCycle = 0;
    for (Map<String, String> p : Lake.read(out.resolve("truth/people.csv"))) {
      String person = p.get("person_id");
      String behaviour = p.get("behaviour");
      counts.merge(behaviour, 1, Integer::sum);
      List<LocalDate> days = dealDays.getOrDefault(person, List.of()).stream().sorted().toList();
      if (behaviour.equals("cyclic") || behaviour.equals("leaver")) {
        int cycle = Integer.parseInt(p.get("planted_cycle_days"));
        LocalDate last = days.get(days.size() - 1);
        assertEquals(Set.of(p.get("job")), jobs.get(person), person + " buys for one job");
        assertEquals(last.toString(), p.get("last_deal_date"), person);
        assertEquals(last.plusDays(cycle).toString(), p.get("next_deal_due_date"), person);
        if (behaviour.equals("leaver")) {
          assertEquals(last.plusDays(2L * cycle).toString(), p.get("flag_by_date"), person);
          assertTrue(days.size() >= 4, person + " has at least 4 deals before leaving");
          assertTrue(last.isBefore(END.minusDays(cycle / 2)), person + " left at least 0.75 cycles before the end");
        }
        // each interval within 4 % of the cycle, give or take the day a deal falls on
        for (int i = 1; i < days.size(); i++) {
          long gap = days.get(i).toEpochDay() - days.get(i - 1).toEpochDay();
          intervals++;
          if (gap < Math.floor(0.96 * cycle) - 1 || gap > Math.ceil(1.04 * cycle) + 1) {
            offCycle++;
          }
        }
      } else if (behaviour.equals("non_target")) {
        assertEquals("true", p.get("is_non_target"));
        Map<String, BigDecimal> deals = dealRevenue.get(person);
        BigDecimal average = deals.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)
            .divide(BigDecimal.valueOf(deals.size()), 2, java.math.RoundingMode.HALF_UP);
        assertTrue(deals.size() >= 6 && average.compareTo(new BigDecimal("5000")) < 0,
            person + ": " + deals.size() + " deals averaging " + average);
      }
    }
    // only a campaign's response deal breaks a planted cycle
    assertTrue(offCycle <= 0.01 * intervals, offCycle + " of " + intervals + " intervals off the planted cycle");
    int buyers = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(CUSTOMERS, buyers, "one row per buyer: " + counts);
    double cyclic = (counts.get("cyclic") + counts.get("leaver")) / (double) buyers;
    assertTrue(cyclic > 0.10 && cyclic < 0.14, "12 % cyclic buyers: " + counts);
    assertTrue(counts.get("leaver") > 0.3 * (counts.get("cyclic") + counts.get("leaver")), "40 % of them leave: " + counts);
    assertTrue(counts.get("non_target") > 0.01 * buyers && counts.get("non_target") < 0.03 * buyers, "2 % non-target: " + counts);
  }

  @Test
  void upsellsAreThirtyToFortyPercentOfCompletedOrders() {
    long completed = 0;
    long upsells = 0;
    Map<String, Integer> dealsPerBuyer = new HashMap<>();
    for (Map<String, String> t : lake.truthOrders) {
      if (t.get("final_status").equals("completed")) {
        completed++;
        if (t.get("purchase_kind").endsWith("_upsell")) {
          upsells++;
        }
      }
      if (t.get("purchase_kind").equals("first") || t.get("purchase_kind").equals("repeat")) {
        dealsPerBuyer.merge(t.get("person_id"), 1, Integer::sum);
      }
    }
    double share = upsells / (double) completed;
    assertTrue(share >= 0.30 && share <= 0.40, "upsell share " + share);
    // the long tail of ordinary buyers; the planted cyclic and non-target buyers all buy again and again
    long ordinary = dealsPerBuyer.keySet().stream().filter(p -> lake.behaviours.get(p).equals("ordinary")).count();
    long once = dealsPerBuyer.entrySet().stream().filter(e -> e.getValue() == 1
        && lake.behaviours.get(e.getKey()).equals("ordinary")).count();
    long many = dealsPerBuyer.values().stream().filter(n -> n >= 5).count();
    assertTrue(once > ordinary / 2, "most ordinary buyers buy once: " + once + " of " + ordinary);
    assertTrue(many > dealsPerBuyer.size() / 50, "some buy 5+ times: " + many);
    assertTrue(dealsPerBuyer.values().stream().allMatch(n -> n <= 15));
    Set<String> jobs = lake.truthOrders.stream().map(t -> t.get("job")).collect(Collectors.toSet());
    assertEquals(Set.of("office_setup", "staff_expansion", "home_audio", "gaming", "smart_home"), jobs);
  }

  // ------------------------------------------------------------------ identity

  @Test
  void identityGraphOfTheExportsMatchesTruth() {
    Map<String, String> personOf = new HashMap<>();
    for (Map<String, String> t : lake.truthIdentifiers) {
      String key = t.get("identifier_type") + ":" + t.get("identifier_value");
      assertTrue(personOf.put(key, t.get("person_id")) == null, "identifier listed once: " + key);
    }
    UnionFind uf = new UnionFind();
    for (String file : List.of("order_lines.csv", "calls.csv", "sessions.csv")) {
      for (Rec r : lake.rows(file)) {
        List<String> ids = identifiers(file, r);
        for (String id : ids) {
          uf.add(id);
          uf.union(ids.get(0), id);
        }
      }
    }
    assertEquals(personOf.keySet(), uf.parent.keySet(), "truth lists exactly the identifiers in the exports");
    Map<String, String> personOfComponent = new HashMap<>();
    Map<String, String> componentOfPerson = new HashMap<>();
    for (Map.Entry<String, String> e : personOf.entrySet()) {
      String root = uf.find(e.getKey());
      assertEquals(e.getValue(), personOfComponent.computeIfAbsent(root, k -> e.getValue()),
          "a component holds one person: " + e.getKey());
      assertEquals(root, componentOfPerson.computeIfAbsent(e.getValue(), k -> root),
          "a person is one component: " + e.getValue());
    }
    assertEquals(summary.persons(), componentOfPerson.size());
  }

  @Test
  void chainPersonIsConnectedOnlyThroughAPhoneCookieEmailChain() {
    Map<String, Map<String, String>> chain = new TreeMap<>();
    for (Map<String, String> t : lake.truthIdentifiers) {
      if (t.get("is_chain_person").equals("true")) {
        assertNull(chain.computeIfAbsent(t.get("person_id"), k -> new TreeMap<>())
            .put(t.get("identifier_type"), t.get("identifier_value")));
      } else {
        assertEquals("false", t.get("is_chain_person"));
      }
    }
    assertFalse(chain.isEmpty(), "at least one chain person");
    for (Map.Entry<String, Map<String, String>> c : chain.entrySet()) {
      assertEquals(Set.of("phone", "email", "client_id"), c.getValue().keySet(), c.getKey());
      String phone = "phone:" + c.getValue().get("phone");
      String email = "email:" + c.getValue().get("email");
      String cookie = "client_id:" + c.getValue().get("client_id");
      boolean callPhoneCookie = false;
      boolean sessionCookieEmail = false;
      boolean orderEmailOnly = false;
      for (String file : List.of("order_lines.csv", "calls.csv", "sessions.csv")) {
        for (Rec r : lake.valid(file)) {
          Set<String> ids = new HashSet<>(identifiers(file, r));
          if (ids.contains(phone) || ids.contains(email) || ids.contains(cookie)) {
            assertFalse(ids.contains(phone) && ids.contains(email), "phone and e-mail never meet: " + r);
            callPhoneCookie |= file.equals("calls.csv") && ids.equals(Set.of(phone, cookie));
            sessionCookieEmail |= file.equals("sessions.csv") && ids.equals(Set.of(cookie, email));
            orderEmailOnly |= file.equals("order_lines.csv") && ids.equals(Set.of(email));
            if (file.equals("order_lines.csv")) {
              assertEquals(Set.of(email), ids, "the order carries the e-mail only");
            }
          }
        }
      }
      assertTrue(callPhoneCookie, "call with phone + cookie for " + c.getKey());
      assertTrue(sessionCookieEmail, "session with cookie + e-mail for " + c.getKey());
      assertTrue(orderEmailOnly, "order with e-mail only for " + c.getKey());
    }
  }

  private static void assertNull(Object o) {
    assertEquals(null, o);
  }

  /** Normalised identifiers of a landing row, as "type:value". */
  private static List<String> identifiers(String file, Rec r) {
    List<String> ids = new ArrayList<>();
    if (file.equals("calls.csv")) {
      addPhone(ids, r.get("caller_phone"));
      add(ids, "client_id", r.get("client_id"));
      return ids;
    }
    add(ids, "customer_id", r.get("customer_id"));
    addPhone(ids, r.get("phone"));
    String email = r.get("email").trim().toLowerCase();
    add(ids, "email", email);
    add(ids, "client_id", r.get("client_id"));
    return ids;
  }

  private static void add(List<String> ids, String type, String value) {
    if (!value.isEmpty()) {
      ids.add(type + ":" + value);
    }
  }

  private static void addPhone(List<String> ids, String raw) {
    String digits = raw.replaceAll("\\D", "");
    if (digits.isEmpty()) {
      return;
    }
    if (digits.length() == 11 && digits.charAt(0) == '8') {
      digits = "7" + digits.substring(1);
    } else if (digits.length() == 10) {
      digits = "7" + digits;
    }
    ids.add("phone:+" + digits);
  }

  // ------------------------------------------------------------------ helpers

  private static final class UnionFind {
    final Map<String, String> parent = new HashMap<>();

    void add(String x) {
      parent.putIfAbsent(x, x);
    }

    String find(String x) {
      String root = x;
      while (!parent.get(root).equals(root)) {
        root = parent.get(root);
      }
      while (!parent.get(x).equals(root)) {
        String next = parent.get(x);
        parent.put(x, root);
        x = next;
      }
      return root;
    }

    void union(String a, String b) {
      String ra = find(a);
      String rb = find(b);
      if (!ra.equals(rb)) {
        parent.put(ra, rb);
      }
    }
  }

  private static final class TruthOrder {
    final String id;
    final String person;
    final String job;
    final String deal;
    final String kind;
    final String status;
    final long at;
    final Set<String> roles;

    TruthOrder(Map<String, String> t, Set<String> roles) {
      id = t.get("order_id");
      person = t.get("person_id");
      job = t.get("job");
      deal = t.get("deal_id");
      kind = t.get("purchase_kind");
      status = t.get("final_status");
      at = Instant.parse(t.get("ordered_at")).getEpochSecond();
      this.roles = roles;
      assertNotNull(roles, "order in the exports: " + id);
    }
  }

  /** One landing row with the export day it was filed under. */
  static final class Rec {
    final String day;
    final Map<String, String> f;

    Rec(String day, Map<String, String> f) {
      this.day = day;
      this.f = f;
    }

    String get(String column) {
      String v = f.get(column);
      assertNotNull(v, "column " + column);
      return v;
    }

    @Override
    public String toString() {
      return day + " " + f;
    }
  }

  /** The generated tree, loaded once. */
  static final class Lake {
    final Path root;
    final List<String> days;
    final Map<String, List<String>> raw = new HashMap<>();
    final Map<String, List<Rec>> rows = new HashMap<>();
    final List<Map<String, String>> truthOrders;
    final List<Map<String, String>> truthIdentifiers;
    final List<Map<String, String>> truthMalformed;
    final List<Map<String, String>> truthDuplicates;
    /** person_id -> planted behaviour (truth/people.csv). */
    final Map<String, String> behaviours = new HashMap<>();

    Lake(Path root) throws IOException {
      this.root = root;
      try (Stream<Path> s = Files.list(root.resolve("landing/shop"))) {
        days = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      }
      for (String day : days) {
        for (String file : HEADERS.keySet()) {
          List<String> lines = Files.readAllLines(root.resolve("landing/shop").resolve(day).resolve(file));
          raw.put(day + "/" + file, lines);
          List<Rec> recs = rows.computeIfAbsent(file, k -> new ArrayList<>());
          for (Map<String, String> m : toMaps(lines)) {
            recs.add(new Rec(day, m));
          }
        }
      }
      truthOrders = read(root.resolve("truth/orders.csv"));
      truthIdentifiers = read(root.resolve("truth/identifiers.csv"));
      truthMalformed = read(root.resolve("truth/malformed.csv"));
      truthDuplicates = read(root.resolve("truth/duplicates.csv"));
      read(root.resolve("truth/people.csv")).forEach(p -> behaviours.put(p.get("person_id"), p.get("behaviour")));
    }

    List<String> rawLines(String day, String file) {
      return raw.get(day + "/" + file);
    }

    List<Rec> rows(String file) {
      return rows.get(file);
    }

    /** Rows without a planted fault. */
    List<Rec> valid(String file) {
      return rows(file).stream().filter(r -> faults(file, r).isEmpty()).collect(Collectors.toList());
    }

    int dataRows(String file) {
      return rows(file).size();
    }

    List<Map<String, String>> table(String day, String file) {
      return toMaps(rawLines(day, file));
    }

    List<Map<String, String>> products(String day) {
      return table(day, "products.csv");
    }

    static List<Map<String, String>> read(Path file) throws IOException {
      return toMaps(Files.readAllLines(file));
    }

    static List<Map<String, String>> toMaps(List<String> lines) {
      List<String> header = Csv.parse(lines.get(0));
      List<Map<String, String>> out = new ArrayList<>(lines.size());
      for (int i = 1; i < lines.size(); i++) {
        List<String> f = Csv.parse(lines.get(i));
        assertEquals(header.size(), f.size(), "field count of " + lines.get(i));
        Map<String, String> m = new LinkedHashMap<>();
        for (int j = 0; j < header.size(); j++) {
          m.put(header.get(j), f.get(j));
        }
        out.add(m);
      }
      return out;
    }
  }

  @Test
  void everyPersonGivesOneOptInAnswerOnAllTheirOrders() {
    Map<String, String> personOfOrder = new HashMap<>();
    for (Map<String, String> t : lake.truthOrders) {
      personOfOrder.put(t.get("order_id"), t.get("person_id"));
    }
    Map<String, java.util.Set<String>> answers = new HashMap<>();
    for (Rec r : lake.valid("order_lines.csv")) {
      String consent = r.f.get("marketing_consent") == null ? "" : r.f.get("marketing_consent");
      assertTrue(List.of("true", "false", "").contains(consent), r + ": " + consent);
      String person = personOfOrder.get(r.f.get("order_id"));
      if (person != null) {
        answers.computeIfAbsent(person, k -> new java.util.HashSet<>()).add(consent);
      }
    }
    long changed = answers.values().stream().filter(a -> a.size() > 1).count();
    assertEquals(0, changed, "a person's answer is the same on every order");
    // 70 % opt in, 20 % decline, 10 % leave it blank (which means no)
    double yes = share(answers, "true");
    double blank = share(answers, "");
    assertTrue(yes > 0.65 && yes < 0.75, "share of people who opted in: " + yes + " of " + answers.size());
    assertTrue(blank > 0.07 && blank < 0.13, "share of people who left it blank: " + blank);
  }

  private static double share(Map<String, java.util.Set<String>> answers, String answer) {
    return (double) answers.values().stream().filter(a -> a.equals(java.util.Set.of(answer))).count() / answers.size();
  }

  @Test
  void timestampsAreUtcIsoSecondsAndMostOrdersAreInMoscowOpeningHours() {
    Pattern iso = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    int inHours = 0;
    List<Rec> valid = lake.valid("order_lines.csv");
    for (Rec r : valid) {
      assertTrue(iso.matcher(r.get("ordered_at")).matches(), r.toString());
      assertTrue(r.get("unit_price").matches("\\d+\\.\\d{2}"), r.toString());
      int localHour = Instant.parse(r.get("ordered_at")).atOffset(ZoneOffset.ofHours(3)).getHour();
      if (localHour >= 9 && localHour < 22) {
        inHours++;
      }
    }
    assertTrue(inHours > valid.size() * 0.8, "orders in 09-22 Moscow time: " + inHours + " of " + valid.size());
  }
}
