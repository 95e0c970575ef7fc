package dev.errand.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The Errand annotation processor. For every class with {@code @dev.errand.Job} methods it
 * generates the typed stub {@code <Class>Jobs} and the worker's {@code <Class>Dispatcher}, and in
 * the last round registers the dispatchers in {@code META-INF/services/dev.errand.spi.JobDispatcher}.
 *
 * <p>Mistakes are compile errors on the offending element, each message starting with a key such as
 * {@code [JobStatic]}. A class with errors is skipped and the others are still generated; a class
 * whose signatures refer to a type that does not exist yet is retried in the next round. The
 * processor never claims {@code @Job} and never lets an exception escape. Option {@code -Adebug}
 * prints what it does.
 */
@AutoService(Processor.class)
public final class JobProcessor extends AbstractProcessor {
    private static final String DEBUG_OPTION = "debug";

    private final StubGenerator stubs = new StubGenerator();
    private final DispatcherGenerator dispatchers = new DispatcherGenerator();
    private final ServiceRegistry registry = new ServiceRegistry();
    private final DuplicateJobNames duplicateNames = new DuplicateJobNames();
    /** Classes whose signatures referred to missing types, retried next round (names: elements may change). */
    private final Set<String> deferred = new TreeSet<>();
    /** Classes already handled, successfully or not. */
    private final Set<String> done = new HashSet<>();
    /** Generated class name to the class it was generated for, to catch two classes mapping to one name. */
    private final Map<String, String> generatedFor = new HashMap<>();

    private Elements elements;
    private Filer filer;
    private ErrorReporter reporter;
    private JobModelReader reader;

    /** Called by {@link java.util.ServiceLoader}. */
    public JobProcessor() {}

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        elements = env.getElementUtils();
        filer = env.getFiler();
        reporter = new ErrorReporter(env.getMessager(), env.getOptions().containsKey(DEBUG_OPTION));
        reader = new JobModelReader(elements, new SupportedTypes(elements, env.getTypeUtils()), reporter);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(JobModelReader.JOB_ANNOTATION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(DEBUG_OPTION);
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            if (round.processingOver()) {
                finish();
            } else {
                processRound(round);
            }
        } catch (RuntimeException | Error e) {
            reporter.internalError(
                    null, "the Errand processor failed; please report this bug with the stack trace below", e);
        }
        return false; // other processors may want @Job too
    }

    private void processRound(RoundEnvironment round) {
        SortedMap<String, TypeElement> types = new TreeMap<>();
        for (String name : deferred) {
            TypeElement type = elements.getTypeElement(name);
            if (type != null) {
                types.put(name, type);
            }
        }
        deferred.clear();
        TypeElement job = elements.getTypeElement(JobModelReader.JOB_ANNOTATION);
        if (job != null) {
            for (Element method : round.getElementsAnnotatedWith(job)) {
                if (method.getKind() == ElementKind.METHOD
                        && method.getEnclosingElement() instanceof TypeElement type) {
                    types.putIfAbsent(type.getQualifiedName().toString(), type);
                }
            }
        }

        List<JobModel> models = new ArrayList<>();
        for (Map.Entry<String, TypeElement> entry : types.entrySet()) {
            String name = entry.getKey();
            if (!done.add(name)) {
                continue;
            }
            try {
                reader.read(entry.getValue()).ifPresent(models::add);
            } catch (MissingTypeException e) {
                reporter.debug("deferring %s: %s", name, e.description());
                done.remove(name);
                deferred.add(name);
            } catch (RuntimeException e) {
                reporter.internalError(
                        entry.getValue(),
                        "the Errand processor failed on " + name
                                + "; please report this bug with the stack trace below",
                        e);
            }
        }

        Set<JobModel> duplicates = duplicateNames.check(models, elements, reporter);
        for (JobModel model : models) {
            if (!duplicates.contains(model) && claimGeneratedNames(model)) {
                write(model);
            }
        }
    }

    /** False (and an error) when another class already maps to the same generated class names. */
    private boolean claimGeneratedNames(JobModel model) {
        String self = model.target().canonicalName();
        for (ClassName generated : List.of(model.jobsClass(), model.dispatcherClass())) {
            String other = generatedFor.putIfAbsent(generated.canonicalName(), self);
            if (other != null && !other.equals(self)) {
                reporter.error(
                        model.element(),
                        null,
                        null,
                        "[JobGeneratedName] %s and %s would both get the generated class %s; rename one of them",
                        self,
                        other,
                        generated.canonicalName());
                return false;
            }
        }
        return true;
    }

    private void write(JobModel model) {
        for (JavaFile file : List.of(stubs.generate(model), dispatchers.generate(model))) {
            try {
                file.writeTo(filer);
                reporter.debug(
                        "generated %s.%s", file.packageName(), file.typeSpec().name());
            } catch (IOException e) {
                reporter.internalError(
                        model.element(),
                        "could not write " + file.packageName() + "."
                                + file.typeSpec().name() + " for " + model.target()
                                + "; check the generated sources directory",
                        e);
                return;
            }
        }
        registry.add(model.dispatcherClass(), model.element());
    }

    private void finish() {
        for (String name : deferred) {
            TypeElement type = elements.getTypeElement(name);
            if (type == null) {
                continue;
            }
            try {
                reader.read(type);
            } catch (MissingTypeException e) {
                ClassName target = ClassName.get(type);
                reporter.error(
                        e.element(),
                        null,
                        null,
                        "[JobUndefined] %s, so Errand did not generate %s and %s; declare or import what is missing, "
                                + "or make sure the processor that generates it runs",
                        e.description(),
                        GeneratedNames.jobsClass(target).simpleName(),
                        GeneratedNames.dispatcherClass(target).simpleName());
            }
        }
        deferred.clear();
        registry.write(filer, elements, reporter);
    }
}
