package dev.errand.dashboard;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Dashboard} listens and whom it lets in. The defaults listen on 127.0.0.1:8080 without authentication;
 * any other address needs at least one {@link DashboardUser} or {@link DashboardToken}.
 *
 * <pre>{@code
 * Dashboard.start(errand, DashboardOptions.builder()
 *         .port(8080)
 *         .user(new DashboardUser("ops", System.getenv("ERRAND_DASHBOARD_HASH"), Role.OPERATOR))
 *         .timing(feed)                      // the same TimingFeed the workers write to
 *         .build());
 * }</pre>
 */
public final class DashboardOptions {
    public static final String LOOPBACK = "127.0.0.1";

    private final String host;
    private final int port;
    private final List<DashboardUser> users;
    private final List<DashboardToken> tokens;
    private final List<String> trustedProxies;
    private final TimingFeed timing;
    private final Path timingLog;
    private final Path managerStatus;
    private final Duration refresh;
    private final Clock clock;
    private final Consumer<String> audit;

    private DashboardOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.users = List.copyOf(b.users);
        this.tokens = List.copyOf(b.tokens);
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.timing = b.timing;
        this.timingLog = b.timingLog;
        this.managerStatus = b.managerStatus;
        this.refresh = b.refresh;
        this.clock = b.clock;
        this.audit = b.audit;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public List<DashboardUser> users() {
        return users;
    }

    public List<DashboardToken> tokens() {
        return tokens;
    }

    /** True when users or tokens are set up: every request must then prove who it is. */
    public boolean authenticated() {
        return !users.isEmpty() || !tokens.isEmpty();
    }

    /** The proxies whose {@code X-Forwarded-For} names the client in the audit log: addresses and CIDR ranges. */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** The feed of live timing lines; null when none was given (and no timing log). */
    public TimingFeed timing() {
        return timing;
    }

    public Path timingLog() {
        return timingLog;
    }

    public Path managerStatus() {
        return managerStatus;
    }

    public Duration refresh() {
        return refresh;
    }

    public Clock clock() {
        return clock;
    }

    /** Who also gets each audit line; null for the {@code errand.audit} logger alone. */
    public Consumer<String> audit() {
        return audit;
    }

    public static final class Builder {
        private String host = LOOPBACK;
        private int port = 8080;
        private final List<DashboardUser> users = new ArrayList<>();
        private final List<DashboardToken> tokens = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private TimingFeed timing;
        private Path timingLog;
        private Path managerStatus;
        private Duration refresh = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private Consumer<String> audit;

        private Builder() {}

        /** The address to listen on; anything but a loopback address needs {@link #user users} or {@link #token tokens}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host == null");
            return this;
        }

        /** The port; 0 picks a free one ({@link Dashboard#port()} tells which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /** Turns basic authentication on: only the users added here get in. */
        public Builder user(DashboardUser user) {
            Objects.requireNonNull(user, "user == null");
            if (users.stream().anyMatch(u -> u.name().equals(user.name()))) {
                throw new IllegalArgumentException("dashboard user " + user.name() + " is given twice");
            }
            users.add(user);
            return this;
        }

        /** Turns bearer-token authentication on ({@code Authorization: Bearer <secret>}), beside any users. */
        public Builder token(DashboardToken token) {
            Objects.requireNonNull(token, "token == null");
            if (tokens.stream().anyMatch(t -> t.name().equals(token.name()))) {
                throw new IllegalArgumentException("dashboard token " + token.name() + " is given twice");
            }
            if (tokens.stream().anyMatch(t -> t.secret().equals(token.secret()))) {
                throw new IllegalArgumentException(
                        "dashboard token " + token.name() + " has the secret of another token; give each its own");
            }
            tokens.add(token);
            return this;
        }

        /**
         * A reverse proxy in front of the dashboard (an address, or a CIDR range such as {@code 10.0.0.0/8}): for
         * requests from it, the audit log names the client from {@code X-Forwarded-For}. From any other peer that header
         * is ignored, as a client could forge it.
         */
        public Builder trustedProxy(String proxy) {
            Objects.requireNonNull(proxy, "proxy == null");
            ClientAddress.check(proxy);
            trustedProxies.add(proxy);
            return this;
        }

        /** Live timing lines for the overview: pass the same feed to {@code errand.worker().timingListener(feed)}. */
        public Builder timing(TimingFeed feed) {
            this.timing = Objects.requireNonNull(feed, "feed == null");
            return this;
        }

        /** Live timing lines from a timing-log file that the workers append to (the manager's, or a logger's). */
        public Builder timingLog(Path file) {
            this.timingLog = Objects.requireNonNull(file, "file == null");
            return this;
        }

        /** The worker manager's status file: adds the Manager page (groups, children, generations). */
        public Builder managerStatus(Path file) {
            this.managerStatus = Objects.requireNonNull(file, "file == null");
            return this;
        }

        /**
         * How often open pages refresh and how old the counts may be: the overview reads the backend at most once per
         * interval, however many browsers watch it (default 5 s).
         */
        public Builder refresh(Duration interval) {
            Objects.requireNonNull(interval, "interval == null");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("refresh must be at least 1s but was " + interval);
            }
            this.refresh = interval;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Also hands each audit line ({@code user=... remote=... action=... outcome=...}) to {@code listener}, e.g.
         * the application's own audit trail; the {@code errand.audit} logger gets it either way.
         */
        public Builder audit(Consumer<String> listener) {
            this.audit = Objects.requireNonNull(listener, "listener == null");
            return this;
        }

        public DashboardOptions build() {
            if (timing != null && timingLog != null) {
                throw new IllegalArgumentException(
                        "give the dashboard a TimingFeed or a timing log file, not both (it would count lines twice)");
            }
            return new DashboardOptions(this);
        }
    }
}
