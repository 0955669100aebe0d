package io.ltvlake.jobs.gold.cycles;

import static org.apache.spark.sql.functions.col;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.TextTable;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.shared.SampleTruth;
import io.ltvlake.jobs.silver.SilverTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Purchase cycles per customer and job, and each job's norm (DESIGN §4 "Cycles and triggers").
 *
 * <p>A run on date D writes gold.customer_cycles as of D and as of D - 1, both computed from the
 * deals and sessions known on each day, so the triggers job can tell who entered a condition on D
 * without depending on an earlier night's run, and a rerun of any date gives the same rows. The
 * table holds just those two dates; gold.job_cycles holds D's norms.
 */
public final class CyclesJob extends DeclaredJob {

    public CyclesJob() {
        super("cycles",
                "purchase cycles per customer and job (as of the run date and the day before) and each job's interval norm",
                List.of("deals"),
                List.of(CyclesTables.CUSTOMER_CYCLES, CyclesTables.JOB_CYCLES));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        CyclesConfig cycles = context.settings().section(CyclesConfig.class);
        LocalDate date = context.runDate();
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        Dataset<Row> sessions = lake.read(SilverTables.SESSIONS).filter(col("customer_key").isNotNull());
        result.read(lake.rows(DealsTables.DEALS)).read(lake.rows(SilverTables.SESSIONS));
        boolean hasSessions = !sessions.isEmpty();
        if (!hasSessions) {
            context.warn(result, "silver.sessions has no sessions of known customers: cycles are built without "
                    + "pre-purchase visits (sessions_in_window and usual_sessions_before_deal are null)");
        }
        context.step("cycles as of " + date + " and the day before");
        // both are read for the run date and again for the day before (CycleTransforms.customerCyclesAndDayBefore)
        int window = cycles.prePurchaseWindowDays();
        Dataset<Row> dealDates = CycleTransforms.dealDates(deals, date);
        Dataset<Row> own = Checkpoints.eager(CycleTransforms.ownCycles(dealDates, cycles));
        Dataset<Row> usual = hasSessions ? Checkpoints.eager(CycleTransforms.usualSessionsBeforeDeals(dealDates, sessions, window)) : null;
        // the run date's norms go into its customer rows and into gold.job_cycles: one computation for both writes
        Dataset<Row> jobCycles = Checkpoints.eager(CycleTransforms.jobCycles(own, date, cycles));
        Dataset<Row> customerCycles = CycleTransforms.customerCyclesAndDayBefore(own, jobCycles, usual, dealDates,
                hasSessions ? sessions : null, date, cycles);
        result.wrote(lake.overwrite(CyclesTables.CUSTOMER_CYCLES, customerCycles));
        Lake.Write norms = lake.overwrite(CyclesTables.JOB_CYCLES, jobCycles);
        result.wrote(norms);
        context.say(norms.rowsWritten() + " jobs (with 'all') have interval norms as of " + date);
        truthCheck(context, cycles, date);
        return result.build();
    }

    /** On a generated sample, how well the cycles find the planted cyclic buyers (CycleTruth). */
    private static void truthCheck(JobContext context, CyclesConfig cycles, LocalDate date) {
        Optional<Dataset<Row>> people = SampleTruth.read(context, SampleTruth.PEOPLE);
        Optional<Dataset<Row>> orders = SampleTruth.read(context, SampleTruth.ORDERS);
        if (people.isEmpty() || orders.isEmpty()) {
            return;
        }
        Dataset<Row> keys = SampleTruth.personKeys(orders.get(), context.lake().read(DealsTables.ORDER_DEALS));
        // one row of counts
        Row score = CycleTruth.plantedCycles(context.lake().read(CyclesTables.CUSTOMER_CYCLES), people.get(), keys, date,
                cycles.minDeals(), CycleTruth.INTERVAL_TOLERANCE).first();
        context.say(String.format("cycles on %s against the generator's planted cyclic buyers (truth/%s): recall %s "
                        + "(%s of %s planted buyers with %d+ deals have a cycle within %.0f %% of the planted one), precision %s "
                        + "(%s of %s customer-job cycles were planted)", date, SampleTruth.PEOPLE, TextTable.percent(score.getAs("recall")),
                TextTable.count(score.<Long>getAs("found")), TextTable.count(score.<Long>getAs("planted")), cycles.minDeals(),
                100 * CycleTruth.INTERVAL_TOLERANCE, TextTable.percent(score.getAs("precision")),
                TextTable.count(score.<Long>getAs("with_cycle_planted")), TextTable.count(score.<Long>getAs("with_cycle"))));
    }
}
