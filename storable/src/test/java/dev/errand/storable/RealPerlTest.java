package dev.errand.storable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that talks to one real Perl ({@link PerlPeer}) for all its tests. */
abstract class RealPerlTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static PerlPeer perl;

    @BeforeAll
    static void startPerl() {
        perl = new PerlPeer();
    }

    @AfterAll
    static void stopPerl() throws Exception {
        perl.close();
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
