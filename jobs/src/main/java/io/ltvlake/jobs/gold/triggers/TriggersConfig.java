package io.ltvlake.jobs.gold.triggers;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Triggers: which are on ({@code enabled}, by trigger name as in gold.trigger_events), which keep
 * non-target customers ({@code includeNonTarget}), and each one's threshold.
 */
public record TriggersConfig(Set<String> enabled, Set<String> includeNonTarget, int dueWithinDays, double overdueCycles,
                             double leavingVisitRatio, double leavingMinUsualVisits, int leavingDaysBeforeExpected,
                             List<String> rfmSegments, double aliveThreshold) {

    public static final String CYCLE_DUE = "cycle_due";
    public static final String CYCLE_OVERDUE = "cycle_overdue";
    public static final String LEAVING = "leaving";
    public static final String SECOND_DEAL_MISSING = "second_deal_missing";
    /** The prefix of rfm_entered:&lt;segment&gt;. */
    public static final String RFM_ENTERED = "rfm_entered";
    public static final String P_ALIVE_BELOW = "p_alive_below";
    public static final List<String> ALL = List.of(CYCLE_DUE, CYCLE_OVERDUE, LEAVING, SECOND_DEAL_MISSING, RFM_ENTERED, P_ALIVE_BELOW);

    public TriggersConfig {
        enabled = Set.copyOf(enabled);
        includeNonTarget = Set.copyOf(includeNonTarget);
        rfmSegments = List.copyOf(rfmSegments);
    }

    public boolean on(String trigger) {
        return enabled.contains(trigger);
    }

    /** The same settings with {@code trigger} off (e.g. leaving when there are no sessions). */
    public TriggersConfig without(String trigger) {
        Set<String> on = new LinkedHashSet<>(enabled);
        on.remove(trigger);
        return new TriggersConfig(on, includeNonTarget, dueWithinDays, overdueCycles, leavingVisitRatio, leavingMinUsualVisits,
                leavingDaysBeforeExpected, rfmSegments, aliveThreshold);
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<TriggersConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<TriggersConfig> type() {
            return TriggersConfig.class;
        }

        @Override
        public String reference() {
            return "io/ltvlake/jobs/gold/triggers/TriggersConfig.conf";
        }

        @Override
        public TriggersConfig parse(ConfigContext context) {
            Config c = context.config();
            String p = ROOT + ".triggers.";
            Set<String> enabled = new LinkedHashSet<>();
            Set<String> nonTarget = new LinkedHashSet<>();
            for (String trigger : ALL) {
                String key = p + trigger.replace('_', '-') + ".";
                if (get(c, key + "enabled", c::getBoolean)) {
                    enabled.add(trigger);
                }
                if (get(c, key + "include-non-target", c::getBoolean)) {
                    nonTarget.add(trigger);
                }
            }
            int within = get(c, p + "cycle-due.within-days", c::getInt);
            if (within < 0 || within > 365) {
                throw bad(c, p + "cycle-due.within-days", "must be 0 to 365 days, got " + within);
            }
            double cycles = get(c, p + "cycle-overdue.cycles", c::getDouble);
            if (!(cycles > 0 && cycles <= 100)) {
                throw bad(c, p + "cycle-overdue.cycles", "must be more than 0 and at most 100 cycle units, got " + cycles);
            }
            double ratio = get(c, p + "leaving.visit-ratio", c::getDouble);
            if (!(ratio >= 0 && ratio < 1)) {
                throw bad(c, p + "leaving.visit-ratio", "must be at least 0 and below 1 (a share of the usual visits), got " + ratio);
            }
            double usual = get(c, p + "leaving.min-usual-visits", c::getDouble);
            if (!(usual > 0) || Double.isInfinite(usual)) {
                throw bad(c, p + "leaving.min-usual-visits", "must be more than 0, got " + usual);
            }
            int daysBefore = get(c, p + "leaving.days-before-expected", c::getInt);
            if (daysBefore < 0 || daysBefore > 365) {
                throw bad(c, p + "leaving.days-before-expected", "must be 0 to 365 days, got " + daysBefore);
            }
            List<String> segments = get(c, p + "rfm-entered.segments", c::getStringList);
            for (String segment : segments) {
                if (!segment.matches("[a-z0-9][a-z0-9_]*")) {
                    throw bad(c, p + "rfm-entered.segments", "'" + segment + "' is not a segment id (lower-case letters, digits, '_')");
                }
            }
            if (enabled.contains(RFM_ENTERED) && segments.isEmpty()) {
                throw new ConfigError("config key '" + p + "rfm-entered.segments' is empty while rfm-entered is enabled: "
                        + "name the segments, or set rfm-entered.enabled = false");
            }
            double alive = get(c, p + "p-alive-below.threshold", c::getDouble);
            if (!(alive > 0 && alive < 1)) {
                throw bad(c, p + "p-alive-below.threshold", "must be between 0 and 1 (a probability), got " + alive);
            }
            return new TriggersConfig(enabled, nonTarget, within, cycles, ratio, usual, daysBefore, segments, alive);
        }
    }
}
