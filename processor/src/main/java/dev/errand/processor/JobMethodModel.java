package dev.errand.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.ExecutableElement;

/**
 * One validated {@code @Job} method.
 *
 * @param element the method; only used to attach diagnostics (duplicate names)
 * @param methodName the Java method name, e.g. {@code fetchSummary}
 * @param jobName the unique job name, e.g. {@code BookmarkService.fetchSummary}
 * @param constantName the {@code JobDefinition} constant in the stub, e.g. {@code FETCH_SUMMARY}
 * @param returnType the declared return type; {@code void} is {@link TypeName#VOID}
 * @param parameters the parameters in declaration order
 * @param varargs whether the last parameter is declared as varargs
 * @param deprecated whether the method is {@code @Deprecated}
 * @param signature the canonical parameter list, e.g. {@code (java.lang.String url, int depth)}
 * @param recurring its {@code @Recurring} schedule, or null
 */
record JobMethodModel(
        ExecutableElement element,
        String methodName,
        String jobName,
        String constantName,
        String queue,
        int priority,
        int maxAttempts,
        long timeoutMillis,
        TypeName returnType,
        List<Parameter> parameters,
        boolean varargs,
        boolean deprecated,
        String signature,
        RecurringReader.RecurringModel recurring) {

    JobMethodModel {
        Objects.requireNonNull(methodName, "methodName == null");
        Objects.requireNonNull(jobName, "jobName == null");
        Objects.requireNonNull(constantName, "constantName == null");
        Objects.requireNonNull(queue, "queue == null");
        Objects.requireNonNull(returnType, "returnType == null");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(signature, "signature == null");
    }

    /** A parameter: its source name and declared type. */
    record Parameter(String name, TypeName type) {
        Parameter {
            Objects.requireNonNull(name, "name == null");
            Objects.requireNonNull(type, "type == null");
        }
    }
}
