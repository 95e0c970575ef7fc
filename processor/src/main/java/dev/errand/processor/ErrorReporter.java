package dev.errand.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The one way the processor talks to the user. Every error is attached to the most specific
 * element (and annotation value) so javac and IDEs mark the exact line, and every message starts
 * with a stable key in brackets, e.g. {@code [JobPrivate]}, that tests and documentation refer to.
 *
 * <p>Reporting an error never throws: the processor keeps going so that one compilation shows
 * every mistake of a type, and then skips only that type.
 */
final class ErrorReporter {
    private final Messager messager;
    private final boolean debug;
    private int errorCount;

    ErrorReporter(Messager messager, boolean debug) {
        this.messager = messager;
        this.debug = debug;
    }

    /**
     * Reports a compile error on {@code element} (none when null), and on {@code annotation}/{@code value} when they
     * are not null. {@code format} starts with the message key, e.g. {@code "[JobStatic] ..."}.
     */
    void error(Element element, AnnotationMirror annotation, AnnotationValue value, String format, Object... args) {
        String message = String.format(format, args);
        if (element == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message);
        } else if (annotation == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        } else if (value == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
        }
        errorCount++;
    }

    /**
     * A failure that is not a mistake in the user's code (a bug in the processor, an unwritable
     * output), reported with its stack trace. {@code what} says what failed and what to do.
     */
    void internalError(Element element, String what, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String message = "[JobProcessorFailure] " + what + "\n" + trace;
        if (element == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        }
        errorCount++;
    }

    /** A note that is printed only when the processor runs with {@code -Adebug}. */
    void debug(String format, Object... args) {
        if (debug) {
            messager.printMessage(Diagnostic.Kind.NOTE, "[errand] " + String.format(format, args));
        }
    }

    /** Errors reported so far; a reader compares counts to know whether a type had errors. */
    int errorCount() {
        return errorCount;
    }
}
