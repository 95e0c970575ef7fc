package dev.errand.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles scenario sources from {@code src/test/resources/scenarios} with the processor. */
final class Scenarios {
    /** All lint warnings but "no processor claimed @Job", which is by design. */
    static final List<String> OPTIONS = List.of("-Xlint:all,-processing");

    private Scenarios() {}

    /** {@code source("com/example/BookmarkService")} is {@code scenarios/com/example/BookmarkService.java}. */
    static JavaFileObject source(String path) {
        return JavaFileObjects.forResource("scenarios/" + path + ".java");
    }

    static Compilation compile(String... paths) {
        return compile(Arrays.stream(paths).map(Scenarios::source).toArray(JavaFileObject[]::new));
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new JobProcessor()).withOptions(OPTIONS).compile(sources);
    }

    /** The text of a generated source file, e.g. {@code generatedSource(c, "com.example.BookmarkServiceJobs")}. */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation
                .generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError(
                        "no generated source " + qualifiedName + " in " + compilation.generatedSourceFiles()));
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
