package io.ltvlake.common.config;

/** A configuration problem found before any work starts; the message names the key. */
public class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
