package dev.errand.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.TypeElement;

/**
 * Everything the generators need about one class with {@code @Job} methods, already validated.
 *
 * @param element the annotated class; only used as the originating element of generated files
 * @param target the annotated class, e.g. {@code com.example.BookmarkService}
 * @param jobsClass the typed stub to generate, e.g. {@code com.example.BookmarkServiceJobs}
 * @param dispatcherClass the dispatcher to generate, e.g. {@code com.example.BookmarkServiceDispatcher}
 * @param methods the {@code @Job} methods in source order
 * @param usesDeprecated whether the class, a job method or a type in a signature is deprecated
 */
record JobModel(
        TypeElement element,
        ClassName target,
        ClassName jobsClass,
        ClassName dispatcherClass,
        List<JobMethodModel> methods,
        boolean usesDeprecated) {

    JobModel {
        Objects.requireNonNull(element, "element == null");
        Objects.requireNonNull(target, "target == null");
        Objects.requireNonNull(jobsClass, "jobsClass == null");
        Objects.requireNonNull(dispatcherClass, "dispatcherClass == null");
        methods = List.copyOf(methods);
    }
}
