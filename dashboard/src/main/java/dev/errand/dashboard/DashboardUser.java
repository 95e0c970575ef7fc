package dev.errand.dashboard;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One user of basic authentication: a name, the BCrypt hash of the password (never the password itself) and a role.
 * {@code errand dashboard --hash-password} prints a hash.
 */
public record DashboardUser(String name, String passwordHash, Role role) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    public DashboardUser {
        Objects.requireNonNull(role, "role == null");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dashboard user name must be 1 to 64 letters, digits or _ . @ - but was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (passwordHash == null || !BCRYPT.matcher(passwordHash).matches()) {
            throw new IllegalArgumentException("the password hash of dashboard user " + name
                    + " is not a BCrypt hash ($2a$10$... or $2b$...); make one with `errand dashboard --hash-password`"
                    + " and pass it as ${env:NAME} or ${file:PATH}");
        }
    }

    /** A BCrypt hash of {@code password} (cost 12), for {@link #passwordHash()}. */
    public static String hashOf(String password) {
        return BasicAuth.hash(password);
    }

    @Override
    public String toString() {
        return "DashboardUser[" + name + ", " + role + "]"; // never the hash
    }
}
