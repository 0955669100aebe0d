package io.ltvlake.jobs.gold.triggers;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.clv.ClvConfig;
import io.ltvlake.jobs.gold.clv.ClvTables;
import io.ltvlake.jobs.gold.campaign_effect.CampaignsConfig;
import io.ltvlake.jobs.gold.shared.ContactPressure;
import io.ltvlake.jobs.gold.shared.SampleTruth;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.jobs.gold.cycles.CyclesTables;
import io.ltvlake.jobs.gold.profitability.ProfitabilityTables;
import io.ltvlake.jobs.gold.rfm.RfmConfig;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trigger events of the run date: who entered a condition today (DESIGN §4 "Cycles and triggers").
 *
 * <p>Each condition is judged as of the run date and as of the day before from tables that hold
 * both days (gold.customer_cycles, gold.customer_rfm_daily; P(alive) the day before from the CLV
 * fit), so the events of a date depend only on the data, not on which nights ran before: a rerun of
 * any date replaces that date's events with the same rows, and older dates' events are kept.
 */
public final class TriggersJob extends DeclaredJob {

    public TriggersJob() {
        super("triggers",
                "trigger events: customers entering cycle_due, cycle_overdue, leaving, second_deal_missing, "
                + "rfm_entered:<segment> or p_alive_below today",
                List.of("cycles", "rfm", "clv", "profitability"),
                List.of(TriggersTables.TRIGGER_EVENTS));
    }

    /** rfm-entered names segments of the RFM map (or non_target): a typo would silently never fire. */
    @Override
    public void validate(JobContext context) {
        TriggersConfig triggers = context.settings().section(TriggersConfig.class);
        if (!triggers.on(TriggersConfig.RFM_ENTERED)) {
            return;
        }
        Set<String> segments = new TreeSet<>();
        context.settings().section(RfmConfig.class).segments().forEach(rule -> segments.add(rule.id()));
        segments.add(RfmTables.NON_TARGET);
        for (String segment : triggers.rfmSegments()) {
            if (!segments.contains(segment)) {
                throw new io.ltvlake.common.config.ConfigError("config key 'ltvlake.triggers.rfm-entered.segments': '" + segment
                        + "' is not a segment of the RFM map; its segments are " + segments);
            }
        }
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        LocalDate date = context.runDate();
        TriggersConfig triggers = context.settings().section(TriggersConfig.class);
        if (triggers.on(TriggersConfig.LEAVING)
                && lake.read(SilverTables.SESSIONS).filter(col("customer_key").isNotNull()).isEmpty()) {
            context.warn(result, "no sessions of known customers in silver.sessions: the leaving trigger is off "
                    + "(it compares visits before the expected deal with the customer's usual visits)");
            triggers = triggers.without(TriggersConfig.LEAVING);
        }
        context.step("conditions as of " + date + " and the day before");
        result.read(lake.rows(CyclesTables.CUSTOMER_CYCLES)).read(lake.rows(RfmTables.CUSTOMER_RFM_DAILY));
        Dataset<Row> conditions = TriggerTransforms.cycleConditions(lake.read(CyclesTables.CUSTOMER_CYCLES), triggers)
                .unionByName(TriggerTransforms.rfmConditions(lake.read(RfmTables.CUSTOMER_RFM_DAILY), triggers));
        if (triggers.on(TriggersConfig.P_ALIVE_BELOW)) {
            Row fit = lake.readIfExists(ClvTables.CLV_MODEL).map(m -> m.filter(col("fit").equalTo("scoring")))
                    .filter(m -> !m.isEmpty()).map(Dataset::first).orElse(null);
            if (fit == null) {
                context.warn(result, "no CLV scoring fit in gold.clv_model: p_alive_below has nothing to judge tonight");
            } else {
                conditions = conditions.unionByName(TriggerTransforms.aliveConditions(lake.read(ClvTables.CUSTOMER_CLV), fit,
                        date, context.settings().section(ClvConfig.class).timeUnitDays(), triggers));
            }
        }
        Dataset<Row> nonTarget = lake.read(ProfitabilityTables.CUSTOMER_PROFITABILITY).filter(col("is_non_target"));
        context.step("events of customers entering a condition");
        Dataset<Row> events = TriggerTransforms.entered(conditions, nonTarget, date, triggers);
        int maxPerWeek = context.settings().section(CampaignsConfig.class).maxPerWeek();
        Dataset<Row> atCap = lake.readIfExists(SilverTables.MESSAGES)
                .map(messages -> ContactPressure.peopleAtCap(messages, maxPerWeek, date))
                .orElseGet(() -> events.select("customer_key").limit(0));
        Lake.Write write = lake.replaceWhere(TriggersTables.TRIGGER_EVENTS, TriggerTransforms.withContactCap(events, atCap),
                "event_date = date'" + date + "'");
        result.wrote(write);
        context.say(write.rowsWritten() + " trigger events on " + date + " (triggers on: " + new TreeSet<>(triggers.enabled()) + ")");
        truthCheck(context, conditions, nonTarget, date);
        return result.build();
    }

    /** On a generated sample, how well leaving and cycle_overdue find the planted leavers (TriggerTruth). */
    private static void truthCheck(JobContext context, Dataset<Row> conditions, Dataset<Row> nonTarget, LocalDate date) {
        Optional<Dataset<Row>> people = SampleTruth.read(context, SampleTruth.PEOPLE);
        Optional<Dataset<Row>> orders = SampleTruth.read(context, SampleTruth.ORDERS);
        if (people.isEmpty() || orders.isEmpty()) {
            return;
        }
        Dataset<Row> keys = SampleTruth.personKeys(orders.get(), context.lake().read(DealsTables.ORDER_DEALS));
        TextTable table = new TextTable("trigger", "flagged", "of them leavers", "precision", "leavers due", "flagged",
                "recall").alignRight(1, 2, 3, 4, 5, 6);
        // three rows: one per scored trigger
        for (Row row : TriggerTruth.leaverScores(conditions, nonTarget, people.get(), keys, date).collectAsList()) {
            table.row(row.getAs("trigger"), TextTable.count(row.<Long>getAs("flagged")),
                    TextTable.count(row.<Long>getAs("flagged_leavers")), TextTable.percent(row.getAs("precision")),
                    TextTable.count(row.<Long>getAs("leavers_due")), TextTable.count(row.<Long>getAs("leavers_due_flagged")),
                    TextTable.percent(row.getAs("recall")));
        }
        context.say("leaving and cycle_overdue on " + date + " against the generator's planted leavers (truth/"
                + SampleTruth.PEOPLE + "; leavers due: next deal due by " + date + ", not yet one cycle past it):");
        table.render().lines().forEach(context::say);
    }
}
