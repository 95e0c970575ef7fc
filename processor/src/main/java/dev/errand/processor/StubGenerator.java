package dev.errand.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Generates the typed client stub {@code <Class>Jobs}: one {@code JobDefinition} constant per job
 * and one method per job that returns a {@code JobCall} with the job's return type.
 *
 * <pre>{@code
 * public static final JobDefinition<Summary> FETCH_SUMMARY = JobDefinition.<Summary>builder(
 *     "BookmarkService.fetchSummary", BookmarkService.class, "fetchSummary") ... .build();
 *
 * public JobCall<Summary> fetchSummary(String url) { return errand.newCall(FETCH_SUMMARY, url); }
 * }</pre>
 */
final class StubGenerator {

    JavaFile generate(JobModel model) {
        TypeSpec.Builder stub = TypeSpec.classBuilder(model.jobsClass())
                .addOriginatingElement(model.element())
                .addJavadoc(
                        "Typed client stub for the {@code @Job} methods of {@link $T}: each method returns a\n"
                                + "{@link $T} to enqueue, submit or call the job.\n",
                        model.target(),
                        GeneratedCode.JOB_CALL)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        GeneratedCode.addClassAnnotations(stub, model);
        for (JobMethodModel method : model.methods()) {
            stub.addField(constant(model, method));
        }
        stub.addField(FieldSpec.builder(GeneratedCode.ERRAND, "errand", Modifier.PRIVATE, Modifier.FINAL)
                .build());
        stub.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(GeneratedCode.ERRAND, "errand")
                .addStatement("this.errand = $T.requireNonNull(errand, $S)", Objects.class, "errand == null")
                .build());
        for (JobMethodModel method : model.methods()) {
            stub.addMethod(callMethod(model, method));
        }
        return JavaFile.builder(model.jobsClass().packageName(), stub.build())
                .skipJavaLangImports(true)
                .build();
    }

    private static FieldSpec constant(JobModel model, JobMethodModel method) {
        TypeName result = GeneratedCode.boxed(method.returnType());
        CodeBlock.Builder init = CodeBlock.builder()
                .add(
                        "$T.<$T>builder($S, $T.class, $S)\n",
                        GeneratedCode.JOB_DEFINITION,
                        result,
                        method.jobName(),
                        model.target(),
                        method.methodName())
                .indent()
                .indent()
                .add(
                        ".queue($S).priority($L).maxAttempts($L).timeout($T.ofMillis($L))\n",
                        method.queue(),
                        method.priority(),
                        method.maxAttempts(),
                        Duration.class,
                        millisLiteral(method.timeoutMillis()));
        for (JobMethodModel.Parameter parameter : method.parameters()) {
            init.add(".parameter($S, $L)\n", parameter.name(), GeneratedCode.runtimeType(parameter.type()));
        }
        init.add(".returnType($L)\n", GeneratedCode.runtimeType(method.returnType()))
                .add(".signature($S)\n", method.signature())
                .add(".build()")
                .unindent()
                .unindent();
        return FieldSpec.builder(
                        ParameterizedTypeName.get(GeneratedCode.JOB_DEFINITION, result),
                        method.constantName(),
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .initializer(init.build())
                .build();
    }

    private static MethodSpec callMethod(JobModel model, JobMethodModel method) {
        MethodSpec.Builder call = MethodSpec.methodBuilder(method.methodName())
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(GeneratedCode.JOB_CALL, GeneratedCode.boxed(method.returnType())))
                .addJavadoc(
                        "Calls {@link $T#$L($L)} as a job on queue {@code $L}.\n",
                        model.target(),
                        method.methodName(),
                        method.parameters().stream()
                                .map(p -> CodeBlock.of("$T", TypeRendering.erasure(p.type())))
                                .collect(CodeBlock.joining(", ")),
                        method.queue())
                .varargs(method.varargs());
        if (method.deprecated()) {
            call.addAnnotation(Deprecated.class);
        }
        if (method.varargs()
                && TypeRendering.isGeneric(
                        method.parameters().get(method.parameters().size() - 1).type())) {
            // the array is handed on as one argument, never written to: no heap pollution
            call.addAnnotation(SafeVarargs.class)
                    .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                            .addMember("value", "$S", "varargs")
                            .build())
                    .addModifiers(Modifier.FINAL);
        }
        for (JobMethodModel.Parameter parameter : method.parameters()) {
            call.addParameter(
                    ParameterSpec.builder(parameter.type(), parameter.name()).build());
        }
        boolean shadowsErrand =
                method.parameters().stream().anyMatch(p -> p.name().equals("errand"));
        boolean shadowsConstant =
                method.parameters().stream().anyMatch(p -> p.name().equals(method.constantName()));
        CodeBlock constant = shadowsConstant
                ? CodeBlock.of("$T.$L", model.jobsClass(), method.constantName())
                : CodeBlock.of("$L", method.constantName());
        call.addStatement(
                "return $L.newCall($L$L)", shadowsErrand ? "this.errand" : "errand", constant, arguments(method));
        return call.build();
    }

    /**
     * {@code , url, tags}. A lone array of references is cast to {@code Object} so that
     * {@code newCall(job, Object... args)} receives it as one argument instead of spreading it.
     */
    private static String arguments(JobMethodModel method) {
        if (method.parameters().size() == 1
                && method.parameters().get(0).type() instanceof ArrayTypeName array
                && !array.componentType().isPrimitive()) {
            return ", (Object) " + method.parameters().get(0).name();
        }
        return method.parameters().stream().map(p -> ", " + p.name()).collect(Collectors.joining());
    }

    /** Literal millis; longs beyond {@code int} need the {@code L} suffix. */
    private static String millisLiteral(long millis) {
        return millis > Integer.MAX_VALUE ? millis + "L" : Long.toString(millis);
    }
}
