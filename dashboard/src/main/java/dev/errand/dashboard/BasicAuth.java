package dev.errand.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HTTP basic authentication against BCrypt hashes. A BCrypt check costs tens of milliseconds on purpose, so a header
 * that passed is remembered by its SHA-256 (never the password) and later requests with it skip the check; a wrong
 * one is checked every time.
 */
final class BasicAuth {
    private static final int MAX_REMEMBERED = 1000;
    private final Map<String, DashboardUser> users = new HashMap<>();
    private final Map<String, Principal> passed = new ConcurrentHashMap<>();

    BasicAuth(List<DashboardUser> users) {
        users.forEach(u -> this.users.put(u.name(), u));
    }

    boolean enabled() {
        return !users.isEmpty();
    }

    /** The user an {@code Authorization} header names and proves; empty when it is missing, malformed or wrong. */
    Optional<Principal> authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > 1024) {
            return Optional.empty();
        }
        String digest = sha256(header);
        Principal known = passed.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        DashboardUser user = users.get(decoded.substring(0, colon));
        if (user == null || !BCrypt.checkpw(decoded.substring(colon + 1), user.passwordHash())) {
            return Optional.empty();
        }
        Principal p = new Principal(user.name(), user.role());
        if (passed.size() >= MAX_REMEMBERED) {
            passed.clear();
        }
        passed.put(digest, p);
        return Optional.of(p);
    }

    /** A BCrypt hash of {@code password} for a {@link DashboardUser}. */
    static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(12));
    }

    private static String sha256(String s) {
        return Base64.getEncoder().encodeToString(BearerTokens.sha256(s));
    }
}
