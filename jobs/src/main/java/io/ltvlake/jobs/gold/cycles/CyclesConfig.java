package io.ltvlake.jobs.gold.cycles;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;

/**
 * Purchase cycles: the deals a customer needs for a cycle of their own ({@code minDeals}), how
 * regular their intervals must be ({@code maxVariation}, coefficient of variation), the customers
 * with an interval a job needs before its norm stands in ({@code jobNormMinCustomers}), and the
 * pre-purchase window in days.
 */
public record CyclesConfig(int minDeals, double maxVariation, int jobNormMinCustomers, int prePurchaseWindowDays) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<CyclesConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<CyclesConfig> type() {
            return CyclesConfig.class;
        }

        @Override
        public String reference() {
            return "io/ltvlake/jobs/gold/cycles/CyclesConfig.conf";
        }

        @Override
        public CyclesConfig parse(ConfigContext context) {
            Config c = context.config();
            String p = ROOT + ".cycles.";
            int minDeals = get(c, p + "min-deals", c::getInt);
            if (minDeals < 2) {
                throw bad(c, p + "min-deals", "must be at least 2 (a cycle needs one interval between two deals), got " + minDeals);
            }
            double maxVariation = get(c, p + "max-variation", c::getDouble);
            if (!(maxVariation > 0) || Double.isInfinite(maxVariation)) {
                throw bad(c, p + "max-variation", "must be more than 0 (a coefficient of variation), got " + maxVariation);
            }
            int normCustomers = positive(c, p + "job-norm-min-customers");
            return new CyclesConfig(minDeals, maxVariation, normCustomers, wholeDays(c, p + "pre-purchase-window", 365));
        }
    }

    /** A duration of whole days from 1 to {@code most}, as days. */
    static int wholeDays(Config c, String key, int most) {
        java.time.Duration value = duration(c, key);
        if (value.toSeconds() % 86_400 != 0 || value.toDays() > most) {
            throw bad(c, key, "must be whole days from 1d to " + most + "d, got " + c.getString(key));
        }
        return (int) value.toDays();
    }
}
