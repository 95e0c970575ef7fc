package dev.errand.storable;

/**
 * Limits for untrusted images, checked before anything is allocated: the image size, the nesting depth and the number
 * of items (the tree a bridge builds from shared references counts each copy).
 *
 * @param maxBytes largest image read or written, in bytes
 * @param maxDepth deepest nesting of arrays, hashes and references
 * @param maxItems most items in one image
 */
public record StorableLimits(int maxBytes, int maxDepth, int maxItems) {
    /** Errand's payload defaults: 1 MiB ({@code errand.payload.maxBytes}), depth 64, 1,000,000 items. */
    public static final StorableLimits DEFAULTS = new StorableLimits(1 << 20, 64, 1_000_000);

    public StorableLimits {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be >= 2 but was " + maxBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1 but was " + maxDepth);
        }
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be >= 1 but was " + maxItems);
        }
    }
}
