package io.ltvlake.jobs.gold.campaign_effect;

import static io.ltvlake.common.config.ConfigValues.bad;
import static io.ltvlake.common.config.ConfigValues.get;
import static io.ltvlake.common.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.ltvlake.common.config.ConfigContext;
import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.ConfigSection;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Campaign effect and contact pressure (DESIGN §4 "Campaign effect"): the response window in days, the
 * smallest group a verdict is given for, the cost of a message by channel, and the weekly contact cap.
 *
 * @param costPerChannel channel (of {@link CanonicalSchema#MESSAGES}) → cost of one message; a channel absent has none
 */
public record CampaignsConfig(int responseDays, int minGroupSize, Map<String, BigDecimal> costPerChannel, int maxPerWeek) {

    public static final int MAX_RESPONSE_DAYS = 365;

    public CampaignsConfig {
        costPerChannel = java.util.Collections.unmodifiableMap(new TreeMap<>(costPerChannel));
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<CampaignsConfig> {
        private static final String ROOT = ConfigLoader.ROOT;
        private static final String COST_PER_CHANNEL = ROOT + ".messages.cost-per-channel";

        @Override
        public Class<CampaignsConfig> type() {
            return CampaignsConfig.class;
        }

        @Override
        public String reference() {
            return "io/ltvlake/jobs/gold/campaign_effect/CampaignsConfig.conf";
        }

        /** Its keys are channels, checked by {@link #parse} against the canonical list. */
        @Override
        public Set<String> freeForm() {
            return Set.of(COST_PER_CHANNEL);
        }

        @Override
        public CampaignsConfig parse(ConfigContext context) {
            Config c = context.config();
            String responseKey = ROOT + ".campaigns.response-days";
            int responseDays = positive(c, responseKey);
            if (responseDays > MAX_RESPONSE_DAYS) {
                throw bad(c, responseKey, "must be at most " + MAX_RESPONSE_DAYS + " days, got " + responseDays);
            }
            int minGroupSize = positive(c, ROOT + ".campaigns.min-group-size");
            Set<String> channels = CanonicalSchema.MESSAGES.column("channel").allowedValues();
            Map<String, BigDecimal> costs = new TreeMap<>();
            Config perChannel = get(c, COST_PER_CHANNEL, c::getConfig);
            for (String channel : perChannel.root().keySet()) {
                String key = COST_PER_CHANNEL + "." + channel;
                if (!channels.contains(channel)) {
                    throw bad(c, key, "'" + channel + "' is not a channel; channels are " + new java.util.TreeSet<>(channels));
                }
                Number cost = get(c, key, c::getNumber);
                BigDecimal value = new BigDecimal(cost.toString());
                if (value.signum() < 0) {
                    throw bad(c, key, "a cost must not be negative, got " + value);
                }
                costs.put(channel, value);
            }
            return new CampaignsConfig(responseDays, minGroupSize, costs, positive(c, ROOT + ".messages.max-per-week"));
        }
    }
}
