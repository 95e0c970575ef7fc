package dev.errand.config;

/**
 * A configuration key or value is wrong. The message names the key, the value and what is
 * allowed, and where the configuration came from.
 */
public class ErrandConfigException extends RuntimeException {
    public ErrandConfigException(String message) {
        super(message);
    }

    public ErrandConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
