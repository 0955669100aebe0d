package io.ltvlake.tools.sample;

import static io.ltvlake.tools.sample.Timeline.DAY;
import static io.ltvlake.tools.sample.Timeline.HOUR;
import static io.ltvlake.tools.sample.Timeline.MINUTE;

import io.ltvlake.tools.sample.Model.Deal;
import io.ltvlake.tools.sample.Model.Message;
import io.ltvlake.tools.sample.Model.Person;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The planted CRM campaigns: each is sent once, at 09:00 business time on its day, to every eligible buyer, half
 * of whom are held out (a control row, nothing sent). Within {@link #RESPONSE} of the send a control person opens a
 * deal with probability {@link Campaign#controlConversion}, a recipient with that plus {@link Campaign#plantedUplift}:
 * the true absolute uplift, +3 points for spring_sale and none for newsletter.
 *
 * <p>A trigger campaign ({@link Campaign#trigger} set) is sent to each buyer on the day they enter its trigger's
 * situation instead: overdue_reminder (trigger cycle_overdue) at 09:00 on the day a repeat buyer's next deal is
 * {@link Campaign#overdueCycles} of their last interval between deals late, with the same holdout and a planted +10
 * points. Repeat buyers only, so the share of one-deal buyers stays as without it. It is planned after the broadcast
 * campaigns, and only where its response window does not meet theirs.
 *
 * <p>Eligible: a buyer (not the chain person) with a deal before the send and no deal opening in the
 * {@link #CLEAR} days before the send through {@link #CLEAR} days after the response window. In that window the
 * campaign's response deal is then the only deal, so its rate is exactly the planted one, and it opens a deal of
 * its own under DESIGN §4 (no earlier deal's upsell window reaches it, and it reaches no later deal). Being eligible
 * does not depend on the group, so the groups are randomised.
 *
 * <p>Everything is drawn from a stream of its own per buyer, so the rest of the sample is the same with or without
 * campaigns, apart from the added deals and the order ids after them.
 */
public final class CampaignPlan {

  /**
   * One campaign: name, channel, send day as a share of the history (a broadcast) or the trigger that sends it and
   * when (overdue by this many of the buyer's last interval), held-out share and planted rates.
   */
  record Campaign(String name, String channel, double sendShare, double holdoutShare, double controlConversion,
                  double plantedUplift, long costCents, String trigger, double overdueCycles) {}

  static final List<Campaign> CAMPAIGNS = List.of(
      new Campaign("spring_sale", "email", 0.50, 0.5, 0.06, 0.03, -1, null, 0),
      new Campaign("newsletter", "sms", 0.75, 0.5, 0.06, 0.0, 5, null, 0),
      // last: planned after the broadcasts, clear of their windows
      new Campaign("overdue_reminder", "email", -1, 0.5, 0.10, 0.10, -1, "cycle_overdue", 1.5));
  /** The response window: campaigns.response-days' default. */
  static final long RESPONSE = 14 * DAY;
  /** Clear of any other deal opening on both sides: more than the 30-day deferred window and the 35-day job gap. */
  static final long CLEAR = 36 * DAY;
  /** sent_at is a trigger campaign's first send; trigger is empty for a broadcast. */
  static final String TRUTH_HEADER = "campaign,channel,sent_at,holdout_share,control_conversion,planted_uplift,"
      + "eligible,recipients,control,recipients_converted,control_converted,trigger";

  private final Timeline tl;
  private final long[] sendAt;
  /** Per campaign: eligible, recipients, control, recipients converted, control converted. */
  private final long[][] counts;
  private int digestsPerWeek;

  CampaignPlan(Timeline tl) {
    this.tl = tl;
    this.sendAt = new long[CAMPAIGNS.size()];
    this.counts = new long[CAMPAIGNS.size()][5];
    for (int c = 0; c < CAMPAIGNS.size(); c++) {
      int day = (int) (tl.days * CAMPAIGNS.get(c).sendShare());
      sendAt[c] = CAMPAIGNS.get(c).trigger() != null ? Long.MAX_VALUE : at9(day);
    }
  }

  /** Routine e-mails per buyer and week (SampleSettings.digestsPerWeek). */
  void digestsPerWeek(int perWeek) {
    this.digestsPerWeek = perWeek;
  }

  /**
   * The buyer's messages, and for each campaign that converts them the time of the response deal to add (the
   * caller builds it, in the same stream). Campaigns are planned in send order, each seeing the deals added before.
   */
  List<Long> plan(Person p, SplittableRandom r) {
    List<Long> responses = new ArrayList<>();
    // a campaign's response deal would change a planted behaviour (a leaver who buys again is no leaver), so the
    // cyclic, leaving and non-target buyers of truth/people.csv stay out of the campaigns
    if (p.type != Person.BUYER || p.chain || p.behaviour != Model.ORDINARY) {
      return responses;
    }
    List<Long> assigned = new ArrayList<>();
    for (int c = 0; c < CAMPAIGNS.size(); c++) {
      Campaign campaign = CAMPAIGNS.get(c);
      long send = campaign.trigger() == null ? sendAt[c] : triggerSend(p, campaign, responses, assigned);
      if (send < 0 || campaign.trigger() == null && !eligible(p, send, responses)) {
        continue;
      }
      assigned.add(send);
      sendAt[c] = campaign.trigger() == null ? send : Math.min(sendAt[c], send);
      boolean control = Rand.chance(r, campaign.holdoutShare());
      double rate = campaign.controlConversion() + (control ? 0 : campaign.plantedUplift());
      boolean converts = Rand.chance(r, rate);
      long response = send + Rand.between(r, 2 * HOUR, RESPONSE - 2 * HOUR);
      counts[c][0]++;
      counts[c][control ? 2 : 1]++;
      if (converts) {
        counts[c][control ? 4 : 3]++;
        responses.add(response);
      }
      p.messages.add(message(campaign, send, control, converts ? response : -1, r));
    }
    return responses;
  }

  /** 09:00 business time on day {@code day} of the history. */
  private long at9(long day) {
    return (tl.start.toEpochDay() + day) * DAY - Timeline.BUSINESS_OFFSET + 9 * HOUR;
  }

  /**
   * When the buyer enters the trigger campaign's situation, cycle overdue: after two deals inside the history, the
   * day their next deal is {@code overdueCycles} of the interval between them late, and at least {@link #CLEAR} days
   * after the last (so no upsell window reaches the response deal). The first such moment with no deal opening from
   * the last deal through {@link #CLEAR} days after the response window (the response deal is then the only one there,
   * as for a broadcast), the window inside the history and not meeting the response window of a broadcast the buyer
   * was assigned; -1 when there is none.
   */
  private long triggerSend(Person p, Campaign campaign, List<Long> added, List<Long> assigned) {
    List<Long> openings = new ArrayList<>(added);
    for (Deal d : p.deals) {
      openings.add(d.open);
    }
    openings.sort(null);
    for (int k = 1; k < openings.size(); k++) {
      long previous = openings.get(k - 1);
      long last = openings.get(k);
      if (!tl.inRange(previous)) {
        continue;
      }
      long overdueDays = (long) Math.ceil(campaign.overdueCycles() * (last - previous) / (double) DAY);
      long send = at9(tl.day(last) + overdueDays);
      if (send + RESPONSE + DAY > tl.endSec) {
        return -1;
      }
      boolean clear = send - last >= CLEAR && (k + 1 == openings.size() || openings.get(k + 1) > send + RESPONSE + CLEAR);
      for (long other : assigned) {
        clear &= send + RESPONSE < other || send > other + RESPONSE;
      }
      if (clear) {
        return send;
      }
    }
    return -1;
  }

  /**
   * Routine e-mails (weekly_digest, no control group) from the week after the buyer's first deal to the end of the
   * history, {@code digestsPerWeek} a week, a day apart, at 10:00 business time; an unsubscribe ends them.
   * Drawn from a stream of their own, so everything else is the same with or without digests.
   */
  void digests(Person p, SplittableRandom r) {
    if (digestsPerWeek == 0 || p.deals.isEmpty()) {
      return;
    }
    long firstDeal = p.deals.get(0).open;
    long week = ((firstDeal - tl.startSec) / (7 * DAY) + 1) * 7 * DAY + tl.startSec;
    for (long start = week; start < tl.endSec; start += 7 * DAY) {
      for (int k = 0; k < digestsPerWeek; k++) {
        long at = start + k * DAY + 10 * HOUR - Timeline.BUSINESS_OFFSET;
        if (at >= tl.endSec) {
          return;
        }
        Message m = new Message("weekly_digest", "email", at, false);
        m.idSuffix = "-" + tl.date(tl.day(at));
        double u = r.nextDouble();
        m.status = u < 0.02 ? "bounced" : u < 0.05 ? "sent" : "delivered";
        p.messages.add(m);
        if (m.status.equals("bounced")) {
          continue;
        }
        if (Rand.chance(r, 0.2)) {
          m.openedAt = at + Rand.between(r, 5 * MINUTE, DAY);
          if (Rand.chance(r, 0.2)) {
            m.clickedAt = m.openedAt + Rand.between(r, 10, 10 * MINUTE);
          }
        }
        if (Rand.chance(r, 0.002)) {
          m.unsubscribedAt = (m.openedAt >= 0 ? m.openedAt : at) + Rand.between(r, MINUTE, HOUR);
          return;
        }
      }
    }
  }

  private boolean eligible(Person p, long send, List<Long> added) {
    boolean before = false;
    List<Long> openings = new ArrayList<>(added);
    for (Deal d : p.deals) {
      openings.add(d.open);
    }
    for (long open : openings) {
      before |= open < send - CLEAR;
      if (open >= send - CLEAR && open <= send + RESPONSE + CLEAR) {
        return false;
      }
    }
    return before;
  }

  /** A recipient's send (delivered mostly; opened more often by those who respond, before they buy) or a control row. */
  private static Message message(Campaign campaign, long send, boolean control, long response, SplittableRandom r) {
    Message m = new Message(campaign.name(), campaign.channel(), send, control);
    m.trigger = campaign.trigger();
    if (control) {
      return m;
    }
    double u = r.nextDouble();
    m.status = u < 0.04 ? "bounced" : u < 0.08 ? "sent" : "delivered";
    m.costCents = campaign.costCents();
    if (m.status.equals("bounced")) {
      return m;
    }
    if (Rand.chance(r, response >= 0 ? 0.7 : 0.3)) {
      long latest = response >= 0 ? response - 30 * MINUTE : send + 2 * DAY;
      m.openedAt = send + Rand.between(r, 5 * MINUTE, Math.max(6 * MINUTE, latest - send));
      if (Rand.chance(r, 0.35)) {
        m.clickedAt = m.openedAt + Rand.between(r, 10, 10 * MINUTE);
      }
    }
    if (Rand.chance(r, 0.01)) {
      m.unsubscribedAt = (m.openedAt >= 0 ? m.openedAt : send) + Rand.between(r, MINUTE, HOUR);
    }
    return m;
  }

  /** truth/campaigns.csv: each campaign's planted rates and what the draw gave. */
  void writeTruth(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(TRUTH_HEADER).append('\n');
    for (int c = 0; c < CAMPAIGNS.size(); c++) {
      Campaign campaign = CAMPAIGNS.get(c);
      sb.append(campaign.name()).append(',').append(campaign.channel()).append(',').append(sendAt[c] == Long.MAX_VALUE ? "" : tl.ts(sendAt[c]))
          .append(',').append(campaign.holdoutShare()).append(',').append(campaign.controlConversion())
          .append(',').append(campaign.plantedUplift());
      for (long n : counts[c]) {
        sb.append(',').append(n);
      }
      sb.append(',').append(campaign.trigger() == null ? "" : campaign.trigger()).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** One line per planted campaign of a truth/campaigns.csv, for the generator's output. */
  public static List<String> describe(Path truthFile) throws IOException {
    List<String> lines = new ArrayList<>();
    List<String> rows = Files.readAllLines(truthFile, StandardCharsets.UTF_8);
    for (String line : rows.subList(1, rows.size())) {
      String[] f = line.split(",");
      lines.add(String.format("%s (%s, sent %s): planted uplift %+.1f points on a control conversion of %.1f %%; "
              + "%s recipients, %s held out", f[0], f[1], f[2], 100 * Double.parseDouble(f[5]),
          100 * Double.parseDouble(f[4]), f[7], f[8]));
    }
    return lines;
  }
}
