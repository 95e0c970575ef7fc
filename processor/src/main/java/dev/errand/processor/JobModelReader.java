package dev.errand.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.errand.config.Durations;
import dev.errand.job.Names;
import dev.errand.processor.SupportedTypes.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads a class with {@code @Job} methods into an immutable {@link JobModel}, and owns every
 * validation rule. All problems of a class are reported (each on the most specific element) before
 * the class is given up; a signature that refers to a type that does not exist yet throws
 * {@link MissingTypeException} before anything is reported, so the class can be retried.
 */
final class JobModelReader {
    static final String JOB_ANNOTATION = "dev.errand.Job";
    static final String SUPPORTED_TYPES_ADVICE =
            "use a String, a record, a collection of supported types or a class with a public no-arg constructor";

    private final Elements elements;
    private final ErrorReporter reporter;
    private final SupportedTypes supportedTypes;

    JobModelReader(Elements elements, SupportedTypes supportedTypes, ErrorReporter reporter) {
        this.elements = elements;
        this.supportedTypes = supportedTypes;
        this.reporter = reporter;
    }

    /** The {@code @Job} methods declared directly in {@code type}, in source order. */
    static List<ExecutableElement> jobMethods(TypeElement type) {
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .filter(m -> jobAnnotation(m) != null)
                .toList();
    }

    static AnnotationMirror jobAnnotation(Element method) {
        for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
            TypeElement annotationType =
                    (TypeElement) mirror.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(JOB_ANNOTATION)) {
                return mirror;
            }
        }
        return null;
    }

    /**
     * The model of {@code type}, or empty when it had errors (already reported).
     *
     * @throws MissingTypeException when a {@code @Job} signature refers to a type that does not exist yet
     */
    Optional<JobModel> read(TypeElement type) throws MissingTypeException {
        List<ExecutableElement> methods = jobMethods(type);
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        ClassName target = ClassName.get(type);
        ClassName jobsClass = GeneratedNames.jobsClass(target);
        ClassName dispatcherClass = GeneratedNames.dispatcherClass(target);

        failOnMissingTypes(methods, packageName);

        int errorsBefore = reporter.errorCount();
        checkEnclosingType(type, jobsClass, dispatcherClass);
        List<MethodDraft> drafts = new ArrayList<>();
        for (ExecutableElement method : methods) {
            MethodDraft draft = readMethod(type, method, packageName, dispatcherClass);
            if (draft != null) {
                drafts.add(draft);
            }
        }
        if (reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }

        List<String> constants = GeneratedNames.constantNames(
                drafts.stream().map(d -> d.method.getSimpleName().toString()).toList(),
                drafts.stream().map(MethodDraft::jobName).toList());
        List<JobMethodModel> models = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            models.add(drafts.get(i).toModel(constants.get(i)));
        }
        boolean usesDeprecated = isDeprecated(type) || drafts.stream().anyMatch(d -> d.deprecated);
        return Optional.of(new JobModel(type, target, jobsClass, dispatcherClass, models, usesDeprecated));
    }

    private void failOnMissingTypes(List<ExecutableElement> methods, String packageName) throws MissingTypeException {
        for (ExecutableElement method : methods) {
            AnnotationMirror job = jobAnnotation(method);
            for (String attribute : List.of("name", "queue", "timeout", "priority", "maxAttempts")) {
                Object value = value(job, attribute).getValue();
                boolean expected = attribute.equals("priority") || attribute.equals("maxAttempts")
                        ? value instanceof Integer
                        : value instanceof String;
                if (!expected) { // javac reports the unresolved constant itself
                    throw new MissingTypeException(
                            method,
                            "@Job method " + describe(method) + " uses a value in @Job(" + attribute
                                    + ") that is not defined");
                }
            }
            for (VariableElement parameter : method.getParameters()) {
                Verdict verdict = supportedTypes.check(parameter.asType(), packageName);
                if (verdict.kind() == Verdict.Kind.MISSING) {
                    String where = verdict.via() == null
                            ? ""
                            : " " + TypeRendering.canonical(parameter.asType()) + " whose " + verdict.via()
                                    + " has type";
                    throw new MissingTypeException(
                            parameter,
                            "@Job method " + describe(method) + " has parameter '"
                                    + parameter.getSimpleName() + "' of type" + where + " " + verdict.offender()
                                    + " that is not defined");
                }
            }
            TypeMirror returnType = method.getReturnType();
            if (returnType.getKind() != TypeKind.VOID
                    && supportedTypes.check(returnType, packageName).kind() == Verdict.Kind.MISSING) {
                throw new MissingTypeException(
                        method,
                        "@Job method " + describe(method) + " returns "
                                + supportedTypes.check(returnType, packageName).offender() + " that is not defined");
            }
        }
    }

    private void checkEnclosingType(TypeElement type, ClassName jobsClass, ClassName dispatcherClass) {
        String name = type.getQualifiedName().toString();
        switch (type.getKind()) {
            case INTERFACE:
            case ANNOTATION_TYPE:
            case ENUM: {
                String what = type.getKind() == ElementKind.INTERFACE
                        ? "an interface"
                        : type.getKind() == ElementKind.ENUM ? "an enum" : "an annotation type";
                reporter.error(
                        type,
                        null,
                        null,
                        "[JobEnclosing] %s is %s, but @Job methods must be declared in a class or record whose "
                                + "instance the worker registers; put @Job on the methods of a class",
                        name,
                        what);
                break;
            }
            default:
                if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
                    reporter.error(
                            type,
                            null,
                            null,
                            "[JobEnclosing] %s is a local or anonymous class, which generated code cannot refer to; "
                                    + "move the @Job methods to a top-level or static nested class",
                            type.getSimpleName().length() == 0 ? "an anonymous class" : type.getSimpleName());
                } else if (type.getNestingKind() == NestingKind.MEMBER
                        && !type.getModifiers().contains(Modifier.STATIC)) {
                    reporter.error(
                            type,
                            null,
                            null,
                            "[JobEnclosing] %s is an inner class, so each instance belongs to an instance of %s; "
                                    + "make it a static nested class or a top-level class",
                            name,
                            ((TypeElement) type.getEnclosingElement()).getQualifiedName());
                }
        }
        if (!type.getTypeParameters().isEmpty()) {
            reporter.error(
                    type,
                    null,
                    null,
                    "[JobGenericClass] %s declares type parameters %s, so the worker cannot know the types of its "
                            + "@Job arguments; move the @Job methods to a class without type parameters",
                    name,
                    typeParameters(type.getTypeParameters()));
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.error(
                        e,
                        null,
                        null,
                        "[JobClassAccess] %s is private, so the generated %s and %s cannot refer to %s; "
                                + "make it package-private or public",
                        ((TypeElement) e).getQualifiedName(),
                        jobsClass.simpleName(),
                        dispatcherClass.simpleName(),
                        name);
                break;
            }
        }
    }

    /** Reads and checks one method; null when it had errors (reported). */
    private MethodDraft readMethod(
            TypeElement type, ExecutableElement method, String packageName, ClassName dispatcherClass) {
        int errorsBefore = reporter.errorCount();
        String description = describe(method);
        AnnotationMirror job = jobAnnotation(method);

        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            reporter.error(
                    method,
                    null,
                    null,
                    "[JobPrivate] @Job method %s is private, so the generated %s cannot call it; "
                            + "make it package-private, protected or public",
                    description,
                    dispatcherClass.simpleName());
        }
        if (method.getModifiers().contains(Modifier.STATIC)) {
            reporter.error(
                    method,
                    null,
                    null,
                    "[JobStatic] @Job method %s is static; @Job methods are called on the instance the worker "
                            + "registers; make it an instance method",
                    description);
        }
        if (!method.getTypeParameters().isEmpty()) {
            reporter.error(
                    method,
                    null,
                    null,
                    "[JobGenericMethod] @Job method %s declares type parameters %s, but job arguments are decoded "
                            + "into the declared types; use concrete types instead of type parameters",
                    description,
                    typeParameters(method.getTypeParameters()));
        }

        String methodName = method.getSimpleName().toString();
        String jobName = readName(type, method, job, description);
        String queue = readQueue(job, method, description);
        int priority = (Integer) value(job, "priority").getValue();
        int maxAttempts = readMaxAttempts(job, method, description);
        long timeoutMillis = readTimeout(job, method, description);

        List<JobMethodModel.Parameter> parameters = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            TypeMirror parameterType = parameter.asType();
            Verdict verdict = supportedTypes.check(parameterType, packageName);
            if (!verdict.ok()) {
                reporter.error(
                        parameter,
                        null,
                        null,
                        "[JobParamType] @Job method %s has parameter '%s' of type %s that Errand cannot send as JSON%s; %s",
                        description,
                        parameter.getSimpleName(),
                        TypeRendering.canonical(parameterType),
                        detail(verdict, parameterType),
                        SUPPORTED_TYPES_ADVICE);
            } else {
                parameters.add(new JobMethodModel.Parameter(
                        parameter.getSimpleName().toString(), TypeRendering.typeName(parameterType)));
            }
        }
        TypeMirror returnType = method.getReturnType();
        if (returnType.getKind() != TypeKind.VOID && !isVoidBox(returnType)) {
            Verdict verdict = supportedTypes.check(returnType, packageName);
            if (!verdict.ok()) {
                reporter.error(
                        method,
                        null,
                        null,
                        "[JobReturnType] @Job method %s returns %s that Errand cannot send back as JSON%s; "
                                + "return void or %s",
                        description,
                        TypeRendering.canonical(returnType),
                        detail(verdict, returnType),
                        SUPPORTED_TYPES_ADVICE.substring("use ".length()));
            }
        }
        if (reporter.errorCount() > errorsBefore) {
            return null;
        }
        boolean deprecated = isDeprecated(method) || usesDeprecatedType(method);
        return new MethodDraft(
                method,
                methodName,
                jobName,
                queue,
                priority,
                maxAttempts,
                timeoutMillis,
                TypeRendering.typeName(returnType),
                parameters,
                method.isVarArgs(),
                deprecated,
                signature(method));
    }

    private String readName(TypeElement type, ExecutableElement method, AnnotationMirror job, String description) {
        AnnotationValue value = value(job, "name");
        String explicit = (String) value.getValue();
        if (explicit.isEmpty()) {
            String name =
                    GeneratedNames.defaultJobName(type, method.getSimpleName().toString());
            if (!Names.isJobName(name)) {
                reporter.error(
                        method,
                        job,
                        null,
                        "[JobName] the default job name '%s' of @Job method %s is not a valid job name; "
                                + "set @Job(name = ...) to 1 to 128 letters, digits or _ . : $ -",
                        name,
                        description);
            }
            return name;
        }
        if (!Names.isJobName(explicit)) {
            reporter.error(
                    method,
                    job,
                    explicitValue(job, "name"),
                    "[JobName] @Job(name = \"%s\") on %s is not a valid job name; use 1 to 128 letters, digits or _ . : $ -",
                    explicit,
                    description);
        }
        return explicit;
    }

    private String readQueue(AnnotationMirror job, ExecutableElement method, String description) {
        String queue = (String) value(job, "queue").getValue();
        if (!Names.isQueue(queue)) {
            reporter.error(
                    method,
                    job,
                    explicitValue(job, "queue"),
                    "[JobQueue] @Job(queue = \"%s\") on %s is not a valid queue name; use 1 to 64 letters, digits or _ . : -",
                    queue,
                    description);
        }
        return queue;
    }

    private int readMaxAttempts(AnnotationMirror job, ExecutableElement method, String description) {
        int maxAttempts = (Integer) value(job, "maxAttempts").getValue();
        if (maxAttempts < 1) {
            reporter.error(
                    method,
                    job,
                    explicitValue(job, "maxAttempts"),
                    "[JobMaxAttempts] @Job(maxAttempts = %d) on %s must be at least 1; use 1 for a job that is never retried",
                    maxAttempts,
                    description);
        }
        return maxAttempts;
    }

    private long readTimeout(AnnotationMirror job, ExecutableElement method, String description) {
        String text = (String) value(job, "timeout").getValue();
        AnnotationValue where = explicitValue(job, "timeout");
        Duration timeout;
        try {
            timeout = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            reporter.error(
                    method,
                    job,
                    where,
                    "[JobTimeout] @Job(timeout = \"%s\") on %s is not a duration; use %s",
                    text,
                    description,
                    Durations.FORMAT);
            return 0;
        }
        long millis;
        try {
            millis = timeout.toMillis();
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        String problem = timeout.isNegative() || timeout.isZero()
                ? "is not positive"
                : millis == 0 ? "is shorter than 1ms" : millis == Long.MAX_VALUE ? "is too long" : null;
        if (problem != null) {
            reporter.error(
                    method,
                    job,
                    where,
                    "[JobTimeout] @Job(timeout = \"%s\") on %s %s; use a duration of at least 1ms such as \"30s\" or \"5m\"",
                    text,
                    description,
                    problem);
        }
        return millis;
    }

    /** The value of {@code attribute}, with the default when it is not set. */
    private AnnotationValue value(AnnotationMirror annotation, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                elements.getElementValuesWithDefaults(annotation).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("@Job has no attribute " + attribute + ": " + annotation);
    }

    /** The value of {@code attribute} if it is written in the source (to point at it), else null. */
    static AnnotationValue explicitValue(AnnotationMirror annotation, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                annotation.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@code (java.lang.String url, int depth)}: the canonical parameter list. */
    static String signature(ExecutableElement method) {
        return method.getParameters().stream()
                .map(p -> TypeRendering.canonical(p.asType()) + " " + p.getSimpleName())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code fetchSummary(java.lang.String url)}, the way messages name a method. */
    static String describe(ExecutableElement method) {
        return method.getSimpleName() + signature(method);
    }

    private static String detail(Verdict verdict, TypeMirror declared) {
        String offender = TypeRendering.canonical(verdict.offender());
        boolean sameType = verdict.via() == null && offender.equals(TypeRendering.canonical(declared));
        if (sameType && verdict.reason() == null) {
            return "";
        }
        return " (" + (verdict.via() == null ? "" : verdict.via() + ": ") + offender + " "
                + (verdict.reason() == null ? "is not supported" : verdict.reason()) + ")";
    }

    private static String typeParameters(List<? extends TypeParameterElement> parameters) {
        return parameters.stream().map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", ", "<", ">"));
    }

    private static boolean isVoidBox(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement())
                        .getQualifiedName()
                        .contentEquals("java.lang.Void");
    }

    private boolean isDeprecated(Element element) {
        for (Element e = element;
                e instanceof TypeElement || e instanceof ExecutableElement;
                e = e.getEnclosingElement()) {
            if (elements.isDeprecated(e)) {
                return true;
            }
        }
        return false;
    }

    private boolean usesDeprecatedType(ExecutableElement method) {
        List<TypeMirror> typesInSignature = new ArrayList<>();
        method.getParameters().forEach(p -> typesInSignature.add(p.asType()));
        typesInSignature.add(method.getReturnType());
        while (!typesInSignature.isEmpty()) {
            TypeMirror t = typesInSignature.remove(typesInSignature.size() - 1);
            if (t.getKind() == TypeKind.ARRAY) {
                typesInSignature.add(((ArrayType) t).getComponentType());
            } else if (t.getKind() == TypeKind.DECLARED) {
                DeclaredType declared = (DeclaredType) t;
                if (isDeprecated(declared.asElement())) {
                    return true;
                }
                typesInSignature.addAll(declared.getTypeArguments());
            }
        }
        return false;
    }

    /** A method that passed its checks, waiting for its constant name. */
    private record MethodDraft(
            ExecutableElement method,
            String methodName,
            String jobName,
            String queue,
            int priority,
            int maxAttempts,
            long timeoutMillis,
            TypeName returnType,
            List<JobMethodModel.Parameter> parameters,
            boolean varargs,
            boolean deprecated,
            String signature) {

        JobMethodModel toModel(String constantName) {
            return new JobMethodModel(
                    method,
                    methodName,
                    jobName,
                    constantName,
                    queue,
                    priority,
                    maxAttempts,
                    timeoutMillis,
                    returnType,
                    parameters,
                    varargs,
                    deprecated,
                    signature);
        }
    }
}
