package dev.errand.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Names of everything the processor generates. Generated classes live in the package of the
 * annotated class and join the names of enclosing classes with {@code _}, so {@code Outer.Inner}
 * gets {@code Outer_InnerJobs} and {@code Outer_InnerDispatcher}.
 */
final class GeneratedNames {
    /** The value of {@code @Generated} on every generated class. */
    static final String GENERATOR = "dev.errand.processor.JobProcessor";

    private GeneratedNames() {}

    static ClassName jobsClass(ClassName target) {
        return ClassName.get(target.packageName(), String.join("_", target.simpleNames()) + "Jobs");
    }

    static ClassName dispatcherClass(ClassName target) {
        return ClassName.get(target.packageName(), String.join("_", target.simpleNames()) + "Dispatcher");
    }

    /** {@code Outer.Inner.method} for a method of {@code pkg.Outer.Inner}; the default job name. */
    static String defaultJobName(TypeElement type, String methodName) {
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return String.join(".", names) + "." + methodName;
    }

    /**
     * One constant name per job, in the given order: the method name in UPPER_SNAKE case; when two
     * methods share it (overloads), the job name in UPPER_SNAKE case; and when that still collides,
     * a numeric suffix. The result depends only on the input, so it is stable between builds.
     */
    static List<String> constantNames(List<String> methodNames, List<String> jobNames) {
        List<String> byMethod =
                methodNames.stream().map(GeneratedNames::upperSnake).toList();
        Set<String> used = new HashSet<>();
        List<String> result = new ArrayList<>();
        for (int i = 0; i < byMethod.size(); i++) {
            String candidate = byMethod.get(i);
            if (byMethod.indexOf(candidate) != byMethod.lastIndexOf(candidate)) {
                candidate = upperSnake(jobNames.get(i));
            }
            String unique = candidate;
            for (int n = 2; !used.add(unique); n++) {
                unique = candidate + "_" + n;
            }
            result.add(unique);
        }
        return result;
    }

    /**
     * {@code fetchSummary} to {@code FETCH_SUMMARY}, {@code parseHTTPResponse} to
     * {@code PARSE_HTTP_RESPONSE}, {@code mail.sendBulk} to {@code MAIL_SEND_BULK}.
     */
    static String upperSnake(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isJavaIdentifierPart(c)) {
                c = '_';
            }
            if (Character.isUpperCase(c) && i > 0) {
                char previous = name.charAt(i - 1);
                boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(previous)
                        || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextIsLower)) {
                    out.append('_');
                }
            }
            out.append(c);
        }
        String snake = out.toString().toUpperCase(Locale.ROOT).replaceAll("_+", "_");
        if (snake.startsWith("_") && snake.length() > 1) {
            snake = snake.substring(1);
        }
        return Character.isJavaIdentifierStart(snake.charAt(0)) ? snake : "_" + snake;
    }
}
