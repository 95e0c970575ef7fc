package dev.errand.storable;

/**
 * A Storable image that cannot be read, a Perl value that cannot be written or bridged, or a limit that was reached.
 * The message names the item and, when the error is tied to a place in an image, its byte offset.
 */
public final class StorableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    StorableException(String message, long offset) {
        super(offset >= 0 ? message + " (at offset " + offset + ")" : message);
        this.offset = offset;
    }

    StorableException(String message) {
        this(message, -1);
    }

    /** The byte offset in the image the error is about, or -1 when it is not about a place in an image. */
    public long offset() {
        return offset;
    }
}
