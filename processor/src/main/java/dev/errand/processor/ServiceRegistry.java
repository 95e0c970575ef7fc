package dev.errand.processor;

import com.palantir.javapoet.ClassName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects the generated dispatchers and, in the last round, writes them to
 * {@code META-INF/services/dev.errand.spi.JobDispatcher}: sorted, one per line, merged with the
 * entries of an existing file so that an incremental build that recompiles only some classes
 * keeps the dispatchers of the others (the way AutoService does it).
 */
final class ServiceRegistry {
    static final String SERVICE = "dev.errand.spi.JobDispatcher";
    static final String PATH = "META-INF/services/" + SERVICE;

    private final SortedSet<String> dispatchers = new TreeSet<>();
    private final SortedSet<String> originatingTypes = new TreeSet<>();

    void add(ClassName dispatcher, TypeElement originatingType) {
        dispatchers.add(dispatcher.reflectionName());
        originatingTypes.add(originatingType.getQualifiedName().toString());
    }

    /** Writes the merged file; does nothing when this compilation adds no dispatcher. */
    void write(Filer filer, Elements elements, ErrorReporter reporter) {
        if (dispatchers.isEmpty()) {
            return;
        }
        SortedSet<String> all = new TreeSet<>(dispatchers);
        try {
            FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
            try (InputStream in = existing.openInputStream()) {
                SortedSet<String> old = parse(in);
                reporter.debug("existing %s at %s: %s", PATH, existing.toUri(), old);
                if (old.containsAll(dispatchers)) {
                    return;
                }
                all.addAll(old);
            }
        } catch (IOException | IllegalArgumentException e) {
            // Filer.getResource returns a handle for a file that may not exist; opening it then fails.
            reporter.debug("no existing %s: %s", PATH, e);
        }
        Element[] originating = originatingTypes.stream()
                .map(elements::getTypeElement)
                .filter(Objects::nonNull)
                .toArray(Element[]::new);
        try {
            FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, originating);
            try (OutputStream out = file.openOutputStream();
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                for (String dispatcher : all) {
                    writer.write(dispatcher);
                    writer.write('\n');
                }
            }
            reporter.debug("wrote %s: %s", file.toUri(), all);
        } catch (IOException | IllegalArgumentException e) {
            reporter.error(
                    null,
                    null,
                    null,
                    "[JobServiceFile] could not write %s with %s: %s; the worker finds dispatchers through this file, "
                            + "so make sure the class output directory is writable and %s is not a directory",
                    PATH,
                    all,
                    e,
                    PATH);
        }
    }

    /** The class names in a services file; {@code #} starts a comment. */
    static SortedSet<String> parse(InputStream in) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
