package dev.errand.storable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The Java side of {@code storable-peer.pl}'s typed dump: what Perl holds, scalar by scalar, as a JSON tree. */
final class TypedDump {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The dump of the root of an image, which {@code thaw} returns a reference to. */
    static JsonNode ofRoot(PerlValue root) {
        return ofRef(root);
    }

    /** Perl's typed dump text, parsed. */
    static JsonNode parse(String perlDump) {
        try {
            return JSON.readTree(perlDump);
        } catch (Exception e) {
            throw new AssertionError("Perl's answer is not a typed dump: " + perlDump, e);
        }
    }

    private static JsonNode ofRef(PerlValue target) {
        if (target instanceof PerlValue.Blessed b) {
            ObjectNode blessed = NODES.objectNode();
            blessed.put("bless", b.className());
            blessed.set("value", referent(b.value()));
            return blessed;
        }
        return referent(target);
    }

    private static JsonNode referent(PerlValue target) {
        if (target instanceof PerlValue.Hash || target instanceof PerlValue.Array) {
            return of(target);
        }
        ObjectNode ref = NODES.objectNode();
        ref.set("ref", of(target));
        return ref;
    }

    private static JsonNode of(PerlValue value) {
        if (value instanceof PerlValue.Undef) {
            return NODES.nullNode();
        } else if (value instanceof PerlValue.Bool b) {
            return NODES.textNode(b == PerlValue.Bool.YES ? "bytes:1" : "bytes:");
        } else if (value instanceof PerlValue.Int i) {
            return NODES.textNode("int:" + i.value());
        } else if (value instanceof PerlValue.Str s) {
            return NODES.textNode((s.utf8() ? "chars:" : "bytes:") + s.perlText());
        } else if (value instanceof PerlValue.Ref r) {
            return ofRef(r.target());
        } else if (value instanceof PerlValue.Array a) {
            ArrayNode array = NODES.arrayNode();
            a.items().forEach(v -> array.add(of(v)));
            return array;
        } else if (value instanceof PerlValue.Hash h) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<PerlValue.Str, PerlValue> e : h.entries().entrySet()) {
                object.set(e.getKey().perlText(), of(e.getValue()));
            }
            return object;
        }
        throw new AssertionError("a blessed value not behind a reference: " + value);
    }

    private TypedDump() {}
}
