package io.ltvlake.jobs.gold.shared;

import static io.ltvlake.common.config.ConfigValues.bad;
import static io.ltvlake.common.config.ConfigValues.get;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;

/**
 * The web-lead predicate of the one shared lead definition ({@link Leads}): attribution evaluates it
 * when it writes gold.leads, which the profit funnel, manager performance and the journey read. The
 * key keeps its place under {@code funnel}, where users have always set it.
 */
public record LeadsConfig(String webLead) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<LeadsConfig> {

        @Override
        public Class<LeadsConfig> type() {
            return LeadsConfig.class;
        }

        @Override
        public LeadsConfig parse(ConfigContext context) {
            Config c = context.config();
            String key = ConfigLoader.ROOT + ".funnel.web-lead";
            String webLead = get(c, key, c::getString);
            if (webLead.isBlank()) {
                throw bad(c, key, "is empty; it must be a Spark SQL predicate over web sessions (\"false\" for none)");
            }
            return new LeadsConfig(webLead.trim());
        }
    }
}
