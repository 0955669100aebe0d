package io.ltvlake.jobs.gold.clv;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie &amp; Lee 2005, "Counting your customers
 * the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)), fitted by
 * maximum likelihood on grouped customer histories.
 *
 * <p>While alive, a customer buys as a Poisson process with rate λ; λ is gamma distributed over
 * customers with shape {@code r} and rate {@code alpha}. After every purchase the customer drops
 * out with probability p; p is beta distributed with shapes {@code a} and {@code b}.
 *
 * <p>Conventions of the inputs, which the caller must follow for the parameters to mean
 * anything:
 * <ul>
 *   <li>A purchase is a purchase <em>day</em>: several orders on one day count once, as in the
 *       paper's CDNOW data. The first purchase day starts the customer's clock and is not a
 *       repeat purchase.</li>
 *   <li>x ({@code repeatPurchases}) is the number of later purchase days up to the end of the
 *       calibration period; t<sub>x</sub> ({@code timeOfLastPurchase}) is the time from the first
 *       purchase to the last one (0 when x = 0); T ({@code age}) is the time from the first
 *       purchase to the end of the calibration period.</li>
 *   <li>Times are in one unit of the caller's choice, weeks in the literature (days / 7).
 *       {@code alpha} is in that unit, and so are the horizons of the expectations.</li>
 * </ul>
 *
 * <p>The fit only needs one row per distinct (x, t<sub>x</sub>, T) with the number of customers
 * that have it, so the histories can be grouped where the data lives and only the histogram
 * shipped to the fitter. Rows are merged and sorted before fitting, so the result does not depend
 * on the order or the grouping of the rows.
 */
public final class BgNbd {

    /** Relative size of the last series term (and of the tail it bounds) at which 2F1 stops. */
    private static final double SERIES_TOLERANCE = 1e-16;
    private static final int MAX_SERIES_TERMS = 10_000_000;

    private BgNbd() {}

    /**
     * One group of customers with the same history.
     *
     * @param repeatPurchases x, the number of repeat purchase days in the calibration period
     * @param timeOfLastPurchase t<sub>x</sub>, the time from the first to the last purchase; 0 when x = 0.
     *     It may be 0 with x &gt; 0: that happens when times are rounded coarser than purchases,
     *     and the likelihood is defined there
     * @param age T, the time from the first purchase to the end of the calibration period
     * @param customers how many customers have exactly this history
     */
    public record Observation(long repeatPurchases, double timeOfLastPurchase, double age, long customers)
            implements Serializable {

        public Observation {
            checkHistory(repeatPurchases, timeOfLastPurchase, age);
            // -0.0 would sort apart from 0.0 and split one history into two rows
            timeOfLastPurchase += 0.0;
            age += 0.0;
            if (customers < 1) {
                throw new IllegalArgumentException("customers must be at least 1, got " + customers + " for x="
                        + repeatPurchases + ", t_x=" + timeOfLastPurchase + ", T=" + age);
            }
        }
    }

    /**
     * Fitted parameters and what the fit is good for.
     *
     * @param r shape of the gamma distribution of purchase rates
     * @param alpha rate (inverse scale) of that gamma distribution, in the caller's time unit
     * @param a first shape of the beta distribution of drop-out probabilities
     * @param b second shape of that beta distribution
     * @param logLikelihood the maximised log-likelihood over all customers
     * @param customers how many customers the fit saw
     * @param iterations Nelder–Mead iterations over all starts and restarts
     * @param converged whether the best climb ended because restarts no longer improved it, rather
     *     than by running out of evaluations or restarts
     */
    public record Fit(double r, double alpha, double a, double b, double logLikelihood, long customers,
                      int iterations, boolean converged) implements Serializable {

        /**
         * The parameters alone, for scoring with published or stored values: nothing was fitted,
         * so the log-likelihood is NaN and {@code converged} is false.
         */
        public static Fit of(double r, double alpha, double a, double b) {
            return new Fit(r, alpha, a, b, Double.NaN, 0, 0, false);
        }

        public Fit {
            checkPositive("r", r);
            checkPositive("alpha", alpha);
            checkPositive("a", a);
            checkPositive("b", b);
        }

        /**
         * P(alive | x, t<sub>x</sub>, T): the chance that a customer with this history has not
         * dropped out by T. It is 1 when x = 0 because the model only lets customers drop out
         * right after a repeat purchase.
         */
        public double probabilityAlive(long repeatPurchases, double timeOfLastPurchase, double age) {
            checkHistory(repeatPurchases, timeOfLastPurchase, age);
            if (repeatPurchases == 0) {
                return 1.0;
            }
            // odds of "dropped out at t_x" against "alive at T"; in logs so large x cannot overflow
            double logOdds = Math.log(a) - Math.log(b + repeatPurchases - 1)
                    + (r + repeatPurchases) * Math.log1p((age - timeOfLastPurchase) / (alpha + timeOfLastPurchase));
            return 1.0 / (1.0 + Math.exp(logOdds));
        }

        /**
         * E[Y(horizon) | x, t<sub>x</sub>, T]: the expected number of repeat purchases in the
         * {@code horizon} after T (equation 10 of the paper).
         *
         * <p>Equation 10 is C/(a−1)·[1 − (1−z)<sup>r+x</sup>·₂F₁(r+x, b+x; C; z)]·P(alive) with
         * C = a+b+x−1 and z = horizon/(alpha+T+horizon). It is 0/0 at a = 1 and loses digits near
         * it, and a fitted a is often close to 1. Euler's transformation
         * ₂F₁(A, B; C; z) = (1−z)<sup>C−A−B</sup>·₂F₁(C−A, C−B; C; z) turns it into
         * [C·(1 − (1−z)<sup>a−1</sup>)/(a−1) − (1−z)<sup>a−1</sup>·S]·P(alive), where the
         * first fraction is computed with expm1 and S = Σ<sub>k≥1</sub> (C−A)<sub>k</sub>
         * (a)<sub>k−1</sub> z<sup>k</sup> / ((C+1)<sub>k−1</sub> k!) has no division by a−1 or C.
         * The transformed series also converges faster as z approaches 1.
         */
        public double expectedPurchases(double horizon, long repeatPurchases, double timeOfLastPurchase, double age) {
            checkHistory(repeatPurchases, timeOfLastPurchase, age);
            if (!(horizon >= 0) || Double.isInfinite(horizon)) {
                throw new IllegalArgumentException("horizon must be a finite time >= 0, got " + horizon);
            }
            if (horizon == 0) {
                return 0.0;
            }
            double shapeA = r + repeatPurchases;
            double shapeC = a + b + repeatPurchases - 1;
            double z = horizon / (alpha + age + horizon);
            double logOneMinusZ = -Math.log1p(horizon / (alpha + age));
            double exponent = (a - 1) * logOneMinusZ;
            double closedPart = exponent == 0 ? -logOneMinusZ : -Math.expm1(exponent) / (a - 1);
            double seriesPart = transformedSeries(shapeC - shapeA, a, shapeC, z);
            double expectedIfAlive = shapeC * closedPart - Math.exp(exponent) * seriesPart;
            return expectedIfAlive * probabilityAlive(repeatPurchases, timeOfLastPurchase, age);
        }

        /**
         * E[X(t)]: the expected number of repeat purchases in the first {@code horizon} after a new
         * customer's first purchase (equation 7 of the paper; the conditional expectation with
         * x = t<sub>x</sub> = T = 0).
         */
        public double expectedPurchasesNewCustomer(double horizon) {
            return expectedPurchases(horizon, 0, 0.0, 0.0);
        }

        /** The log-likelihood of these parameters on other data, e.g. a holdout period. */
        public double logLikelihood(List<Observation> observations) {
            checkNotEmpty(observations);
            return BgNbd.logLikelihood(new double[] {r, alpha, a, b}, Grouped.of(observations));
        }
    }

    /**
     * Maximum-likelihood fit.
     *
     * @throws IllegalArgumentException when there are no observations, or no customer made a repeat
     *     purchase (the likelihood then grows without bound as r goes to 0, so there is no estimate)
     */
    public static Fit fit(List<Observation> observations) {
        checkNotEmpty(observations);
        Grouped data = Grouped.of(observations);
        if (data.repeatCustomers == 0) {
            throw new IllegalArgumentException("no customer has a repeat purchase (all x = 0): the BG/NBD likelihood "
                    + "has no maximum, there is nothing to fit");
        }
        double meanRepeats = data.repeatPurchaseTotal / data.customers;
        double meanAge = data.ageTotal / data.customers;
        // rate r/alpha near the observed purchases per unit of age, at two heterogeneity levels
        double rateScale = Math.max(meanAge, 1e-9) / Math.max(meanRepeats, 1e-9);
        List<double[]> starts = List.of(
                new double[] {1.0, rateScale, 1.0, 1.0},
                new double[] {0.25, 0.25 * rateScale, 1.0, 3.0},
                new double[] {1.0, 1.0, 1.0, 1.0});
        PositiveParameterMaximizer.Result best = PositiveParameterMaximizer.maximize(
                parameters -> logLikelihood(parameters, data), starts);
        double[] p = best.parameters();
        return new Fit(p[0], p[1], p[2], p[3], best.logLikelihood(), data.customers, best.iterations(), best.converged());
    }

    /**
     * Σ customers · ln L, with ln L = ln A1 + ln A2 + ln(exp(ln A3) + δ(x&gt;0)·exp(ln A4)) as in
     * the paper's implementation note; the last term is a log-sum-exp so neither A3 nor A4 has to
     * be representable on its own.
     */
    private static double logLikelihood(double[] parameters, Grouped data) {
        double r = parameters[0];
        double alpha = parameters[1];
        double a = parameters[2];
        double b = parameters[3];
        double logGammaR = Gamma.logGamma(r);
        double rLogAlpha = r * Math.log(alpha);
        double logGammaB = Gamma.logGamma(b);
        double logGammaAB = Gamma.logGamma(a + b);
        double logA = Math.log(a);
        double total = 0.0;
        double x = -1;
        double logA1PlusLogA2 = 0;
        for (int i = 0; i < data.size; i++) {
            if (data.repeatPurchases[i] != x) {
                // rows are sorted by x and ln A1 + ln A2 depend on x alone: a histogram has few distinct x
                x = data.repeatPurchases[i];
                double logA1 = Gamma.logGamma(r + x) - logGammaR + rLogAlpha;
                double logA2 = logGammaAB + Gamma.logGamma(b + x) - logGammaB - Gamma.logGamma(a + b + x);
                logA1PlusLogA2 = logA1 + logA2;
            }
            double logA3 = -(r + x) * Math.log(alpha + data.age[i]);
            double logAliveOrDead = logA3;
            if (x > 0) {
                double logA4 = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + data.timeOfLastPurchase[i]);
                double larger = Math.max(logA3, logA4);
                logAliveOrDead = larger + Math.log1p(Math.exp(Math.min(logA3, logA4) - larger));
            }
            total += data.weight(i) * (logA1PlusLogA2 + logAliveOrDead);
        }
        return total;
    }

    /** S of {@link Fit#expectedPurchases}: Σ_{k≥1} (C−A)_k (a)_{k−1} z^k / ((C+1)_{k−1} k!). */
    private static double transformedSeries(double cMinusA, double a, double shapeC, double z) {
        double term = cMinusA * z;
        double sum = term;
        for (int k = 1; k < MAX_SERIES_TERMS; k++) {
            if (term == 0.0) {
                return sum; // C−A is a non-positive integer: the series is a polynomial
            }
            double ratio = (cMinusA + k) * (a + k - 1) * z / ((shapeC + k) * (k + 1));
            term *= ratio;
            sum += term;
            // The term ratio tends to z; once (C−A+k) is positive no factor changes sign again and
            // max(ratio, z) bounds the later ratios, so the tail is at most term·q/(1−q).
            double q = Math.max(Math.abs(ratio), z);
            if (cMinusA + k > 0 && q < 1
                    && Math.abs(term) * q / (1 - q) <= SERIES_TOLERANCE * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("the hypergeometric series did not converge in " + MAX_SERIES_TERMS
                + " terms (z=" + z + "): the horizon is too long for the customer's age plus alpha");
    }

    static void checkHistory(long repeatPurchases, double timeOfLastPurchase, double age) {
        String history = " (x=" + repeatPurchases + ", t_x=" + timeOfLastPurchase + ", T=" + age + ")";
        if (repeatPurchases < 0) {
            throw new IllegalArgumentException("repeat purchases x must be >= 0" + history);
        }
        if (!(timeOfLastPurchase >= 0) || Double.isInfinite(timeOfLastPurchase)) {
            throw new IllegalArgumentException("time of last purchase t_x must be a finite time >= 0" + history);
        }
        if (!(age >= 0) || Double.isInfinite(age)) {
            throw new IllegalArgumentException("age T must be a finite time >= 0" + history);
        }
        if (timeOfLastPurchase > age) {
            throw new IllegalArgumentException("time of last purchase t_x is after the end of the calibration "
                    + "period T" + history);
        }
        if (repeatPurchases == 0 && timeOfLastPurchase != 0) {
            throw new IllegalArgumentException("t_x must be 0 when there is no repeat purchase (it is measured "
                    + "from the first purchase to the last)" + history);
        }
    }

    private static void checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    private static void checkNotEmpty(List<Observation> observations) {
        if (observations == null || observations.isEmpty()) {
            throw new IllegalArgumentException("no observations: the BG/NBD model needs at least one customer");
        }
    }

    /** Rows merged by history and sorted, as primitive arrays for the likelihood loop. */
    private static final class Grouped {
        private static final Comparator<Observation> HISTORY = Comparator.comparingLong(Observation::repeatPurchases)
                .thenComparingDouble(Observation::timeOfLastPurchase)
                .thenComparingDouble(Observation::age);

        final int size;
        final double[] repeatPurchases;
        final double[] timeOfLastPurchase;
        final double[] age;
        final long[] customerCounts;
        final long customers;
        final long repeatCustomers;
        final double repeatPurchaseTotal;
        final double ageTotal;

        private Grouped(List<Observation> merged) {
            size = merged.size();
            repeatPurchases = new double[size];
            timeOfLastPurchase = new double[size];
            age = new double[size];
            customerCounts = new long[size];
            long customerSum = 0;
            long repeatCustomerSum = 0;
            double repeatSum = 0;
            double ageSum = 0;
            for (int i = 0; i < size; i++) {
                Observation o = merged.get(i);
                repeatPurchases[i] = o.repeatPurchases();
                timeOfLastPurchase[i] = o.timeOfLastPurchase();
                age[i] = o.age();
                customerCounts[i] = o.customers();
                customerSum = Math.addExact(customerSum, o.customers());
                repeatCustomerSum += o.repeatPurchases() > 0 ? o.customers() : 0;
                repeatSum += (double) o.repeatPurchases() * o.customers();
                ageSum += o.age() * o.customers();
            }
            customers = customerSum;
            repeatCustomers = repeatCustomerSum;
            repeatPurchaseTotal = repeatSum;
            ageTotal = ageSum;
        }

        static Grouped of(List<Observation> observations) {
            return new Grouped(ObservationGroups.merge(observations, HISTORY, Observation::customers,
                    (o, n) -> new Observation(o.repeatPurchases(), o.timeOfLastPurchase(), o.age(), n)));
        }

        double weight(int i) {
            return customerCounts[i];
        }
    }
}
