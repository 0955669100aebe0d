package io.ltvlake.common.config;

import static io.ltvlake.common.config.ConfigValues.*;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.ltvlake.common.identity.CustomerKeys;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one config loader. Layers, last wins: reference.conf (every known key) &lt;
 * conf/application.conf &lt; conf/&lt;env&gt;.conf &lt; environment variables (through
 * {@code ${?VAR}} in those files) &lt; --set key=value &lt; --lake. Unknown keys and bad
 * values fail here, before Spark starts, with the key named.
 */
public final class ConfigLoader {

    public static final String ROOT = "ltvlake";
    /** Where the conf/ folder is bundled inside the jar, for spark-submit runs without a conf folder. */
    public static final String BUNDLED_CONF = "ltvlake-conf";

    private static final Set<String> FREE_FORM = Set.of("ltvlake.spark.conf");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "profile", "landing", "single-export",
            "zero-value-purchases");
    private static final Set<String> SINGLE_EXPORT_KEYS = Set.of("path", "date");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|access-key|private-key).*");

    private ConfigLoader() {}

    /** What the caller asks for; every field but {@code home} may be empty. */
    public record Request(Path home, Optional<Path> confDir, String env, Map<String, String> overrides,
                          Optional<String> lakeRoot, Map<String, String> environment, boolean unclaimedSectionsSkipped) {

        public static Request of(Path home, String env) {
            return new Request(home, Optional.empty(), env, Map.of(), Optional.empty(), System.getenv(), false);
        }

        /**
         * Skips whole sections ({@code ltvlake.<name>}) that neither the core nor any module on the
         * classpath declares, instead of calling them unknown. Only for a module tested without the
         * job modules (common's own tests load the project's conf/, which configures every mart); a
         * run always checks every key.
         */
        public Request withUnclaimedSectionsSkipped() {
            return new Request(home, confDir, env, overrides, lakeRoot, environment, true);
        }

        public Request withOverrides(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(overrides);
            all.putAll(more);
            return new Request(home, confDir, env, all, lakeRoot, environment, unclaimedSectionsSkipped);
        }

        public Request withLakeRoot(String root) {
            return new Request(home, confDir, env, overrides, Optional.of(root), environment, unclaimedSectionsSkipped);
        }

        public Request withEnvironment(Map<String, String> variables) {
            return new Request(home, confDir, env, overrides, lakeRoot, variables, unclaimedSectionsSkipped);
        }

        public Request withConfDir(Path dir) {
            return new Request(home, Optional.of(dir), env, overrides, lakeRoot, environment, unclaimedSectionsSkipped);
        }
    }

    public static Settings load(Request request) {
        Path home = request.home().toAbsolutePath().normalize();
        Path confDir = request.confDir().orElse(home.resolve("conf"));
        boolean bundled = !Files.isDirectory(confDir);
        String env = request.env() == null || request.env().isBlank() ? "local" : request.env();

        List<ConfigSection<?>> sections = sections();
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
        for (ConfigSection<?> section : sections) {
            Config keys = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), section.reference(),
                    ConfigParseOptions.defaults().setAllowMissing(false));
            reference = reference.withFallback(keys);
        }
        Set<String> freeForm = new TreeSet<>(FREE_FORM);
        sections.forEach(section -> freeForm.addAll(section.freeForm()));
        Config application = readConf(confDir, bundled, "application.conf", true, null);
        Config overlay = readConf(confDir, bundled, env + ".conf", !env.equals("local"),
                "unknown env '" + env + "': there is no " + (bundled ? BUNDLED_CONF + "/" : confDir + "/") + env + ".conf");
        Config overrides = parseOverrides(request.overrides());
        if (request.lakeRoot().isPresent()) {
            overrides = ConfigValueFactory.fromAnyRef(request.lakeRoot().get())
                    .atPath(ROOT + ".lake.root").withFallback(overrides);
        }
        Config environment = ConfigFactory.parseMap(request.environment() == null ? Map.of() : safeKeys(request.environment()));
        ConfigResolveOptions noSystemEnv = ConfigResolveOptions.defaults().setUseSystemEnvironment(false);

        // Environment variables sit below everything as top-level keys, so ${?VAR} finds them;
        // they are not config keys and are skipped by the unknown-key check.
        Config userOnly = overrides.withFallback(overlay).withFallback(application);
        Config userResolved;
        Config merged;
        try {
            userResolved = userOnly.withFallback(environment).resolve(noSystemEnv);
            merged = userOnly.withFallback(reference).withFallback(environment).resolve(noSystemEnv);
        } catch (ConfigException e) {
            throw new ConfigError("config: " + e.getMessage(), e);
        }
        rejectUnknownKeys(userResolved, reference, environment.root().keySet(), freeForm, request.unclaimedSectionsSkipped());
        // Only ltvlake.*: the environment variables (secrets among them) were needed for ${?VAR} alone
        // and must not ride along in Settings.raw, where a printed Settings would show them.
        merged = merged.withOnlyPath(ROOT).withValue(ROOT + ".env", ConfigValueFactory.fromAnyRef(env));
        return typed(merged, userResolved, home, confDir, bundled,
                request.environment() == null ? Map.of() : request.environment(), sections);
    }

    /** The profile conf/sources/&lt;name&gt;.conf, or a clear error that lists the available ones. */
    public static Config loadSourceProfile(Settings settings, String name) {
        boolean bundled = !Files.isDirectory(settings.confDir());
        Config profile = readConf(settings.confDir(), bundled, "sources/" + name + ".conf", false, null);
        if (profile.isEmpty()) {
            throw new ConfigError("unknown source profile '" + name + "'; available profiles: "
                    + availableProfiles(settings.confDir()));
        }
        try {
            return profile.resolve();
        } catch (ConfigException e) {
            throw new ConfigError("source profile '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The effective config as HOCON, with every secret-looking key masked, and a password written
     * into a connection URL ({@code ?password=…}, {@code user:password@host}) masked too.
     */
    public static String render(Settings settings) {
        Config masked = settings.raw().getConfig(ROOT);
        for (Map.Entry<String, ConfigValue> entry : masked.entrySet()) {
            if (isSecretKey(entry.getKey())) {
                masked = masked.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef("****"));
            } else if (entry.getValue().valueType() == ConfigValueType.STRING) {
                String value = (String) entry.getValue().unwrapped();
                String hidden = maskUrlPassword(value);
                if (!hidden.equals(value)) {
                    masked = masked.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(hidden));
                }
            }
        }
        return masked.atPath(ROOT).root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setComments(false).setJson(false).setFormatted(true));
    }

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/:@]+:)[^/@]+@");

    /** A URL with its password replaced by ****; other text unchanged. */
    public static String maskUrlPassword(String value) {
        String result = URL_PASSWORD.matcher(value).replaceAll("$1****");
        return URL_USER_INFO.matcher(result).replaceAll("$1****@");
    }

    /** Keys ending in {@code -env} name an environment variable (the secret is in it), so they are shown. */
    static boolean isSecretKey(String key) {
        return SECRET.matcher(key).matches() && !key.replace("\"", "").endsWith("-env");
    }

    // ---------------------------------------------------------------- reading

    private static Config readConf(Path confDir, boolean bundled, String name, boolean required, String missingMessage) {
        try {
            if (!bundled) {
                Path file = confDir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    if (required) {
                        throw new ConfigError(missingMessage != null ? missingMessage : "missing config file " + file);
                    }
                    return ConfigFactory.empty();
                }
                return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            String resource = BUNDLED_CONF + "/" + name;
            try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    if (required) {
                        throw new ConfigError(missingMessage != null ? missingMessage
                                : "no conf folder at " + confDir + " and no bundled " + resource);
                    }
                    return ConfigFactory.empty();
                }
            }
            return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource);
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse " + name + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new ConfigError("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<String> availableProfiles(Path confDir) {
        Path dir = confDir.resolve("sources");
        if (!Files.isDirectory(dir)) {
            return List.of("canonical", "online-retail", "cdnow");
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - ".conf".length())).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static final ConfigParseOptions SET_ORIGIN = ConfigParseOptions.defaults().setOriginDescription("--set");

    private static Config parseOverrides(Map<String, String> overrides) {
        Config result = ConfigFactory.empty();
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            String key = entry.getKey().trim();
            if (key.isEmpty()) {
                throw new ConfigError("--set needs key=value, got '=" + entry.getValue() + "'");
            }
            String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
            ConfigValue value;
            try {
                value = ConfigFactory.parseString("v = " + entry.getValue(), SET_ORIGIN).getValue("v");
                // A parsed string's origin is "<description>: <line>"; rebuilt, every value (nested ones
                // too) says plainly "--set", as errors about it should
                value = ConfigValueFactory.fromAnyRef(value.unwrapped(), "--set");
            } catch (ConfigException.NotResolved e) {
                // a ${substitution} inside --set: keep the parsed value, resolved later with the rest
                value = ConfigFactory.parseString("v = " + entry.getValue(), SET_ORIGIN).getValue("v");
            } catch (ConfigException e) {
                value = ConfigValueFactory.fromAnyRef(entry.getValue(), "--set");
            }
            try {
                result = value.atPath(path).withFallback(result);
            } catch (ConfigException e) {
                throw new ConfigError("--set: '" + key + "' is not a valid config key: " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** Environment variable names become top-level keys only for resolving ${?VAR}; dots would make paths. */
    private static Map<String, String> safeKeys(Map<String, String> environment) {
        Map<String, String> result = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                result.put(k, v);
            }
        });
        return result;
    }

    // ---------------------------------------------------------------- validation

    private static void rejectUnknownKeys(Config user, Config reference, Set<String> environmentKeys, Set<String> freeForm,
                                          boolean unclaimedSectionsSkipped) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>(reference.entrySet().stream().map(Map.Entry::getKey).toList());
        Set<String> claimedSections = new TreeSet<>();
        known.forEach(key -> claimedSections.add(key.split("\\.")[1]));
        freeForm.forEach(key -> claimedSections.add(key.split("\\.")[1]));
        for (String top : user.root().keySet()) {
            if (!top.equals(ROOT) && !environmentKeys.contains(top)) {
                problems.add(unknown(top, user.root().get(top), known));
            }
        }
        if (user.hasPath(ROOT)) {
            for (Map.Entry<String, ConfigValue> entry : user.getConfig(ROOT).entrySet()) {
                String path = ROOT + "." + entry.getKey();
                if (freeForm.stream().anyMatch(f -> path.startsWith(f + "."))) {
                    continue;
                }
                if (unclaimedSectionsSkipped && !claimedSections.contains(entry.getKey().split("\\.")[0])) {
                    continue;
                }
                if (!known.contains(path)) {
                    problems.add(unknown(path, entry.getValue(), known));
                }
            }
            if (user.hasPath(ROOT + ".ingest.sources")) {
                checkSources(user.getValue(ROOT + ".ingest.sources"), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(String.join("\n", problems));
        }
    }

    private static void checkSources(ConfigValue value, List<String> problems) {
        if (value.valueType() != ConfigValueType.LIST) {
            problems.add("config key 'ltvlake.ingest.sources' must be a list of sources (" + value.origin().description() + ")");
            return;
        }
        ConfigList list = (ConfigList) value;
        for (int i = 0; i < list.size(); i++) {
            String at = "ltvlake.ingest.sources[" + i + "]";
            if (list.get(i).valueType() != ConfigValueType.OBJECT) {
                problems.add("config key '" + at + "' must be an object with name and profile");
                continue;
            }
            ConfigObject source = (ConfigObject) list.get(i);
            for (String key : source.keySet()) {
                if (!SOURCE_KEYS.contains(key)) {
                    problems.add("unknown config key '" + at + "." + key + "' (" + source.get(key).origin().description()
                            + "); a source takes " + new TreeSet<>(SOURCE_KEYS));
                } else if (key.equals("single-export") && source.get(key).valueType() == ConfigValueType.OBJECT) {
                    for (String inner : ((ConfigObject) source.get(key)).keySet()) {
                        if (!SINGLE_EXPORT_KEYS.contains(inner)) {
                            problems.add("unknown config key '" + at + ".single-export." + inner + "'; single-export takes "
                                    + new TreeSet<>(SINGLE_EXPORT_KEYS));
                        }
                    }
                }
            }
        }
    }

    private static String unknown(String path, ConfigValue value, Set<String> known) {
        String message = "unknown config key '" + path + "' (" + value.origin().description() + ")";
        String closest = known.stream().min(Comparator.comparingInt(k -> distance(k, path))).orElse(null);
        if (closest != null && distance(closest, path) <= Math.max(3, path.length() / 5)) {
            message += "; did you mean '" + closest + "'?";
        }
        return message;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // ---------------------------------------------------------------- typing

    /** Every section on the classpath, in a stable order (by type name) so that errors come out the same each run. */
    private static List<ConfigSection<?>> sections() {
        List<ConfigSection<?>> found = new ArrayList<>();
        for (ConfigSection<?> section : java.util.ServiceLoader.load(ConfigSection.class, ConfigLoader.class.getClassLoader())) {
            found.add(section);
        }
        found.sort(Comparator.comparing(section -> section.type().getName()));
        return found;
    }

    private static Settings typed(Config c, Config user, Path home, Path confDir, boolean bundled,
                                  Map<String, String> environment, List<ConfigSection<?>> sections) {
        String p = ROOT + ".";
        String env = get(c, p + "env", c::getString);
        ZoneId zone = get(c, p + "business-time-zone", k -> {
            try {
                return ZoneId.of(c.getString(k));
            } catch (DateTimeException e) {
                throw bad(c, k, "not a time zone id (e.g. Europe/Moscow, UTC)");
            }
        });
        String lakeRoot = resolvePath(home, get(c, p + "lake.root", c::getString));
        int shufflePartitions = positive(c, p + "spark.shuffle-partitions");
        Map<String, String> sparkConf = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig(p + "spark.conf").entrySet()) {
            sparkConf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        Settings.SparkSettings spark = new Settings.SparkSettings(get(c, p + "spark.master", c::getString),
                get(c, p + "spark.app-name", c::getString), shufflePartitions,
                get(c, p + "spark.ui-enabled", c::getBoolean), sparkConf);
        String region = get(c, p + "phones.default-region", c::getString);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw bad(c, p + "phones.default-region", "not an ISO 3166 region that libphonenumber knows (e.g. RU, GB, US)");
        }
        Settings.IdentitySettings identity = new Settings.IdentitySettings(
                positive(c, p + "identity.max-iterations"), positive(c, p + "identity.checkpoint-every"),
                keySecret(c, env, environment));
        Settings.SampleDefaults sample = new Settings.SampleDefaults(positive(c, p + "sample.customers"),
                positive(c, p + "sample.days"), get(c, p + "sample.seed", c::getLong), date(c, p + "sample.end-date"));
        List<SourceSettings> sources = sources(c, home, lakeRoot);
        Settings.S3Settings s3 = s3(c, environment);
        ConfigContext context = new ConfigContext(c, user, home, env, lakeRoot, sources);
        Map<Class<?>, Object> parsed = new LinkedHashMap<>();
        for (ConfigSection<?> section : sections) {
            parsed.put(section.type(), section.parse(context));
        }
        requireS3Credentials(c, s3, environment, lakeRoot, sources, context.s3aUsers());
        return new Settings(env, zone, lakeRoot, spark, s3, region, identity, sources, sample, home, confDir, c, parsed);
    }

    /**
     * The customer-key secret: {@code LTVLAKE_KEY_SECRET} when set; else, outside prod and unless
     * {@code identity.key-secret-required}, the fixed development secret. Prod never falls back:
     * keys made with a public secret could be reversed like the plain hashes they replace; there
     * the secret is missing, and a run refuses to start ({@link Settings.KeySecret#require()}).
     */
    private static Settings.KeySecret keySecret(Config c, String env, Map<String, String> environment) {
        String variable = CustomerKeys.SECRET_VARIABLE;
        String secret = blankToNull(environment.get(variable));
        if (secret != null) {
            if (secret.length() < CustomerKeys.MIN_SECRET_LENGTH) {
                throw new ConfigError("the environment variable " + variable + " is too short: a customer key secret needs at least "
                        + CustomerKeys.MIN_SECRET_LENGTH + " characters (e.g. openssl rand -hex 32)");
            }
            return new Settings.KeySecret(secret, false, null);
        }
        boolean required = env.equals("prod") || get(c, ROOT + ".identity.key-secret-required", c::getBoolean);
        if (required) {
            return new Settings.KeySecret(null, false, "env " + env + " needs the customer key secret: set the environment variable "
                    + variable + " (at least " + CustomerKeys.MIN_SECRET_LENGTH + " characters, e.g. openssl rand -hex 32); the"
                    + " development secret is only for other envs");
        }
        return new Settings.KeySecret(CustomerKeys.DEVELOPMENT_SECRET, true, null);
    }

    /** The environment variables that hold s3a credentials when {@code s3.authentication = environment}. */
    public static final List<String> AWS_KEY_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";

    private static Settings.S3Settings s3(Config c, Map<String, String> environment) {
        String p = ROOT + ".s3.";
        String mode = get(c, p + "authentication", c::getString);
        Settings.S3Authentication authentication = switch (mode) {
            case "environment" -> Settings.S3Authentication.ENVIRONMENT;
            case "default-chain" -> Settings.S3Authentication.DEFAULT_CHAIN;
            default -> throw bad(c, p + "authentication", "'" + mode + "' must be environment or default-chain");
        };
        String endpoint = get(c, p + "endpoint", c::getString).strip();
        if (!endpoint.isEmpty() && !endpoint.matches("(?i)https?://[^/\\s]+/?")) {
            throw bad(c, p + "endpoint", "'" + endpoint + "' must be \"\" or http(s)://host[:port]");
        }
        String retention = get(c, p + "directory-marker-retention", c::getString);
        if (!Set.of("keep", "delete", "authoritative").contains(retention)) {
            throw bad(c, p + "directory-marker-retention", "'" + retention + "' must be keep, delete or authoritative");
        }
        Optional<Settings.AwsKeys> keys = Optional.empty();
        String id = blankToNull(environment.get(AWS_KEY_VARIABLES.get(0)));
        String secret = blankToNull(environment.get(AWS_KEY_VARIABLES.get(1)));
        if (authentication == Settings.S3Authentication.ENVIRONMENT && id != null && secret != null) {
            keys = Optional.of(new Settings.AwsKeys(id, secret, Optional.ofNullable(blankToNull(environment.get(AWS_SESSION_TOKEN)))));
        }
        return new Settings.S3Settings(authentication, endpoint, get(c, p + "region", c::getString).strip(),
                get(c, p + "path-style-access", c::getBoolean), get(c, p + "ssl-enabled", c::getBoolean), retention, keys);
    }

    /**
     * With {@code s3.authentication = environment} and no keys in the environment, every s3a://
     * path (the lake, a source, or one a section declared through {@link ConfigContext#usesPath})
     * stops the run here, named.
     */
    private static void requireS3Credentials(Config c, Settings.S3Settings s3, Map<String, String> environment,
                                             String lakeRoot, List<SourceSettings> sources, List<String> s3aUsers) {
        if (s3.authentication() != Settings.S3Authentication.ENVIRONMENT || s3.keys().isPresent()) {
            return;
        }
        String p = ROOT + ".s3.";
        List<String> s3aPaths = new ArrayList<>();
        if (isS3a(lakeRoot)) {
            s3aPaths.add("lake.root " + lakeRoot);
        }
        for (SourceSettings source : sources) {
            boolean ownLanding = isS3a(source.landing()) && !source.landing().startsWith(lakeRoot + "/");
            if (ownLanding || source.singleExportPath().filter(ConfigValues::isS3a).isPresent()) {
                s3aPaths.add("source '" + source.name() + "'");
            }
        }
        s3aPaths.addAll(s3aUsers);
        if (!s3aPaths.isEmpty()) {
            List<String> missing = AWS_KEY_VARIABLES.stream().filter(v -> blankToNull(environment.get(v)) == null).toList();
            throw new ConfigError(String.join(" and ", s3aPaths) + " on s3a:// needs credentials: with config key '"
                    + p + "authentication' = environment (" + c.getValue(p + "authentication").origin().description()
                    + ") set the environment variable" + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
                    + " (and " + AWS_SESSION_TOKEN + " for temporary credentials), or set it to default-chain"
                    + " where the machine or pod has an IAM role");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static List<SourceSettings> sources(Config c, Path home, String lakeRoot) {
        String key = ROOT + ".ingest.sources";
        List<? extends Config> list = get(c, key, c::getConfigList);
        List<SourceSettings> result = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            Config s = list.get(i);
            String at = key + "[" + i + "]";
            String name = requiredString(s, at, "name");
            if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new ConfigError("bad value for config key '" + at + ".name': '" + name
                        + "' must be lower-case letters, digits, '-' or '_'");
            }
            if (!names.add(name)) {
                throw new ConfigError("config key '" + at + ".name': source '" + name + "' is configured twice");
            }
            String profile = requiredString(s, at, "profile");
            String landing = s.hasPath("landing") ? resolvePath(home, s.getString("landing"))
                    : lakeRoot + "/landing/" + name;
            Optional<String> singlePath = Optional.empty();
            Optional<LocalDate> singleDate = Optional.empty();
            if (s.hasPath("single-export")) {
                Config single = s.getConfig("single-export");
                singlePath = Optional.of(resolvePath(home, requiredString(single, at + ".single-export", "path")));
                String raw = requiredString(single, at + ".single-export", "date");
                try {
                    singleDate = Optional.of(LocalDate.parse(raw));
                } catch (DateTimeParseException e) {
                    throw new ConfigError("bad value for config key '" + at + ".single-export.date': '" + raw
                            + "' is not a date (YYYY-MM-DD)");
                }
            }
            boolean zeroValuePurchases = false;
            if (s.hasPath("zero-value-purchases")) {
                try {
                    zeroValuePurchases = s.getBoolean("zero-value-purchases");
                } catch (ConfigException e) {
                    throw new ConfigError("bad value for config key '" + at + ".zero-value-purchases': must be true or false", e);
                }
            }
            result.add(new SourceSettings(name, profile, landing, singlePath, singleDate, zeroValuePurchases));
        }
        return List.copyOf(result);
    }

}
