package io.ltvlake.jobs.gold.deals;

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

public record DealsConfig(Duration immediateWindow, Duration deferredWindow) {

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<DealsConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<DealsConfig> type() {
            return DealsConfig.class;
        }


        @Override
        public DealsConfig parse(ConfigContext context) {
            Config c = context.config();
            return deals(c);
        }

        private static DealsConfig deals(Config c) {
            java.time.Duration immediate = duration(c, ROOT + ".deals.immediate-window");
            java.time.Duration deferred = duration(c, ROOT + ".deals.deferred-window");
            if (deferred.compareTo(immediate) < 0) {
                throw bad(c, ROOT + ".deals.deferred-window", "must not be shorter than deals.immediate-window (" + immediate + ")");
            }
            return new DealsConfig(immediate, deferred);
        }
    }
}
