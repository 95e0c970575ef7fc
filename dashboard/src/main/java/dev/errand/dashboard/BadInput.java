package dev.errand.dashboard;

/** A request parameter that is missing, too long or of the wrong type: answered 400 with this message. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message, null, false, false);
    }
}
