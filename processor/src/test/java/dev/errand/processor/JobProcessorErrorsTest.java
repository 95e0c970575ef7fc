package dev.errand.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per diagnostic: each compiles a scenario named after the mistake and checks the message
 * and the line it is attached to. A class with errors gets no generated code.
 */
class JobProcessorErrorsTest {

    @Test
    void privateMethod_isAnErrorOnTheMethod() {
        JavaFileObject source = Scenarios.source("com/example/JobOnPrivateMethod");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[JobPrivate] @Job method sendNewsletter(java.lang.String address) is private, "
                        + "so the generated JobOnPrivateMethodDispatcher cannot call it; "
                        + "make it package-private, protected or public")
                .inFile(source)
                .onLineContaining("private void sendNewsletter");
    }

    @Test
    void staticMethod_isAnErrorOnTheMethod() {
        JavaFileObject source = Scenarios.source("com/example/JobOnStaticMethod");
        Compilation compilation = Scenarios.compile(source);

        // spelled out literally on purpose: this is the text users see
        assertThat(compilation)
                .hadErrorContaining("[JobStatic] @Job method rebuildIndex(java.lang.String index) is static; "
                        + "@Job methods are called on the instance the worker registers; make it an instance method")
                .inFile(source)
                .onLineContaining("public static void rebuildIndex");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void methodWithTypeParameters_isAnErrorOnTheMethod() {
        JavaFileObject source = Scenarios.source("com/example/JobOnGenericMethod");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobGenericMethod] @Job method store(T value) declares type parameters <T>")
                .inFile(source)
                .onLineContaining("public <T> void store");
        // T is also no JSON type, reported on the parameter
        assertThat(compilation)
                .hadErrorContaining("[JobParamType] @Job method store(T value) has parameter 'value' of type T")
                .inFile(source)
                .onLineContaining("public <T> void store");
    }

    @Test
    void classWithTypeParameters_isAnErrorOnTheClass() {
        JavaFileObject source = Scenarios.source("com/example/JobInGenericClass");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobGenericClass] com.example.JobInGenericClass declares type parameters <T>, "
                        + "so the worker cannot know the types of its @Job arguments")
                .inFile(source)
                .onLineContaining("public class JobInGenericClass<T>");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void jobOnInterfaceMethod_isAnErrorOnTheInterface() {
        JavaFileObject source = Scenarios.source("com/example/JobOnInterfaceMethod");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobEnclosing] com.example.JobOnInterfaceMethod is an interface, "
                        + "but @Job methods must be declared in a class or record")
                .inFile(source)
                .onLineContaining("public interface JobOnInterfaceMethod");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void jobInEnum_isAnErrorOnTheEnum() {
        JavaFileObject source = Scenarios.source("com/example/JobInEnum");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobEnclosing] com.example.JobInEnum is an enum")
                .inFile(source)
                .onLineContaining("public enum JobInEnum");
    }

    @Test
    void jobInNonStaticInnerClass_isAnErrorOnTheInnerClass() {
        JavaFileObject source = Scenarios.source("com/example/JobInInnerClass");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobEnclosing] com.example.JobInInnerClass.Tasks is an inner class, so each "
                        + "instance belongs to an instance of com.example.JobInInnerClass; "
                        + "make it a static nested class or a top-level class")
                .inFile(source)
                .onLineContaining("public class Tasks");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void jobInPrivateClass_isAnErrorOnThePrivateClass() {
        JavaFileObject source = Scenarios.source("com/example/JobInPrivateNestedClass");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining(
                        "[JobClassAccess] com.example.JobInPrivateNestedClass.Tasks is private, so the "
                                + "generated JobInPrivateNestedClass_TasksJobs and JobInPrivateNestedClass_TasksDispatcher "
                                + "cannot refer to com.example.JobInPrivateNestedClass.Tasks; make it package-private or public")
                .inFile(source)
                .onLineContaining("private static class Tasks");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void sameJobNameTwiceInOneClass_isAnErrorOnBothMethods() {
        JavaFileObject source = Scenarios.source("com/example/JobNameUsedTwice");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation)
                .hadErrorContaining("[JobDuplicateName] job name 'mail.send' of @Job method "
                        + "com.example.JobNameUsedTwice.sendGoodbye(java.lang.String address) is also used by @Job method "
                        + "com.example.JobNameUsedTwice.sendWelcome(java.lang.String address)")
                .inFile(source)
                .onLineContaining("public void sendGoodbye");
        assertThat(compilation)
                .hadErrorContaining("[JobDuplicateName] job name 'mail.send' of @Job method "
                        + "com.example.JobNameUsedTwice.sendWelcome(java.lang.String address) is also used by @Job method "
                        + "com.example.JobNameUsedTwice.sendGoodbye(java.lang.String address)")
                .inFile(source)
                .onLineContaining("public void sendWelcome");
    }

    @Test
    void overloadsWithDefaultNames_areDuplicateNames() {
        JavaFileObject source = Scenarios.source("com/example/JobOnOverloadsWithDefaultNames");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobDuplicateName] job name 'JobOnOverloadsWithDefaultNames.notify'")
                .inFile(source)
                .onLineContaining("public void notify(String userId, String message)");
        assertThat(compilation)
                .hadErrorContaining("give one of them @Job(name = \"...\")")
                .inFile(source)
                .onLineContaining("public void notify(String userId)");
    }

    @Test
    void sameJobNameInTwoClasses_isAnErrorInBothFiles() {
        JavaFileObject first = Scenarios.source("com/example/JobNameTakenInOtherClass");
        // JobNameTakenInOtherClass uses the default name of a method declared in another scenario
        JavaFileObject owner = JavaFileObjects.forSourceLines(
                "com.example.JobNameUsedTwice",
                "package com.example;",
                "public class JobNameUsedTwice {",
                "    @dev.errand.Job public void sendWelcome(String address) {}",
                "}");
        Compilation compilation = Scenarios.compile(first, owner);

        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation)
                .hadErrorContaining("is also used by @Job method com.example.JobNameUsedTwice.sendWelcome")
                .inFile(first)
                .onLineContaining("public void welcome");
        assertThat(compilation)
                .hadErrorContaining("is also used by @Job method com.example.JobNameTakenInOtherClass.welcome")
                .inFile(owner)
                .onLineContaining("public void sendWelcome");
    }

    @Test
    void invalidJobName_isAnErrorOnTheAnnotationValue() {
        JavaFileObject source = Scenarios.source("com/example/JobWithInvalidName");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobName] @Job(name = \"send mail!\") on send(java.lang.String address) is not a "
                        + "valid job name; use 1 to 128 letters, digits or _ . : $ -")
                .inFile(source)
                .onLineContaining("@Job(name = \"send mail!\")");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void invalidQueue_isAnErrorOnTheAnnotationValue() {
        JavaFileObject source = Scenarios.source("com/example/JobWithInvalidQueue");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobQueue] @Job(queue = \"mail/outbox\") on send(java.lang.String address) is not "
                        + "a valid queue name; use 1 to 64 letters, digits or _ . : -")
                .inFile(source)
                .onLineContaining("@Job(queue = \"mail/outbox\")");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void maxAttemptsBelowOne_isAnErrorOnTheAnnotationValue() {
        JavaFileObject source = Scenarios.source("com/example/JobWithZeroMaxAttempts");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobMaxAttempts] @Job(maxAttempts = 0) on send(java.lang.String address) must be "
                        + "at least 1; use 1 for a job that is never retried")
                .inFile(source)
                .onLineContaining("@Job(maxAttempts = 0)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void unparseableTimeout_isAnErrorOnTheAnnotationValue() {
        JavaFileObject source = Scenarios.source("com/example/JobWithUnparseableTimeout");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining(
                        "[JobTimeout] @Job(timeout = \"5 minutes\") on send(java.lang.String address) is "
                                + "not a duration; use a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m) or ISO-8601 (PT30S)")
                .inFile(source)
                .onLineContaining("@Job(timeout = \"5 minutes\")");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void zeroTimeout_isAnErrorOnTheAnnotationValue() {
        JavaFileObject source = Scenarios.source("com/example/JobWithZeroTimeout");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobTimeout] @Job(timeout = \"0s\") on send(java.lang.String address) is not "
                        + "positive; use a duration of at least 1ms such as \"30s\" or \"5m\"")
                .inFile(source)
                .onLineContaining("@Job(timeout = \"0s\")");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void streamParameter_isAnErrorOnTheParameter() {
        JavaFileObject source = Scenarios.source("com/example/JobWithStreamParameter");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobParamType] @Job method send(java.io.InputStream body) has parameter 'body' of "
                        + "type java.io.InputStream that Errand cannot send as JSON; use a String, a record, a collection "
                        + "of supported types or a class with a public no-arg constructor")
                .inFile(source)
                .onLineContaining("public void send(InputStream body)");
        assertThat(compilation).hadErrorCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            takesObject(                          | 'anything' of type java.lang.Object that Errand cannot send as JSON (java.lang.Object is too general to decode)
            takesRawList(                         | 'items' of type java.util.List that Errand cannot send as JSON (java.util.List is a raw type without type arguments)
            takesWildcardList(                    | (? extends java.lang.Number is a wildcard)
            takesObjectKeyedMap(                  | (java.lang.Object cannot be a map key (use String, a boxed primitive, an enum or UUID))
            takesInterface(                       | (com.example.JobWithUnsupportedParameters.Shape is an interface, so Errand cannot tell which class to create)
            takesAbstractClass(                   | (com.example.JobWithUnsupportedParameters.AbstractShape is abstract)
            takesClassWithoutDefaultConstructor(  | (com.example.JobWithUnsupportedParameters.NoDefaultConstructor has neither a public no-arg constructor nor a @JsonCreator constructor)
            takesPackagePrivateBean(              | (com.example.JobWithUnsupportedParameters.PackagePrivateBean is not public)
            takesGenericClass(                    | (com.example.JobWithUnsupportedParameters.Box is a generic class (only collections, Optional and records may have type arguments))
            takesRecordWithThread(                | (record component com.example.JobWithUnsupportedParameters.Envelope.sender: java.lang.Thread is not supported)
            takesFile(                            | 'file' of type java.io.File that Errand cannot send as JSON; use a String
            takesConnection(                      | 'connection' of type java.sql.Connection that Errand cannot send as JSON; use a String
            takesListOfFiles(                     | of type java.util.List<java.io.File> that Errand cannot send as JSON (java.io.File is not supported)
            """)
    void unsupportedParameterTypes_areErrorsOnTheParameter(String method, String message) {
        JavaFileObject source = Scenarios.source("com/example/JobWithUnsupportedParameters");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(13);
        assertThat(compilation)
                .hadErrorContaining("[JobParamType] @Job method " + method)
                .inFile(source)
                .onLineContaining("public void " + method);
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining("public void " + method);
    }

    @Test
    void streamReturnType_isAnErrorOnTheMethod() {
        JavaFileObject source = Scenarios.source("com/example/JobReturningStream");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining(
                        "[JobReturnType] @Job method open(java.lang.String path) returns java.io.InputStream "
                                + "that Errand cannot send back as JSON; return void or a String, a record, a collection of "
                                + "supported types or a class with a public no-arg constructor")
                .inFile(source)
                .onLineContaining("public InputStream open(String path)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void undefinedParameterType_isReportedInTheLastRound() {
        JavaFileObject source = Scenarios.source("com/example/JobWithUndefinedParameterType");
        Compilation compilation = Scenarios.compile(source);

        // javac reports the unknown symbol itself; the processor says why it generated nothing
        assertThat(compilation)
                .hadErrorContaining("[JobUndefined] @Job method archive(NoSuchReport report) has parameter 'report' of "
                        + "type NoSuchReport that is not defined, so Errand did not generate "
                        + "JobWithUndefinedParameterTypeJobs and JobWithUndefinedParameterTypeDispatcher")
                .inFile(source)
                .onLineContaining("public void archive(NoSuchReport report)");
        assertThat(compilation).hadErrorContaining("cannot find symbol");
    }

    @Test
    void undefinedTypeInsideARecordParameter_namesTheRecordComponent() {
        JavaFileObject source = JavaFileObjects.forSourceLines(
                "com.example.ArchiveJobs",
                "package com.example;",
                "public class ArchiveJobs {",
                "    public record Request(String id, NoSuchOptions options) {}",
                "    @dev.errand.Job public void archive(Request request) {}",
                "}");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation)
                .hadErrorContaining("[JobUndefined] @Job method archive(com.example.ArchiveJobs.Request request) has "
                        + "parameter 'request' of type com.example.ArchiveJobs.Request whose record component "
                        + "com.example.ArchiveJobs.Request.options has type NoSuchOptions that is not defined")
                .inFile(source)
                .onLineContaining("public void archive(Request request)");
    }

    @Test
    void twoClassesMappingToOneGeneratedName_isAnError() {
        JavaFileObject nested = Scenarios.source("com/example/JobClassesWithClashingNames");
        JavaFileObject topLevel = Scenarios.source("com/example/JobClassesWithClashingNames_Inner");
        Compilation compilation = Scenarios.compile(nested, topLevel);

        assertThat(compilation)
                .hadErrorContaining("[JobGeneratedName] com.example.JobClassesWithClashingNames_Inner and "
                        + "com.example.JobClassesWithClashingNames.Inner would both get the generated class "
                        + "com.example.JobClassesWithClashingNames_InnerJobs; rename one of them")
                .inFile(topLevel)
                .onLineContaining("public class JobClassesWithClashingNames_Inner");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void allErrorsOfAClassAreReportedTogether() {
        JavaFileObject source = JavaFileObjects.forSourceLines(
                "com.example.ManyMistakes",
                "package com.example;",
                "import dev.errand.Job;",
                "public class ManyMistakes {",
                "    @Job(maxAttempts = 0, queue = \"bad queue\")",
                "    private static void first(Thread thread) {}",
                "    @Job(timeout = \"soon\")",
                "    public java.io.File second() { return null; }",
                "}");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(7);
        assertThat(compilation).hadErrorContaining("[JobMaxAttempts]");
        assertThat(compilation).hadErrorContaining("[JobQueue]");
        assertThat(compilation).hadErrorContaining("[JobPrivate]");
        assertThat(compilation).hadErrorContaining("[JobStatic]");
        assertThat(compilation).hadErrorContaining("[JobParamType]");
        assertThat(compilation).hadErrorContaining("[JobTimeout]");
        assertThat(compilation).hadErrorContaining("[JobReturnType]");
    }
}
