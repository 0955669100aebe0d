package io.ltvlake.jobs.gold.clv;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * The gamma-gamma model of spend per purchase (Colombo &amp; Jiang 1999, "A stochastic RFM
 * model"; Fader, Hardie &amp; Lee 2005, "RFM and CLV: using iso-value curves for customer base
 * analysis", Journal of Marketing Research 42(4)), fitted by maximum likelihood on grouped
 * customers.
 *
 * <p>The value of each of a customer's purchases is gamma distributed with shape {@code p} and
 * rate ν; ν is gamma distributed over customers with shape {@code q} and rate {@code v} (the
 * papers' γ). Spend is assumed independent of the purchase process, so the model pairs with
 * {@link BgNbd}: expected purchases times expected spend per purchase.
 *
 * <p>Conventions of the inputs, the same as the literature's and the {@code lifetimes} library's:
 * <ul>
 *   <li>Only customers with at least one repeat purchase enter the fit.</li>
 *   <li>A purchase is a purchase day, as for {@link BgNbd}; its value is the total of that day.</li>
 *   <li>{@code meanSpend} (m<sub>x</sub>) is the mean value of the x repeat purchase days in the
 *       calibration period. The first purchase is left out, as it is for x: its value is
 *       often different in kind (a first order, an introductory offer).</li>
 * </ul>
 *
 * <p>Customers with the same (x, m<sub>x</sub>) may be given as one row with their count; rows
 * are merged and sorted before fitting, so the result does not depend on their order.
 */
public final class GammaGamma {

    private GammaGamma() {}

    /**
     * One group of customers with the same spend history.
     *
     * @param repeatPurchases x, the number of repeat purchase days in the calibration period, at least 1
     * @param meanSpend m<sub>x</sub>, the mean value of those x purchase days, &gt; 0
     * @param customers how many customers have exactly this history
     */
    public record Observation(long repeatPurchases, double meanSpend, long customers) implements Serializable {

        public Observation {
            String row = " (x=" + repeatPurchases + ", m_x=" + meanSpend + ", customers=" + customers + ")";
            if (repeatPurchases < 1) {
                throw new IllegalArgumentException("the gamma-gamma model needs at least one repeat purchase (x >= 1); "
                        + "customers without one carry no information on spend per purchase: leave them out" + row);
            }
            if (!(meanSpend > 0) || Double.isInfinite(meanSpend)) {
                throw new IllegalArgumentException("mean spend m_x must be a finite amount > 0" + row);
            }
            if (customers < 1) {
                throw new IllegalArgumentException("customers must be at least 1" + row);
            }
        }
    }

    /**
     * Fitted parameters and what the fit is good for.
     *
     * @param p shape of the spend per purchase around a customer's own mean
     * @param q shape of the gamma distribution of the customers' rates ν
     * @param v rate of that gamma distribution (γ in the papers), in units of money
     * @param logLikelihood the maximised log-likelihood over all customers
     * @param customers how many customers the fit saw
     * @param iterations Nelder–Mead iterations over all starts and restarts
     * @param converged whether the best climb ended because restarts no longer improved it
     */
    public record Fit(double p, double q, double v, double logLikelihood, long customers, int iterations,
                      boolean converged) implements Serializable {

        /**
         * The parameters alone, for scoring with published or stored values: nothing was fitted,
         * so the log-likelihood is NaN and {@code converged} is false.
         */
        public static Fit of(double p, double q, double v) {
            return new Fit(p, q, v, Double.NaN, 0, 0, false);
        }

        public Fit {
            checkPositive("p", p);
            checkPositive("q", q);
            checkPositive("v", v);
        }

        /**
         * E(M | x, m<sub>x</sub>): the expected spend per future purchase of a customer, a weighted
         * mean of the population mean p·v/(q−1) and the customer's own m<sub>x</sub>, the weight
         * of the latter growing with x. With x = 0, {@code meanSpend} is ignored and the result is
         * the population mean.
         *
         * @throws IllegalStateException when p·x + q &lt;= 1: the posterior mean is infinite
         */
        public double conditionalExpectedSpend(long repeatPurchases, double meanSpend) {
            if (repeatPurchases < 0) {
                throw new IllegalArgumentException("repeat purchases x must be >= 0, got " + repeatPurchases);
            }
            if (repeatPurchases > 0 && (!(meanSpend > 0) || Double.isInfinite(meanSpend))) {
                throw new IllegalArgumentException("mean spend m_x must be a finite amount > 0, got " + meanSpend
                        + " (x=" + repeatPurchases + ")");
            }
            double denominator = p * repeatPurchases + q - 1;
            if (!(denominator > 0)) {
                throw new IllegalStateException("expected spend is infinite for x=" + repeatPurchases + ": p*x + q <= 1 "
                        + "(p=" + p + ", q=" + q + ")");
            }
            double ownSpend = repeatPurchases == 0 ? 0.0 : p * repeatPurchases * meanSpend;
            return (p * v + ownSpend) / denominator;
        }

        /** p·v/(q−1): the expected spend per purchase of a customer about whom nothing is known. */
        public double populationMeanSpend() {
            return conditionalExpectedSpend(0, 0.0);
        }

        /** The log-likelihood of these parameters on other data. */
        public double logLikelihood(List<Observation> observations) {
            checkNotEmpty(observations);
            return GammaGamma.logLikelihood(new double[] {p, q, v}, Grouped.of(observations));
        }
    }

    /** Maximum-likelihood fit; {@code IllegalArgumentException} when there are no observations. */
    public static Fit fit(List<Observation> observations) {
        checkNotEmpty(observations);
        Grouped data = Grouped.of(observations);
        double meanSpend = data.spendTotal / data.customers;
        // p*v/(q-1) is the population mean spend: start there at a few spreads of the customers' means
        List<double[]> starts = List.of(
                new double[] {1.0, 2.0, meanSpend},
                new double[] {5.0, 5.0, 0.8 * meanSpend},
                new double[] {1.0, 1.0, 1.0});
        PositiveParameterMaximizer.Result best = PositiveParameterMaximizer.maximize(
                parameters -> logLikelihood(parameters, data), starts);
        double[] p = best.parameters();
        return new Fit(p[0], p[1], p[2], best.logLikelihood(), data.customers, best.iterations(), best.converged());
    }

    /**
     * Σ customers · ln f(m<sub>x</sub> | p, q, v, x), with the density of a customer's mean
     * spend f = Γ(px+q)/(Γ(px)Γ(q)) · v<sup>q</sup> m<sub>x</sub><sup>px−1</sup>
     * x<sup>px</sup> / (v + x·m<sub>x</sub>)<sup>px+q</sup>.
     */
    private static double logLikelihood(double[] parameters, Grouped data) {
        double p = parameters[0];
        double q = parameters[1];
        double v = parameters[2];
        double logGammaQ = Gamma.logGamma(q);
        double qLogV = q * Math.log(v);
        double total = 0.0;
        double x = -1;
        double px = 0;
        double spendFreeTerms = 0;
        for (int i = 0; i < data.size; i++) {
            if (data.repeatPurchases[i] != x) {
                // rows are sorted by x, and the gamma functions depend on x alone
                x = data.repeatPurchases[i];
                px = p * x;
                spendFreeTerms = Gamma.logGamma(px + q) - Gamma.logGamma(px) - logGammaQ + qLogV + px * Math.log(x);
            }
            double m = data.meanSpend[i];
            double density = spendFreeTerms + (px - 1) * Math.log(m) - (px + q) * Math.log(v + x * m);
            total += data.weight(i) * density;
        }
        return total;
    }

    private static void checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    private static void checkNotEmpty(List<Observation> observations) {
        if (observations == null || observations.isEmpty()) {
            throw new IllegalArgumentException("no observations: the gamma-gamma model needs at least one customer "
                    + "with a repeat purchase");
        }
    }

    /** Rows merged by (x, m_x) and sorted, as primitive arrays for the likelihood loop. */
    private static final class Grouped {
        private static final Comparator<Observation> HISTORY = Comparator.comparingLong(Observation::repeatPurchases)
                .thenComparingDouble(Observation::meanSpend);

        final int size;
        final double[] repeatPurchases;
        final double[] meanSpend;
        final long[] customerCounts;
        final long customers;
        final double spendTotal;

        private Grouped(List<Observation> merged) {
            size = merged.size();
            repeatPurchases = new double[size];
            meanSpend = new double[size];
            customerCounts = new long[size];
            long customerSum = 0;
            double spendSum = 0;
            for (int i = 0; i < size; i++) {
                Observation o = merged.get(i);
                repeatPurchases[i] = o.repeatPurchases();
                meanSpend[i] = o.meanSpend();
                customerCounts[i] = o.customers();
                customerSum = Math.addExact(customerSum, o.customers());
                spendSum += o.meanSpend() * o.customers();
            }
            customers = customerSum;
            spendTotal = spendSum;
        }

        static Grouped of(List<Observation> observations) {
            return new Grouped(ObservationGroups.merge(observations, HISTORY, Observation::customers,
                    (o, n) -> new Observation(o.repeatPurchases(), o.meanSpend(), n)));
        }

        double weight(int i) {
            return customerCounts[i];
        }
    }
}
