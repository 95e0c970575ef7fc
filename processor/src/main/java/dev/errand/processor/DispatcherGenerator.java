package dev.errand.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Class>Dispatcher}, the worker side: it lists the job definitions of the class
 * and calls the right method with already decoded arguments.
 *
 * <pre>{@code
 * switch (job.name()) {
 *   case "BookmarkService.fetchSummary":
 *     return target.fetchSummary((String) args[0]);
 *   default:
 *     throw new IllegalArgumentException("BookmarkServiceDispatcher has no job named " + ...);
 * }
 * }</pre>
 */
final class DispatcherGenerator {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName CLASS = ClassName.get(Class.class);
    private static final TypeName ANY_DEFINITION =
            ParameterizedTypeName.get(GeneratedCode.JOB_DEFINITION, WildcardTypeName.subtypeOf(Object.class));

    JavaFile generate(JobModel model) {
        TypeSpec.Builder dispatcher = TypeSpec.classBuilder(model.dispatcherClass())
                .addOriginatingElement(model.element())
                .addJavadoc(
                        "Calls the {@code @Job} methods of {@link $T} for the worker; registered for\n"
                                + "{@link java.util.ServiceLoader} in {@code META-INF/services/$L}.\n",
                        model.target(),
                        GeneratedCode.JOB_DISPATCHER.canonicalName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(GeneratedCode.JOB_DISPATCHER, model.target()));
        GeneratedCode.addClassAnnotations(dispatcher, model);

        CodeBlock definitions = CodeBlock.builder()
                .add("\n")
                .indent()
                .indent()
                .add(model.methods().stream()
                        .map(m -> CodeBlock.of("$T.$L", model.jobsClass(), m.constantName()))
                        .collect(CodeBlock.joining(",\n")))
                .unindent()
                .unindent()
                .build();
        dispatcher.addField(FieldSpec.builder(
                        ParameterizedTypeName.get(LIST, ANY_DEFINITION),
                        "JOBS",
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("$T.of($L)", LIST, definitions)
                .build());
        dispatcher.addMethod(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        dispatcher.addMethod(MethodSpec.methodBuilder("targetType")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(CLASS, model.target()))
                .addStatement("return $T.class", model.target())
                .build());
        dispatcher.addMethod(MethodSpec.methodBuilder("jobs")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(LIST, ANY_DEFINITION))
                .addStatement("return JOBS")
                .build());
        dispatcher.addMethod(dispatch(model));
        return JavaFile.builder(model.dispatcherClass().packageName(), dispatcher.build())
                .skipJavaLangImports(true)
                .build();
    }

    private static MethodSpec dispatch(JobModel model) {
        MethodSpec.Builder dispatch = MethodSpec.methodBuilder("dispatch")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Object.class)
                .addParameter(model.target(), "target")
                .addParameter(ANY_DEFINITION, "job")
                .addParameter(ArrayTypeName.of(Object.class), "args")
                .addException(Throwable.class);
        boolean uncheckedCasts = model.methods().stream()
                .flatMap(m -> m.parameters().stream())
                .anyMatch(p -> TypeRendering.isGeneric(p.type()));
        if (uncheckedCasts) {
            dispatch.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "unchecked")
                    .build());
        }
        dispatch.beginControlFlow("switch (job.name())");
        for (JobMethodModel method : model.methods()) {
            List<JobMethodModel.Parameter> parameters = method.parameters();
            CodeBlock arguments = IntStream.range(0, parameters.size())
                    .mapToObj(
                            i -> CodeBlock.of("($T) args[$L]", parameters.get(i).type(), i))
                    .collect(CodeBlock.joining(", "));
            CodeBlock call = CodeBlock.of("target.$L($L)", method.methodName(), arguments);
            dispatch.addCode("case $S:\n$>", method.jobName());
            if (method.returnType().equals(TypeName.VOID)) {
                dispatch.addStatement("$L", call).addStatement("return null");
            } else {
                dispatch.addStatement("return $L", call);
            }
            dispatch.addCode("$<");
        }
        String known = model.methods().stream().map(JobMethodModel::jobName).collect(Collectors.joining(", "));
        dispatch.addCode("default:\n$>")
                .addStatement(
                        "throw new $T($S + job.name() + $S)",
                        IllegalArgumentException.class,
                        model.dispatcherClass().simpleName() + " has no job named ",
                        "; known: " + known)
                .addCode("$<")
                .endControlFlow();
        return dispatch.build();
    }
}
