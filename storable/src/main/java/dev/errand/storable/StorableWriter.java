package dev.errand.storable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link PerlValue} as a network-order Storable image: the bytes {@code nfreeze} would write for the same
 * data with {@code $Storable::canonical = 1} (hash keys in code point order), so Perl's {@code thaw} reads it back.
 *
 * <p>As Perl: integers from -128 to 127 are {@code SX_BYTE}, other 32-bit ones {@code SX_NETINT}, wider ones decimal
 * text. A character string is {@code SX_UTF8STR}, a byte string {@code SX_SCALAR}. A hash with a character-string key
 * is an {@code SX_FLAG_HASH}: a key of code points up to 0xff is stored as latin1 flagged "was UTF-8", others as UTF-8.
 * A value instance that two references point to (what the reader gives for a shared reference) is written once and
 * referred to by {@code SX_OBJECT} later, so Perl thaws a shared reference again; a scalar instance placed directly
 * in two slots is written twice, so Perl does not alias them. Blessed values are refused. A writer may be
 * shared between threads.
 */
public final class StorableWriter {
    private final StorableLimits limits;

    public StorableWriter(StorableLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits == null");
    }

    /** A writer with {@link StorableLimits#DEFAULTS}. */
    public StorableWriter() {
        this(StorableLimits.DEFAULTS);
    }

    /** The image of {@code nfreeze(\$root)}: {@code root} is the referent, a {@link PerlValue.Hash} most often. */
    public byte[] write(PerlValue root) {
        Objects.requireNonNull(root, "root == null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Sx.NETORDER_MAJOR2);
        out.write(Sx.WRITE_MINOR);
        new Emit(out, limits).item(root, 1, true);
        if (out.size() > limits.maxBytes()) {
            throw new StorableException(
                    "Storable image of " + out.size() + " bytes is larger than maxBytes (" + limits.maxBytes() + ")");
        }
        return out.toByteArray();
    }

    private static final class Emit {
        private final ByteArrayOutputStream out;
        private final StorableLimits limits;
        /** Referents written so far, by identity, with their tag: Perl numbers every item it writes from 0. */
        private final Map<PerlValue, Integer> seen = new IdentityHashMap<>();

        private int items;
        private int tags;

        Emit(ByteArrayOutputStream out, StorableLimits limits) {
            this.out = out;
            this.limits = limits;
        }

        /** Writes {@code value}; a {@code referent} (the target of a reference) met before is written as SX_OBJECT. */
        void item(PerlValue value, int depth, boolean referent) {
            boolean nests = value instanceof PerlValue.Array
                    || value instanceof PerlValue.Hash
                    || value instanceof PerlValue.Ref;
            if (nests && depth > limits.maxDepth()) {
                throw new StorableException("Perl value nested deeper than maxDepth (" + limits.maxDepth() + ")");
            }
            if (++items > limits.maxItems()) {
                throw new StorableException("Perl value has more than maxItems (" + limits.maxItems() + ") items");
            }
            if (out.size() > limits.maxBytes()) {
                throw new StorableException("Storable image is larger than maxBytes (" + limits.maxBytes() + ")");
            }
            if (referent && !(value instanceof Enum<?>)) {
                Integer tag = seen.putIfAbsent(value, tags);
                if (tag != null) {
                    out.write(Sx.OBJECT);
                    i32(tag);
                    return;
                }
            }
            tags++;
            if (value instanceof PerlValue.Undef u) {
                out.write(u == PerlValue.Undef.SV_UNDEF ? Sx.SV_UNDEF : Sx.UNDEF);
            } else if (value instanceof PerlValue.Bool b) {
                out.write(b == PerlValue.Bool.YES ? Sx.SV_YES : Sx.SV_NO);
            } else if (value instanceof PerlValue.Int i) {
                integer(i.value());
            } else if (value instanceof PerlValue.Str s) {
                string(s);
            } else if (value instanceof PerlValue.Array a) {
                out.write(Sx.ARRAY);
                i32(a.items().size());
                for (PerlValue v : a.items()) {
                    item(v, depth + 1, false);
                }
            } else if (value instanceof PerlValue.Hash h) {
                hash(h, depth);
            } else if (value instanceof PerlValue.Ref r) {
                out.write(Sx.REF);
                item(r.target(), r.targetDepth(depth), true);
            } else if (value instanceof PerlValue.Blessed b) {
                throw new StorableException("blessed values are not written (class " + b.className() + ")");
            }
        }

        private void integer(long v) {
            if (v >= -128 && v <= 127) {
                out.write(Sx.BYTE);
                out.write((int) v + 128);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write(Sx.NETINT);
                i32((int) v);
            } else {
                string(new PerlValue.Str(Long.toString(v).getBytes(StandardCharsets.US_ASCII), false));
            }
        }

        private void string(PerlValue.Str s) {
            byte[] bytes = s.rawBytes();
            if (bytes.length <= 0xff) {
                out.write(s.utf8() ? Sx.UTF8STR : Sx.SCALAR);
                out.write(bytes.length);
            } else {
                out.write(s.utf8() ? Sx.LUTF8STR : Sx.LSCALAR);
                i32(bytes.length);
            }
            out.writeBytes(bytes);
        }

        private void hash(PerlValue.Hash h, int depth) {
            List<Map.Entry<PerlValue.Str, PerlValue>> entries =
                    new ArrayList<>(h.entries().entrySet());
            entries.sort((a, b) -> comparePerlText(a.getKey(), b.getKey()));
            boolean flagged = entries.stream().anyMatch(e -> e.getKey().utf8());
            out.write(flagged ? Sx.FLAG_HASH : Sx.HASH);
            if (flagged) {
                out.write(0); // hash flags: not restricted
            }
            i32(entries.size());
            for (Map.Entry<PerlValue.Str, PerlValue> e : entries) {
                item(e.getValue(), depth + 1, false);
                PerlValue.Str key = e.getKey();
                byte[] keyBytes = key.rawBytes();
                if (flagged) {
                    String text = key.perlText();
                    boolean latin1 = key.utf8() && text.chars().allMatch(c -> c <= 0xff);
                    if (latin1) {
                        keyBytes = text.getBytes(StandardCharsets.ISO_8859_1);
                    }
                    out.write(latin1 ? Sx.SHV_K_WASUTF8 : key.utf8() ? Sx.SHV_K_UTF8 : 0);
                }
                i32(keyBytes.length);
                out.writeBytes(keyBytes);
            }
        }

        /** Perl's {@code sort keys} order: by code point, a byte string's bytes read as latin1. */
        private static int comparePerlText(PerlValue.Str a, PerlValue.Str b) {
            int[] x = a.perlText().codePoints().toArray();
            int[] y = b.perlText().codePoints().toArray();
            return Arrays.compare(x, y);
        }

        private void i32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        }
    }
}
