package dev.errand.backend.gearman;

import dev.errand.config.ErrandConfigException;
import java.util.Objects;

/** One gearmand, as {@code errand.gearman.servers} and Perl's {@code job_servers} spell it: {@code host:port}. */
public record ServerAddress(String host, int port) {
    /** gearmand's IANA port. */
    public static final int DEFAULT_PORT = 4730;

    public ServerAddress {
        Objects.requireNonNull(host, "host == null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535 but was " + port);
        }
    }

    /** {@code host:port}, or {@code host} for the default port; {@code key} names the setting in errors. */
    public static ServerAddress parse(String text, String key) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (s.isEmpty() || colon == 0 || s.indexOf(':') != colon) {
            throw new ErrandConfigException(
                    key + ": '" + text + "' is not a gearmand address; write host:port, e.g. 127.0.0.1:4730");
        }
        if (colon < 0) {
            return new ServerAddress(s, DEFAULT_PORT);
        }
        try {
            return new ServerAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new ErrandConfigException(
                    key + ": '" + text + "' has no valid port; write host:port with a port from 1 to 65535", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
