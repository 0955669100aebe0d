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
 *   <li>{@code malformed.csv}, {@code duplicates.csv}: the planted mess, per entity and export day.</li>
 *   <li>{@code campaigns.csv}: the planted CRM campaigns ({@code CampaignPlan}): send time, held-out share, control
 *       conversion and planted uplift (+3 points for spring_sale, none for newsletter, +10 for the trigger campaign
 *       overdue_reminder), the groups and conversions the draw gave, and the trigger of a trigger campaign.</li>
 * </ul>
 *
 * <h2>Planted rates (see {@code Simulator})</h2>
 * Immediate upsell after the opening 26 %, one or two deferred upsells 20 %, lead-magnet deals 8 %: upsells come to
 * about 36 % of completed orders (the brief's 30 % / 25 % would land near 39 %, too close to the 40 % bound).
 * An inbound call before 35 % of the deals of buyers with a phone (about 30 % of all deals). Logged-in sessions carry
 * the customer id or the e-mail; a buyer with neither logs in with the phone.
 */
package io.ltvlake.tools.sample;
