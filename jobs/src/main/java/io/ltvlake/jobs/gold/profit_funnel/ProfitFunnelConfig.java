package io.ltvlake.jobs.gold.profit_funnel;

import static io.ltvlake.common.config.ConfigValues.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigError;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.config.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The profit funnel's plan lines shown beside the actuals. (The web-lead predicate under the same
 * {@code funnel} key is the shared lead definition's: {@code gold.shared.LeadsConfig}.)
 */
public record ProfitFunnelConfig(List<PlanLevel> plan) {
    /** The funnel measures a plan line may name (columns of gold.profit_funnel). */
    public static final List<String> PLAN_METRICS = List.of("sessions", "leads", "call_leads", "web_leads",
            "first_deals_from_leads", "deals", "first_deals", "repeat_deals", "revenue", "average_check",
            "session_to_lead_conversion", "lead_to_first_deal_conversion", "repeat_deal_share", "ad_cost", "cpl", "cac", "romi");

    /** Plan metrics that are gone, with what replaces them: a plan line naming one stops the start with this text. */
    static final Map<String, String> RETIRED_METRICS = Map.of("lead_to_deal_conversion",
            "is no longer planned: it divided every deal, repeat deals included, by leads and could pass 1; plan "
                    + "lead_to_first_deal_conversion (first deals of leads / leads) and repeat_deal_share instead");

    /** The profit formula's measures a plan line may name (columns of gold.profit_formula, monthly rows). */
    public static final List<String> FORMULA_METRICS = List.of("visitors", "buyers", "deals", "revenue",
            "visitor_to_buyer_conversion", "average_check", "deals_per_buyer");

    /** Every measure a plan line may name: the funnel's and the formula's (revenue, deals, average_check are in both). */
    public static final List<String> PLANNABLE_METRICS = java.util.stream.Stream.concat(PLAN_METRICS.stream(),
            FORMULA_METRICS.stream()).distinct().toList();

    public ProfitFunnelConfig {
        plan = List.copyOf(plan);
    }

    /**
     * One plan line of the profit funnel: min, base and max of {@code metric} for {@code month}
     * (empty = every month without a line of its own) and {@code channel} (empty = the business as
     * a whole, the funnel's {@code (all)} rows).
     */
    public record PlanLevel(java.util.Optional<java.time.YearMonth> month, java.util.Optional<String> channel,
                            String metric, java.math.BigDecimal min, java.math.BigDecimal base, java.math.BigDecimal max) {}

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<ProfitFunnelConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<ProfitFunnelConfig> type() {
            return ProfitFunnelConfig.class;
        }


        @Override
        public ProfitFunnelConfig parse(ConfigContext context) {
            Config c = context.config();
            return funnel(c);
        }

        private static final Set<String> PLAN_KEYS = Set.of("month", "channel", "metric", "min", "base", "max");

        private static ProfitFunnelConfig funnel(Config c) {
            String p = ROOT + ".funnel.";
            String at = p + "plan";
            List<? extends Config> list = get(c, at, c::getConfigList);
            List<PlanLevel> plan = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < list.size(); i++) {
                Config line = list.get(i);
                String lineAt = at + "[" + i + "]";
                for (String k : line.root().keySet()) {
                    if (!PLAN_KEYS.contains(k)) {
                        throw new ConfigError("unknown config key '" + lineAt + "." + k + "' (" + line.root().get(k).origin()
                                .description() + "); a plan line takes " + new TreeSet<>(PLAN_KEYS));
                    }
                }
                Optional<java.time.YearMonth> month = Optional.empty();
                if (line.hasPath("month")) {
                    String raw = requiredString(line, lineAt, "month");
                    try {
                        month = Optional.of(java.time.YearMonth.parse(raw));
                    } catch (DateTimeParseException e) {
                        throw new ConfigError("bad value for config key '" + lineAt + ".month': '" + raw
                                + "' is not a month (YYYY-MM); leave month out for a line that holds for every month");
                    }
                }
                Optional<String> channel = Optional.empty();
                if (line.hasPath("channel")) {
                    String raw = requiredString(line, lineAt, "channel");
                    if (!raw.matches("[a-z0-9][a-z0-9_]*")) {
                        throw new ConfigError("bad value for config key '" + lineAt + ".channel': '" + raw
                                + "' must be a channel (lower-case letters, digits and '_'); leave channel out for the whole business");
                    }
                    channel = Optional.of(raw);
                }
                String metric = requiredString(line, lineAt, "metric");
                if (RETIRED_METRICS.containsKey(metric)) {
                    throw new ConfigError("bad value for config key '" + lineAt + ".metric': '" + metric + "' "
                            + RETIRED_METRICS.get(metric));
                }
                if (!ProfitFunnelConfig.PLANNABLE_METRICS.contains(metric)) {
                    throw new ConfigError("bad value for config key '" + lineAt + ".metric': '" + metric + "' is not one of "
                            + ProfitFunnelConfig.PLANNABLE_METRICS);
                }
                java.math.BigDecimal[] levels = new java.math.BigDecimal[3];
                String[] names = {"min", "base", "max"};
                for (int k = 0; k < 3; k++) {
                    if (!line.hasPath(names[k])) {
                        throw new ConfigError("config key '" + lineAt + "." + names[k] + "' is required: a plan line gives min, base and max");
                    }
                    try {
                        levels[k] = new java.math.BigDecimal(line.getNumber(names[k]).toString());
                    } catch (ConfigException e) {
                        throw new ConfigError("bad value for config key '" + lineAt + "." + names[k] + "': " + e.getMessage(), e);
                    }
                    if (levels[k].signum() < 0 && !metric.equals("romi")) {
                        throw new ConfigError("bad value for config key '" + lineAt + "." + names[k] + "': " + levels[k]
                                + " is negative; only romi can be below 0");
                    }
                }
                if (levels[0].compareTo(levels[1]) > 0 || levels[1].compareTo(levels[2]) > 0) {
                    throw new ConfigError("bad value for config key '" + lineAt + "': min " + levels[0] + ", base " + levels[1]
                            + ", max " + levels[2] + " must be in order min <= base <= max");
                }
                String identity = month.map(Object::toString).orElse("every month") + " / " + channel.orElse("(all)") + " / " + metric;
                if (!seen.add(identity)) {
                    throw new ConfigError("config key '" + lineAt + "': a second plan line for " + identity);
                }
                plan.add(new PlanLevel(month, channel, metric, levels[0], levels[1], levels[2]));
            }
            return new ProfitFunnelConfig(plan);
        }
    }
}
