package dev.errand.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/** Stands for another processor: generates {@code com.example.LaterReport} in the first round. */
final class LaterReportProcessor extends AbstractProcessor {
    private boolean generated;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (!generated) {
            generated = true;
            try (Writer writer = processingEnv
                    .getFiler()
                    .createSourceFile("com.example.LaterReport")
                    .openWriter()) {
                writer.write("package com.example;\n\npublic record LaterReport(String id) {}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }
}
