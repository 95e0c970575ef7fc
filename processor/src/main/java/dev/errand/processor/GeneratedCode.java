package dev.errand.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/** Types and pieces that both generators use. */
final class GeneratedCode {
    static final ClassName ERRAND = ClassName.get("dev.errand", "Errand");
    static final ClassName JOB_CALL = ClassName.get("dev.errand", "JobCall");
    static final ClassName JOB_DEFINITION = ClassName.get("dev.errand.job", "JobDefinition");
    static final ClassName MISSED_RUNS = ClassName.get("dev.errand.job", "MissedRuns");
    static final ClassName TYPE_REF = ClassName.get("dev.errand", "TypeRef");
    static final ClassName JOB_DISPATCHER = ClassName.get("dev.errand.spi", "JobDispatcher");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private GeneratedCode() {}

    /** {@code @Generated("dev.errand.processor.JobProcessor")}, and deprecation suppressed when needed. */
    static void addClassAnnotations(TypeSpec.Builder type, JobModel model) {
        type.addAnnotation(AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", GeneratedNames.GENERATOR)
                .build());
        if (model.usesDeprecated()) {
            type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "{$S, $S}", "deprecation", "removal")
                    .build());
        }
    }

    /** The boxed form used as a type argument: {@code int} to {@code Integer}, {@code void} to {@code Void}. */
    static TypeName boxed(TypeName type) {
        return type.isPrimitive() || type.equals(TypeName.VOID) ? type.box() : type;
    }

    /** {@code String.class}, {@code int[].class}, or {@code new TypeRef<List<String>>() {}.type()}. */
    static CodeBlock runtimeType(TypeName type) {
        if (TypeRendering.isGeneric(type)) {
            return CodeBlock.of("new $T<$T>() {}.type()", TYPE_REF, type);
        }
        return CodeBlock.of("$T.class", type);
    }
}
