package dev.errand.processor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether a parameter or return type can travel as JSON and be decoded back into exactly
 * the declared type: primitives and boxes, {@code String}, enums, records (recursively), arrays,
 * {@code List}/{@code Set}/{@code Collection}/{@code Map}/{@code Optional} of supported types,
 * {@code java.time} values, {@code UUID}, {@code BigDecimal}, {@code BigInteger}, and concrete
 * public classes that Jackson can create (a public no-arg or {@code @JsonCreator} constructor).
 */
final class SupportedTypes {
    static final String JSON_CREATOR = "com.fasterxml.jackson.annotation.JsonCreator";

    private static final Set<String> BOXES = Set.of(
            "java.lang.Boolean",
            "java.lang.Byte",
            "java.lang.Short",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Character",
            "java.lang.Float",
            "java.lang.Double");
    private static final Set<String> VALUES = Set.of(
            "java.lang.String",
            "java.util.UUID",
            "java.math.BigDecimal",
            "java.math.BigInteger",
            "java.time.Instant",
            "java.time.Duration",
            "java.time.LocalDate",
            "java.time.LocalDateTime",
            "java.time.LocalTime",
            "java.time.OffsetDateTime",
            "java.time.ZonedDateTime",
            "java.time.Period");
    private static final Set<String> COLLECTIONS = Set.of("java.util.List", "java.util.Set", "java.util.Collection");
    private static final Set<String> MAP_KEYS = Set.of("java.lang.String", "java.util.UUID");
    private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** The outcome of a check; {@link #OK}, a missing (not yet generated) type, or why a type is rejected. */
    record Verdict(Kind kind, TypeMirror offender, String reason, String via) {
        enum Kind {
            OK,
            MISSING,
            UNSUPPORTED
        }

        static final Verdict OK = new Verdict(Kind.OK, null, null, null);

        static Verdict missing(TypeMirror type) {
            return new Verdict(Kind.MISSING, type, null, null);
        }

        /** {@code reason} null means "is not supported" without more to say. */
        static Verdict unsupported(TypeMirror type, String reason) {
            return new Verdict(Kind.UNSUPPORTED, type, reason, null);
        }

        boolean ok() {
            return kind == Kind.OK;
        }

        Verdict via(String path) {
            return new Verdict(kind, offender, reason, via == null ? path : path + ", " + via);
        }
    }

    private final Elements elements;
    private final Types types;

    SupportedTypes(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** Checks {@code type} as used by generated code in package {@code packageName}. */
    Verdict check(TypeMirror type, String packageName) {
        return check(type, packageName, new HashSet<>());
    }

    private Verdict check(TypeMirror type, String packageName, Set<String> recordsInProgress) {
        TypeKind kind = type.getKind();
        if (kind == TypeKind.ERROR) {
            return Verdict.missing(type);
        }
        if (kind.isPrimitive()) {
            return Verdict.OK;
        }
        switch (kind) {
            case ARRAY:
                return check(((ArrayType) type).getComponentType(), packageName, recordsInProgress);
            case DECLARED:
                return checkDeclared((DeclaredType) type, packageName, recordsInProgress);
            case WILDCARD:
                return Verdict.unsupported(type, "is a wildcard");
            case TYPEVAR:
                return Verdict.unsupported(type, "is a type variable");
            default:
                return Verdict.unsupported(type, null);
        }
    }

    private Verdict checkDeclared(DeclaredType type, String packageName, Set<String> recordsInProgress) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        List<? extends TypeMirror> args = type.getTypeArguments();

        String inaccessible = inaccessibility(element, packageName);
        if (inaccessible != null) {
            return Verdict.unsupported(type, inaccessible);
        }
        if (element.getKind() == ElementKind.ENUM || BOXES.contains(name) || VALUES.contains(name)) {
            return Verdict.OK;
        }
        if (COLLECTIONS.contains(name) || name.equals("java.util.Optional")) {
            return args.isEmpty() ? raw(type) : check(args.get(0), packageName, recordsInProgress);
        }
        if (name.equals("java.util.Map")) {
            if (args.isEmpty()) {
                return raw(type);
            }
            Verdict key = checkMapKey(args.get(0));
            Verdict value = check(args.get(1), packageName, recordsInProgress);
            return firstProblem(key, value);
        }
        if (name.equals("java.lang.Object")) {
            return Verdict.unsupported(type, "is too general to decode");
        }
        if (PLATFORM_PACKAGES.stream().anyMatch(name::startsWith)) {
            return Verdict.unsupported(type, null);
        }
        switch (element.getKind()) {
            case RECORD:
                return checkRecord(type, element, packageName, recordsInProgress);
            case INTERFACE:
                return Verdict.unsupported(type, "is an interface, so Errand cannot tell which class to create");
            case ANNOTATION_TYPE:
                return Verdict.unsupported(type, "is an annotation type");
            case CLASS:
                return checkBean(type, element);
            default:
                return Verdict.unsupported(type, null);
        }
    }

    private Verdict checkMapKey(TypeMirror key) {
        if (key.getKind() == TypeKind.ERROR) {
            return Verdict.missing(key);
        }
        if (key.getKind() == TypeKind.DECLARED) {
            TypeElement element = (TypeElement) ((DeclaredType) key).asElement();
            String name = element.getQualifiedName().toString();
            if (element.getKind() == ElementKind.ENUM || BOXES.contains(name) || MAP_KEYS.contains(name)) {
                return Verdict.OK;
            }
        }
        return Verdict.unsupported(key, "cannot be a map key (use String, a boxed primitive, an enum or UUID)");
    }

    private Verdict checkRecord(DeclaredType type, TypeElement record, String packageName, Set<String> inProgress) {
        if (!record.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
            return raw(type);
        }
        String key = TypeRendering.canonical(type);
        if (!inProgress.add(key)) {
            return Verdict.OK; // a recursive record such as Node(List<Node> children): checked further up
        }
        try {
            Verdict result = Verdict.OK;
            for (RecordComponentElement component : record.getRecordComponents()) {
                ExecutableElement accessor = component.getAccessor();
                TypeMirror componentType = accessor == null
                        ? component.asType()
                        : ((ExecutableType) types.asMemberOf(type, accessor)).getReturnType();
                Verdict verdict = check(componentType, packageName, inProgress);
                if (!verdict.ok()) {
                    verdict = verdict.via(
                            "record component " + record.getQualifiedName() + "." + component.getSimpleName());
                }
                result = firstProblem(result, verdict);
            }
            return result;
        } finally {
            inProgress.remove(key);
        }
    }

    /** A class Jackson can create: public, concrete, not generic, static, with a usable constructor. */
    private Verdict checkBean(DeclaredType type, TypeElement element) {
        if (!element.getTypeParameters().isEmpty()) {
            return Verdict.unsupported(
                    types.erasure(type),
                    "is a generic class (only collections, Optional and records may have type arguments)");
        }
        Set<Modifier> modifiers = element.getModifiers();
        if (modifiers.contains(Modifier.ABSTRACT)) {
            return Verdict.unsupported(type, "is abstract");
        }
        if (element.getNestingKind() == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC)) {
            return Verdict.unsupported(type, "is a non-static inner class");
        }
        if (!modifiers.contains(Modifier.PUBLIC)) {
            return Verdict.unsupported(type, "is not public");
        }
        for (ExecutableElement constructor : ElementFilter.constructorsIn(element.getEnclosedElements())) {
            boolean publicNoArg = constructor.getModifiers().contains(Modifier.PUBLIC)
                    && constructor.getParameters().isEmpty();
            if (publicNoArg || hasJsonCreator(constructor)) {
                return Verdict.OK;
            }
        }
        return Verdict.unsupported(type, "has neither a public no-arg constructor nor a @JsonCreator constructor");
    }

    private static boolean hasJsonCreator(ExecutableElement constructor) {
        for (AnnotationMirror annotation : constructor.getAnnotationMirrors()) {
            TypeElement annotationType =
                    (TypeElement) annotation.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(JSON_CREATOR)) {
                return true;
            }
        }
        return false;
    }

    /** Why generated code in {@code packageName} cannot name {@code element}, or null when it can. */
    private String inaccessibility(TypeElement element, String packageName) {
        for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
            Set<Modifier> modifiers = e.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE)) {
                return e == element
                        ? "is private"
                        : "is nested in private class " + ((TypeElement) e).getQualifiedName();
            }
            if (modifiers.contains(Modifier.PROTECTED) || !modifiers.contains(Modifier.PUBLIC)) {
                PackageElement pkg = elements.getPackageOf(e);
                if (!pkg.getQualifiedName().contentEquals(packageName)) {
                    return "is not accessible from package " + packageName;
                }
            }
        }
        return null;
    }

    private static Verdict raw(DeclaredType type) {
        return Verdict.unsupported(type, "is a raw type without type arguments");
    }

    /** A missing type wins (the type is retried in the next round); otherwise the first rejection. */
    private static Verdict firstProblem(Verdict a, Verdict b) {
        if (a.kind() == Verdict.Kind.MISSING) {
            return a;
        }
        if (b.kind() == Verdict.Kind.MISSING) {
            return b;
        }
        return a.ok() ? b : a;
    }
}
