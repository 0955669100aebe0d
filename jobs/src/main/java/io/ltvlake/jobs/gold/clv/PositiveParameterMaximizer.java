package io.ltvlake.jobs.gold.clv;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over strictly positive parameters with Nelder–Mead on their
 * logarithms, from several starting points, restarting each climb until a fresh simplex no
 * longer improves the value.
 *
 * <p>Log parameters keep every trial point valid without bounds, and the CLV likelihoods are
 * close to quadratic in them. Restarts are there because a Nelder–Mead simplex can collapse
 * in a long, curved valley (the BG/NBD's r and alpha are strongly correlated) and stop short of
 * the optimum while its own convergence test is satisfied.
 */
final class PositiveParameterMaximizer {

    /** Finite stand-in for an invalid trial point: infinities would satisfy the value checker. */
    private static final double INVALID_POINT = -1e300;
    private static final double FIRST_STEP = 1.0;
    private static final double RESTART_STEP = 0.1;
    private static final int MAX_RESTARTS = 30;
    private static final int MAX_EVALUATIONS_PER_CLIMB = 20_000;
    /** A restart that gains less than this (relative to |log-likelihood|, at least 1) ends the climb. */
    private static final double RESTART_GAIN_TOLERANCE = 1e-11;
    /**
     * A parameter beyond e^±15 (about 3e-7 to 3e6) counts as escaped to its limit. Real fits stay
     * far inside for any sensible time or money unit; too little or one-sided data does not.
     */
    private static final double LARGEST_LOG_PARAMETER = 15;

    record Result(double[] parameters, double logLikelihood, int iterations, boolean converged) {}

    private PositiveParameterMaximizer() {}

    static Result maximize(ToDoubleFunction<double[]> logLikelihood, List<double[]> startingPoints) {
        Result best = null;
        int iterations = 0;
        for (double[] start : startingPoints) {
            Result climb = climb(logLikelihood, start);
            iterations += climb.iterations();
            if (best == null || climb.logLikelihood() > best.logLikelihood()) {
                best = climb;
            }
        }
        if (best == null || best.logLikelihood() == INVALID_POINT) {
            throw new IllegalStateException("the log-likelihood is not finite at any point tried; the data cannot be fitted");
        }
        return new Result(best.parameters(), logLikelihood.applyAsDouble(best.parameters()), iterations, best.converged());
    }

    private static Result climb(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        BestPointSeen objective = new BestPointSeen(logLikelihood);
        double[] logStart = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            logStart[i] = Math.log(start[i]);
        }
        int iterations = nelderMead(objective, logStart, FIRST_STEP);
        boolean converged = false;
        for (int restart = 0; restart < MAX_RESTARTS && !converged; restart++) {
            double before = objective.bestValue;
            iterations += nelderMead(objective, objective.bestPoint.clone(), RESTART_STEP);
            double gain = objective.bestValue - before;
            converged = !objective.runExhausted
                    && gain <= RESTART_GAIN_TOLERANCE * Math.max(1.0, Math.abs(objective.bestValue));
        }
        double[] parameters = new double[start.length];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = Math.exp(objective.bestPoint[i]);
            // the likelihood kept rising towards 0 or infinity: a supremum at the edge, not a maximum
            converged &= Math.abs(objective.bestPoint[i]) <= LARGEST_LOG_PARAMETER;
        }
        return new Result(parameters, objective.bestValue, iterations, converged);
    }

    private static int nelderMead(BestPointSeen objective, double[] logStart, double step) {
        double[] steps = new double[logStart.length];
        Arrays.fill(steps, step);
        objective.runExhausted = false;
        SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-13, 1e-12));
        try {
            optimizer.optimize(new MaxEval(MAX_EVALUATIONS_PER_CLIMB), new MaxIter(MAX_EVALUATIONS_PER_CLIMB),
                    new ObjectiveFunction(objective::value), GoalType.MAXIMIZE, new InitialGuess(logStart),
                    new NelderMeadSimplex(steps));
        } catch (TooManyEvaluationsException | TooManyIterationsException e) {
            // The best point is kept by the objective; the climb is just not known to have converged.
            objective.runExhausted = true;
        }
        return optimizer.getIterations();
    }

    /** The objective in log space; remembers its best point so an exhausted run loses nothing. */
    private static final class BestPointSeen {
        private final ToDoubleFunction<double[]> logLikelihood;
        double[] bestPoint;
        double bestValue = Double.NEGATIVE_INFINITY;
        boolean runExhausted;

        BestPointSeen(ToDoubleFunction<double[]> logLikelihood) {
            this.logLikelihood = logLikelihood;
        }

        double value(double[] logParameters) {
            double[] parameters = new double[logParameters.length];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = Math.exp(logParameters[i]);
            }
            double value = logLikelihood.applyAsDouble(parameters);
            boolean valid = Double.isFinite(value);
            for (double parameter : parameters) {
                valid &= parameter > 0 && Double.isFinite(parameter);
            }
            if (!valid) {
                value = INVALID_POINT;
            }
            if (bestPoint == null || value > bestValue) {
                bestValue = value;
                bestPoint = logParameters.clone();
            }
            return value;
        }
    }
}
