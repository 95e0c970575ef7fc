package dev.errand.processor;

import dev.errand.job.Cron;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads and checks {@code @Recurring} on a {@code @Job} method: a recurring job runs without arguments, on a cron
 * expression that parses, in a zone that exists. Each mistake is a compile error on the annotation's value.
 */
final class RecurringReader {
    static final String RECURRING_ANNOTATION = "dev.errand.Recurring";

    private final Elements elements;
    private final ErrorReporter reporter;

    RecurringReader(Elements elements, ErrorReporter reporter) {
        this.elements = elements;
        this.reporter = reporter;
    }

    /** The method's schedule, or null when it has no {@code @Recurring} or the annotation has errors (reported). */
    RecurringModel read(ExecutableElement method, String jobName, String description) {
        AnnotationMirror recurring = annotation(method);
        if (recurring == null) {
            return null;
        }
        int errorsBefore = reporter.errorCount();
        if (!method.getParameters().isEmpty()) {
            VariableElement first = method.getParameters().get(0);
            reporter.error(
                    first,
                    null,
                    null,
                    "[RecurringParameters] @Recurring method %s has parameters, but a recurring job runs without "
                            + "arguments; remove them, or schedule a call with arguments at run time with "
                            + "errand.recurring(name, cron, call)",
                    description);
        }
        String cron = (String) value(recurring, "cron").getValue();
        String cronProblem = Cron.problem(cron);
        if (cronProblem != null) {
            reporter.error(
                    method,
                    recurring,
                    JobModelReader.explicitValue(recurring, "cron"),
                    "[RecurringCron] @Recurring(cron = \"%s\") on %s: %s",
                    cron,
                    description,
                    cronProblem);
        }
        String zone = (String) value(recurring, "zone").getValue();
        try {
            Cron.zoneOf(zone);
        } catch (IllegalArgumentException e) {
            reporter.error(
                    method,
                    recurring,
                    JobModelReader.explicitValue(recurring, "zone"),
                    "[RecurringZone] @Recurring(zone = \"%s\") on %s: %s",
                    zone,
                    description,
                    e.getMessage());
        }
        String name = (String) value(recurring, "name").getValue();
        if (name.isBlank() && !name.isEmpty() || name.length() > 200) {
            reporter.error(
                    method,
                    recurring,
                    JobModelReader.explicitValue(recurring, "name"),
                    "[RecurringName] @Recurring(name = \"%s\") on %s is not a schedule name; use 1 to 200 characters, "
                            + "or leave it out for the job's name %s",
                    name,
                    description,
                    jobName);
        }
        int maxCatchUp = (Integer) value(recurring, "maxCatchUp").getValue();
        if (maxCatchUp < 1) {
            reporter.error(
                    method,
                    recurring,
                    JobModelReader.explicitValue(recurring, "maxCatchUp"),
                    "[RecurringMaxCatchUp] @Recurring(maxCatchUp = %d) on %s must be at least 1",
                    maxCatchUp,
                    description);
        }
        if (reporter.errorCount() > errorsBefore) {
            return null;
        }
        String missed = ((VariableElement) value(recurring, "missed").getValue())
                .getSimpleName()
                .toString();
        return new RecurringModel(name, cron, zone, missed, maxCatchUp);
    }

    private static AnnotationMirror annotation(ExecutableElement method) {
        for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(RECURRING_ANNOTATION)) {
                return mirror;
            }
        }
        return null;
    }

    private AnnotationValue value(AnnotationMirror annotation, String attribute) {
        return JobModelReader.value(elements, annotation, attribute);
    }

    /**
     * A checked {@code @Recurring}.
     *
     * @param name   the schedule name, empty for the job's name
     * @param missed the name of the {@code MissedRuns} constant
     */
    record RecurringModel(String name, String cron, String zone, String missed, int maxCatchUp) {}
}
