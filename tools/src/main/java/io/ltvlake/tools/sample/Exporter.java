package io.ltvlake.tools.sample;

import io.ltvlake.tools.sample.Catalog.Product;
import io.ltvlake.tools.sample.Model.Call;
import io.ltvlake.tools.sample.Model.Line;
import io.ltvlake.tools.sample.Model.Order;
import io.ltvlake.tools.sample.Model.Person;
import io.ltvlake.tools.sample.Model.Session;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Renders simulated persons to export rows in two passes, so memory stays flat however many customers there are.
 *
 * <p>Pass 1 ({@link #emit}): each person's rows go to spill files, one per entity and block of export days
 * ({@code <sort seconds> TAB <csv row>}); the truth files for identifiers and orders are streamed directly.
 * Pass 2 ({@link #finish}): each block is read back, rows are grouped per export day and sorted by time (stable),
 * exact duplicates and malformed copies are planted from a per-day random stream, and the day folders are written.
 */
final class Exporter implements Closeable {
  static final String ORDER_HEADER = "order_id,line_no,ordered_at,updated_at,status,customer_id,phone,email,client_id,"
      + "product_id,product_name,category,quantity,unit_price,unit_cost,manager_id,guests,jtbd,store,country,"
      + "marketing_consent";
  static final String CALL_HEADER = "call_id,started_at,caller_phone,direction,status,duration_s,wait_s,utm_source,"
      + "utm_medium,utm_campaign,landing_page,client_id,manager_id";
  static final String SESSION_HEADER = "session_id,started_at,client_id,customer_id,email,phone,utm_source,utm_medium,"
      + "utm_campaign,referrer,landing_page";
  static final String AD_COST_HEADER = "date,utm_source,utm_medium,utm_campaign,cost,impressions";
  static final String PRODUCT_HEADER = "product_id,product_name,category,price_tier,role,unit_price,unit_cost";
  static final String MESSAGE_HEADER = "message_id,sent_at,channel,campaign,trigger,customer_id,email,phone,client_id,"
      + "status,opened_at,clicked_at,unsubscribed_at,is_control,cost";
  static final String TRUTH_IDENTIFIERS_HEADER = "person_id,identifier_type,identifier_value,is_chain_person";
  static final String TRUTH_ORDERS_HEADER = "order_id,person_id,job,deal_id,purchase_kind,ordered_at,final_status,"
      + "final_revenue";
  static final String TRUTH_PEOPLE_HEADER = "person_id,behaviour,job,planted_cycle_days,last_deal_date,"
      + "next_deal_due_date,flag_by_date,is_leaver,is_non_target";
  static final String TRUTH_MALFORMED_HEADER = "entity,export_date,column,reason";
  static final String TRUTH_DUPLICATES_HEADER = "entity,export_date,count";

  static final String[] ENTITIES = {"order_lines", "calls", "sessions"};
  static final String[] FILES = {"order_lines.csv", "calls.csv", "sessions.csv"};
  private static final String[] HEADERS = {ORDER_HEADER, CALL_HEADER, SESSION_HEADER};
  static final int ORDERS = 0;
  static final int CALLS = 1;
  static final int SESSIONS = 2;
  /** Messages are spilled like the three entities above, and written without planted mess. */
  private static final String[] SPILLED = {"order_lines", "calls", "sessions", "messages"};
  static final int MESSAGES = 3;
  static final double[] DUPLICATE_RATE = {0.01, 0.0, 0.005};
  static final double MALFORMED_RATE = 0.005;

  private final Timeline tl;
  private final Catalog cat;
  private final long seed;
  private final Path landing;
  private final Path truth;
  private final Path spillDir;
  private final int bucketDays;
  private final BufferedWriter[][] spill;
  private final BufferedWriter truthIdentifiers;
  private final BufferedWriter truthOrders;
  private final BufferedWriter truthPeople;
  private final int[][] paidSessions;
  private final Row row = new Row();
  private final FileBuffer file = new FileBuffer();
  private long orderSeq;
  private long callSeq;
  private long sessionSeq;
  private int persons;
  private int orders;

  Exporter(Path out, Timeline tl, Catalog cat, long seed) throws IOException {
    this.tl = tl;
    this.cat = cat;
    this.seed = seed;
    this.landing = out.resolve("landing").resolve("shop");
    this.truth = out.resolve(SampleGenerator.TRUTH);
    this.spillDir = out.resolve(".sample-spill");
    Files.createDirectories(landing);
    Files.createDirectories(truth);
    Files.createDirectories(spillDir);
    this.bucketDays = Math.max(31, (tl.days + 47) / 48);
    this.spill = new BufferedWriter[SPILLED.length][(tl.days + bucketDays - 1) / bucketDays];
    this.paidSessions = new int[tl.days][Channels.PAID.length];
    this.truthIdentifiers = open(truth.resolve("identifiers.csv"));
    this.truthOrders = open(truth.resolve("orders.csv"));
    line(truthIdentifiers, TRUTH_IDENTIFIERS_HEADER);
    line(truthOrders, TRUTH_ORDERS_HEADER);
    this.truthPeople = open(truth.resolve(SampleGenerator.PEOPLE_TRUTH));
    line(truthPeople, TRUTH_PEOPLE_HEADER);
  }

  private static BufferedWriter open(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
  }

  private static void line(BufferedWriter w, CharSequence text) throws IOException {
    w.append(text);
    w.write('\n');
  }

  /** A CSV row under construction. */
  private static final class Row {
    final StringBuilder sb = new StringBuilder(256);
    private int n;

    Row start() {
      sb.setLength(0);
      n = 0;
      return this;
    }

    Row add(String v) {
      if (n++ > 0) {
        sb.append(',');
      }
      Csv.field(sb, v);
      return this;
    }

    Row add(long v) {
      return add(Long.toString(v));
    }
  }

  /** One export file built in memory and written with a single call (export files are small: one day each). */
  private static final class FileBuffer {
    final StringBuilder sb = new StringBuilder(1 << 16);

    StringBuilder start(String header) {
      sb.setLength(0);
      return sb.append(header).append('\n');
    }

    void writeTo(Path path) throws IOException {
      Files.write(path, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---------------------------------------------------------------- pass 1

  void emit(Person p) throws IOException {
    SplittableRandom fr = Ids.rng(seed, 20 + p.type, p.index);
    String consent = marketingConsent(p);
    boolean seenCid = false;
    boolean seenPhone = false;
    boolean seenEmail = false;
    boolean[] seenCookie = new boolean[3];

    for (Order o : p.orders) {
      String id = Ids.orderId(seed, orderSeq++);
      String cid = o.withCid ? p.customerId : null;
      String phone = o.withPhone ? Ids.formatPhone(p.phone, fr.nextInt(3)) : null;
      String email = o.withEmail ? Ids.styleEmail(p.email, emailStyle(fr)) : null;
      String cookie = p.cookie(o.cookie);
      seenCid |= cid != null;
      seenPhone |= phone != null;
      seenEmail |= email != null;
      if (cookie != null) {
        seenCookie[o.cookie] = true;
      }
      writeOrder(id, o, false, cid, phone, email, cookie, consent);
      if (o.update != Model.UPD_NONE) {
        writeOrder(id, o, true, cid, phone, email, cookie, consent);
      }
      String status = o.update == Model.UPD_CANCEL ? "cancelled" : o.update == Model.UPD_RETURN ? "returned"
          : "completed";
      row.start().add(id).add(p.id).add(Catalog.JOBS[o.deal.job]).add(o.deal.id).add(Model.KINDS[o.kind])
          .add(tl.ts(o.at)).add(status).add(Ids.money(o.revenue(true)));
      line(truthOrders, row.sb);
      orders++;
    }

    for (Session s : p.sessions) {
      if (!tl.inRange(s.at)) {
        continue;
      }
      String cookie = p.cookie(s.cookie);
      String cid = s.login == Model.LOGIN_CID ? p.customerId : null;
      String email = s.login == Model.LOGIN_EMAIL ? Ids.styleEmail(p.email, emailStyle(fr)) : null;
      String phone = s.login == Model.LOGIN_PHONE ? Ids.formatPhone(p.phone, fr.nextInt(3)) : null;
      seenCookie[s.cookie] = true;
      seenCid |= cid != null;
      seenEmail |= email != null;
      seenPhone |= phone != null;
      row.start().add(Ids.sessionId(seed, sessionSeq++)).add(tl.ts(s.at)).add(cookie).add(cid).add(email).add(phone)
          .add(Channels.SOURCE[s.channel]).add(Channels.MEDIUM[s.channel]).add(Channels.campaign(s.channel, s.variant))
          .add(Channels.referrer(s.channel, s.variant)).add(s.landing);
      spill(SESSIONS, s.at, row.sb);
      int paid = Channels.paidIndex(s.channel);
      if (paid >= 0) {
        paidSessions[tl.day(s.at)][paid]++;
      }
    }

    for (Call c : p.calls) {
      if (!tl.inRange(c.at)) {
        continue;
      }
      String cookie = p.cookie(c.cookie);
      Session src = c.source;
      seenPhone = true;
      if (cookie != null) {
        seenCookie[c.cookie] = true;
      }
      row.start().add(Ids.callId(seed, callSeq++)).add(tl.ts(c.at)).add(Ids.formatPhone(p.phone, fr.nextInt(3)))
          .add(c.outbound ? "out" : "in").add(c.answered ? "answered" : "missed").add(c.durationS).add(c.waitS)
          .add(src == null ? null : Channels.SOURCE[src.channel]).add(src == null ? null : Channels.MEDIUM[src.channel])
          .add(src == null ? null : Channels.campaign(src.channel, src.variant)).add(src == null ? null : src.landing)
          .add(cookie).add(c.manager);
      spill(CALLS, c.at, row.sb);
    }

    for (Model.Message m : p.messages) {
      if (!tl.inRange(m.at)) {
        continue;
      }
      // what an ESP exports: the CRM id and the address it wrote to (the phone only when there is neither)
      row.start().add("MSG-" + m.campaign + "-" + p.id + m.idSuffix).add(tl.ts(m.at)).add(m.channel).add(m.campaign)
          .add(m.trigger).add(p.customerId).add(p.email)
          .add(p.customerId == null && p.email == null ? Ids.e164(p.phone) : null).add((String) null).add(m.status)
          .add(time(m.openedAt)).add(time(m.clickedAt)).add(time(m.unsubscribedAt)).add(m.control ? "true" : "false")
          .add(m.costCents < 0 ? null : Ids.money(m.costCents));
      spill(MESSAGES, m.at, row.sb);
    }

    if (p.type == Person.BUYER) {
      person(p);
    }

    String chain = p.chain ? "true" : "false";
    boolean any = false;
    if (seenCid) {
      any = identifier(p.id, "customer_id", p.customerId, chain);
    }
    if (seenPhone) {
      any = identifier(p.id, "phone", Ids.e164(p.phone), chain);
    }
    if (seenEmail) {
      any = identifier(p.id, "email", p.email, chain);
    }
    if (seenCookie[1]) {
      any = identifier(p.id, "client_id", p.cookie1, chain);
    }
    if (seenCookie[2]) {
      any = identifier(p.id, "client_id", p.cookie2, chain);
    }
    if (any) {
      persons++;
    }
  }

  /**
   * A buyer's planted behaviour: dates are business days (Moscow), like gold.deals' opened_date. The last deal is
   * the latest counted one (not cancelled or returned); a cyclic buyer's next deal is due one planted cycle after it,
   * and a leaver should be flagged by one cycle later still.
   */
  private void person(Person p) throws IOException {
    int lastDay = Integer.MIN_VALUE;
    for (Model.Deal d : p.deals) {
      int kind = d.orders.isEmpty() ? Model.CANCELLED : d.orders.get(0).kind;
      if (kind == Model.FIRST || kind == Model.REPEAT) {
        lastDay = Math.max(lastDay, tl.day(d.open + Timeline.BUSINESS_OFFSET));
      }
    }
    boolean cyclic = p.behaviour == Model.CYCLIC || p.behaviour == Model.LEAVER;
    boolean leaver = p.behaviour == Model.LEAVER;
    boolean known = lastDay != Integer.MIN_VALUE;
    row.start().add(p.id).add(Model.BEHAVIOURS[p.behaviour]).add(cyclic ? Catalog.JOBS[p.cycleJob] : null)
        .add(cyclic ? Integer.toString(p.cycleDays) : null).add(known ? tl.date(lastDay) : null)
        .add(cyclic && known ? tl.date(lastDay + p.cycleDays) : null)
        .add(leaver && known ? tl.date(lastDay + 2 * p.cycleDays) : null)
        .add(leaver ? "true" : "false").add(p.behaviour == Model.NON_TARGET ? "true" : "false");
    line(truthPeople, row.sb);
  }

  private String time(long sec) {
    return sec < 0 || !tl.inRange(sec) ? null : tl.ts(sec);
  }

  private boolean identifier(String person, String type, String value, String chain) throws IOException {
    row.start().add(person).add(type).add(value).add(chain);
    line(truthIdentifiers, row.sb);
    return true;
  }

  private static int emailStyle(SplittableRandom r) {
    double u = r.nextDouble();
    return u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
  }

  /**
   * The person's marketing opt-in as the CRM repeats it on every order: true for 70 %, false for 20 %, not filled
   * in (no) for 10 %. From a stream of its own, so everything else is drawn as without it.
   */
  private String marketingConsent(Person p) {
    double u = Ids.rng(seed, 30 + p.type, p.index).nextDouble();
    return u < 0.7 ? "true" : u < 0.9 ? "false" : null;
  }

  private void writeOrder(String id, Order o, boolean updated, String cid, String phone, String email, String cookie,
                          String consent) throws IOException {
    long at = updated ? o.updatedAt : o.at;
    String status = !updated ? "completed" : o.update == Model.UPD_CANCEL ? "cancelled"
        : o.update == Model.UPD_RETURN ? "returned" : "completed";
    String manager = updated && o.editManager != null ? o.editManager : o.manager;
    String orderedAt = tl.ts(o.at);
    String updatedAt = tl.ts(at);
    String jtbd = o.labeled ? Catalog.JOBS[o.deal.job] : null;
    for (int i = 0; i < o.lines.size(); i++) {
      Line l = o.lines.get(i);
      Product pr = cat.products[l.product];
      row.start().add(id).add(i + 1).add(orderedAt).add(updatedAt).add(status).add(cid).add(phone).add(email)
          .add(cookie).add(pr.id).add(pr.name).add(pr.category).add(o.qty(i, updated)).add(Ids.money(l.price))
          .add(Ids.money(l.cost)).add(manager).add((String) null).add(jtbd).add(o.store).add("RU").add(consent);
      spill(ORDERS, at, row.sb);
    }
  }

  private void spill(int entity, long sec, CharSequence text) throws IOException {
    int bucket = tl.day(sec) / bucketDays;
    BufferedWriter w = spill[entity][bucket];
    if (w == null) {
      w = open(spillFile(entity, bucket));
      spill[entity][bucket] = w;
    }
    w.write(Long.toString(sec));
    w.write('\t');
    w.append(text);
    w.write('\n');
  }

  private Path spillFile(int entity, int bucket) {
    return spillDir.resolve(SPILLED[entity] + "-" + bucket + ".tsv");
  }

  // ---------------------------------------------------------------- pass 2

  private static final class SpillRow {
    final long sec;
    final String text;

    SpillRow(long sec, String text) {
      this.sec = sec;
      this.text = text;
    }
  }

  private static final Comparator<SpillRow> BY_TIME = Comparator.comparingLong(r -> r.sec);

  GenerationSummary finish() throws IOException {
    for (BufferedWriter[] ws : spill) {
      for (BufferedWriter w : ws) {
        if (w != null) {
          w.close();
        }
      }
    }
    truthIdentifiers.close();
    truthOrders.close();
    truthPeople.close();
    int[] rows = new int[ENTITIES.length];
    int[] malformedTotal = new int[ENTITIES.length];
    int[] duplicateTotal = new int[ENTITIES.length];
    int adRows = 0;
    try (BufferedWriter malformed = open(truth.resolve("malformed.csv"));
         BufferedWriter duplicates = open(truth.resolve("duplicates.csv"))) {
      line(malformed, TRUTH_MALFORMED_HEADER);
      line(duplicates, TRUTH_DUPLICATES_HEADER);
      for (int b = 0; b < spill[0].length; b++) {
        int first = b * bucketDays;
        int last = Math.min(tl.days, first + bucketDays);
        List<List<List<SpillRow>>> byDay = new ArrayList<>();
        for (int e = 0; e < SPILLED.length; e++) {
          byDay.add(readBucket(e, b, first, last - first));
        }
        for (int d = first; d < last; d++) {
          Path dir = landing.resolve(tl.date(d));
          Files.createDirectories(dir);
          for (int e = 0; e < ENTITIES.length; e++) {
            int[] counts = writeEntity(dir, e, d, byDay.get(e).get(d - first), malformed);
            rows[e] += counts[0];
            duplicateTotal[e] += counts[1];
            malformedTotal[e] += counts[2];
            if (counts[1] > 0) {
              line(duplicates, row.start().add(ENTITIES[e]).add(tl.date(d)).add(counts[1]).sb);
            }
          }
          adRows += writeAdCosts(dir, d);
          writeProducts(dir, d);
          writeMessages(dir, byDay.get(MESSAGES).get(d - first));
        }
        for (int e = 0; e < SPILLED.length; e++) {
          Files.deleteIfExists(spillFile(e, b));
        }
      }
    }
    Files.deleteIfExists(spillDir);
    Map<String, Integer> mal = new LinkedHashMap<>();
    Map<String, Integer> dup = new LinkedHashMap<>();
    for (int e = 0; e < ENTITIES.length; e++) {
      mal.put(ENTITIES[e], malformedTotal[e]);
      dup.put(ENTITIES[e], duplicateTotal[e]);
    }
    return new GenerationSummary(persons, orders, rows[ORDERS], rows[SESSIONS], rows[CALLS], adRows,
        cat.products.length, Collections.unmodifiableMap(mal), Collections.unmodifiableMap(dup), tl.start, tl.end);
  }

  private List<List<SpillRow>> readBucket(int entity, int bucket, int firstDay, int nDays) throws IOException {
    List<List<SpillRow>> days = new ArrayList<>(nDays);
    for (int i = 0; i < nDays; i++) {
      days.add(new ArrayList<>());
    }
    Path file = spillFile(entity, bucket);
    if (!Files.exists(file)) {
      return days;
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8), 1 << 16)) {
      String text;
      while ((text = in.readLine()) != null) {
        int tab = text.indexOf('\t');
        long sec = Long.parseLong(text.substring(0, tab));
        days.get(tl.day(sec) - firstDay).add(new SpillRow(sec, text.substring(tab + 1)));
      }
    }
    for (List<SpillRow> d : days) {
      d.sort(BY_TIME);
    }
    return days;
  }

  /** Writes one entity file of one day; returns {rows written, duplicates planted, malformed planted}. */
  private int[] writeEntity(Path dir, int entity, int day, List<SpillRow> rows, BufferedWriter malformedTruth)
      throws IOException {
    SplittableRandom r = Ids.rng(seed, 100 + entity, day);
    int written = 0;
    int dups = 0;
    int bad = 0;
    StringBuilder w = file.start(HEADERS[entity]);
    for (SpillRow sr : rows) {
      w.append(sr.text).append('\n');
      written++;
      if (r.nextDouble() < DUPLICATE_RATE[entity]) {
        w.append(sr.text).append('\n');
        written++;
        dups++;
      }
      if (r.nextDouble() < MALFORMED_RATE) {
        String[] fault = malform(entity, sr.text, r, day);
        w.append(fault[0]).append('\n');
        line(malformedTruth, row.start().add(ENTITIES[entity]).add(tl.date(day)).add(fault[1]).add(fault[2]).sb);
        written++;
        bad++;
      }
    }
    file.writeTo(dir.resolve(FILES[entity]));
    return new int[] {written, dups, bad};
  }

  /** A copy of a real row with exactly one fault: {row, column, reason}. */
  private String[] malform(int entity, String text, SplittableRandom r, int day) {
    List<String> f = Csv.parse(text);
    String year = tl.date(day).substring(0, 4);
    String[] badTimestamps = {year + "-02-30 25:61", "yesterday", "31/12/" + year};
    String[] badNumbers = {"12,5O", "abc"};
    String column;
    String reason;
    int fault = entity == SESSIONS ? r.nextInt(2) * 2 : r.nextInt(3); // sessions have no amount column
    int tsCol = 1;
    int keyCol = 0;
    String keyName = entity == ORDERS ? "order_id" : entity == CALLS ? "call_id" : "session_id";
    if (entity == ORDERS) {
      tsCol = 2;
      f.set(1, Integer.toString(90 + Integer.parseInt(f.get(1))));
    }
    switch (fault) {
      case 0:
        f.set(tsCol, badTimestamps[r.nextInt(badTimestamps.length)]);
        column = entity == ORDERS ? "ordered_at" : "started_at";
        reason = "unparseable_timestamp";
        break;
      case 1:
        int numCol;
        if (entity == ORDERS) {
          boolean price = r.nextBoolean();
          numCol = price ? 13 : 12;
          column = price ? "unit_price" : "quantity";
        } else {
          numCol = 5;
          column = "duration_s";
        }
        f.set(numCol, badNumbers[r.nextInt(badNumbers.length)]);
        reason = "unparseable_number";
        break;
      default:
        f.set(keyCol, "");
        column = keyName;
        reason = "missing_required_value";
        break;
    }
    return new String[] {Csv.join(f), column, reason};
  }

  private int writeAdCosts(Path dir, int day) throws IOException {
    SplittableRandom r = Ids.rng(seed, 200, day);
    StringBuilder w = file.start(AD_COST_HEADER);
    for (int i = 0; i < Channels.PAID.length; i++) {
      int ch = Channels.PAID[i];
      long cost = StrictMath.round(paidSessions[day][i] * Channels.CPC[i] * (0.85 + 0.3 * r.nextDouble()));
      // a click-through rate of 1.5 to 3 %: the sessions are the clicks
      long impressions = StrictMath.round(paidSessions[day][i] / (0.015 + 0.015 * r.nextDouble()));
      w.append(row.start().add(tl.date(day)).add(Channels.SOURCE[ch]).add(Channels.MEDIUM[ch])
          .add(Channels.campaign(ch, 0)).add(Ids.money(cost)).add(impressions).sb).append('\n');
    }
    file.writeTo(dir.resolve("ad_costs.csv"));
    return Channels.PAID.length;
  }

  /** The day's messages and control rows, in time order, header only on a day without any. */
  private void writeMessages(Path dir, List<SpillRow> rows) throws IOException {
    StringBuilder w = file.start(MESSAGE_HEADER);
    for (SpillRow sr : rows) {
      w.append(sr.text).append('\n');
    }
    file.writeTo(dir.resolve("messages.csv"));
  }

  /** Full catalogue on the first day, full re-export with the changed prices mid-range, header only otherwise. */
  private void writeProducts(Path dir, int day) throws IOException {
    StringBuilder w = file.start(PRODUCT_HEADER);
    if (day == 0 || day == cat.priceChangeDay) {
      boolean after = day == cat.priceChangeDay;
      for (Product p : cat.products) {
        w.append(row.start().add(p.id).add(p.name).add(p.category).add(Catalog.TIERS[p.tier])
            .add(Catalog.ROLES[p.role]).add(Ids.money(after ? p.priceAfter : p.priceBefore))
            .add(Ids.money(after ? p.costAfter : p.costBefore)).sb).append('\n');
      }
    }
    file.writeTo(dir.resolve("products.csv"));
  }

  /** Closes whatever is still open and removes the spill folder (after a failure too). */
  @Override
  public void close() throws IOException {
    for (BufferedWriter[] ws : spill) {
      for (BufferedWriter w : ws) {
        if (w != null) {
          try {
            w.close();
          } catch (IOException ignored) {
            // best effort
          }
        }
      }
    }
    truthIdentifiers.close();
    truthOrders.close();
    truthPeople.close();
    if (Files.isDirectory(spillDir)) {
      try (var files = Files.list(spillDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(spillDir);
    }
  }
}
