package dev.errand.storable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Perl value as Storable stores it: what {@link StorableReader} reads and {@link StorableWriter} writes.
 *
 * <p>The root of an image is the referent of the reference given to {@code nfreeze}: {@code nfreeze({a => 1})}
 * is a {@link Hash}, {@code nfreeze(\"x")} a {@link Str}. Inside, hashes and arrays are always behind a {@link Ref},
 * as in Perl. A value frozen once and referred to twice (a shared reference) is the same Java instance at both places,
 * and {@link StorableWriter} writes such an instance once, as Perl does; cycles are refused by the reader. All values
 * are immutable.
 */
public sealed interface PerlValue {

    /** {@code undef}. */
    enum Undef implements PerlValue {
        /** An undefined scalar ({@code SX_UNDEF}): {@code [undef]}, {@code {a => undef}}. */
        UNDEF,
        /** Perl's immortal undef ({@code SX_SV_UNDEF}): a reference to {@code undef}, a missing array element. */
        SV_UNDEF
    }

    /** An integer Perl stored as a number ({@code SX_BYTE}, {@code SX_NETINT}); wider ones arrive as {@link Str}. */
    record Int(long value) implements PerlValue {}

    /** Perl's immortal yes and no ({@code SX_SV_YES}, {@code SX_SV_NO}): {@code \!!1} and {@code \!!0}. */
    enum Bool implements PerlValue {
        YES,
        NO
    }

    /**
     * A string: a Perl byte string ({@code utf8 = false}, {@code SX_SCALAR}), or a character string ({@code utf8 =
     * true}, {@code SX_UTF8STR}) whose bytes are its UTF-8 encoding. Perl stores doubles and integers wider than 32 bits
     * as decimal byte strings in network order.
     */
    record Str(byte[] bytes, boolean utf8) implements PerlValue {
        public Str {
            Objects.requireNonNull(bytes, "bytes == null");
            bytes = bytes.clone();
        }

        /** A Perl string holding {@code text}: a byte string when it is all ASCII, else a character string. */
        public static Str of(String text) {
            boolean ascii = text.chars().allMatch(c -> c < 0x80);
            return new Str(text.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8), !ascii);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The characters Perl sees: UTF-8 decoded for a character string, byte = code point for a byte string. */
        public String perlText() {
            return new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }

        int length() {
            return bytes.length;
        }

        byte[] rawBytes() {
            return bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && s.utf8 == utf8 && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (utf8 ? 1 : 0);
        }

        @Override
        public String toString() {
            return (utf8 ? "chars:" : "bytes:") + perlText();
        }
    }

    /** A Perl array ({@code SX_ARRAY}). */
    record Array(List<PerlValue> items) implements PerlValue {
        public Array {
            items = List.copyOf(items);
        }
    }

    /**
     * A Perl hash ({@code SX_HASH}, {@code SX_FLAG_HASH}) in the order it was read or given. A key is a {@link Str}: a
     * key Perl flags as UTF-8, or as downgraded from UTF-8, is a character string.
     */
    record Hash(Map<Str, PerlValue> entries) implements PerlValue {
        public Hash {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /**
     * A reference ({@code SX_REF}, {@code SX_OVERLOAD}, weak ones too) to another value. A reference to a hash or an
     * array is not a level of nesting of its own for the depth limit, so that Perl data is as deep as its JSON tree.
     */
    record Ref(PerlValue target) implements PerlValue {
        public Ref {
            Objects.requireNonNull(target, "target == null");
        }

        /** The nesting depth of the target, this reference being at {@code depth}. */
        int targetDepth(int depth) {
            return target instanceof Hash || target instanceof Array ? depth : depth + 1;
        }
    }

    /** A value blessed into {@code className} ({@code SX_BLESS}, {@code SX_IX_BLESS}), read at {@code offset}. */
    record Blessed(String className, PerlValue value, long offset) implements PerlValue {
        public Blessed {
            Objects.requireNonNull(className, "className == null");
            Objects.requireNonNull(value, "value == null");
        }
    }
}
