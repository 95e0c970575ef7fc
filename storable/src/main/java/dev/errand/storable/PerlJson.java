package dev.errand.storable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bridge between Perl values and Jackson trees, so that Jackson's coercion binds Perl data to typed parameters.
 *
 * <p>Perl → tree: numbers Perl stored as numbers are number nodes; every string is a text node, including the decimal
 * text Perl stores for doubles and 64-bit integers ({@code "1099511627776"}) and numbers Perl only ever saw as strings
 * ({@code "7"}), so Jackson's scalar coercion decides. {@code undef} is null; Perl's immortal yes and no are {@code 1}
 * and {@code ""}. Hashes and arrays behind references are objects and arrays; a reference to a scalar is the scalar. A
 * byte string is decoded by {@link StringDecoding}; a blessed value is refused or unwrapped by {@link BlessedPolicy}. A
 * value shared by two references is copied, and each copy counts toward {@link StorableLimits#maxItems()}.
 *
 * <p>Tree → Perl: an object is a hash, an array an array, each nested one behind a reference; text is a byte string
 * when it is ASCII, else a character string; binary is a byte string; integral numbers are integers (wider than 64
 * bits: decimal text), other numbers decimal text; booleans are 1 and 0; null is {@code undef}.
 */
public final class PerlJson {

    /** How a Perl byte string ({@code SX_SCALAR}) becomes a tree node. */
    public enum StringDecoding {
        /** Valid UTF-8 is decoded, anything else read as latin1. The default; not round-trip exact. */
        UTF8_OR_LATIN1,
        /** Perl's own semantics: each byte is one code point. Round-trips exactly. */
        LATIN1,
        /** Strict UTF-8: invalid bytes are an error. */
        UTF8,
        /** The exact bytes, as a binary node; hash keys, which must be text, are read as latin1. */
        BYTES
    }

    /** What a blessed value becomes. */
    public enum BlessedPolicy {
        /** An error naming the class and the offset. The default: the payload never picks a Java class. */
        REFUSE,
        /** The underlying hash, array or scalar, as data. */
        UNWRAP
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final StringDecoding stringDecoding;
    private final BlessedPolicy blessed;
    private final StorableLimits limits;

    private PerlJson(StringDecoding stringDecoding, BlessedPolicy blessed, StorableLimits limits) {
        this.stringDecoding = Objects.requireNonNull(stringDecoding, "stringDecoding == null");
        this.blessed = Objects.requireNonNull(blessed, "blessed == null");
        this.limits = Objects.requireNonNull(limits, "limits == null");
    }

    /** The defaults: {@code UTF8_OR_LATIN1}, {@code REFUSE}, {@link StorableLimits#DEFAULTS}. */
    public static PerlJson defaults() {
        return new PerlJson(StringDecoding.UTF8_OR_LATIN1, BlessedPolicy.REFUSE, StorableLimits.DEFAULTS);
    }

    public PerlJson withStringDecoding(StringDecoding stringDecoding) {
        return new PerlJson(stringDecoding, blessed, limits);
    }

    public PerlJson withBlessed(BlessedPolicy blessed) {
        return new PerlJson(stringDecoding, blessed, limits);
    }

    public PerlJson withLimits(StorableLimits limits) {
        return new PerlJson(stringDecoding, blessed, limits);
    }

    /** The tree for a Perl value, the root of an image most often. */
    public JsonNode toJson(PerlValue value) {
        Objects.requireNonNull(value, "value == null");
        return new ToTree().node(value, "$", 1);
    }

    /** The Perl value for a tree: the referent to write, so an object becomes a {@link PerlValue.Hash}. */
    public PerlValue toPerl(JsonNode node) {
        Objects.requireNonNull(node, "node == null");
        return new ToPerl().value(node, "$", 1);
    }

    private final class ToTree {
        private int nodes;

        JsonNode node(PerlValue value, String path, int depth) {
            boolean nests = !(value instanceof PerlValue.Undef
                    || value instanceof PerlValue.Bool
                    || value instanceof PerlValue.Int
                    || value instanceof PerlValue.Str);
            if (nests && depth > limits.maxDepth()) {
                throw new StorableException(
                        "Perl value nested deeper than maxDepth (" + limits.maxDepth() + ") at " + path);
            }
            if (++nodes > limits.maxItems()) {
                throw new StorableException("Perl value expands to more than maxItems (" + limits.maxItems()
                        + ") tree nodes (shared references are copied) at " + path);
            }
            if (value instanceof PerlValue.Undef) {
                return NODES.nullNode();
            } else if (value instanceof PerlValue.Bool b) {
                return b == PerlValue.Bool.YES ? NODES.numberNode(1) : NODES.textNode("");
            } else if (value instanceof PerlValue.Int i) {
                long v = i.value();
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            } else if (value instanceof PerlValue.Str s) {
                return s.utf8() ? NODES.textNode(s.perlText()) : byteString(s, path);
            } else if (value instanceof PerlValue.Ref r) {
                return node(r.target(), path, r.targetDepth(depth));
            } else if (value instanceof PerlValue.Array a) {
                ArrayNode array = NODES.arrayNode(a.items().size());
                for (int i = 0; i < a.items().size(); i++) {
                    array.add(node(a.items().get(i), path + "[" + i + "]", depth + 1));
                }
                return array;
            } else if (value instanceof PerlValue.Hash h) {
                return object(h, path, depth);
            } else {
                PerlValue.Blessed b = (PerlValue.Blessed) value;
                if (blessed == BlessedPolicy.REFUSE) {
                    throw new StorableException(
                            "blessed object of class " + b.className() + " at " + path
                                    + " is not read as data (blessed=refuse); send a plain hash, or unwrap it with"
                                    + " blessed=unwrap",
                            b.offset());
                }
                return node(b.value(), path, depth + 1);
            }
        }

        private ObjectNode object(PerlValue.Hash h, String path, int depth) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<PerlValue.Str, PerlValue> e : h.entries().entrySet()) {
                String key = key(e.getKey(), path);
                String at = path + "." + key;
                if (object.has(key)) {
                    throw new StorableException("two keys of the hash at " + path + " decode to the same text '" + key
                            + "' (stringDecoding=" + stringDecoding
                            + "); use stringDecoding=LATIN1 to keep them apart");
                }
                object.set(key, node(e.getValue(), at, depth + 1));
            }
            return object;
        }

        private String key(PerlValue.Str key, String path) {
            if (key.utf8() || stringDecoding == StringDecoding.LATIN1 || stringDecoding == StringDecoding.BYTES) {
                return key.perlText();
            }
            return decode(key, path + " (a hash key)");
        }

        private JsonNode byteString(PerlValue.Str s, String path) {
            return switch (stringDecoding) {
                case BYTES -> NODES.binaryNode(s.bytes());
                case LATIN1 -> NODES.textNode(s.perlText());
                default -> NODES.textNode(decode(s, path));
            };
        }

        private String decode(PerlValue.Str s, String path) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(s.rawBytes()))
                        .toString();
            } catch (CharacterCodingException e) {
                if (stringDecoding == StringDecoding.UTF8) {
                    throw new StorableException(
                            "Perl byte string at " + path + " is not valid UTF-8 (stringDecoding=UTF8)");
                }
                return s.perlText();
            }
        }
    }

    private final class ToPerl {
        private int items;

        PerlValue value(JsonNode node, String path, int depth) {
            if (node.isContainerNode() && depth > limits.maxDepth()) {
                throw new StorableException("tree nested deeper than maxDepth (" + limits.maxDepth() + ") at " + path);
            }
            if (++items > limits.maxItems()) {
                throw new StorableException("tree has more than maxItems (" + limits.maxItems() + ") nodes at " + path);
            }
            if (node.isObject()) {
                Map<PerlValue.Str, PerlValue> entries = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    entries.put(PerlValue.Str.of(e.getKey()), nested(e.getValue(), path + "." + e.getKey(), depth));
                }
                return new PerlValue.Hash(entries);
            } else if (node.isArray()) {
                List<PerlValue> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(nested(node.get(i), path + "[" + i + "]", depth));
                }
                return new PerlValue.Array(list);
            } else if (node.isNull() || node.isMissingNode()) {
                return PerlValue.Undef.UNDEF;
            } else if (node.isBoolean()) {
                return new PerlValue.Int(node.booleanValue() ? 1 : 0);
            } else if (node.isTextual()) {
                return PerlValue.Str.of(node.textValue());
            } else if (node.isBinary()) {
                return new PerlValue.Str(binary(node, path), false);
            } else if (node.isNumber()) {
                return number(node);
            }
            throw new StorableException(
                    "a " + node.getNodeType() + " node at " + path + " has no Perl value; use plain data");
        }

        private PerlValue nested(JsonNode node, String path, int depth) {
            PerlValue value = value(node, path, depth + 1);
            return value instanceof PerlValue.Hash || value instanceof PerlValue.Array
                    ? new PerlValue.Ref(value)
                    : value;
        }

        private PerlValue number(JsonNode node) {
            if (node.canConvertToExactIntegral()) {
                BigInteger v = node.bigIntegerValue();
                if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
                    return new PerlValue.Int(v.longValue());
                }
                return PerlValue.Str.of(v.toString());
            }
            if (node.isBigDecimal()) {
                return PerlValue.Str.of(node.decimalValue().toString());
            }
            double d = node.doubleValue();
            if (Double.isNaN(d)) {
                return PerlValue.Str.of("NaN");
            }
            if (Double.isInfinite(d)) {
                return PerlValue.Str.of(d > 0 ? "Inf" : "-Inf");
            }
            return PerlValue.Str.of(node.isFloat() ? decimal(Float.toString(node.floatValue())) : shortest(d));
        }

        private byte[] binary(JsonNode node, String path) {
            try {
                return node.binaryValue();
            } catch (IOException e) {
                throw new StorableException("binary node at " + path + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** The shortest decimal text that reads back as {@code d}, in a form Perl's numeric conversion reads. */
    static String shortest(double d) {
        return decimal(Double.toString(d));
    }

    /** Java's shortest text of a double or float: plain when short, else with an exponent. */
    private static String decimal(String javaText) {
        String plain = new BigDecimal(javaText).stripTrailingZeros().toPlainString();
        return plain.length() <= 24 ? plain : javaText.replace("E", "e");
    }
}
