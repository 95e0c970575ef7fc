package dev.errand.dashboard;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code errand.dashboard.*} settings, declared once; {@link #options} reads them. */
public final class DashboardKeys extends SettingGroup {
    static final String USER = "errand.dashboard.user.<user>.";

    static final Setting<String> HOST = Setting.string("errand.dashboard.host", DashboardOptions.LOOPBACK)
            .allowed("an address of this machine")
            .doc("where the dashboard listens; any address but a loopback one needs `errand.dashboard.users`");
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
                List.of(HOST, PORT, USERS, PASSWORD_HASH, ROLE, TIMING_LOG, REFRESH));
    }

    /** The options these settings give; a bad value fails with the key, the value and what is allowed. */
    public static DashboardOptions.Builder options(ErrandConfig config) {
        DashboardOptions.Builder b = DashboardOptions.builder()
                .host(HOST.get(config))
                .port(PORT.get(config))
                .refresh(REFRESH.get(config));
        for (String name : USERS.get(config)) {
            Setting<String> hash = PASSWORD_HASH.at(name);
            String value = hash.get(config);
            if (value == null) {
                throw new ErrandConfigException(hash.key() + " is missing (from " + config.source() + "): give user "
                        + name + " a BCrypt hash, e.g. " + hash.key() + "=${env:ERRAND_DASHBOARD_HASH}; `errand"
                        + " dashboard --hash-password` prints one");
            }
            Role role = Role.valueOf(ROLE.at(name).get(config).toUpperCase(Locale.ROOT));
            try {
                b.user(new DashboardUser(name, value, role));
            } catch (IllegalArgumentException e) {
                throw new ErrandConfigException(hash.key() + " (from " + config.source() + "): " + e.getMessage());
            }
        }
        if (TIMING_LOG.isSet(config)) {
            b.timingLog(TIMING_LOG.get(config));
        }
        return b;
    }
}
