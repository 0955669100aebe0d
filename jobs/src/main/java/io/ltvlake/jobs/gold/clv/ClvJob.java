package io.ltvlake.jobs.gold.clv;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Predicted CLV: BG/NBD for how many purchases a customer will make and Gamma-Gamma for what
 * each will be worth, fitted by maximum likelihood on the purchases up to the run date. With
 * {@code clv.holdout-date}, a second fit on the purchases up to that date is checked against
 * what customers bought after it.
 */
public final class ClvJob extends DeclaredJob {

    public ClvJob() {
        super("clv",
                "predicted CLV per customer: BG/NBD purchases and Gamma-Gamma spend, with an optional holdout check",
                List.of("deals"),
                List.of(ClvTables.CUSTOMER_CLV, ClvTables.CLV_MODEL, ClvTables.CLV_HOLDOUT));
    }

    private static final StructType MODEL = new StructType()
            .add("fit", DataTypes.StringType, false).add("calibration_end_date", DataTypes.DateType, false)
            .add("frequency", DataTypes.StringType, false).add("time_unit", DataTypes.StringType, false)
            .add("customers", DataTypes.LongType, false).add("repeat_customers", DataTypes.LongType, false)
            .add("r", DataTypes.DoubleType).add("alpha", DataTypes.DoubleType).add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType).add("bg_nbd_log_likelihood", DataTypes.DoubleType)
            .add("is_bg_nbd_converged", DataTypes.BooleanType).add("p", DataTypes.DoubleType).add("q", DataTypes.DoubleType)
            .add("v", DataTypes.DoubleType).add("gamma_gamma_log_likelihood", DataTypes.DoubleType)
            .add("is_gamma_gamma_converged", DataTypes.BooleanType).add("holdout_end_date", DataTypes.DateType)
            .add("holdout_actual_purchases", DataTypes.LongType).add("holdout_predicted_purchases", DataTypes.DoubleType);

    /** One fit: its histories, and the models (null when the data cannot support them). */
    private record Fitted(Dataset<Row> histories, BgNbd.Fit purchases, GammaGamma.Fit spend, long customers,
                          long repeatCustomers) {}

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        ClvConfig clv = context.settings().section(ClvConfig.class);
        LocalDate runDate = context.runDate();
        Dataset<Row> orderDeals = lake.read(DealsTables.ORDER_DEALS);
        result.read(lake.rows(DealsTables.ORDER_DEALS));
        Dataset<Row> units = Checkpoints.eager(ClvTransforms.purchaseUnits(orderDeals, clv.frequency()));

        Fitted scoring = fit(context, result, units, runDate, clv);
        if (scoring == null) {
            return result.build();
        }
        List<Row> models = new ArrayList<>();
        models.add(modelRow("scoring", runDate, clv, scoring, null, null, null));
        Dataset<Row> holdout = context.spark().createDataFrame(new ArrayList<Row>(), new StructType()
                .add("calibration_repeat_purchases", DataTypes.StringType).add("customers", DataTypes.LongType)
                .add("actual_purchases_per_customer", DataTypes.DoubleType)
                .add("predicted_purchases_per_customer", DataTypes.DoubleType));
        if (clv.holdoutDate().isPresent()) {
            LocalDate calibrationEnd = clv.holdoutDate().get();
            if (!calibrationEnd.isBefore(runDate)) {
                throw new IllegalArgumentException("clv.holdout-date " + calibrationEnd + " must be before the run date " + runDate);
            }
            Fitted calibration = fit(context, result, units, calibrationEnd, clv);
            if (calibration != null) {
                double holdoutUnits = ChronoUnit.DAYS.between(calibrationEnd, runDate) / clv.timeUnitDays();
                Dataset<Row> scored = ClvTransforms.score(calibration.histories(), calibration.purchases(), calibration.spend(),
                        holdoutUnits);
                holdout = Checkpoints.eager(ClvTransforms.holdoutCheck(scored, units, calibrationEnd, runDate));
                Row totals = holdout.selectExpr("sum(customers * actual_purchases_per_customer)",
                        "sum(customers * predicted_purchases_per_customer)").first();
                long actual = Math.round(totals.getDouble(0));
                double predicted = totals.getDouble(1);
                models.add(modelRow("calibration", calibrationEnd, clv, calibration, runDate, actual, predicted));
                context.say(String.format("holdout %s .. %s: %,d repeat purchases predicted by the calibration fit, %,d made",
                        calibrationEnd, runDate, Math.round(predicted), actual));
            }
        }
        Dataset<Row> scored = ClvTransforms.score(scoring.histories(), scoring.purchases(), scoring.spend(), clv.horizon());
        result.wrote(lake.overwrite(ClvTables.CUSTOMER_CLV, scored));
        result.wrote(lake.overwrite(ClvTables.CLV_MODEL, context.spark().createDataFrame(models, MODEL)));
        result.wrote(lake.overwrite(ClvTables.CLV_HOLDOUT, holdout));
        return result.build();
    }

    private Fitted fit(JobContext context, JobResult.Builder result, Dataset<Row> units, LocalDate calibrationEnd,
                       ClvConfig clv) {
        Dataset<Row> histories = Checkpoints.eager(ClvTransforms.histories(units, calibrationEnd, clv.timeUnitDays()));
        List<Row> groups = ClvTransforms.historyGroups(histories).collectAsList();
        long customers = groups.stream().mapToLong(r -> r.getLong(3)).sum();
        long repeatCustomers = groups.stream().filter(r -> r.getLong(0) > 0).mapToLong(r -> r.getLong(3)).sum();
        if (repeatCustomers == 0) {
            context.warn(result, "no customer bought twice by " + calibrationEnd + ": BG/NBD cannot be fitted; CLV tables not written");
            return null;
        }
        BgNbd.Fit purchases = BgNbd.fit(ClvTransforms.bgNbdObservations(groups));
        GammaGamma.Fit spend = GammaGamma.fit(ClvTransforms.gammaGammaObservations(
                ClvTransforms.spendGroups(histories).collectAsList()));
        context.say(String.format("%s fit to %s (%,d customers, %,d repeat; %s per %s): BG/NBD r=%.4f alpha=%.4f a=%.4f "
                        + "b=%.4f LL=%.2f%s; Gamma-Gamma p=%.4f q=%.4f v=%.4f%s", clv.frequency(), calibrationEnd, customers,
                repeatCustomers, clv.frequency(), clv.timeUnit(), purchases.r(), purchases.alpha(), purchases.a(), purchases.b(),
                purchases.logLikelihood(), purchases.converged() ? "" : " (NOT CONVERGED)", spend.p(), spend.q(), spend.v(),
                spend.converged() ? "" : " (NOT CONVERGED)"));
        if (!purchases.converged() || !spend.converged()) {
            context.warn(result, "a CLV model did not converge for " + calibrationEnd + "; treat its predictions with care");
        }
        return new Fitted(histories, purchases, spend, customers, repeatCustomers);
    }

    private static Row modelRow(String fit, LocalDate calibrationEnd, ClvConfig clv, Fitted fitted,
                                LocalDate holdoutEnd, Long actual, Double predicted) {
        BgNbd.Fit b = fitted.purchases();
        GammaGamma.Fit g = fitted.spend();
        return RowFactory.create(fit, Date.valueOf(calibrationEnd), clv.frequency(), clv.timeUnit(), fitted.customers(),
                fitted.repeatCustomers(), b.r(), b.alpha(), b.a(), b.b(), b.logLikelihood(), b.converged(), g.p(), g.q(), g.v(),
                g.logLikelihood(), g.converged(), holdoutEnd == null ? null : Date.valueOf(holdoutEnd), actual, predicted);
    }
}
