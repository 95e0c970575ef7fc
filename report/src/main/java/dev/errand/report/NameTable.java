package dev.errand.report;

import java.util.Arrays;

/**
 * Interns names (job names, worker ids) read from the log into small dense ids, looking them up straight
 * from a slice of the line: a name seen before costs a hash and a compare, no {@code String}. A new name is
 * copied once. The table holds at most {@code limit} names; past that {@link #id} returns -1, which keeps
 * memory bounded even for a log with endlessly many worker ids (a pid per recycled child process).
 */
final class NameTable {
    private final int limit;
    private String[] keys = new String[16]; // the name as the line's chars show it (bytes as Latin-1)
    private String[] names = new String[16]; // the name as text (UTF-8 decoded by the line's subSequence)
    private int[] hashes = new int[16];
    private int[] slots = new int[32]; // id + 1, 0 = empty; open addressing, linear probing
    private int size;

    NameTable(int limit) {
        this.limit = limit;
    }

    /** The id of {@code s[from, to)}, adding it when new; -1 when the table is full. */
    int id(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        int mask = slots.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                break;
            }
            int id = entry - 1;
            if (hashes[id] == h && equals(keys[id], s, from, to)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= limit) {
            return -1;
        }
        int id = size++;
        if (id == names.length) {
            keys = Arrays.copyOf(keys, id * 2);
            names = Arrays.copyOf(names, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        StringBuilder key = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            key.append(s.charAt(i));
        }
        keys[id] = key.toString();
        names[id] = s.subSequence(from, to).toString();
        hashes[id] = h;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    String name(int id) {
        return names[id];
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= limit;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(hashes[id]) & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = id + 1;
        }
        slots = bigger;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private static boolean equals(String key, CharSequence s, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != s.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }
}
