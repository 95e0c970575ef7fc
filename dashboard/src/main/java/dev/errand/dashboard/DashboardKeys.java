package dev.errand.dashboard;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code errand.dashboard.*} settings, declared once; {@link #options} reads them. */
public final class DashboardKeys extends SettingGroup {
    static final String USER = "errand.dashboard.user.<user>.";
    static final String TOKEN = "errand.dashboard.token.<token>.";

    static final Setting<String> HOST = Setting.string("errand.dashboard.host", DashboardOptions.LOOPBACK)
            .allowed("an address of this machine")
            .doc("where the dashboard listens; any address but a loopback one needs `errand.dashboard.users` or"
                    + " `errand.dashboard.tokens`");
    static final Setting<Integer> PORT = Setting.integer("errand.dashboard.port", 8080, 0, 65535)
            .doc("its port (`errand dashboard --port` overrides it); 0 picks a free one");
    static final Setting<List<String>> USERS = Setting.list("errand.dashboard.users")
            .defaultText("none: no authentication, loopback only")
            .allowed("comma-separated user names of letters, digits and `_ . @ -`")
            .doc("turns basic authentication on for these users; each has the two settings below");
    static final Setting<String> PASSWORD_HASH = Setting.string(USER + "passwordHash", null)
            .defaultText("required for each user")
            .allowed("a BCrypt hash (`errand dashboard --hash-password` prints one); `${env:NAME}` or `${file:PATH}`")
            .doc("the user's password hash, never the password");
    static final Setting<String> ROLE = Setting.choice(USER + "role", "operator", List.of("operator", "viewer"))
            .doc("`operator` may retry, cancel, delete, pause and resume; `viewer` sees every page and may do none");
    static final Setting<List<String>> TOKENS = Setting.list("errand.dashboard.tokens")
            .defaultText("none")
            .allowed("comma-separated token names of letters, digits and `_ . @ -`")
            .doc("turns bearer-token authentication (`Authorization: Bearer <secret>`) on for these tokens, beside any"
                    + " users; each has the two settings below");
    static final Setting<String> TOKEN_SECRET = Setting.string(TOKEN + "secret", null)
            .defaultText("required for each token")
            .allowed("32 to 512 characters of letters, digits and `- . _ ~ + /` (`openssl rand -hex 32`);"
                    + " `${env:NAME}` or `${file:PATH}`")
            .doc("the token's secret, compared in constant time and never logged");
    static final Setting<String> TOKEN_ROLE = Setting.choice(TOKEN + "role", "viewer", List.of("operator", "viewer"))
            .doc("`viewer` (the default for tokens) sees every page and may do nothing; `operator` may act");
    static final Setting<List<String>> TRUSTED_PROXIES = Setting.list("errand.dashboard.trustedProxies")
            .defaultText("none: the audit log names the direct peer")
            .allowed("comma-separated IP addresses and CIDR ranges (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`)")
            .check(
                    l -> l.stream().allMatch(DashboardKeys::isProxy),
                    "IP addresses and CIDR ranges (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`)")
            .doc("reverse proxies whose `X-Forwarded-For` names the client in the audit log; the header is ignored"
                    + " from any other peer, which could forge it");
    static final Setting<Path> TIMING_LOG = Setting.path("errand.dashboard.timingLog", null)
            .defaultText("none: the overview says it has no timing data")
            .doc(
                    "the workers' timing log, followed for the overview's last hour per job (the manager's own by default)");
    static final Setting<Duration> REFRESH = Setting.duration("errand.dashboard.refresh", Duration.ofSeconds(5))
            .check(d -> d.compareTo(Duration.ofSeconds(1)) >= 0, "at least 1s")
            .doc("how often open pages refresh; the overview reads the backend at most once per interval");

    public DashboardKeys() {
        super(
                "errand-dashboard",
                "The web dashboard",
                List.of(
                        HOST,
                        PORT,
                        USERS,
                        PASSWORD_HASH,
                        ROLE,
                        TOKENS,
                        TOKEN_SECRET,
                        TOKEN_ROLE,
                        TRUSTED_PROXIES,
                        TIMING_LOG,
                        REFRESH));
    }

    /** A user's password hash or a token's secret, with its role, as configured. */
    private record Credential(Setting<String> key, String secret, Role role) {}

    /**
     * The credential of each name listed under {@code names}; a missing secret fails naming its key. {@code add} is
     * then called per name, and a value it refuses fails naming the key too.
     */
    private static Credentials credentials(
            ErrandConfig config,
            Setting<List<String>> names,
            Setting<String> secretKey,
            Setting<String> roleKey,
            String what,
            String secretWhat,
            String env) {
        Map<String, Credential> found = new LinkedHashMap<>();
        for (String name : names.get(config)) {
            Setting<String> key = secretKey.at(name);
            String secret = key.get(config);
            if (secret == null) {
                throw new ErrandConfigException(key.key() + " is missing (from " + config.source() + "): give " + what
                        + " " + name + " " + secretWhat + ", e.g. " + key.key() + "=${env:" + env + "}; "
                        + (what.equals("user")
                                ? "`errand dashboard --hash-password` prints one"
                                : "`openssl rand -hex 32` makes one"));
            }
            Role role = Role.valueOf(roleKey.at(name).get(config).toUpperCase(Locale.ROOT));
            found.put(name, new Credential(key, secret, role));
        }
        return new Credentials(config, found);
    }

    private record Credentials(ErrandConfig config, Map<String, Credential> byName) {
        void forEach(java.util.function.BiConsumer<String, Credential> add) {
            byName.forEach((name, c) -> {
                try {
                    add.accept(name, c);
                } catch (IllegalArgumentException e) {
                    throw new ErrandConfigException(
                            c.key().key() + " (from " + config.source() + "): " + e.getMessage());
                }
            });
        }
    }

    private static boolean isProxy(String proxy) {
        try {
            ClientAddress.check(proxy);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The options these settings give; a bad value fails with the key, the value and what is allowed. */
    public static DashboardOptions.Builder options(ErrandConfig config) {
        DashboardOptions.Builder b = DashboardOptions.builder()
                .host(HOST.get(config))
                .port(PORT.get(config))
                .refresh(REFRESH.get(config));
        credentials(config, USERS, PASSWORD_HASH, ROLE, "user", "a BCrypt hash", "ERRAND_DASHBOARD_HASH")
                .forEach((name, c) -> b.user(new DashboardUser(name, c.secret(), c.role())));
        credentials(config, TOKENS, TOKEN_SECRET, TOKEN_ROLE, "token", "a secret", "ERRAND_DASHBOARD_TOKEN")
                .forEach((name, c) -> b.token(new DashboardToken(name, c.secret(), c.role())));
        TRUSTED_PROXIES.get(config).forEach(b::trustedProxy);
        if (TIMING_LOG.isSet(config)) {
            b.timingLog(TIMING_LOG.get(config));
        }
        return b;
    }
}
