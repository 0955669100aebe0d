package io.ltvlake.jobs.delivery.postgres;

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

public record PublishConfig(PostgresSettings postgres) {

    /**
     * The PostgreSQL the marts are published to. No password is held here: {@code passwordEnv}
     * and {@code biPasswordEnv} name the environment variables that hold them, read when the
     * job connects. An empty {@code url} means there is no database: publish skips. With
     * {@code strictBiRole} a BI role privilege beyond USAGE on the schema and SELECT on its tables
     * fails the publish instead of being a warning. {@code copyParallelism} bounds the partitions
     * loaded at once, each by an executor with its own connection and COPY.
     */
    public record PostgresSettings(String url, String user, String passwordEnv, String schema, String biRole,
                                   String biPasswordEnv, int batchRows, int checkSampleRows, boolean strictBiRole,
                                   int copyParallelism) {
        public boolean configured() {
            return !url.isBlank();
        }

        /** Where staging tables are loaded: a schema of its own, so the BI role never sees a half-loaded table. */
        public String stagingSchema() {
            return schema + "_staging";
        }
    }

    /** Parses and checks these keys at load (found through META-INF/services). */
    public static final class Section implements ConfigSection<PublishConfig> {
        private static final String ROOT = ConfigLoader.ROOT;

        @Override
        public Class<PublishConfig> type() {
            return PublishConfig.class;
        }


        @Override
        public PublishConfig parse(ConfigContext context) {
            Config c = context.config();
            return publish(c);
        }

        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

        private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        private static PublishConfig publish(Config c) {
            String p = ROOT + ".publish.postgres.";
            String url = get(c, p + "url", c::getString).strip();
            if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
                throw bad(c, p + "url", "'" + ConfigLoader.maskUrlPassword(url) + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database)"
                        + " or empty for no database");
            }
            String user = get(c, p + "user", c::getString);
            if (user.isBlank()) {
                throw bad(c, p + "user", "must name the PostgreSQL user that publishes");
            }
            String schema = get(c, p + "schema", c::getString);
            if (!IDENTIFIER.matcher(schema).matches() || schema.equals("public") || schema.startsWith("pg_")
                    || schema.equals("information_schema")) {
                throw bad(c, p + "schema", "'" + schema + "' must be a lower-case snake_case schema of its own (not public,"
                        + " pg_* or information_schema): the BI role may read every table in it");
            }
            String biRole = get(c, p + "bi-role", c::getString);
            if (!IDENTIFIER.matcher(biRole).matches() || biRole.startsWith("pg_")) {
                throw bad(c, p + "bi-role", "'" + biRole + "' must be a lower-case snake_case role name");
            }
            if (biRole.equals(user)) {
                throw bad(c, p + "bi-role", "must not be the publishing user '" + user + "': the BI role is read-only");
            }
            return new PublishConfig(new PostgresSettings(url, user, envName(c, p + "password-env"), schema,
                    biRole, envName(c, p + "bi-password-env"), positive(c, p + "batch-rows"), positive(c, p + "check-sample-rows"),
                    get(c, p + "strict-bi-role", c::getBoolean), positive(c, p + "copy-parallelism")));
        }

        private static String envName(Config c, String key) {
            String name = get(c, key, c::getString);
            if (!ENV_NAME.matcher(name).matches()) {
                throw bad(c, key, "'" + name + "' must be the name of an environment variable (letters, digits, '_'),"
                        + " not the secret itself");
            }
            return name;
        }
    }
}
