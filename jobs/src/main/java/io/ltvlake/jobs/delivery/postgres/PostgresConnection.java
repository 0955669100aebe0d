package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.common.config.ConfigLoader;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * What it takes to connect to the publish database, from the driver or from an executor: the
 * password is read from the environment on the driver and travels in the task closure, as Spark's
 * own JDBC writer ships its options, because executors do not have the driver's environment. The
 * password has no accessor and is never part of {@link #toString()} or an error message (Spark
 * prints a closure's objects when one cannot be serialized).
 */
final class PostgresConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final String user;
    private final String passwordEnv;
    private final String password;
    private final Map<String, String> properties;

    /**
     * @param passwordEnv the variable the password was read from, named in errors
     * @param password    null or empty: connect without one
     * @param properties  further driver properties (ApplicationName, …)
     */
    PostgresConnection(String url, String user, String passwordEnv, String password, Map<String, String> properties) {
        this.url = url;
        this.user = user;
        this.passwordEnv = passwordEnv;
        this.password = password;
        this.properties = Map.copyOf(properties);
    }

    Connection open() throws SQLException {
        Properties driverProperties = new Properties();
        driverProperties.putAll(properties);
        driverProperties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            driverProperties.setProperty("password", password);
        }
        try {
            // the driver directly rather than DriverManager, which misses drivers of spark-submit's user class loader
            Connection connection = new org.postgresql.Driver().connect(url, driverProperties);
            if (connection == null) {
                throw new SQLException("the PostgreSQL driver does not accept the URL");
            }
            return connection;
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + this + " (password from $" + passwordEnv + "): " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + ConfigLoader.maskUrlPassword(url) + " as " + user;
    }
}
