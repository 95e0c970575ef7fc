package dev.errand.storable;

/** Storable's item markers ({@code SX_*} in Storable.xs, format 2.11 as Storable 3.26 writes it). */
final class Sx {
    static final int OBJECT = 0x00;
    static final int LSCALAR = 0x01;
    static final int ARRAY = 0x02;
    static final int HASH = 0x03;
    static final int REF = 0x04;
    static final int UNDEF = 0x05;
    static final int INTEGER = 0x06;
    static final int DOUBLE = 0x07;
    static final int BYTE = 0x08;
    static final int NETINT = 0x09;
    static final int SCALAR = 0x0a;
    static final int TIED_ARRAY = 0x0b;
    static final int TIED_HASH = 0x0c;
    static final int TIED_SCALAR = 0x0d;
    static final int SV_UNDEF = 0x0e;
    static final int SV_YES = 0x0f;
    static final int SV_NO = 0x10;
    static final int BLESS = 0x11;
    static final int IX_BLESS = 0x12;
    static final int HOOK = 0x13;
    static final int OVERLOAD = 0x14;
    static final int TIED_KEY = 0x15;
    static final int TIED_IDX = 0x16;
    static final int UTF8STR = 0x17;
    static final int LUTF8STR = 0x18;
    static final int FLAG_HASH = 0x19;
    static final int CODE = 0x1a;
    static final int WEAKREF = 0x1b;
    static final int WEAKOVERLOAD = 0x1c;
    static final int VSTRING = 0x1d;
    static final int LVSTRING = 0x1e;
    static final int SVUNDEF_ELEM = 0x1f;
    static final int REGEXP = 0x20;
    static final int LOBJECT = 0x21;

    /** The header byte of a network-order image: major version 2, shifted, with the network bit. */
    static final int NETORDER_MAJOR2 = (2 << 1) | 1;
    /** The minor version Storable 3.x writes (STORABLE_BIN_WRITE_MINOR). */
    static final int WRITE_MINOR = 11;

    /** Key flags in {@code SX_FLAG_HASH}. */
    static final int SHV_K_UTF8 = 0x01;

    static final int SHV_K_WASUTF8 = 0x02;
    static final int SHV_K_ISSV = 0x08;
    static final int SHV_K_PLACEHOLDER = 0x10;

    private static final String[] NAMES = {
        "SX_OBJECT",
        "SX_LSCALAR",
        "SX_ARRAY",
        "SX_HASH",
        "SX_REF",
        "SX_UNDEF",
        "SX_INTEGER",
        "SX_DOUBLE",
        "SX_BYTE",
        "SX_NETINT",
        "SX_SCALAR",
        "SX_TIED_ARRAY",
        "SX_TIED_HASH",
        "SX_TIED_SCALAR",
        "SX_SV_UNDEF",
        "SX_SV_YES",
        "SX_SV_NO",
        "SX_BLESS",
        "SX_IX_BLESS",
        "SX_HOOK",
        "SX_OVERLOAD",
        "SX_TIED_KEY",
        "SX_TIED_IDX",
        "SX_UTF8STR",
        "SX_LUTF8STR",
        "SX_FLAG_HASH",
        "SX_CODE",
        "SX_WEAKREF",
        "SX_WEAKOVERLOAD",
        "SX_VSTRING",
        "SX_LVSTRING",
        "SX_SVUNDEF_ELEM",
        "SX_REGEXP",
        "SX_LOBJECT"
    };

    /** {@code SX_CODE (0x1a)}, or {@code unknown item 0x7f}. */
    static String describe(int marker) {
        String hex = String.format("0x%02x", marker);
        return marker < NAMES.length ? NAMES[marker] + " (" + hex + ")" : "unknown item " + hex;
    }

    /** Why the reader refuses an item it has no case for. */
    static String whyNotRead(int marker) {
        return switch (marker) {
            case CODE -> "a code reference cannot be read as data";
            case HOOK -> "an object frozen by its class's STORABLE_freeze hook cannot be read as data";
            case TIED_ARRAY, TIED_HASH, TIED_SCALAR, TIED_KEY, TIED_IDX -> "tied data cannot be read as data";
            case REGEXP -> "a regexp cannot be read as data";
            case VSTRING, LVSTRING -> "a v-string cannot be read as data";
            case INTEGER, DOUBLE -> "a native-order number has no place in a network-order image";
            case LOBJECT -> "items larger than 2 GiB are not read";
            default -> "not an item Storable 3.x writes";
        };
    }

    private Sx() {}
}
