package io.ltvlake.jobs.bronze.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.ltvlake.common.config.ConfigError;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How one file layout maps onto the canonical schema (conf/sources/&lt;name&gt;.conf): the
 * format and reader options, and for each canonical column a Spark SQL expression over the
 * file's columns. Profile-level settings are defaults for every entity.
 */
public record SourceProfile(String name, String description, Map<String, EntityMapping> entities) {

    public static final Set<String> FORMATS = Set.of("csv", "json", "parquet", "text");
    private static final Set<String> PROFILE_KEYS = Set.of("description", "format", "options", "timestamp-format",
            "date-format", "time-zone", "encoding", "columns-default-to-canonical-names", "line-key", "entities");
    private static final Set<String> ENTITY_KEYS = Set.of("files", "format", "options", "timestamp-format",
            "date-format", "time-zone", "encoding", "columns-default-to-canonical-names", "line-key", "columns", "plausible");
    /** Formats whose bytes are text in the profile's encoding; Parquet carries its own (UTF-8) strings. */
    public static final Set<String> TEXT_FORMATS = Set.of("csv", "json", "text");

    /**
     * What identifies an order line that has no {@code line_no}. {@code CONTENT}: its values, so a line
     * repeated across deliveries, or twice in one, is one line (exports that resend what they sent).
     * {@code POSITION}: its file and row number within the export day, so two identical rows are two
     * lines (transaction logs, where the same purchase twice is two purchases).
     */
    public enum LineKey { CONTENT, POSITION }

    /**
     * One entity's mapping.
     *
     * @param files glob over file names inside an export day folder, e.g. {@code order_lines*.csv*}
     * @param timeZone the zone the file's local times are written in; empty when they carry an offset or are UTC
     * @param columns canonical column → Spark SQL expression; canonical columns not listed are null
     * @param lineKey how a line without a line number is told apart from another ({@link LineKey})
     * @param encoding the character set the files are written in (default UTF-8); their bytes are checked against it
     * @param plausible canonical column → Spark SQL predicate over the typed canonical columns that replaces the
     *     column's canonical plausibility rule ({@link CanonicalSchema.Column#plausible}); {@code "true"} turns it off
     */
    public record EntityMapping(String entity, String files, String format, Map<String, String> options,
                                Optional<String> timestampFormat, Optional<String> dateFormat,
                                Optional<ZoneId> timeZone, Map<String, String> columns, java.nio.charset.Charset encoding,
                                Map<String, String> plausible, LineKey lineKey) {}

    public static SourceProfile parse(String name, Config profile) {
        String where = "source profile '" + name + "'";
        rejectUnknown(profile, PROFILE_KEYS, where);
        if (!profile.hasPath("entities") || profile.getObject("entities").isEmpty()) {
            throw new ConfigError(where + ": 'entities' must map at least one entity (" + CanonicalSchema.ENTITIES.keySet() + ")");
        }
        for (String entityName : new TreeSet<>(profile.getObject("entities").keySet())) {
            if (!CanonicalSchema.ENTITIES.containsKey(entityName)) {
                throw new ConfigError(where + ", entity '" + entityName + "': unknown entity; entities are "
                        + CanonicalSchema.ENTITIES.keySet());
            }
        }
        // In canonical order, so every run ingests and reports the entities the same way.
        Map<String, EntityMapping> entities = new LinkedHashMap<>();
        for (String entityName : CanonicalSchema.ENTITIES.keySet()) {
            if (!profile.hasPath("entities." + entityName)) {
                continue;
            }
            String at = where + ", entity '" + entityName + "'";
            Config entity = profile.getConfig("entities." + entityName).withFallback(profile.withoutPath("entities"));
            rejectUnknown(profile.getConfig("entities." + entityName), ENTITY_KEYS, at);
            entities.put(entityName, entity(entityName, entity, at));
        }
        String description = profile.hasPath("description") ? profile.getString("description") : "";
        return new SourceProfile(name, description, java.util.Collections.unmodifiableMap(entities));
    }

    private static EntityMapping entity(String entityName, Config c, String at) {
        CanonicalSchema.Entity canonical = CanonicalSchema.entity(entityName);
        try {
            String format = c.hasPath("format") ? c.getString("format") : "csv";
            if (!FORMATS.contains(format)) {
                throw new ConfigError(at + ": format '" + format + "' is not one of " + new TreeSet<>(FORMATS));
            }
            if (!c.hasPath("files")) {
                throw new ConfigError(at + ": 'files' (a glob over the file names of an export day) is required");
            }
            Map<String, String> options = new TreeMap<>();
            if (c.hasPath("options")) {
                for (Map.Entry<String, ConfigValue> e : c.getConfig("options").entrySet()) {
                    options.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
                }
            }
            Optional<ZoneId> zone = Optional.empty();
            if (c.hasPath("time-zone")) {
                try {
                    zone = Optional.of(ZoneId.of(c.getString("time-zone")));
                } catch (DateTimeException e) {
                    throw new ConfigError(at + ": time-zone '" + c.getString("time-zone") + "' is not a zone id");
                }
            }
            String lineKeyName = c.hasPath("line-key") ? c.getString("line-key") : "content";
            LineKey lineKey = switch (lineKeyName) {
                case "content" -> LineKey.CONTENT;
                case "position" -> LineKey.POSITION;
                default -> throw new ConfigError(at + ": line-key '" + lineKeyName + "' must be content or position");
            };
            java.nio.charset.Charset encoding = encoding(c, at, format);
            Map<String, String> plausible = new LinkedHashMap<>();
            if (c.hasPath("plausible")) {
                for (Map.Entry<String, ConfigValue> e : c.getConfig("plausible").root().entrySet()) {
                    if (!canonical.has(e.getKey())) {
                        throw new ConfigError(at + ": plausible '" + e.getKey() + "' is not a canonical column of " + entityName);
                    }
                    plausible.put(e.getKey(), c.getString("plausible." + e.getKey()));
                }
            }
            boolean defaultNames = c.hasPath("columns-default-to-canonical-names")
                    && c.getBoolean("columns-default-to-canonical-names");
            Map<String, String> columns = new LinkedHashMap<>();
            Config given = c.hasPath("columns") ? c.getConfig("columns") : com.typesafe.config.ConfigFactory.empty();
            for (String column : given.root().keySet()) {
                if (!canonical.has(column)) {
                    throw new ConfigError(at + ": '" + column + "' is not a canonical column of " + entityName
                            + "; columns are " + canonical.columns().stream().map(CanonicalSchema.Column::name).toList());
                }
            }
            for (CanonicalSchema.Column column : canonical.columns()) {
                if (given.hasPath(column.name())) {
                    columns.put(column.name(), given.getString(column.name()));
                } else if (defaultNames) {
                    columns.put(column.name(), "`" + column.name() + "`");
                } else if (column.required()) {
                    throw new ConfigError(at + ": no expression for required column '" + column.name() + "'");
                }
            }
            return new EntityMapping(entityName, c.getString("files"), format, Map.copyOf(options),
                    optionalString(c, "timestamp-format"), optionalString(c, "date-format"), zone, columns, encoding,
                    Map.copyOf(plausible), lineKey);
        } catch (ConfigException e) {
            throw new ConfigError(at + ": " + e.getMessage(), e);
        }
    }

    private static java.nio.charset.Charset encoding(Config c, String at, String format) {
        if (!c.hasPath("encoding")) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
        String name = c.getString("encoding");
        java.nio.charset.Charset charset;
        try {
            charset = java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(at + ": encoding '" + name + "' is not a character set Java knows (e.g. UTF-8, windows-1251, ISO-8859-1)");
        }
        // Spark's text reader decodes UTF-8 only, and Parquet strings are UTF-8 by definition.
        if (!charset.equals(java.nio.charset.StandardCharsets.UTF_8) && !format.equals("csv") && !format.equals("json")) {
            throw new ConfigError(at + ": encoding '" + name + "' needs format csv or json; " + format + " files are read as UTF-8");
        }
        return charset;
    }

    private static Optional<String> optionalString(Config c, String key) {
        return c.hasPath(key) ? Optional.of(c.getString(key)) : Optional.empty();
    }

    private static void rejectUnknown(Config c, Set<String> allowed, String where) {
        for (String key : c.root().keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigError(where + ": unknown key '" + key + "'; allowed keys are " + new TreeSet<>(allowed));
            }
        }
    }
}
