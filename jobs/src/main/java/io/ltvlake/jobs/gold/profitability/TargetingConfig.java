package io.ltvlake.jobs.gold.profitability;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import java.math.BigDecimal;

/**
 * Non-target customers: the lookback in days, the average-check rule ({@code minAverageCheck}, 0 =
 * off, with {@code minDealsPerMonth}), and the margin rule ({@code negativeMargin} on/off, after
 * {@code costToServePerDeal}).
 */
public record TargetingConfig(int lookbackDays, BigDecimal minAverageCheck, double minDealsPerMonth, boolean negativeMargin,
                              BigDecimal costToServePerDeal) {

    public boolean averageCheckRule() {
        return rule().averageCheckRule();
    }

    /** The settings as the shared non-target rule takes them. */
    public io.ltvlake.jobs.gold.shared.NonTarget.Rule rule() {
        return new io.ltvlake.jobs.gold.shared.NonTarget.Rule(lookbackDays, minAverageCheck, minDealsPerMonth, negativeMargin,
                costToServePerDeal);
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<TargetingConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<TargetingConfig> type() {
            return TargetingConfig.class;
        }

        @Override
        public String reference() {
            return "io/ltvlake/jobs/gold/profitability/TargetingConfig.conf";
        }

        @Override
        public TargetingConfig parse(ConfigContext context) {
            Config c = context.config();
            String p = ROOT + ".targeting.";
            java.time.Duration lookback = duration(c, p + "lookback");
            if (lookback.toSeconds() % 86_400 != 0 || lookback.toDays() > 3650) {
                throw bad(c, p + "lookback", "must be whole days from 1d to 3650d, got " + c.getString(p + "lookback"));
            }
            BigDecimal minCheck = nonNegative(c, p + "min-average-check");
            double perMonth = get(c, p + "min-deals-per-month", c::getDouble);
            if (!(perMonth > 0) || Double.isInfinite(perMonth)) {
                throw bad(c, p + "min-deals-per-month", "must be more than 0, got " + perMonth);
            }
            return new TargetingConfig((int) lookback.toDays(), minCheck, perMonth, get(c, p + "negative-margin", c::getBoolean),
                    nonNegative(c, p + "cost-to-serve-per-deal"));
        }

        private static BigDecimal nonNegative(Config c, String key) {
            BigDecimal value = new BigDecimal(get(c, key, c::getNumber).toString());
            if (value.signum() < 0) {
                throw bad(c, key, "must be at least 0, got " + value);
            }
            return value;
        }
    }
}
