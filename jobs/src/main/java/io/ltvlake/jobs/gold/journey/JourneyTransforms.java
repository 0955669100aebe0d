package io.ltvlake.jobs.gold.journey;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.ltvlake.jobs.gold.journey.JourneyConfig.Period;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.gold.shared.PlanLevels;
import io.ltvlake.jobs.gold.shared.TouchPaths;
import io.ltvlake.jobs.silver.ConformTransforms;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The customer journey counted in people, and the profit formula (DESIGN §4, Profit formula and
 * the journey in people), pure.
 *
 * <p>Everything starts from one row per person and period ({@link #personPeriods}): a person is a
 * {@code customer_key} (the identity graph gives a never-identified cookie a key of its own); a
 * touch or lead without any identifier is a person of its own. Each person gets, per period, one
 * channel (the first touch in the period, {@value #NO_TOUCH} without one) and one job (the job of
 * their first deal in the period, {@value #NO_DEAL} without one), so people add up across
 * channels and jobs and the {@value #ALL} rows are plain sums. The stages are then counted from
 * those rows, once per person and period, never as one distinct count per stage.
 */
public final class JourneyTransforms {

    /** The rows that sum every channel or every job. */
    public static final String ALL = "(all)";
    /** The channel of a person without a touch in the period (an offline buyer, say). */
    public static final String NO_TOUCH = TouchPaths.NO_TOUCH;
    /** The job of a person without a deal in the period. */
    public static final String NO_DEAL = "(no deal)";
    /** The trailing window of the weakest-step test: the 6 periods before this one. */
    public static final int TRAILING_PERIODS = 6;

    public static final String REACH = "reach";
    public static final String VISITORS = "visitors";
    public static final String LEADS = "leads";
    public static final String FIRST_BUYERS = "first_buyers";
    public static final String REPEAT_BUYERS = "repeat_buyers";
    public static final String LOYAL_BUYERS = "loyal_buyers";
    public static final String REFUSALS = "refusals";
    /** The previous stage of refusals: people with a deal of any number in the period. */
    public static final String BUYERS = "buyers";
    /** The stages of gold.journey_stages, in their order. */
    public static final List<String> STAGES = List.of(REACH, VISITORS, LEADS, FIRST_BUYERS, REPEAT_BUYERS, LOYAL_BUYERS,
            REFUSALS);

    private static final String MONEY = ConformTransforms.MONEY;
    private static final String[] PERIOD = {"period_type", "period_start", "period_end", "period_index"};

    private JourneyTransforms() {}

    // ------------------------------------------------------------------ periods

    /**
     * Adds {@code period_type}, {@code period_start}, {@code period_end} and {@code period_index}
     * (consecutive periods have consecutive indexes) from the business date in {@code dateColumn},
     * once for each period: the rows come back once per period, from one pass over them.
     */
    public static Dataset<Row> inPeriods(Dataset<Row> rows, String dateColumn, List<Period> periods, LocalDate twoWeeksFrom) {
        Column date = col(dateColumn);
        Column anchor = lit(Date.valueOf(twoWeeksFrom));
        // 1970-01-05 was a Monday: weeks run Monday to Sunday
        Column monday = lit(Date.valueOf("1970-01-05"));
        List<Column> each = new ArrayList<>();
        for (Period period : periods) {
            Column index;
            Column start;
            Column end;
            switch (period) {
                case WEEK -> {
                    index = floor(datediff(date, monday).divide(7)).cast("long");
                    start = date_add(monday, index.multiply(7).cast("int"));
                    end = date_add(start, 6);
                }
                case TWO_WEEKS -> {
                    index = floor(datediff(date, anchor).divide(14)).cast("long");
                    start = date_add(anchor, index.multiply(14).cast("int"));
                    end = date_add(start, 13);
                }
                case MONTH -> {
                    index = year(date).cast("long").multiply(12).plus(month(date));
                    start = trunc(date, "month");
                    end = date_sub(add_months(start, 1), 1);
                }
                default -> {
                    index = year(date).cast("long").multiply(4).plus(quarter(date));
                    start = trunc(date, "quarter");
                    end = date_sub(add_months(start, 3), 1);
                }
            }
            each.add(struct(lit(period.label()).as("period_type"), start.as("period_start"), end.as("period_end"),
                    index.as("period_index")));
        }
        return rows.withColumn("__period", org.apache.spark.sql.functions.explode(
                        org.apache.spark.sql.functions.array(each.toArray(Column[]::new))))
                .select(col("*"), col("__period.*")).drop("__period");
    }

    // ------------------------------------------------------------------ people

    /** The person of a touch or lead: its customer, else the touch itself (nothing joins it to anyone). */
    private static Column person(Column touchType, Column id) {
        return coalesce(col("customer_key"), concat_ws(":", lit("touch"), col("source"), touchType, id));
    }

    /**
     * One row per period (each of {@code periods}) and person with any touch, lead, deal or
     * refusal in it, up to the run date: {@code person_key}, {@code channel} (of the first touch
     * in the period), {@code job} (of the first deal in the period), the stage flags
     * {@code is_visitor} (a web session), {@code is_lead} (a lead of {@link Leads}, unique or not),
     * {@code is_first_buyer} (opened their first deal), {@code is_repeat_buyer} (their second),
     * {@code is_loyal_buyer} (their third or later), {@code is_buyer} (any deal),
     * {@code is_refusal} (an order cancelled or returned), and the period's {@code deals} and
     * deal {@code revenue}.
     *
     * @param touches gold.touches (source, touch_type, touch_id, customer_key, touched_at, touch_date, channel)
     * @param leads   rows of {@link Leads#leads} (lead_type, source, lead_id, customer_key, lead_date)
     * @param deals   gold.deals (customer_key, job, deal_seq, opened_at, opened_date, revenue)
     * @param orders  silver.orders (customer_key, status, order_date)
     */
    public static Dataset<Row> personPeriods(Dataset<Row> touches, Dataset<Row> leads, Dataset<Row> deals, Dataset<Row> orders,
                                             List<Period> periods, LocalDate twoWeeksFrom, LocalDate runDate) {
        Dataset<Row> channelCodes = codes(touches, "channel");
        Dataset<Row> jobCodes = codes(deals, "job");
        Column noKey = lit(null).cast(FIRST_KEY);
        Column noSeq = lit(null).cast("int");
        Column noRevenue = lit(null).cast(MONEY);
        Dataset<Row> touchEvents = touches.join(broadcast(channelCodes), touches.col("channel").eqNullSafe(channelCodes.col("value")))
                .select(person(col("touch_type"), col("touch_id")).as("person_key"), col("touch_date").as("event_date"),
                        col("touch_type").equalTo(TouchPaths.SESSION).as("is_visit"), lit(false).as("is_lead"),
                        noSeq.as("deal_seq"), noRevenue.as("revenue"), firstKey(col("touched_at"), col("code")).as("first_touch"),
                        noKey.as("first_deal"), lit(false).as("is_refusal"));
        Dataset<Row> leadEvents = leads
                .select(person(when(col("lead_type").equalTo(Leads.CALL), lit(TouchPaths.CALL)).otherwise(lit(TouchPaths.SESSION)),
                                col("lead_id")).as("person_key"),
                        col("lead_date").as("event_date"), lit(false).as("is_visit"), lit(true).as("is_lead"),
                        noSeq.as("deal_seq"), noRevenue.as("revenue"), noKey.as("first_touch"),
                        noKey.as("first_deal"), lit(false).as("is_refusal"));
        Dataset<Row> known = deals.filter(col("customer_key").isNotNull());
        Dataset<Row> dealEvents = known.join(broadcast(jobCodes), known.col("job").eqNullSafe(jobCodes.col("value")))
                .select(col("customer_key").as("person_key"), col("opened_date").as("event_date"), lit(false).as("is_visit"),
                        lit(false).as("is_lead"), col("deal_seq").cast("int").as("deal_seq"), col("revenue").cast(MONEY).as("revenue"),
                        noKey.as("first_touch"), firstKey(col("opened_at"), col("code")).as("first_deal"),
                        lit(false).as("is_refusal"));
        Dataset<Row> refusalEvents = orders.filter(col("status").isin("cancelled", "returned").and(col("customer_key").isNotNull()))
                .select(col("customer_key").as("person_key"), col("order_date").as("event_date"), lit(false).as("is_visit"),
                        lit(false).as("is_lead"), noSeq.as("deal_seq"), noRevenue.as("revenue"),
                        noKey.as("first_touch"), noKey.as("first_deal"), lit(true).as("is_refusal"));
        Dataset<Row> events = touchEvents.unionByName(leadEvents).unionByName(dealEvents).unionByName(refusalEvents)
                .filter(col("event_date").leq(lit(Date.valueOf(runDate))));
        Column seq = col("deal_seq");
        Dataset<Row> people = inPeriods(events, "event_date", periods, twoWeeksFrom)
                .groupBy(col("period_type"), col("period_start"), col("period_end"), col("period_index"), col("person_key"))
                .agg(max("is_visit").as("is_visitor"),
                        max("is_lead").as("is_lead"),
                        coalesce(max(seq.equalTo(1)), lit(false)).as("is_first_buyer"),
                        coalesce(max(seq.equalTo(2)), lit(false)).as("is_repeat_buyer"),
                        coalesce(max(seq.geq(3)), lit(false)).as("is_loyal_buyer"),
                        max("is_refusal").as("is_refusal"),
                        count(seq).as("deals"),
                        coalesce(sumOfMoney(col("revenue")), lit(0).cast(MONEY)).as("revenue"),
                        min("first_touch").as("first_touch"),
                        min("first_deal").as("first_deal"));
        Dataset<Row> channels = channelCodes.select(col("code").as("touch_code"), col("value").as("first_channel"));
        Dataset<Row> jobs = jobCodes.select(col("code").as("deal_code"), col("value").as("first_job"));
        return people.withColumn("touch_code", codeOf(col("first_touch"))).withColumn("deal_code", codeOf(col("first_deal")))
                .join(broadcast(channels), "touch_code", "left").join(broadcast(jobs), "deal_code", "left")
                .select(col("period_type"), col("period_start"), col("period_end"), col("period_index"), col("person_key"),
                        coalesce(col("first_channel"), lit(NO_TOUCH)).as("channel"),
                        coalesce(col("first_job"), lit(NO_DEAL)).as("job"),
                        col("is_visitor"), col("is_lead"), col("is_first_buyer"), col("is_repeat_buyer"), col("is_loyal_buyer"),
                        col("deals").gt(0).as("is_buyer"), col("is_refusal"), col("deals"), col("revenue"));
    }

    /*
     * The first touch's channel and the first deal's job of a person in a period are the least
     * (time, value). A min over a struct with a string keeps the string in the aggregation buffer, which
     * forces a sort-based aggregation of every event; instead the values are numbered in their order
     * and the pair becomes one long, time in microseconds then the value's number, whose min a hash
     * aggregation finds. Numbering by value keeps the ties at one instant broken as the struct did.
     * Microseconds times 1,024 stay within a long until the year 2255.
     */
    private static final String FIRST_KEY = "long";
    private static final long CODES_PER_MICROSECOND = 1_024L;

    /** The distinct values of {@code column} as {@code value}, numbered from 1 in their order as {@code code}. */
    private static Dataset<Row> codes(Dataset<Row> rows, String column) {
        // a few values (channels, jobs): numbering them in one partition is cheap
        return rows.select(col(column).as("value")).distinct()
                .withColumn("code", row_number().over(Window.partitionBy(lit(1)).orderBy(col("value").asc_nulls_first()))
                        .cast("long"));
    }

    private static Column firstKey(Column at, Column code) {
        return when(code.geq(CODES_PER_MICROSECOND), org.apache.spark.sql.functions.raise_error(
                        lit("journey: more than " + (CODES_PER_MICROSECOND - 1) + " distinct channels or jobs")).cast(FIRST_KEY))
                .otherwise(unix_micros(at).multiply(CODES_PER_MICROSECOND).plus(code));
    }

    private static Column codeOf(Column key) {
        return org.apache.spark.sql.functions.pmod(key, lit(CODES_PER_MICROSECOND));
    }

    /**
     * The sum of an amount of money, added up in cents as a long: a sum of decimals widens them past
     * 18 digits, and those are added (and multiplied) as BigDecimal, several times slower on every row.
     * The cents come through a double, exact for amounts below 2^52 cents (45 trillion).
     */
    private static Column sumOfMoney(Column money) {
        Column cents = org.apache.spark.sql.functions.round(money.cast("double").multiply(100)).cast("long");
        return sum(cents).cast("decimal(20,0)").divide(100).cast(MONEY);
    }

    /** How many people of a group hold all of {@code flags}. */
    private static Column people(String... flags) {
        Column all = lit(true);
        for (String flag : flags) {
            all = all.and(col(flag));
        }
        return count(when(all, 1));
    }

    /**
     * Adds the {@value #ALL} rows: each row once for every way of replacing some of
     * {@code dimensions} with {@value #ALL} (none, each, all of them), then one sum of
     * {@code measures} per group, so the whole roll-up is a single aggregation.
     */
    private static Dataset<Row> withAllRows(Dataset<Row> counts, List<String> dimensions, List<String> measures) {
        List<Column> variants = new ArrayList<>();
        for (int mask = 0; mask < 1 << dimensions.size(); mask++) {
            List<Column> fields = new ArrayList<>();
            for (int d = 0; d < dimensions.size(); d++) {
                fields.add(((mask >> d) & 1) == 1 ? lit(ALL).as(dimensions.get(d)) : col(dimensions.get(d)));
            }
            variants.add(struct(fields.toArray(Column[]::new)));
        }
        List<Column> by = new ArrayList<>();
        for (String p : PERIOD) {
            by.add(col(p));
        }
        for (String d : dimensions) {
            by.add(col("__variant." + d).as(d));
        }
        List<Column> sums = new ArrayList<>();
        for (String m : measures) {
            sums.add(m.equals("revenue") ? sum(m).cast(MONEY).as(m) : sum(m).as(m));
        }
        return counts.withColumn("__variant", org.apache.spark.sql.functions.explode(
                        org.apache.spark.sql.functions.array(variants.toArray(Column[]::new))))
                .groupBy(by.toArray(Column[]::new))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    }

    /** Adds {@code has_traffic_data}: the period has at least one web visitor anywhere in the business. */
    private static Dataset<Row> withTrafficData(Dataset<Row> rows) {
        return rows.withColumn("has_traffic_data",
                max(col("visitors").gt(0)).over(Window.partitionBy("period_type", "period_start")));
    }

    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.gt(0), numerator.cast("double").divide(denominator.cast("double")));
    }

    // ------------------------------------------------------------------ cells

    /** The counts of a cell of {@link #cells}: the journey's, then the profit formula's. */
    static final List<String> CELL_COUNTS = List.of("visitors", "leads", "leads_visited", "first_buyers",
            "first_buyers_led", "first_buyers_visited", "repeat_buyers", "repeat_buyers_first", "repeat_buyers_led",
            "repeat_buyers_visited", "loyal_buyers", "loyal_buyers_repeat", "loyal_buyers_led", "loyal_buyers_visited", "buyers",
            "refusals", "refusals_bought", "buyers_without_visit", "deals", "revenue");

    /**
     * The people of {@link #personPeriods} counted once per period, channel and job, with the
     * {@value #ALL} rows (every channel, every job, both) and {@code has_traffic_data}: the one
     * aggregation over people that both {@link #stages} and {@link #formula} start from. A person has
     * one channel and one job per period, so a cell's counts add up over channels and jobs.
     * <ul>
     *   <li>{@code visitors}, {@code leads}, {@code first_buyers}, {@code repeat_buyers},
     *       {@code loyal_buyers}, {@code buyers} (a deal of any number) and {@code refusals}: people
     *       at the stage; {@code <stage>_<earlier>} (e.g. {@code first_buyers_led}) the people at
     *       both, which the subset invariant and the conversions need;</li>
     *   <li>{@code buyers_without_visit}: buyers without a web session in the period; {@code deals}
     *       opened and their {@code revenue}.</li>
     * </ul>
     */
    public static Dataset<Row> cells(Dataset<Row> personPeriods) {
        Dataset<Row> counts = personPeriods.groupBy(col("period_type"), col("period_start"), col("period_end"),
                        col("period_index"), col("channel"), col("job"))
                .agg(people("is_visitor").as("visitors"),
                        people("is_lead").as("leads"), people("is_lead", "is_visitor").as("leads_visited"),
                        people("is_first_buyer").as("first_buyers"), people("is_first_buyer", "is_lead").as("first_buyers_led"),
                        people("is_first_buyer", "is_visitor").as("first_buyers_visited"),
                        people("is_repeat_buyer").as("repeat_buyers"),
                        people("is_repeat_buyer", "is_first_buyer").as("repeat_buyers_first"),
                        people("is_repeat_buyer", "is_lead").as("repeat_buyers_led"),
                        people("is_repeat_buyer", "is_visitor").as("repeat_buyers_visited"),
                        people("is_loyal_buyer").as("loyal_buyers"),
                        people("is_loyal_buyer", "is_repeat_buyer").as("loyal_buyers_repeat"),
                        people("is_loyal_buyer", "is_lead").as("loyal_buyers_led"),
                        people("is_loyal_buyer", "is_visitor").as("loyal_buyers_visited"),
                        people("is_buyer").as("buyers"),
                        people("is_refusal").as("refusals"), people("is_refusal", "is_buyer").as("refusals_bought"),
                        count(when(col("is_buyer").and(col("is_visitor").unary_$bang()), 1)).as("buyers_without_visit"),
                        sum("deals").as("deals"), sumOfMoney(col("revenue")).as("revenue"));
        return withTrafficData(withAllRows(counts, List.of("channel", "job"), CELL_COUNTS));
    }

    // ------------------------------------------------------------------ gold.journey_stages

    /**
     * gold.journey_stages: one row per period, channel, job and stage (the {@value #ALL} rows sum
     * channels, jobs or both), the stages in order:
     * {@value #REACH} (ad impressions, where the ad data has them: not people, so only a rate leads
     * from it), {@value #VISITORS}, {@value #LEADS}, {@value #FIRST_BUYERS}, {@value #REPEAT_BUYERS},
     * {@value #LOYAL_BUYERS} and {@value #REFUSALS} (whose previous stage is {@value #BUYERS}).
     * <ul>
     *   <li>{@code people}: distinct people at the stage in the period; {@code visitors} is null,
     *       not 0, in a period without any web session in the business (no traffic data);</li>
     *   <li>{@code people_from_previous_stage}: of them, the people also at the previous stage in
     *       the period; {@code people_outside_previous_stage} the rest, with
     *       {@code outside_previous_stage_reason} (a caller who never visited, a buyer without a lead
     *       in the period, a repeat buyer whose first deal was earlier ...). The subset invariant is
     *       people = people_from_previous_stage wherever the reason is null;</li>
     *   <li>{@code step_conversion} = people_from_previous_stage / previous stage's people (never
     *       above 1; for visitors, visitors / reach); {@code from_first_stage_conversion} = people of
     *       the stage who were also at the first stage / the first stage's people. The first stage is
     *       {@value #VISITORS}, or {@value #LEADS} in a period without traffic data. A ratio is null
     *       when its denominator is null or 0;</li>
     *   <li>{@code trailing_median_step_conversion}: the median step conversion of the same stage,
     *       channel and job over the {@value #TRAILING_PERIODS} periods before this one (the periods
     *       that have it); {@code step_against_median} = step_conversion / that median;
     *       {@code is_weakest_step} marks, per period, channel and job, the progression step (leads to
     *       loyal buyers) lowest against its median: the step to fix first.</li>
     * </ul>
     *
     * @param cells       rows of {@link #cells}
     * @param impressions ad impressions (date, channel, impressions), when the ad data has them
     */
    public static Dataset<Row> stages(Dataset<Row> cells, Optional<Dataset<Row>> impressions, List<Period> periods,
                                      LocalDate twoWeeksFrom, LocalDate runDate) {
        if (impressions.isPresent()) {
            Dataset<Row> reach = inPeriods(impressions.get().filter(col("date").leq(lit(Date.valueOf(runDate)))), "date",
                    periods, twoWeeksFrom)
                    .groupBy(col("period_type"), col("period_start"), col("channel"))
                    .agg(sum("impressions").cast("long").as("reach"));
            Dataset<Row> reachAll = reach.groupBy("period_type", "period_start").agg(sum("reach").cast("long").as("reach"))
                    .withColumn("channel", lit(ALL));
            cells = cells.join(reach.unionByName(reachAll).withColumn("job", lit(ALL)),
                    new String[] {"period_type", "period_start", "channel", "job"}, "left");
        } else {
            cells = cells.withColumn("reach", lit(null).cast("long"));
        }
        Column traffic = col("has_traffic_data");
        Column visitors = when(traffic, col("visitors"));
        // the first stage is visitors, or leads without traffic data: "with first" counts either way
        List<Column> stages = List.of(
                stage( REACH, 0, col("reach"), null, lit(null), lit(null), lit(null), null),
                stage(VISITORS, 1, visitors, REACH, col("reach"), lit(null).cast("long"),
                        when(traffic, col("visitors")), null),
                stage(LEADS, 2, col("leads"), VISITORS, visitors, when(traffic, col("leads_visited")),
                        when(traffic, col("leads_visited")).otherwise(col("leads")),
                        "called or left a contact without a web visit in the period"),
                stage(FIRST_BUYERS, 3, col("first_buyers"), LEADS, col("leads"), col("first_buyers_led"),
                        when(traffic, col("first_buyers_visited")).otherwise(col("first_buyers_led")),
                        "first deal without a lead in the period (a walk-in or online order, or a lead in an earlier period)"),
                stage(REPEAT_BUYERS, 4, col("repeat_buyers"), FIRST_BUYERS, col("first_buyers"),
                        col("repeat_buyers_first"),
                        when(traffic, col("repeat_buyers_visited")).otherwise(col("repeat_buyers_led")),
                        "second deal in the period, first deal in an earlier period"),
                stage(LOYAL_BUYERS, 5, col("loyal_buyers"), REPEAT_BUYERS, col("repeat_buyers"),
                        col("loyal_buyers_repeat"),
                        when(traffic, col("loyal_buyers_visited")).otherwise(col("loyal_buyers_led")),
                        "third or later deal in the period, the deal before it in an earlier period"),
                stage(REFUSALS, 6, col("refusals"), BUYERS, col("buyers"), col("refusals_bought"), lit(null),
                        "an order cancelled or returned without a deal in the period"));
        // one pass over the cells: each cell becomes its seven stage rows
        Dataset<Row> rows = cells.select(col("period_type"), col("period_start"), col("period_end"), col("period_index"),
                        col("channel"), col("job"), col("has_traffic_data"),
                        org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(
                                stages.toArray(Column[]::new))).as("__stage"))
                .select(col("*"), col("__stage.*")).drop("__stage");
        return weakestStep(rows, runDate);
    }

    /**
     * One stage of every cell. {@code fromPrevious} and {@code withFirst} are counts of the
     * stage's people; the first stage's people are the visitors, or the leads without traffic data.
     */
    private static Column stage(String name, int order, Column people, String previous,
                                      Column previousPeople, Column fromPrevious, Column withFirst, String outsideReason) {
        Column first = when(col("has_traffic_data"), col("visitors")).otherwise(col("leads"));
        Column step = name.equals(VISITORS) ? ratio(people, previousPeople) : ratio(fromPrevious, previousPeople);
        Column outside = people.minus(fromPrevious);
        Column fromFirst = name.equals(REFUSALS) || name.equals(REACH) ? lit(null).cast("double")
                : name.equals(VISITORS) ? when(col("has_traffic_data"), ratio(people, people))
                : ratio(withFirst, first);
        return struct(lit(name).as("stage"), lit(order).as("stage_order"),
                people.cast("long").as("people"), lit(previous).cast("string").as("previous_stage"),
                previousPeople.cast("long").as("previous_stage_people"),
                fromPrevious.cast("long").as("people_from_previous_stage"),
                outside.cast("long").as("people_outside_previous_stage"),
                when(outside.gt(0), lit(outsideReason)).cast("string").as("outside_previous_stage_reason"),
                step.as("step_conversion"), fromFirst.as("from_first_stage_conversion"));
    }

    /**
     * The median step conversion of the {@value #TRAILING_PERIODS} periods before a row's (by
     * period_index, so a period without a row is a gap, not a step back), as percentile(…, 0.5) gives
     * it: the middle value, or half of each of the two middle ones. Taken from the earlier rows by lag,
     * which reads them in place, where a sliding percentile would build a new buffer for every row.
     */
    private static Column trailingMedian(WindowSpec line) {
        List<Column> earlier = new ArrayList<>();
        for (int k = 1; k <= TRAILING_PERIODS; k++) {
            earlier.add(struct(org.apache.spark.sql.functions.lag(col("period_index"), k).over(line).as("index"),
                    org.apache.spark.sql.functions.lag(col("step_conversion"), k).over(line).as("step")));
        }
        Column periodIndex = col("period_index");
        Column steps = org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.transform(
                org.apache.spark.sql.functions.filter(org.apache.spark.sql.functions.array(earlier.toArray(Column[]::new)),
                        e -> e.getField("index").geq(periodIndex.minus(TRAILING_PERIODS)).and(e.getField("step").isNotNull())),
                e -> e.getField("step")));
        Column n = org.apache.spark.sql.functions.size(steps);
        Column half = n.divide(2).cast("int");
        Column upper = org.apache.spark.sql.functions.element_at(steps, half.plus(1));
        Column lower = org.apache.spark.sql.functions.element_at(steps, org.apache.spark.sql.functions.greatest(half, lit(1)));
        return when(n.equalTo(0), lit(null).cast("double"))
                .when(n.mod(2).equalTo(1), upper)
                .otherwise(lit(0.5).multiply(lower).plus(lit(0.5).multiply(upper)));
    }

    /** Adds the trailing median, the step against it, is_weakest_step and is_partial_period. */
    private static Dataset<Row> weakestStep(Dataset<Row> rows, LocalDate runDate) {
        WindowSpec line = Window.partitionBy("period_type", "channel", "job", "stage").orderBy("period_index");
        Column progression = col("stage").isin(LEADS, FIRST_BUYERS, REPEAT_BUYERS, LOYAL_BUYERS);
        WindowSpec funnel = Window.partitionBy("period_type", "period_start", "channel", "job")
                .orderBy(col("__score").asc_nulls_last(), col("stage_order"));
        Column againstMedian = ratio(col("step_conversion"), col("trailing_median_step_conversion"));
        Map<String, Column> scored = new LinkedHashMap<>();
        scored.put("step_against_median", againstMedian);
        scored.put("__score", when(progression, againstMedian));
        scored.put("is_partial_period", col("period_end").gt(lit(Date.valueOf(runDate))));
        return rows
                .withColumn("trailing_median_step_conversion", trailingMedian(line))
                .withColumns(scored)
                .withColumn("is_weakest_step", row_number().over(funnel).equalTo(1).and(col("__score").isNotNull()))
                .select("period_type", "period_start", "period_end", "is_partial_period", "channel", "job", "stage",
                        "stage_order", "has_traffic_data", "people", "previous_stage", "previous_stage_people",
                        "people_from_previous_stage", "people_outside_previous_stage", "outside_previous_stage_reason",
                        "step_conversion", "from_first_stage_conversion", "trailing_median_step_conversion",
                        "step_against_median", "is_weakest_step");
    }

    // ------------------------------------------------------------------ gold.profit_formula

    /** The four factors of the profit formula, in the order of the formula. */
    public static final List<String> FACTORS = List.of("visitors", "visitor_to_buyer_conversion", "average_check",
            "deals_per_buyer");

    /**
     * gold.profit_formula: one row per period and channel (first touch in the period, as in the
     * journey) plus a {@value #ALL} row per period: revenue = visitors × visitor_to_buyer_conversion
     * × average_check × deals_per_buyer, exactly.
     * <ul>
     *   <li>{@code visitors}: people with a web session (null in a period without traffic data);
     *       {@code buyers}: people with a deal, {@code buyers_without_visit} of them had no web
     *       session in the period (offline or by phone: they are why the conversion of a channel can
     *       pass 1); {@code deals} opened and their {@code revenue} (the deals' checks with upsells);</li>
     *   <li>the factors, unrounded so their product is exact: {@code visitor_to_buyer_conversion} =
     *       buyers / visitors, {@code average_check} = revenue / deals, {@code deals_per_buyer} =
     *       deals / buyers; {@code formula_revenue} = their product rounded to the cent, equal to
     *       revenue. The factors are null where a denominator is 0 or null, and
     *       {@code formula_note} says why;</li>
     *   <li>against the previous period of the same type and channel: {@code previous_revenue},
     *       {@code revenue_change} and its additive log (LMDI-I) decomposition: with
     *       L = (R₁ − R₀) / (ln R₁ − ln R₀), each factor x contributes L × ln(x₁ / x₀).
     *       The contributions are rounded to the cent, and the rounding remainder (a few cents) goes to
     *       the largest one, so the four add up to revenue_change exactly. They need every factor
     *       above 0 in both periods; otherwise they are null and {@code decomposition_note} says why.</li>
     * </ul>
     *
     * @param cells rows of {@link #cells}
     */
    public static Dataset<Row> formula(Dataset<Row> cells, LocalDate runDate) {
        // a channel's row is its cell of every job; the columns are added a level at a time (withColumns),
        // since a withColumn per column analyses the whole plan again each time
        Dataset<Row> channels = cells.filter(col("job").equalTo(ALL))
                .withColumn("visitors", when(col("has_traffic_data"), col("visitors")));
        Map<String, Column> ratios = new LinkedHashMap<>();
        ratios.put("visitor_to_buyer_conversion", ratio(col("buyers"), col("visitors")));
        ratios.put("average_check", ratio(col("revenue"), col("deals")));
        ratios.put("deals_per_buyer", ratio(col("deals"), col("buyers")));
        Column product = col("visitors").cast("double").multiply(col("visitor_to_buyer_conversion"))
                .multiply(col("average_check")).multiply(col("deals_per_buyer"));
        Map<String, Column> checked = new LinkedHashMap<>();
        checked.put("formula_revenue", org.apache.spark.sql.functions.round(product, 2).cast(MONEY));
        checked.put("formula_note", when(col("has_traffic_data").unary_$bang(), lit("no traffic data in the period"))
                .when(col("visitors").equalTo(0), lit("no visitors first touched by this channel: its buyers came "
                        + "by a call or without a touch"))
                .when(col("buyers").equalTo(0), lit("no buyers in the period")));
        WindowSpec line = Window.partitionBy("period_type", "channel").orderBy("period_index");
        List<String> previous = new ArrayList<>(List.of("period_index", "revenue"));
        previous.addAll(FACTORS);
        Map<String, Column> previousValues = new LinkedHashMap<>();
        for (String c : previous) {
            previousValues.put("__previous_" + c, org.apache.spark.sql.functions.lag(col(c), 1).over(line));
        }
        Dataset<Row> factors = channels.withColumns(ratios).withColumns(checked).withColumns(previousValues);

        Column consecutive = col("__previous_period_index").equalTo(col("period_index").minus(1));
        Column previousRevenue = when(consecutive, col("__previous_revenue"));
        Column allPositive = lit(true);
        for (String f : FACTORS) {
            allPositive = allPositive.and(coalesce(col(f).gt(0).and(col("__previous_" + f).gt(0)), lit(false)));
        }
        Column r1 = col("revenue").cast("double");
        Column r0 = col("__previous_revenue").cast("double");
        Column logMean = when(r1.equalTo(r0), r1).otherwise(r1.minus(r0).divide(org.apache.spark.sql.functions.log(r1)
                .minus(org.apache.spark.sql.functions.log(r0))));
        Map<String, Column> change = new LinkedHashMap<>();
        change.put("previous_revenue", previousRevenue);
        change.put("revenue_change", col("revenue").minus(previousRevenue).cast(MONEY));
        change.put("decomposition_note", when(consecutive.isNull().or(consecutive.unary_$bang()), lit("no previous period"))
                .when(allPositive.unary_$bang(), lit("a factor is 0 or unknown in this or the previous period")));
        Column decomposable = consecutive.and(allPositive);
        for (String f : FACTORS) {
            change.put("__exact_" + f, when(decomposable, logMean.multiply(org.apache.spark.sql.functions.log(
                    col(f).cast("double").divide(col("__previous_" + f).cast("double"))))));
        }
        Dataset<Row> decomposed = factors.withColumns(change);

        Column roundedSum = lit(0).cast(MONEY);
        Column largestAbs = null;
        for (String f : FACTORS) {
            roundedSum = roundedSum.plus(rounded(f));
            Column abs = org.apache.spark.sql.functions.abs(col("__exact_" + f));
            largestAbs = largestAbs == null ? abs : org.apache.spark.sql.functions.greatest(largestAbs, abs);
        }
        Column remainder = col("revenue_change").minus(roundedSum);
        Map<String, Column> contributions = new LinkedHashMap<>();
        Column given = lit(false);
        for (String f : FACTORS) {
            // the first factor with the largest contribution takes the remainder
            Column isLargest = org.apache.spark.sql.functions.abs(col("__exact_" + f)).equalTo(largestAbs);
            contributions.put(f + "_contribution",
                    when(isLargest.and(given.unary_$bang()), rounded(f).plus(remainder)).otherwise(rounded(f)).cast(MONEY));
            given = given.or(isLargest);
        }
        return decomposed.withColumns(contributions)
                .select(col("period_type"), col("period_start"), col("period_end"),
                        col("period_end").gt(lit(Date.valueOf(runDate))).as("is_partial_period"), col("channel"),
                        col("has_traffic_data"), col("visitors"), col("buyers"), col("buyers_without_visit"), col("deals"),
                        col("revenue"), col("visitor_to_buyer_conversion"), col("average_check"), col("deals_per_buyer"),
                        col("formula_revenue"), col("formula_note"), col("previous_revenue"), col("revenue_change"),
                        col("visitors_contribution"), col("visitor_to_buyer_conversion_contribution"),
                        col("average_check_contribution"), col("deals_per_buyer_contribution"), col("decomposition_note"));
    }

    /** A factor's exact LMDI contribution rounded to the cent. */
    private static Column rounded(String factor) {
        return org.apache.spark.sql.functions.round(col("__exact_" + factor), 2).cast(MONEY);
    }

    /**
     * gold.profit_formula_plan: the plan lines of {@code ltvlake.funnel.plan} that name a measure of
     * the formula (ProfitFunnelConfig.FORMULA_METRICS: the four factors, revenue, buyers, deals)
     * beside the monthly rows of the formula; plan lines are monthly, so other period types have
     * none. A channel line matches the formula's channel (first touch in the month).
     *
     * @param formula rows of {@link #formula}
     * @param lines   rows of PlanLevels.LINE
     */
    public static Dataset<Row> formulaPlan(Dataset<Row> formula, Dataset<Row> lines, List<String> metrics) {
        Dataset<Row> months = formula.filter(col("period_type").equalTo(Period.MONTH.label()))
                .withColumnRenamed("period_start", "month").withColumnRenamed("is_partial_period", "is_partial_month");
        return PlanLevels.besideActuals(months, lines, metrics);
    }
}
