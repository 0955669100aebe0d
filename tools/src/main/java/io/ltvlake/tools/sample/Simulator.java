package io.ltvlake.tools.sample;

import static io.ltvlake.tools.sample.Timeline.DAY;
import static io.ltvlake.tools.sample.Timeline.HOUR;
import static io.ltvlake.tools.sample.Timeline.MINUTE;

import io.ltvlake.tools.sample.Model.Call;
import io.ltvlake.tools.sample.Model.Deal;
import io.ltvlake.tools.sample.Model.Line;
import io.ltvlake.tools.sample.Model.Order;
import io.ltvlake.tools.sample.Model.Person;
import io.ltvlake.tools.sample.Model.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulates the life of one person (a buyer, a call-only prospect or an anonymous visitor) from a random stream
 * derived from (seed, person type, index), so persons are independent and the run is deterministic.
 *
 * <p>The planted deal structure keeps clear margins from the rules of DESIGN §4 (immediate window 2 h, deferred
 * window 30 days anchored at the opening order, per customer and job):
 * <ul>
 *   <li>immediate upsells come 5-100 min after the previous order of the deal;</li>
 *   <li>deferred upsells come 1-25 days (±4 h) after the opening, at least 14 h after the previous order;</li>
 *   <li>a new deal of the same job opens at least 35 days after the previous same-job opening (for a lead-magnet
 *       deal: after its main order); any two openings of a person are at least 6 h apart;</li>
 *   <li>a lead-magnet deal's main order follows 2-20 days (±4 h) after the lead-magnet order, and no other deal of
 *       the person opens within 31 days after a lead-magnet order;</li>
 *   <li>upsell orders hold addon products only, so the lead-magnet rule (main-product orders) never catches them.</li>
 * </ul>
 */
final class Simulator {
  static final double P_IMMEDIATE = 0.26;
  static final double P_DEFERRED = 0.20;
  static final double P_TWO_DEFERRED = 0.20;
  static final double P_IMMEDIATE_AFTER_DEFERRED = 0.05;
  static final double P_LEAD_MAGNET = 0.08;
  static final double P_CANCEL = 0.05;
  static final double P_RETURN = 0.015;
  static final double P_EDIT = 0.03;
  static final double P_CALL = 0.35; // of deals of buyers with a phone (85 %): about 30 % of all deals
  static final double P_LABEL = 0.85;
  static final double P_LOGIN = 0.40;
  static final double P_SECOND_DEVICE = 0.35;
  static final int MAX_DEALS = 15;
  static final long SAME_JOB_GAP = 35 * DAY;
  static final long LEAD_BLOCK = 31 * DAY;
  static final long MIN_OPEN_GAP = 6 * HOUR;
  static final double GAMMA_SHAPE = 0.7;
  /** Scale of the Gamma-distributed yearly rate of repeat deals. */
  static final double GAMMA_SCALE_PER_YEAR = 1.6;

  /** Planted behaviours (truth/people.csv), drawn from a stream of their own per buyer: non-target buyers ... */
  static final double P_NON_TARGET = 0.02;
  /** ... cyclic buyers, of whom P_LEAVER start leaving. */
  static final double P_CYCLIC = 0.12;
  static final double P_LEAVER = 0.40;
  /** A cyclic buyer's planted cycle in days, drawn per buyer from their job's range [low, high]. */
  static final int[][] CYCLE_DAYS = {{40, 55}, {45, 60}, {50, 60}, {38, 48}, {40, 50}};
  /** Each interval of a cyclic buyer is the planted cycle times 1 ± up to this. */
  static final double CYCLE_JITTER = 0.04;
  /** A cyclic buyer looks at the offer at least this many times before each deal (their usual browsing). */
  static final int CYCLIC_MIN_SESSIONS = 4;
  /** A leaver has at least this many deals before leaving (cycles.min-deals' default), or stays cyclic. */
  static final int LEAVER_MIN_DEALS = 4;
  /** A leaver's last deal lies this many cycles (uniform between the two) before the end of the history. */
  static final double LEAVER_LAST_DEAL_MIN_CYCLES = 0.75;
  static final double LEAVER_LAST_DEAL_MAX_CYCLES = 2.25;
  /** A non-target buyer buys cheap accessories for this many jobs, each every 36-44 days (past the deferred window). */
  static final int NON_TARGET_JOBS = 4;
  /** The dearest product a non-target buyer's small order holds (cents): the sample's cheap accessories. */
  static final long SMALL_ORDER_MAX_PRICE = 300_000;

  static final String[] MANAGERS = {"m01", "m02", "m03", "m04", "m05", "m06"};
  private static final double[] MANAGER_W = {.22, .20, .18, .16, .14, .10};
  private static final double[] TIER_BUDGET = {.6, .3, .1};
  private static final double[] TIER_MID = {.25, .5, .25};
  private static final double[] TIER_PREMIUM = {.1, .3, .6};
  private static final double[] JOB_COUNT_W = {.6, .3, .1};
  private static final double[] MAIN_LINES_W = {.40, .30, .20, .10};
  private static final double[] PATH_LEN_W = {.25, .25, .20, .15, .15};
  private static final double[] STAFF_QTY_W = {.45, .20, .12, .08, .08, .04, 0, .03};
  private static final double[] SMALL_QTY_W = {.7, .2, .1};
  private static final Comparator<Session> SESSION_TIME = Comparator.comparingLong(s -> s.at);
  private static final Comparator<Call> CALL_TIME = Comparator.comparingLong(c -> c.at);
  private static final Comparator<Order> ORDER_TIME = Comparator.comparingLong(o -> o.at);

  final long seed;
  final Timeline tl;
  final Catalog cat;
  final int customers;
  final int prospects;
  final int visitors;
  final int[] chainIndexes;
  final CampaignPlan campaigns;

  Simulator(long seed, Timeline tl, Catalog cat, int customers) {
    this.seed = seed;
    this.tl = tl;
    this.cat = cat;
    this.customers = customers;
    this.prospects = (int) Math.round(customers * 0.3);
    this.visitors = 2 * customers;
    this.campaigns = new CampaignPlan(tl);
    int chain = Math.max(1, customers / 1000);
    chainIndexes = new int[chain];
    for (int k = 0; k < chain; k++) {
      chainIndexes[k] = (int) ((long) k * customers / chain + (customers / chain) / 2);
    }
  }

  // ---------------------------------------------------------------- buyers

  Person buyer(int idx) {
    SplittableRandom r = Ids.rng(seed, 1, idx);
    boolean chain = Arrays.binarySearch(chainIndexes, idx) >= 0;
    Person p = new Person(Person.BUYER, idx, Ids.personId('B', idx), chain);
    boolean hasCid = Rand.chance(r, 0.8);
    boolean hasPhone = Rand.chance(r, 0.85);
    boolean hasEmail = Rand.chance(r, 0.7);
    if (!hasCid && !hasPhone && !hasEmail) {
      int k = r.nextInt(3);
      hasCid = k == 0;
      hasPhone = k == 1;
      hasEmail = k == 2;
    }
    boolean twoDevices = Rand.chance(r, 0.2);
    if (chain) {
      hasCid = false;
      hasPhone = true;
      hasEmail = true;
      twoDevices = false;
    }
    String email = Ids.email(seed, idx, r);
    p.customerId = hasCid ? Ids.customerId(seed, idx) : null;
    p.phone = hasPhone ? Ids.phoneDigits(seed, idx) : null;
    p.email = hasEmail ? email : null;
    p.cookie1 = Ids.cookie(seed, 2L * idx, cookieCreated(r));
    long created2 = cookieCreated(r);
    p.cookie2 = twoDevices ? Ids.cookie(seed, 2L * idx + 1, created2) : null;
    double u = r.nextDouble();
    p.tierPref = u < .35 ? TIER_BUDGET : u < .8 ? TIER_MID : TIER_PREMIUM;
    if (chain) {
      chainLife(p, r);
      return p;
    }
    // a stream of its own, so ordinary buyers are drawn exactly as before behaviours were planted
    SplittableRandom plant = Ids.rng(seed, 8, idx);
    double behaviour = plant.nextDouble();
    if (behaviour < P_NON_TARGET) {
      p.behaviour = Model.NON_TARGET;
      scheduleSmallDeals(p, plant);
    } else if (behaviour < P_NON_TARGET + P_CYCLIC) {
      p.behaviour = Rand.chance(plant, P_LEAVER) ? Model.LEAVER : Model.CYCLIC;
      scheduleCycle(p, plant);
    } else {
      scheduleDeals(p, r);
    }
    planOrders(p, r);
    planSessions(p, r);
    planCalls(p, r);
    finishOrders(p, r);
    linkCookies(p, r);
    // a stream of its own: the rest of the buyer is drawn exactly as without campaigns
    SplittableRandom crm = Ids.rng(seed, 4, idx);
    for (long at : campaigns.plan(p, crm)) {
      addResponseDeal(p, crm, at);
    }
    campaigns.digests(p, Ids.rng(seed, 5, idx));
    return p;
  }

  /**
   * A deal a campaign brought ({@link CampaignPlan}): one labelled, completed main-product order of one of the
   * buyer's jobs. The plan keeps every other deal far enough away that it opens a repeat deal of its own.
   */
  private void addResponseDeal(Person p, SplittableRandom r, long at) {
    int job = p.deals.get(r.nextInt(p.deals.size())).job;
    Deal d = new Deal(p.deals.size(), at, job, false);
    d.id = p.id + "-D" + Ids.pad(d.seq + 1L, 2);
    p.deals.add(d);
    Order o = order(d, at, Model.REPEAT, mainLines(r, p, job, at));
    channel(o, r, p, 0.5, 0.2);
    // like every planted deal, 1-5 sessions in the 25 days before it
    touchPath(p, d, r, true, 1);
    p.sessions.sort(SESSION_TIME);
    pickIdentifiers(o, p, r, false);
    o.labeled = true;
    if (o.channel == Model.WEB) {
      Session s = latestSession(p, o.at, 2 * DAY);
      o.cookie = s != null ? s.cookie : 1;
    }
    p.orders.add(o);
    p.orders.sort(ORDER_TIME);
    linkCookies(p, r);
    // the first counted deal is first, whether it came before the response deal or is the response deal
    List<Order> openings = new ArrayList<>();
    for (Deal deal : p.deals) {
      openings.add(deal.orders.get(0));
    }
    openings.sort(ORDER_TIME);
    int counted = 0;
    for (Order opening : openings) {
      if (opening.kind == Model.FIRST || opening.kind == Model.REPEAT) {
        opening.kind = counted++ == 0 ? Model.FIRST : Model.REPEAT;
      }
    }
  }

  private long cookieCreated(SplittableRandom r) {
    return tl.startSec - Rand.between(r, 0, 400 * DAY);
  }

  private void scheduleDeals(Person p, SplittableRandom r) {
    int nJobs = Rand.weighted(r, JOB_COUNT_W) + 1;
    int[] jobs = distinctJobs(r, nJobs);
    double[] mix = nJobs == 1 ? new double[] {1} : nJobs == 2 ? new double[] {.65, .35} : new double[] {.5, .3, .2};
    double ratePerDay = Rand.gamma(r, GAMMA_SHAPE, GAMMA_SCALE_PER_YEAR) / 365.0;

    int acquisition = tl.seasonalDay(r);
    List<Long> candidates = new ArrayList<>();
    candidates.add(tl.localTime(r, acquisition));
    double day = acquisition + r.nextDouble();
    while (candidates.size() < 60 && ratePerDay > 1e-9) {
      day += Rand.exponential(r, ratePerDay * tl.maxWeight);
      if (day >= tl.days) {
        break;
      }
      int d = (int) day;
      if (r.nextDouble() * tl.maxWeight < tl.weight[d]) {
        candidates.add(tl.localTime(r, d));
      }
    }
    Collections.sort(candidates);

    long lastOpen = Long.MIN_VALUE / 4;
    long leadBlockUntil = Long.MIN_VALUE / 4;
    long[] anchor = new long[Catalog.JOBS.length];
    Arrays.fill(anchor, Long.MIN_VALUE / 4);
    for (long t : candidates) {
      if (p.deals.size() >= MAX_DEALS) {
        break;
      }
      boolean lead = Rand.chance(r, P_LEAD_MAGNET);
      int preferred = Rand.weighted(r, mix);
      if (t < lastOpen + MIN_OPEN_GAP || t <= leadBlockUntil) {
        continue;
      }
      int job = -1;
      for (int k = 0; k < nJobs; k++) {
        int j = jobs[(preferred + k) % nJobs];
        if (t >= anchor[j] + SAME_JOB_GAP) {
          job = j;
          break;
        }
      }
      if (job < 0) {
        continue;
      }
      Deal deal = new Deal(p.deals.size(), t, job, lead);
      deal.id = p.id + "-D" + Ids.pad(deal.seq + 1L, 2);
      p.deals.add(deal);
      lastOpen = t;
      if (lead) {
        deal.leadMainAt = t + Rand.between(r, 2, 20) * DAY + Rand.between(r, -4 * HOUR, 4 * HOUR);
        anchor[job] = deal.leadMainAt;
        leadBlockUntil = t + LEAD_BLOCK;
      } else {
        anchor[job] = t;
      }
    }
  }

  /**
   * A cyclic buyer: deals in one job every planted cycle (± {@link #CYCLE_JITTER}), from a random phase to the end of
   * the history; the next deal after the end is kept aside so its browsing still shows before the end. A leaver's
   * deals run up to a last deal 0.75-2.25 cycles before the end, and nothing follows (planSessions drops their
   * visits after it); when fewer than {@link #LEAVER_MIN_DEALS} deals would fit before that, the buyer stays cyclic.
   */
  private void scheduleCycle(Person p, SplittableRandom q) {
    int job = Rand.weighted(q, Catalog.JOB_WEIGHTS);
    int[] range = CYCLE_DAYS[job];
    p.cycleJob = job;
    p.cycleDays = (int) Rand.between(q, range[0], range[1]);
    double cycle = p.cycleDays;
    double lastDay = tl.days - (LEAVER_LAST_DEAL_MIN_CYCLES
        + (LEAVER_LAST_DEAL_MAX_CYCLES - LEAVER_LAST_DEAL_MIN_CYCLES) * q.nextDouble()) * cycle;
    if (p.behaviour == Model.LEAVER && lastDay < (LEAVER_MIN_DEALS - 1) * cycle * (1 + CYCLE_JITTER)) {
      p.behaviour = Model.CYCLIC;
    }
    List<Double> days = new ArrayList<>();
    if (p.behaviour == Model.LEAVER) {
      double day = lastDay;
      while (day >= 0 && days.size() < MAX_DEALS - 1) {
        days.add(0, day);
        day -= cycle * (1 + CYCLE_JITTER * (2 * q.nextDouble() - 1));
      }
    } else {
      // a long history starts late enough for the deals to stay within MAX_DEALS
      double day = Math.max(0, tl.days - (MAX_DEALS - 1) * cycle) + q.nextDouble() * cycle;
      for (; day < tl.days; day += cycle * (1 + CYCLE_JITTER * (2 * q.nextDouble() - 1))) {
        days.add(day);
      }
      // past the end, where localTime has no room: midday business time of that day
      p.nextCycleDealAt = (tl.start.toEpochDay() + (long) day) * DAY - Timeline.BUSINESS_OFFSET + 12 * HOUR;
    }
    for (double day : days) {
      Deal deal = new Deal(p.deals.size(), tl.localTime(q, (int) day), job, false);
      deal.id = p.id + "-D" + Ids.pad(deal.seq + 1L, 2);
      p.deals.add(deal);
    }
  }

  /**
   * A non-target buyer: a deal of cheap accessories (below {@link #SMALL_ORDER_MAX_PRICE} a product, upsells at the
   * usual rates and just as cheap) for each of {@link #NON_TARGET_JOBS} jobs every 36-44 days, over the last 100-140
   * days of the history: about three deals a month with an average check far below the sample's main products
   * (12,990 roubles and up). Openings keep 6 h apart.
   */
  private void scheduleSmallDeals(Person p, SplittableRandom q) {
    List<long[]> openings = new ArrayList<>();
    // a customer for the last 100-140 days (or the whole of a shorter history): at most MAX_DEALS deals
    int start = Math.max(0, tl.days - 100 - q.nextInt(40));
    for (int job : distinctJobs(q, NON_TARGET_JOBS)) {
      for (double day = start + q.nextDouble() * 36; day < tl.days; day += 36 + 8 * q.nextDouble()) {
        openings.add(new long[] {tl.localTime(q, (int) day), job});
      }
    }
    openings.sort(Comparator.comparingLong(o -> o[0]));
    long lastOpen = Long.MIN_VALUE / 4;
    for (long[] opening : openings.subList(Math.max(0, openings.size() - MAX_DEALS), openings.size())) {
      if (opening[0] < lastOpen + MIN_OPEN_GAP) {
        continue;
      }
      Deal deal = new Deal(p.deals.size(), opening[0], (int) opening[1], false);
      deal.id = p.id + "-D" + Ids.pad(deal.seq + 1L, 2);
      deal.small = true;
      p.deals.add(deal);
      lastOpen = opening[0];
    }
  }

  /** {@code n} different jobs, drawn by the jobs' weights. */
  private static int[] distinctJobs(SplittableRandom r, int n) {
    int[] jobs = new int[n];
    boolean[] used = new boolean[Catalog.JOBS.length];
    for (int i = 0; i < n; i++) {
      int j;
      do {
        j = Rand.weighted(r, Catalog.JOB_WEIGHTS);
      } while (used[j]);
      used[j] = true;
      jobs[i] = j;
    }
    return jobs;
  }

  private void planOrders(Person p, SplittableRandom r) {
    for (Deal d : p.deals) {
      if (d.leadMagnet) {
        Order lead = order(d, d.open, Model.FIRST, leadLines(r, d.open));
        channel(lead, r, p, 0.7, 0.0);
        if (d.leadMainAt < tl.endSec) {
          Order main = order(d, d.leadMainAt, Model.DEFERRED, mainLines(r, p, d.job, d.leadMainAt));
          channel(main, r, p, 0.5, 0.2);
        }
        continue;
      }
      Order open = order(d, d.open, Model.FIRST, d.small ? smallLines(r, d.job, d.open) : mainLines(r, p, d.job, d.open));
      channel(open, r, p, 0.5, 0.2);
      if (Rand.chance(r, P_IMMEDIATE)) {
        immediate(d, open, r, p);
      }
      if (Rand.chance(r, P_DEFERRED)) {
        long[] offsets;
        if (Rand.chance(r, P_TWO_DEFERRED)) {
          long d1 = Rand.between(r, 1, 24);
          offsets = new long[] {d1, Rand.between(r, d1 + 1, 25)};
        } else {
          offsets = new long[] {Rand.between(r, 1, 25)};
        }
        for (long off : offsets) {
          long t = d.open + off * DAY + Rand.between(r, -4 * HOUR, 4 * HOUR);
          if (t >= tl.endSec) {
            break;
          }
          Order deferred = order(d, t, Model.DEFERRED, d.small ? smallLines(r, d.job, t) : addonLines(r, p, d.job, t, false));
          channel(deferred, r, p, 0.5, 0.2);
          if (Rand.chance(r, P_IMMEDIATE_AFTER_DEFERRED)) {
            immediate(d, deferred, r, p);
          }
        }
      }
    }
  }

  private static Order order(Deal d, long at, int kind, List<Line> lines) {
    Order o = new Order(d, at, kind, lines);
    d.orders.add(o);
    return o;
  }

  private void immediate(Deal d, Order previous, SplittableRandom r, Person p) {
    long t = previous.at + Rand.between(r, 5 * MINUTE, 100 * MINUTE);
    if (t >= tl.endSec) {
      return;
    }
    Order o = order(d, t, Model.IMMEDIATE, d.small ? smallLines(r, d.job, t) : addonLines(r, p, d.job, t, true));
    o.channel = previous.channel;
    o.store = previous.store;
    o.manager = previous.manager;
  }

  private void channel(Order o, SplittableRandom r, Person p, double pWeb, double pPhone) {
    double u = r.nextDouble();
    if (u < pWeb || (u < pWeb + pPhone && p.phone == null)) {
      o.channel = Model.WEB;
      o.store = "online";
    } else if (u < pWeb + pPhone) {
      o.channel = Model.PHONE;
      o.store = "online";
      o.manager = manager(r);
    } else {
      o.channel = Model.STORE;
      o.store = Rand.chance(r, 0.6) ? "store_1" : "store_2";
      o.manager = manager(r);
    }
  }

  private static String manager(SplittableRandom r) {
    return MANAGERS[Rand.weighted(r, MANAGER_W)];
  }

  private Line line(int product, int qty, long at) {
    return new Line(product, qty, cat.price(product, at), cat.cost(product, at));
  }

  private static boolean contains(List<Line> lines, int product) {
    for (Line l : lines) {
      if (l.product == product) {
        return true;
      }
    }
    return false;
  }

  private List<Line> mainLines(SplittableRandom r, Person p, int job, long at) {
    int n = Rand.weighted(r, MAIN_LINES_W) + 1;
    List<Line> lines = new ArrayList<>(n);
    lines.add(line(cat.pick(r, cat.mainByJob[job], p.tierPref), mainQty(r, job), at));
    for (int i = 1; i < n; i++) {
      boolean main = Rand.chance(r, 0.15);
      int product = cat.pick(r, main ? cat.mainByJob[job] : cat.addonByJob[job], p.tierPref);
      if (!contains(lines, product)) {
        lines.add(line(product, main ? mainQty(r, job) : addonQty(r, product), at));
      }
    }
    return lines;
  }

  private List<Line> addonLines(SplittableRandom r, Person p, int job, long at, boolean immediate) {
    int n = immediate ? Rand.weighted(r, new double[] {.6, .3, .1}) + 1 : Rand.weighted(r, new double[] {.7, .3}) + 1;
    List<Line> lines = new ArrayList<>(n);
    for (int i = 0; i < n * 3 && lines.size() < n; i++) {
      int product = cat.pick(r, cat.addonByJob[job], p.tierPref);
      if (!contains(lines, product)) {
        lines.add(line(product, addonQty(r, product), at));
      }
    }
    return lines;
  }

  /** One cheap accessory of the job: a non-target buyer's whole order. */
  private List<Line> smallLines(SplittableRandom r, int job, long at) {
    List<Integer> cheap = new ArrayList<>();
    for (int product : cat.addonByJob[job]) {
      if (cat.price(product, at) < SMALL_ORDER_MAX_PRICE) {
        cheap.add(product);
      }
    }
    return List.of(line(cheap.get(r.nextInt(cheap.size())), 1, at));
  }

  private List<Line> leadLines(SplittableRandom r, long at) {
    List<Line> lines = new ArrayList<>(2);
    int first = cat.leadMagnets[r.nextInt(cat.leadMagnets.length)];
    lines.add(line(first, 1, at));
    if (Rand.chance(r, 0.1)) {
      int second = cat.leadMagnets[r.nextInt(cat.leadMagnets.length)];
      if (second != first) {
        lines.add(line(second, 1, at));
      }
    }
    return lines;
  }

  private static int mainQty(SplittableRandom r, int job) {
    if (job == Catalog.STAFF_EXPANSION) {
      return Rand.weighted(r, STAFF_QTY_W) + 1;
    }
    return Rand.chance(r, 0.93) ? 1 : 2;
  }

  private int addonQty(SplittableRandom r, int product) {
    switch (cat.products[product].category) {
      case "smart_devices":
        return (int) Rand.between(r, 1, 6);
      case "av_cables":
      case "computer_accessories":
      case "gaming_accessories":
        return Rand.weighted(r, SMALL_QTY_W) + 1;
      default:
        return Rand.chance(r, 0.92) ? 1 : 2;
    }
  }

  // ---------------------------------------------------------------- sessions

  private void planSessions(Person p, SplittableRandom r) {
    boolean cyclic = p.behaviour == Model.CYCLIC || p.behaviour == Model.LEAVER;
    int least = cyclic ? CYCLIC_MIN_SESSIONS : 1;
    for (Deal d : p.deals) {
      touchPath(p, d, r, d.seq > 0, least);
    }
    if (p.nextCycleDealAt >= 0) {
      // the browsing before the cyclic buyer's next deal starts before the end of the history
      touchPath(p, new Deal(p.deals.size(), p.nextCycleDealAt, p.cycleJob, false), r, true, least);
    }
    // a leaver's visits stop with their last deal: nothing is browsed before the deal that never comes
    long visitsUntil = p.behaviour == Model.LEAVER ? p.deals.get(p.deals.size() - 1).open : Long.MAX_VALUE;
    // Browsing without a purchase, kept out of the 31 days before any deal so planted paths stay clean.
    int browsing = Rand.poisson(r, 1.2);
    int fromDay = Math.max(0, tl.day(p.deals.get(0).open) - 60);
    for (int i = 0; i < browsing; i++) {
      long t = tl.localTime(r, fromDay + r.nextInt(tl.days - fromDay));
      int ch = Channels.draw(r, Channels.BROWSING);
      int cookie = deviceCookie(p, r);
      int variant = r.nextInt(12);
      String landing = landing(r, ch, variant, randomCategory(r));
      if (!nearDealOpening(p, t) && t <= visitsUntil) {
        p.sessions.add(new Session(t, cookie, Model.LOGIN_NONE, ch, variant, landing));
      }
    }
    p.sessions.sort(SESSION_TIME);
  }

  private static boolean nearDealOpening(Person p, long t) {
    for (Deal d : p.deals) {
      if (t > d.open - 31 * DAY && t <= d.open) {
        return true;
      }
    }
    return false;
  }

  /**
   * 1-5 sessions (at least {@code least}) over the 0-25 days before the opening: openers first, closers last,
   * generic search between.
   */
  private void touchPath(Person p, Deal d, SplittableRandom r, boolean repeat, int least) {
    int k = Math.max(least, Rand.weighted(r, PATH_LEN_W) + 1);
    long last = d.open - Rand.between(r, 2 * MINUTE, 2 * HOUR);
    long span = (long) (r.nextDouble() * 25 * DAY);
    long first = Math.min(d.open - span, last - 10 * MINUTE);
    long[] times = new long[k];
    times[k - 1] = last;
    if (k >= 2) {
      times[0] = first;
      for (int i = 1; i < k - 1; i++) {
        times[i] = first + 1 + r.nextLong(last - first - 1);
      }
      Arrays.sort(times, 1, k - 1);
    }
    String category = jobCategory(r, d.job);
    for (int i = 0; i < k; i++) {
      double[] w;
      if (k == 1) {
        w = repeat ? Channels.SINGLE_REPEAT : Channels.SINGLE_FIRST;
      } else if (i == 0) {
        w = Channels.OPENER;
      } else if (i == k - 1) {
        w = repeat ? Channels.CLOSER_REPEAT : Channels.CLOSER_FIRST;
      } else {
        w = Channels.MIDDLE;
      }
      int ch = Channels.draw(r, w);
      int login = Rand.chance(r, P_LOGIN) ? loginType(p, r) : Model.LOGIN_NONE;
      int variant = r.nextInt(12);
      p.sessions.add(new Session(times[i], deviceCookie(p, r), login, ch, variant, landing(r, ch, variant, category)));
    }
  }

  private String jobCategory(SplittableRandom r, int job) {
    String[] cats = cat.mainCategoriesByJob[job];
    return cats[r.nextInt(cats.length)];
  }

  private String randomCategory(SplittableRandom r) {
    return cat.allMainCategories[r.nextInt(cat.allMainCategories.length)];
  }

  private static String landing(SplittableRandom r, int ch, int variant, String category) {
    if (ch == Channels.EMAIL) {
      return "/promo/" + Channels.campaign(ch, variant);
    }
    if ((ch == Channels.DIRECT && Rand.chance(r, 0.5)) || (ch == Channels.BRAND_SEARCH && Rand.chance(r, 0.3))) {
      return "/";
    }
    return "/catalog/" + category;
  }

  private static int deviceCookie(Person p, SplittableRandom r) {
    return p.cookie2 != null && Rand.chance(r, P_SECOND_DEVICE) ? 2 : 1;
  }

  private static int loginType(Person p, SplittableRandom r) {
    if (p.customerId != null && p.email != null) {
      return Rand.chance(r, 0.6) ? Model.LOGIN_CID : Model.LOGIN_EMAIL;
    }
    if (p.customerId != null) {
      return Model.LOGIN_CID;
    }
    return p.email != null ? Model.LOGIN_EMAIL : Model.LOGIN_PHONE;
  }

  private static Session latestSession(Person p, long at, long maxAge) {
    Session found = null;
    for (Session s : p.sessions) {
      if (s.at > at) {
        break;
      }
      if (s.at >= at - maxAge) {
        found = s;
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- calls

  private void planCalls(Person p, SplittableRandom r) {
    if (p.phone == null) {
      return;
    }
    for (Deal d : p.deals) {
      if (Rand.chance(r, P_CALL)) {
        long at = d.open - Rand.between(r, 10 * MINUTE, 3 * DAY);
        inbound(p, r, at, 0.8, 0.7, 0.15);
      }
    }
    p.calls.sort(CALL_TIME);
  }

  /** An inbound call tracked to the caller's latest session; a missed one may be called back. */
  private void inbound(Person p, SplittableRandom r, long at, double pAnswer, double pCallback, double pRepeat) {
    Session src = latestSession(p, at, 30 * DAY);
    int cookie = src == null ? 0 : src.cookie;
    boolean answered = Rand.chance(r, pAnswer);
    if (answered) {
      p.calls.add(new Call(at, false, true, (int) Rand.between(r, 30, 900), (int) Rand.between(r, 0, 40), cookie, src,
          manager(r)));
    } else {
      p.calls.add(new Call(at, false, false, 0, (int) Rand.between(r, 5, 60), cookie, src, null));
      if (Rand.chance(r, pCallback)) {
        long back = at + Rand.between(r, 10 * MINUTE, 3 * HOUR);
        boolean ok = Rand.chance(r, 0.85);
        p.calls.add(new Call(back, true, ok, ok ? (int) Rand.between(r, 30, 600) : 0, (int) Rand.between(r, 0, 30), 0,
            null, manager(r)));
      }
    }
    if (Rand.chance(r, pRepeat)) {
      inbound(p, r, at + Rand.between(r, HOUR, 3 * DAY), pAnswer, pCallback, 0);
    }
  }

  // ---------------------------------------------------------------- orders: identifiers, updates, kinds

  private void finishOrders(Person p, SplittableRandom r) {
    for (Deal d : p.deals) {
      p.orders.addAll(d.orders);
    }
    p.orders.sort(ORDER_TIME);
    boolean first = true;
    for (Order o : p.orders) {
      pickIdentifiers(o, p, r, first);
      first = false;
      o.labeled = Rand.chance(r, P_LABEL);
      if (o.channel == Model.WEB) {
        Session s = latestSession(p, o.at, 2 * DAY);
        o.cookie = s != null ? s.cookie : 1;
      }
    }
    // a cyclic buyer's routine orders stand: the counted deals are the planted cycle (truth/people.csv)
    boolean routine = p.behaviour == Model.CYCLIC || p.behaviour == Model.LEAVER;
    for (Deal d : p.deals) {
      boolean single = !d.leadMagnet && d.orders.size() == 1 && !routine;
      for (Order o : d.orders) {
        double u = r.nextDouble();
        if (single && u < P_CANCEL) {
          update(o, Model.UPD_CANCEL, o.at + Rand.between(r, HOUR, 3 * DAY));
        } else if (single && u < P_CANCEL + P_RETURN) {
          update(o, Model.UPD_RETURN, o.at + Rand.between(r, DAY, 10 * DAY));
        } else if (Rand.chance(r, P_EDIT)) {
          edit(o, r);
        }
      }
    }
    int counted = 0;
    for (Deal d : p.deals) {
      Order open = d.orders.get(0);
      if (open.update == Model.UPD_CANCEL) {
        open.kind = Model.CANCELLED;
      } else if (open.update == Model.UPD_RETURN) {
        open.kind = Model.RETURNED;
      } else {
        open.kind = counted++ == 0 ? Model.FIRST : Model.REPEAT;
      }
    }
  }

  private static void pickIdentifiers(Order o, Person p, SplittableRandom r, boolean all) {
    if (all) {
      o.withCid = p.customerId != null;
      o.withPhone = p.phone != null;
      o.withEmail = p.email != null;
      return;
    }
    o.withCid = p.customerId != null && Rand.chance(r, 0.6);
    o.withPhone = p.phone != null && (o.channel == Model.PHONE || Rand.chance(r, 0.6));
    o.withEmail = p.email != null && Rand.chance(r, 0.6);
    if (!o.withCid && !o.withPhone && !o.withEmail) {
      int available = (p.customerId != null ? 1 : 0) + (p.phone != null ? 1 : 0) + (p.email != null ? 1 : 0);
      int k = r.nextInt(available);
      if (p.customerId != null && k-- == 0) {
        o.withCid = true;
      } else if (p.phone != null && k-- == 0) {
        o.withPhone = true;
      } else {
        o.withEmail = true;
      }
    }
  }

  private void update(Order o, int type, long at) {
    if (at < tl.endSec) {
      o.update = type;
      o.updatedAt = at;
    }
  }

  private void edit(Order o, SplittableRandom r) {
    long at = o.at + Rand.between(r, DAY, 5 * DAY);
    if (at >= tl.endSec) {
      return;
    }
    o.update = Model.UPD_EDIT;
    o.updatedAt = at;
    if (o.manager != null && Rand.chance(r, 0.4)) {
      String m;
      do {
        m = manager(r);
      } while (m.equals(o.manager));
      o.editManager = m;
    } else {
      o.editLine = r.nextInt(o.lines.size());
      int q = o.lines.get(o.editLine).qty;
      o.editQty = q == 1 ? 2 : (r.nextBoolean() ? q - 1 : q + 1);
    }
  }

  /**
   * Every cookie that shows up must co-occur with a non-cookie identifier somewhere; orders and calls always carry
   * one, so only a cookie seen on anonymous sessions alone needs a logged-in session. The second cookie is logged in
   * at least once whenever it shows up on a session.
   */
  private void linkCookies(Person p, SplittableRandom r) {
    for (int c = 1; c <= 2; c++) {
      if (p.cookie(c) == null) {
        continue;
      }
      boolean appears = false;
      boolean linked = false;
      boolean loggedIn = false;
      Session lastSession = null;
      for (Session s : p.sessions) {
        if (s.cookie == c && tl.inRange(s.at)) {
          appears = true;
          lastSession = s;
          if (s.login != Model.LOGIN_NONE) {
            linked = true;
            loggedIn = true;
          }
        }
      }
      for (Order o : p.orders) {
        if (o.cookie == c) {
          appears = true;
          linked = true;
        }
      }
      for (Call k : p.calls) {
        if (k.cookie == c && tl.inRange(k.at)) {
          appears = true;
          linked = true;
        }
      }
      boolean needLogin = (appears && !linked) || (c == 2 && !loggedIn);
      if (needLogin && lastSession != null) {
        lastSession.login = loginType(p, r);
      }
    }
  }

  /**
   * The chain person: phone + cookie on a call, the same cookie + e-mail on a logged-in session, the e-mail alone on
   * the order. No event holds two of phone, e-mail and order, so only the chain connects them.
   */
  private void chainLife(Person p, SplittableRandom r) {
    int job = Rand.weighted(r, Catalog.JOB_WEIGHTS);
    int third = tl.days / 3;
    long open = tl.localTime(r, third + r.nextInt(third));
    Deal d = new Deal(0, open, job, false);
    d.id = p.id + "-D01";
    p.deals.add(d);
    String category = jobCategory(r, job);
    Session s1 = new Session(open - 5 * DAY - Rand.between(r, 0, 2 * HOUR), 1, Model.LOGIN_NONE,
        Channels.DISPLAY_PROSPECTING, r.nextInt(12), "/catalog/" + category);
    Session s2 = new Session(open - DAY - Rand.between(r, 0, 2 * HOUR), 1, Model.LOGIN_EMAIL, Channels.BRAND_SEARCH,
        r.nextInt(12), "/catalog/" + category);
    p.sessions.add(s1);
    p.sessions.add(s2);
    p.calls.add(new Call(open - 3 * DAY - Rand.between(r, 0, 2 * HOUR), false, true, (int) Rand.between(r, 60, 600),
        (int) Rand.between(r, 0, 30), 1, s1, manager(r)));
    Order o = order(d, open, Model.FIRST, mainLines(r, p, job, open));
    o.channel = Model.STORE;
    o.store = "store_1";
    o.manager = manager(r);
    o.withEmail = true;
    o.labeled = Rand.chance(r, P_LABEL);
    p.orders.add(o);
  }

  // ---------------------------------------------------------------- prospects and visitors

  /** Calls 1-2 times, often missed, never called back, never buys; half of them browsed the site first. */
  Person prospect(int idx) {
    SplittableRandom r = Ids.rng(seed, 2, idx);
    Person p = new Person(Person.PROSPECT, idx, Ids.personId('L', idx), false);
    p.phone = Ids.phoneDigits(seed, (long) customers + idx);
    boolean web = Rand.chance(r, 0.5);
    long created = cookieCreated(r);
    p.cookie1 = web ? Ids.cookie(seed, 2L * customers + idx, created) : null;
    long first = tl.localTime(r, tl.seasonalDay(r));
    if (web) {
      int k = (int) Rand.between(r, 1, 3);
      String category = randomCategory(r);
      for (int i = 0; i < k; i++) {
        long t = first - Rand.between(r, 10 * MINUTE, 10 * DAY);
        int ch = Channels.draw(r, Channels.PROSPECT);
        int variant = r.nextInt(12);
        p.sessions.add(new Session(t, 1, Model.LOGIN_NONE, ch, variant, landing(r, ch, variant, category)));
      }
      p.sessions.sort(SESSION_TIME);
    }
    prospectCall(p, r, first);
    if (Rand.chance(r, 0.35)) {
      long second = first + Rand.between(r, HOUR, 5 * DAY);
      if (second < tl.endSec) {
        prospectCall(p, r, second);
      }
    }
    return p;
  }

  private void prospectCall(Person p, SplittableRandom r, long at) {
    Session src = latestSession(p, at, 30 * DAY);
    int cookie = src == null ? 0 : src.cookie;
    boolean answered = !Rand.chance(r, 0.6);
    if (answered) {
      p.calls.add(new Call(at, false, true, (int) Rand.between(r, 15, 600), (int) Rand.between(r, 0, 40), cookie, src,
          manager(r)));
    } else {
      p.calls.add(new Call(at, false, false, 0, (int) Rand.between(r, 5, 90), cookie, src, null));
    }
  }

  /** An anonymous visitor: one cookie, 1-4 sessions within a month, random channels. */
  Person visitor(int idx) {
    SplittableRandom r = Ids.rng(seed, 3, idx);
    Person p = new Person(Person.VISITOR, idx, Ids.personId('V', idx), false);
    p.cookie1 = Ids.cookie(seed, 2L * customers + prospects + idx, cookieCreated(r));
    int k = Rand.weighted(r, new double[] {.4, .3, .2, .1}) + 1;
    int day0 = tl.seasonalDay(r);
    String category = randomCategory(r);
    for (int i = 0; i < k; i++) {
      int d = i == 0 ? day0 : day0 + r.nextInt(31);
      if (d >= tl.days) {
        continue;
      }
      long t = tl.localTime(r, d);
      int ch = Channels.draw(r, Channels.BROWSING);
      int variant = r.nextInt(12);
      p.sessions.add(new Session(t, 1, Model.LOGIN_NONE, ch, variant, landing(r, ch, variant, category)));
    }
    p.sessions.sort(SESSION_TIME);
    return p;
  }
}
