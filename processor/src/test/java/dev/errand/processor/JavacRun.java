package dev.errand.processor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles scenarios with javac's standard file manager into real directories, so that the class
 * output (and its services file) persists between compilations and can be loaded in a class loader.
 */
final class JavacRun {
    private JavacRun() {}

    /**
     * Compiles {@code scenarios} (paths under {@code src/test/resources/scenarios}) with the processor;
     * sources go to {@code dir/src}, generated sources to {@code dir/generated}, classes to {@code classes}.
     */
    static List<Diagnostic<? extends JavaFileObject>> compileInto(Path dir, Path classes, String... scenarios)
            throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src"));
        List<Path> files = new ArrayList<>();
        for (String scenario : scenarios) {
            Path file = sources.resolve(scenario + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, Scenarios.source(scenario).getCharContent(true), StandardCharsets.UTF_8);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(Scenarios.OPTIONS);
            options.addAll(List.of(
                    "-d", classes.toString(),
                    "-s", Files.createDirectories(dir.resolve("generated")).toString(),
                    "-classpath", classes + File.pathSeparator + System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task = javac.getTask(
                    null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new JobProcessor()));
            task.call();
        }
        return diagnostics.getDiagnostics();
    }
}
