package io.ltvlake.jobs.gold.basket_affinity;

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
 * Basket affinity: baskets are orders or deals, pairs below {@code minSupport} (a share of the
 * scope's baskets) are left out, {@code filter} (a Spark SQL predicate over order attributes,
 * empty = every order) picks the orders, and {@code excludeProducts} are taken out of every basket.
 */
public record BasketAffinityConfig(BasketKind basket, double minSupport, java.util.Optional<String> filter,
                                     List<String> excludeProducts) {
    public BasketAffinityConfig {
        excludeProducts = List.copyOf(excludeProducts);
    }

    /** What a basket is for basket affinity. */
    public enum BasketKind { ORDER, DEAL }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<BasketAffinityConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<BasketAffinityConfig> type() {
            return BasketAffinityConfig.class;
        }


        @Override
        public BasketAffinityConfig parse(ConfigContext context) {
            Config c = context.config();
            return basketAffinity(c);
        }

        private static BasketAffinityConfig basketAffinity(Config c) {
            String p = ROOT + ".basket-affinity.";
            String basket = get(c, p + "basket", c::getString);
            BasketKind kind = switch (basket) {
                case "order" -> BasketKind.ORDER;
                case "deal" -> BasketKind.DEAL;
                default -> throw bad(c, p + "basket", "'" + basket + "' must be order or deal");
            };
            double minSupport = get(c, p + "min-support", c::getDouble);
            if (!(minSupport > 0 && minSupport <= 1)) {
                throw bad(c, p + "min-support", "must be more than 0 and at most 1 (a share of the baskets), got " + minSupport);
            }
            String filter = get(c, p + "filter", c::getString);
            List<String> exclude = get(c, p + "exclude-products", c::getStringList);
            for (String product : exclude) {
                if (product.isBlank()) {
                    throw bad(c, p + "exclude-products", "holds a blank product id");
                }
            }
            return new BasketAffinityConfig(kind, minSupport,
                    filter.isBlank() ? Optional.empty() : Optional.of(filter.trim()), exclude);
        }
    }
}
