package dev.errand.storable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a network-order Storable image, as Perl's {@code nfreeze} writes it and {@code thaw} reads it, into a
 * {@link PerlValue}. The {@code pst0} file form ({@code nstore}) is accepted too. Trailing bytes after the root item are
 * ignored, as {@code thaw} ignores them.
 *
 * <p>Refused, with the item's name and offset: native-order images ({@code freeze}), code references, {@code
 * STORABLE_freeze} hooks, tied data, regexps, v-strings, native integers and doubles, items larger than 2 GiB, cyclic
 * references and unknown items. Every length is checked against the bytes left before anything is allocated.
 *
 * <p>A reader is immutable and may be shared between threads.
 */
public final class StorableReader {
    private static final byte[] FILE_MAGIC = {'p', 's', 't', '0'};

    private final StorableLimits limits;

    public StorableReader(StorableLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits == null");
    }

    /** A reader with {@link StorableLimits#DEFAULTS}. */
    public StorableReader() {
        this(StorableLimits.DEFAULTS);
    }

    /**
     * Whether {@code image} starts like a Storable image, the test TheSchwartz's {@code _cond_thaw} makes before it
     * thaws {@code arg}: an optional {@code pst0}, then a header byte of major version 2 to 5. Anything else is plain
     * bytes to Perl.
     */
    public static boolean looksLikeStorable(byte[] image) {
        int at = startsWithFileMagic(image) ? FILE_MAGIC.length : 0;
        if (image.length <= at) {
            return false;
        }
        int major = (image[at] & 0xff) >> 1;
        return major >= 2 && major <= 5;
    }

    /** The Perl value {@code thaw(image)} would return the referent of. */
    public PerlValue read(byte[] image) {
        Objects.requireNonNull(image, "image == null");
        if (image.length > limits.maxBytes()) {
            throw new StorableException(
                    "Storable image of " + image.length + " bytes is larger than maxBytes (" + limits.maxBytes() + ")");
        }
        return new Parse(image, limits).image();
    }

    private static boolean startsWithFileMagic(byte[] image) {
        if (image.length < FILE_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < FILE_MAGIC.length; i++) {
            if (image[i] != FILE_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** One read of one image: the cursor, the tag table of items seen and the class names. */
    private static final class Parse {
        /** Marks a tag whose item is still being read: a reference to it is a cycle. */
        private static final PerlValue IN_PROGRESS = new PerlValue.Ref(PerlValue.Undef.UNDEF);

        private final byte[] in;
        private final StorableLimits limits;
        private final List<PerlValue> tags = new ArrayList<>();
        private final List<String> classes = new ArrayList<>();
        private int pos;
        private int items;

        Parse(byte[] in, StorableLimits limits) {
            this.in = in;
            this.limits = limits;
        }

        PerlValue image() {
            if (startsWithFileMagic(in)) {
                pos = FILE_MAGIC.length;
            }
            if (pos >= in.length) {
                throw new StorableException("not a Storable image: it is empty", pos);
            }
            int header = u8();
            int major = header >> 1;
            if (header == Sx.NETORDER_MAJOR2 - 1) {
                throw new StorableException(
                        "native-order Storable (freeze, not nfreeze) is not supported: its integers depend on the"
                                + " writing machine; freeze with Storable::nfreeze",
                        pos - 1);
            }
            if (header != Sx.NETORDER_MAJOR2) {
                throw new StorableException(
                        String.format(
                                "not a network-order Storable image: header byte 0x%02x (major version %d, expected 2)",
                                header, major),
                        pos - 1);
            }
            u8(); // minor version: every minor of major 2 shares the items read here; unknown items are refused
            return item(1);
        }

        private PerlValue item(int depth) {
            int at = pos;
            int marker = u8();
            if (++items > limits.maxItems()) {
                throw new StorableException(
                        "Storable image has more than maxItems (" + limits.maxItems() + ") items", at);
            }
            return switch (marker) {
                case Sx.OBJECT -> seenBefore(at);
                case Sx.UNDEF -> seen(PerlValue.Undef.UNDEF);
                case Sx.SV_UNDEF, Sx.SVUNDEF_ELEM -> seen(PerlValue.Undef.SV_UNDEF);
                case Sx.SV_YES -> seen(PerlValue.Bool.YES);
                case Sx.SV_NO -> seen(PerlValue.Bool.NO);
                case Sx.BYTE -> seen(new PerlValue.Int(u8() - 128));
                case Sx.NETINT -> seen(new PerlValue.Int(i32()));
                case Sx.SCALAR -> seen(new PerlValue.Str(bytes(u8(), at), false));
                case Sx.LSCALAR -> seen(new PerlValue.Str(bytes(length(at), at), false));
                case Sx.UTF8STR -> seen(utf8(bytes(u8(), at), at));
                case Sx.LUTF8STR -> seen(utf8(bytes(length(at), at), at));
                case Sx.ARRAY -> array(depth, at);
                case Sx.HASH -> hash(depth, at, false);
                case Sx.FLAG_HASH -> hash(depth, at, true);
                case Sx.REF, Sx.OVERLOAD, Sx.WEAKREF, Sx.WEAKOVERLOAD -> ref(depth, at);
                case Sx.BLESS -> blessed(depth, at, newClass(at));
                case Sx.IX_BLESS -> blessed(depth, at, knownClass(at));
                default ->
                    throw new StorableException(
                            "unsupported Storable item " + Sx.describe(marker) + ": " + Sx.whyNotRead(marker), at);
            };
        }

        /** Arrays, hashes, references to anything else, and blessings are levels of nesting; scalars are not. */
        private void nest(int depth, int at) {
            if (depth > limits.maxDepth()) {
                throw new StorableException(
                        "Storable data nested deeper than maxDepth (" + limits.maxDepth() + ")", at);
            }
        }

        private PerlValue seen(PerlValue value) {
            tags.add(value);
            return value;
        }

        private PerlValue seenBefore(int at) {
            int tag = i32();
            if (tag < 0 || tag >= tags.size()) {
                throw new StorableException(
                        "SX_OBJECT refers to item " + tag + " but only " + tags.size() + " items came before it", at);
            }
            PerlValue value = tags.get(tag);
            if (value == IN_PROGRESS) {
                throw new StorableException(
                        "cyclic reference: SX_OBJECT refers to item " + tag
                                + ", which contains it; cyclic data cannot be read as a tree",
                        at);
            }
            return value;
        }

        private PerlValue array(int depth, int at) {
            nest(depth, at);
            int size = count(at, 1);
            int tag = reserve();
            List<PerlValue> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(item(depth + 1));
            }
            return done(tag, new PerlValue.Array(list));
        }

        private PerlValue hash(int depth, int at, boolean flagged) {
            nest(depth, at);
            if (flagged) {
                u8(); // hash flags: a restricted (locked) hash reads as a plain one
            }
            int size = count(at, flagged ? 6 : 5);
            int tag = reserve();
            Map<PerlValue.Str, PerlValue> entries = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                PerlValue value = item(depth + 1);
                int keyAt = pos;
                int flags = flagged ? u8() : 0;
                if ((flags & Sx.SHV_K_ISSV) != 0) {
                    throw new StorableException(
                            "unsupported Storable hash key stored as a Perl value (SHV_K_ISSV)", keyAt);
                }
                byte[] key = bytes(length(keyAt), keyAt);
                if ((flags & Sx.SHV_K_PLACEHOLDER) != 0) {
                    continue; // a deleted key of a restricted hash: not visible in Perl
                }
                entries.put(key(key, flags, keyAt), value);
            }
            return done(tag, new PerlValue.Hash(entries));
        }

        private PerlValue.Str key(byte[] key, int flags, int at) {
            if ((flags & Sx.SHV_K_UTF8) != 0) {
                return utf8(key, at);
            }
            if ((flags & Sx.SHV_K_WASUTF8) != 0) {
                // a character-string key Perl downgraded to latin1 for storage: its bytes are code points
                String text = new String(key, StandardCharsets.ISO_8859_1);
                return new PerlValue.Str(text.getBytes(StandardCharsets.UTF_8), true);
            }
            return new PerlValue.Str(key, false);
        }

        private PerlValue ref(int depth, int at) {
            nest(depth, at);
            int tag = reserve();
            int next = pos < in.length ? in[pos] & 0xff : -1;
            boolean container = next == Sx.ARRAY || next == Sx.HASH || next == Sx.FLAG_HASH;
            return done(tag, new PerlValue.Ref(item(container ? depth : depth + 1)));
        }

        private PerlValue blessed(int depth, int at, String className) {
            nest(depth, at); // a blessed value is one level, so that a chain of blessings cannot recurse unbounded
            int tag = tags.size(); // the blessed item takes the tag of the value that follows
            PerlValue value = item(depth + 1);
            if (tag >= tags.size()) {
                throw new StorableException("blessed item of class " + className + " has no value of its own", at);
            }
            return done(tag, new PerlValue.Blessed(className, value, at));
        }

        private String newClass(int at) {
            int length = u8();
            if ((length & 0x80) != 0) {
                length = length(at);
            }
            String name = new String(bytes(length, at), StandardCharsets.UTF_8);
            classes.add(name);
            return name;
        }

        private String knownClass(int at) {
            int index = u8();
            if ((index & 0x80) != 0) {
                index = length(at);
            }
            if (index >= classes.size()) {
                throw new StorableException(
                        "SX_IX_BLESS refers to class " + index + " but only " + classes.size()
                                + " classes came before it",
                        at);
            }
            return classes.get(index);
        }

        private int reserve() {
            tags.add(IN_PROGRESS);
            return tags.size() - 1;
        }

        private PerlValue done(int tag, PerlValue value) {
            tags.set(tag, value);
            return value;
        }

        private PerlValue.Str utf8(byte[] bytes, int at) {
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new StorableException("Perl character string is not valid UTF-8", at);
            }
            return new PerlValue.Str(bytes, true);
        }

        /** An element count, checked so that {@code size} items of {@code minBytes} each fit in what is left. */
        private int count(int at, int minBytes) {
            int size = length(at);
            if ((long) size * minBytes > in.length - pos) {
                throw new StorableException(
                        Sx.describe(in[at] & 0xff) + " announces " + size + " elements, more than the "
                                + (in.length - pos) + " bytes left can hold",
                        at);
            }
            return size;
        }

        /** A 32-bit length in network order; negative ones (2^31 and above) are refused. */
        private int length(int at) {
            int length = i32();
            if (length < 0) {
                throw new StorableException(
                        "length field " + Integer.toUnsignedLong(length) + " of " + Sx.describe(in[at] & 0xff)
                                + " is 2^31 or more",
                        at);
            }
            return length;
        }

        private byte[] bytes(int length, int at) {
            if (length > in.length - pos) {
                throw new StorableException(
                        Sx.describe(in[at] & 0xff) + " announces " + length + " bytes but only " + (in.length - pos)
                                + " are left (truncated image?)",
                        at);
            }
            byte[] out = new byte[length];
            System.arraycopy(in, pos, out, 0, length);
            pos += length;
            return out;
        }

        private int u8() {
            need(1);
            return in[pos++] & 0xff;
        }

        private int i32() {
            need(4);
            int v = ((in[pos] & 0xff) << 24)
                    | ((in[pos + 1] & 0xff) << 16)
                    | ((in[pos + 2] & 0xff) << 8)
                    | (in[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        private void need(int n) {
            if (in.length - pos < n) {
                throw new StorableException(
                        "truncated Storable image: " + n + " more bytes needed, " + (in.length - pos) + " left", pos);
            }
        }
    }
}
