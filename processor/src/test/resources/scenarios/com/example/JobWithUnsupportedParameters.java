package com.example;

import dev.errand.Job;
import java.io.File;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

public class JobWithUnsupportedParameters {
    public interface Shape {}

    public abstract static class AbstractShape {}

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String name) {}
    }

    static class PackagePrivateBean {}

    public static class Box<T> {}

    public record Envelope(String to, Thread sender) {}

    @Job public void takesObject(Object anything) {}
    @Job public void takesRawList(@SuppressWarnings("rawtypes") List items) {}
    @Job public void takesWildcardList(List<? extends Number> numbers) {}
    @Job public void takesObjectKeyedMap(Map<Object, String> byKey) {}
    @Job public void takesInterface(Shape shape) {}
    @Job public void takesAbstractClass(AbstractShape shape) {}
    @Job public void takesClassWithoutDefaultConstructor(NoDefaultConstructor value) {}
    @Job public void takesPackagePrivateBean(PackagePrivateBean bean) {}
    @Job public void takesGenericClass(Box<String> box) {}
    @Job public void takesRecordWithThread(Envelope envelope) {}
    @Job public void takesFile(File file) {}
    @Job public void takesConnection(Connection connection) {}
    @Job public void takesListOfFiles(List<File> files) {}
}
