/**
 * Deterministic sample data with planted ground truth: an electronics retailer (jobs office_setup, staff_expansion,
 * home_audio, gaming, smart_home, plus lead-magnet products) exported in the canonical landing layout.
 * JDK only; entry point {@link io.ltvlake.tools.sample.SampleGenerator#generate}.
 *
 * <h2>Landing ({@code <out>/landing/shop/<YYYY-MM-DD>/})</h2>
 * Every export day has all six files ({@code order_lines, calls, sessions, ad_costs, products, messages}.csv),
 * header-only when empty. {@code products.csv} holds the full catalogue on the first day and again, with five price changes, on the
 * middle day ({@code days / 2}); on other days it has only its header. Orders from the middle day on use the new
 * prices. An event is filed under its UTC date; an order that is later cancelled, returned or edited is exported
 * again, all lines, under the day of its {@code updated_at}. Rows of a file are in time order. Order lines carry
 * {@code marketing_consent}: 70 % of people opt in, 20 % decline, 10 % leave it blank, the same answer on every
 * order.
 *
 * <h2>Truth ({@code <out>/truth/})</h2>
 * <ul>
 *   <li>{@code identifiers.csv}: every identifier that occurs in a landing file, normalised (phone E.164, e-mail
 *       lower-case), with its person: buyers {@code B…}, call-only prospects {@code L…}, visitors {@code V…}.</li>
 *   <li>{@code orders.csv}: one row per order; {@code purchase_kind} follows DESIGN §4 (cancelled/returned orders get
 *       that kind, and their deals are not counted for first/repeat). {@code final_revenue} is the sum of
 *       quantity × unit_price of the final version whatever its status, so filter on {@code final_status} for revenue
 *       totals.</li>
 *   <li>{@code people.csv}: one row per buyer with their planted behaviour ({@code behaviour}), drawn from a stream of
 *       its own per buyer:
 *       <ul>
 *         <li>{@code cyclic} (12 % of buyers with the leavers; on 240 days about 9 % cyclic and 3 % leavers):
 *             deals in one {@code job} every {@code planted_cycle_days} (drawn per buyer from the job's range, 38-60 days), each interval within ± 4 % of it, from a random phase to the
 *             end of the history, at least 4 sessions before each deal (their usual browsing; the browsing before the
 *             next deal after the end starts before the end, as it would). Their routine orders are never cancelled
 *             or returned, so the counted deals are the planted cycle;</li>
 *         <li>{@code leaver} (40 % of the cyclic draw): a cyclic buyer whose visits stop after their last deal,
 *             0.75-2.25 cycles before the end, and whose next deal never comes ({@code is_leaver}); at least four
 *             deals before it (cycles.min-deals; a leaver for whom fewer fit stays cyclic). A campaign may still win
 *             one back for a single deal;</li>
 *         <li>{@code non_target} (about 2 %, {@code is_non_target}): one cheap accessory an order (below 3,000
 *             roubles; upsells at the usual rates, just as cheap) for four jobs, each every 36-44 days, over the last 100-140 days of the
 *             history: about three deals a month with an average check of about 2,500 roubles, where a main product
 *             costs 12,990 and more (conf/application.conf flags an average check below 5,000 with two deals a
 *             month);</li>
 *         <li>{@code ordinary}: everyone else, as before any behaviour was planted.</li>
 *       </ul>
 *       Dates are business days (Moscow), as gold.deals' {@code opened_date}: {@code last_deal_date} is the latest
 *       counted deal (not cancelled or returned); for cyclic buyers and leavers {@code next_deal_due_date} is one
 *       planted cycle after it, and for leavers {@code flag_by_date} one cycle after that: a trigger should have
 *       flagged them by then.</li>
 *   <li>{@code malformed.csv}, {@code duplicates.csv}: the planted mess, per entity and export day.</li>
 *   <li>{@code campaigns.csv}: the planted CRM campaigns ({@code CampaignPlan}): send time, held-out share, control
 *       conversion and planted uplift (+3 points for spring_sale, none for newsletter, +10 for the trigger campaign
 *       overdue_reminder), the groups and conversions the draw gave, and the trigger of a trigger campaign.</li>
 * </ul>
 *
 * <h2>Planted rates (see {@code Simulator})</h2>
 * Immediate upsell after the opening 26 %, one or two deferred upsells 20 %, lead-magnet deals 8 %: upsells come to
 * about 35 % of completed orders (the brief's 30 % / 25 % would land near 39 %, too close to the 40 % bound).
 * An inbound call before 35 % of the deals of buyers with a phone (about 30 % of all deals). Logged-in sessions carry
 * the customer id or the e-mail; a buyer with neither logs in with the phone.
 */
package io.ltvlake.tools.sample;
