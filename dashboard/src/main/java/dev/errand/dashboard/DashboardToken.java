package dev.errand.dashboard;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bearer token for scripts and monitoring ({@code Authorization: Bearer <secret>}): a name (shown in the audit log as
 * {@code token:<name>}), the secret, and a role. The secret is never logged nor shown; {@link #toString()} leaves it
 * out.
 */
public record DashboardToken(String name, String secret, Role role) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    /** The characters of an RFC 6750 bearer token (b64token), at least 32 and at most 512 of them. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9._~+/-]{32,512}=*");

    public DashboardToken {
        Objects.requireNonNull(role, "role == null");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "dashboard token name must be 1 to 64 letters, digits or _ . @ - but was "
                            + (name == null ? "null" : "'" + name + "'"));
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("the secret of dashboard token " + name
                    + " must be 32 to 512 characters of letters, digits and - . _ ~ + / (e.g. `openssl rand -hex 32`),"
                    + " passed as ${env:NAME} or ${file:PATH}");
        }
    }

    @Override
    public String toString() {
        return "DashboardToken[" + name + ", " + role + "]"; // never the secret
    }
}
