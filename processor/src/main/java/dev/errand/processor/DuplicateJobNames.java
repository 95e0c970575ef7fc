package dev.errand.processor;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Job names must be unique in the compilation: the worker finds a job's method by its name. This
 * remembers the names of every round and reports a duplicate on both methods, each message naming
 * the other one.
 */
final class DuplicateJobNames {
    private final Map<String, Seen> seen = new HashMap<>();

    /** Where a name was first used; {@code method} and {@code model} only for the current round. */
    private static final class Seen {
        final String typeName;
        final String description;
        ExecutableElement method;
        JobModel model;

        Seen(String typeName, String description, ExecutableElement method, JobModel model) {
            this.typeName = typeName;
            this.description = description;
            this.method = method;
            this.model = model;
        }
    }

    /** Reports duplicates among {@code models} and earlier rounds; returns the models that must not be generated. */
    Set<JobModel> check(List<JobModel> models, Elements elements, ErrorReporter reporter) {
        for (Seen s : seen.values()) { // elements of earlier rounds are looked up again when needed
            s.method = null;
            s.model = null;
        }
        Set<JobModel> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (JobModel model : models) {
            String typeName = model.target().canonicalName();
            for (JobMethodModel method : model.methods()) {
                String description = typeName + "." + JobModelReader.describe(method.element());
                Seen first = seen.get(method.jobName());
                if (first == null) {
                    seen.put(method.jobName(), new Seen(typeName, description, method.element(), model));
                    continue;
                }
                failed.add(model);
                if (first.model != null) {
                    failed.add(first.model);
                }
                report(reporter, method.element(), method.jobName(), description, first.description);
                ExecutableElement other = first.method != null ? first.method : find(elements, first);
                if (other != null) {
                    report(reporter, other, method.jobName(), first.description, description);
                }
            }
        }
        return failed;
    }

    private static void report(
            ErrorReporter reporter, ExecutableElement method, String name, String self, String other) {
        reporter.error(
                method,
                null,
                null,
                "[JobDuplicateName] job name '%s' of @Job method %s is also used by @Job method %s; "
                        + "job names must be unique, so give one of them @Job(name = \"...\")",
                name,
                self,
                other);
    }

    private static ExecutableElement find(Elements elements, Seen seen) {
        TypeElement type = elements.getTypeElement(seen.typeName);
        if (type == null) {
            return null;
        }
        for (ExecutableElement method : JobModelReader.jobMethods(type)) {
            if (seen.description.equals(seen.typeName + "." + JobModelReader.describe(method))) {
                return method;
            }
        }
        return null;
    }
}
