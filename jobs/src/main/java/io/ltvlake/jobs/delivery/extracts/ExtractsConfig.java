package io.ltvlake.jobs.delivery.extracts;

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

/** The scheduled extracts, in the order configured. */
public record ExtractsConfig(List<Extract> list) {
    public ExtractsConfig {
        list = List.copyOf(list);
    }

    public Extract extract(String name) {
        return list.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("unknown extract '" + name + "'; configured extracts: "
                        + list.stream().map(Extract::name).toList()));
    }

    /** File format of an extract: CSV in UTF-8 with a byte-order mark (for Excel), or XLSX with typed cells. */
    public enum ExtractFormat {
        CSV("csv"), XLSX("xlsx");

        private final String extension;

        ExtractFormat(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /**
     * A scheduled extract: rows of a gold mart ({@code mart}, with optional {@code columns} and
     * {@code filter}) or of a Spark SQL query ({@code sql}), in {@code orderBy} order (default: all
     * columns), written when {@code schedule} is due to {@code destination} (a folder, local or
     * s3a://). {@code contacts}: the extract may carry phones and e-mails (it opted in).
     * {@code {run_date}} in sql and filter stands for the run date as a SQL date literal.
     */
    public record Extract(String name, java.util.Optional<String> mart, java.util.Optional<String> sql, List<String> columns,
                          java.util.Optional<String> filter, List<String> orderBy, ExtractFormat format, Schedule schedule,
                          String destination, boolean contacts) {
        public Extract {
            columns = List.copyOf(columns);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<ExtractsConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<ExtractsConfig> type() {
            return ExtractsConfig.class;
        }


        @Override
        public ExtractsConfig parse(ConfigContext context) {
            Config c = context.config();
            return declared(context, new ExtractsConfig(extracts(c, context.home(), context.lakeRoot())));
        }

        /** An extract delivered to s3a:// outside the lake needs credentials like the lake does. */
        private static ExtractsConfig declared(ConfigContext context, ExtractsConfig extracts) {
            extracts.list().forEach(extract -> context.usesPath("extract '" + extract.name() + "'", extract.destination()));
            return extracts;
        }

        private static final Set<String> EXTRACT_KEYS = Set.of("name", "mart", "sql", "columns", "filter", "order-by", "format",
                "schedule", "destination", "contacts");

        private static List<Extract> extracts(Config c, Path home, String lakeRoot) {
            String base = get(c, ROOT + ".extracts.destination", c::getString).strip();
            String defaultRoot = base.isEmpty() ? lakeRoot + "/extracts" : resolvePath(home, base);
            String key = ROOT + ".extracts.list";
            List<? extends Config> list = get(c, key, c::getConfigList);
            List<Extract> result = new ArrayList<>();
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < list.size(); i++) {
                Config e = list.get(i);
                String at = key + "[" + i + "]";
                for (String k : e.root().keySet()) {
                    if (!EXTRACT_KEYS.contains(k)) {
                        throw new ConfigError("unknown config key '" + at + "." + k + "'; an extract takes " + new TreeSet<>(EXTRACT_KEYS));
                    }
                }
                String name = requiredString(e, at, "name");
                if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
                    throw new ConfigError("bad value for config key '" + at + ".name': '" + name
                            + "' must be lower-case letters, digits, '-' or '_' (it names the files)");
                }
                if (!names.add(name)) {
                    throw new ConfigError("config key '" + at + ".name': extract '" + name + "' is configured twice");
                }
                String what = "extract '" + name + "' (" + at + ")";
                Optional<String> mart = e.hasPath("mart") ? Optional.of(requiredString(e, at, "mart").strip()) : Optional.empty();
                Optional<String> sql = e.hasPath("sql") ? Optional.of(requiredString(e, at, "sql").strip()) : Optional.empty();
                if (mart.isPresent() == sql.isPresent()) {
                    throw new ConfigError(what + " needs exactly one of mart (a gold table, e.g. gold.customer_rfm) or sql");
                }
                if (mart.isPresent() && !mart.get().matches("gold\\.[a-z][a-z0-9_]*")) {
                    throw new ConfigError("bad value for config key '" + at + ".mart': '" + mart.get()
                            + "' must be a gold table such as gold.rfm_segment_summary; use sql for anything else");
                }
                if (sql.isPresent() && sql.get().isEmpty()) {
                    throw new ConfigError("config key '" + at + ".sql' is empty");
                }
                List<String> columns = e.hasPath("columns") ? stringList(e, at, "columns") : List.of();
                if (sql.isPresent() && (!columns.isEmpty() || e.hasPath("filter"))) {
                    throw new ConfigError(what + ": columns and filter go with mart; with sql, write them into the query");
                }
                Optional<String> filter = e.hasPath("filter") ? Optional.of(requiredString(e, at, "filter").strip()) : Optional.empty();
                List<String> orderBy = e.hasPath("order-by") ? stringList(e, at, "order-by") : List.of();
                String formatName = requiredString(e, at, "format");
                ExtractFormat format = switch (formatName.toLowerCase(java.util.Locale.ROOT)) {
                    case "csv" -> ExtractFormat.CSV;
                    case "xlsx" -> ExtractFormat.XLSX;
                    default -> throw new ConfigError("bad value for config key '" + at + ".format': '" + formatName
                            + "' must be csv or xlsx");
                };
                Schedule schedule;
                try {
                    schedule = Schedule.parse(requiredString(e, at, "schedule"));
                } catch (IllegalArgumentException ex) {
                    throw new ConfigError("bad value for config key '" + at + ".schedule': " + ex.getMessage(), ex);
                }
                String destination = e.hasPath("destination") ? resolvePath(home, requiredString(e, at, "destination"))
                        : defaultRoot + "/" + name;
                boolean contacts = false;
                if (e.hasPath("contacts")) {
                    try {
                        contacts = e.getBoolean("contacts");
                    } catch (ConfigException ex) {
                        throw new ConfigError("bad value for config key '" + at + ".contacts': must be true or false", ex);
                    }
                }
                if (!contacts) {
                    List<String> named = new ArrayList<>();
                    columns.stream().filter(io.ltvlake.common.identity.PersonalData::isContactColumn).forEach(named::add);
                    for (String text : List.of(sql.orElse(""), filter.orElse(""), String.join(" ", orderBy))) {
                        named.addAll(contactIdentifiers(text));
                    }
                    if (!named.isEmpty()) {
                        throw new ConfigError(what + " selects contact data (" + String.join(", ", new java.util.LinkedHashSet<>(named))
                                + ") but does not opt in to contacts: extracts carry customer_key only unless they set"
                                + " contacts = true (a contact list, e.g. for a win-back campaign)");
                    }
                }
                result.add(new Extract(name, mart, sql, columns, filter, orderBy, format, schedule, destination, contacts));
            }
            return List.copyOf(result);
        }

        /** Identifiers in SQL text (string literals and quoted text left out) that name contact columns. */
        static List<String> contactIdentifiers(String sql) {
            String code = sql.replaceAll("'(?:[^']|'')*'", " ");
            List<String> found = new ArrayList<>();
            java.util.regex.Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(code);
            while (m.find()) {
                if (io.ltvlake.common.identity.PersonalData.isContactColumn(m.group())) {
                    found.add(m.group());
                }
            }
            return found;
        }
    }
}
