package dev.errand.processor;

import javax.lang.model.element.Element;

/**
 * Thrown by {@link JobModelReader} when a {@code @Job} signature refers to a type that does not
 * exist yet, typically one another processor generates in this round. The class is retried in the
 * next round, and in the last round the {@link #element} gets a {@code [JobUndefined]} error.
 */
final class MissingTypeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Element element;
    private final String description;

    /**
     * @param element the parameter or method whose type is missing
     * @param description what refers to the missing type, e.g. {@code @Job method fetch(Summary s) has parameter 's' of type Summary that is not defined}
     */
    MissingTypeException(Element element, String description) {
        super(description, null, false, false);
        this.element = element;
        this.description = description;
    }

    Element element() {
        return element;
    }

    String description() {
        return description;
    }
}
