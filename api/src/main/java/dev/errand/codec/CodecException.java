package dev.errand.codec;

/** Arguments or a result could not be encoded or decoded; the message names the job and the value. */
public class CodecException extends RuntimeException {
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public CodecException(String message) {
        super(message);
    }
}
