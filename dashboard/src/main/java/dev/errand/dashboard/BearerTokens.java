package dev.errand.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Bearer-token authentication. Only the SHA-256 of each secret is kept, and a presented token is hashed and compared
 * with every one in constant time ({@link MessageDigest#isEqual}), so neither its length nor where it first differs
 * shows in the answer's timing.
 */
final class BearerTokens {
    private record Known(byte[] digest, Principal principal) {}

    private final List<Known> tokens;

    BearerTokens(List<DashboardToken> tokens) {
        this.tokens = tokens.stream()
                .map(t -> new Known(sha256(t.secret()), new Principal("token:" + t.name(), t.role())))
                .toList();
    }

    boolean enabled() {
        return !tokens.isEmpty();
    }

    /** The token's principal; empty when {@code presented} matches none. */
    Optional<Principal> authenticate(String presented) {
        byte[] digest = sha256(presented);
        Principal found = null;
        for (Known k : tokens) { // no early exit: every token is compared
            if (MessageDigest.isEqual(k.digest(), digest)) {
                found = k.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
