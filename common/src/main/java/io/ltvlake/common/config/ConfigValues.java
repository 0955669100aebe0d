package io.ltvlake.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * Typed reading of config values for the loader and every {@link ConfigSection}. Each error names
 * the full key and, where the value has one, its origin (file and line, or --set).
 */
public final class ConfigValues {

    private ConfigValues() {}

    /** {@code getter.apply(key)}, with a missing or mistyped value reported by key and origin. */
    public static <T> T get(Config c, String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError("config key '" + key + "' is missing", e);
        } catch (ConfigException e) {
            // the same shape as bad(): the origin (file and line, or --set) in brackets after the key
            String origin = e.origin() == null ? null : e.origin().description();
            String why = e.getMessage();
            if (origin != null && why.startsWith(origin + ": ")) {
                why = why.substring(origin.length() + 2);
            }
            throw new ConfigError("bad value for config key '" + key + "'" + (origin == null ? "" : " (" + origin + ")")
                    + ": " + why, e);
        }
    }

    /** The error for a present value that is wrong: names the key and where it was set. */
    public static ConfigError bad(Config c, String key, String why) {
        return new ConfigError("bad value for config key '" + key + "' (" + c.getValue(key).origin().description() + "): " + why);
    }

    public static int positive(Config c, String key) {
        int value = get(c, key, c::getInt);
        if (value < 1) {
            throw bad(c, key, "must be at least 1, got " + value);
        }
        return value;
    }

    public static LocalDate date(Config c, String key) {
        String raw = get(c, key, c::getString);
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw bad(c, key, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    public static Duration duration(Config c, String key) {
        Duration value = get(c, key, c::getDuration);
        if (value.isNegative() || value.isZero()) {
            throw bad(c, key, "must be a positive duration such as 2h or 30d");
        }
        return value;
    }

    public static String nonBlank(Config c, String key) {
        String value = get(c, key, c::getString);
        if (value.isBlank()) {
            throw bad(c, key, "must not be empty");
        }
        return value;
    }

    /** {@code key} of an object inside a list, {@code at} naming the object (e.g. {@code ltvlake.<section>.list[2]}). */
    public static String requiredString(Config c, String at, String key) {
        if (!c.hasPath(key)) {
            throw new ConfigError("config key '" + at + "." + key + "' is required");
        }
        try {
            return c.getString(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError("bad value for config key '" + at + "." + key + "': " + e.getMessage(), e);
        }
    }

    public static List<String> stringList(Config c, String at, String key) {
        try {
            List<String> values = c.getStringList(key);
            if (values.stream().anyMatch(String::isBlank)) {
                throw new ConfigError("bad value for config key '" + at + "." + key + "': has an empty entry");
            }
            return values;
        } catch (ConfigException e) {
            throw new ConfigError("bad value for config key '" + at + "." + key + "': must be a list of strings", e);
        }
    }

    /** Relative local paths are taken from the project home, so a run does not depend on the working folder. */
    public static String resolvePath(Path home, String path) {
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || path.startsWith("file:")) {
            return path;
        }
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : home.resolve(p)).normalize().toString();
    }

    /** A single key as a path element, quoted when it holds dots or other special characters. */
    public static String quoted(String key) {
        return ConfigUtil.joinPath(key);
    }

    public static boolean isS3a(String path) {
        return path != null && path.regionMatches(true, 0, "s3a://", 0, "s3a://".length());
    }
}
