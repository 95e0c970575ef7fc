package dev.errand.backend.theschwartz;

import dev.errand.codec.CodecException;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableException;
import dev.errand.storable.StorableLimits;
import dev.errand.storable.StorableReader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code coalesce} column of Java enqueues: which parameter of each job feeds it ({@link TheSchwartzFunction}),
 * noted by the codec when it first encodes the job, and its value read back from the job's {@code arg}. Process-wide:
 * the codec and the backend are separate objects, and a job name means one method per process.
 */
final class Coalescing {
    private static final Map<String, Optional<String>> PARAMETERS = new ConcurrentHashMap<>();

    private Coalescing() {}

    /** Reads and checks the job's {@link TheSchwartzFunction#coalesce}, once per job name. */
    static void note(JobDefinition<?> job) {
        PARAMETERS.computeIfAbsent(job.name(), name -> parameter(job));
    }

    private static Optional<String> parameter(JobDefinition<?> job) {
        TheSchwartzFunction function = annotation(job);
        if (function == null || function.coalesce().isEmpty()) {
            return Optional.empty();
        }
        String name = function.coalesce();
        int index = job.parameterNames().indexOf(name);
        String method = job.targetType().getName() + "." + job.methodName();
        if (index < 0) {
            throw new ErrandConfigException("@TheSchwartzFunction(coalesce = \"" + name + "\") on " + method
                    + " names no parameter; its parameters are " + job.parameterNames());
        }
        Type type = job.parameterTypes().get(index);
        boolean aloneAsString = job.parameterTypes().size() == 1 && type == String.class;
        if (!aloneAsString && (StorableCodec.structured(type) || type == byte[].class)) {
            throw new ErrandConfigException("@TheSchwartzFunction(coalesce = \"" + name + "\") on " + method
                    + " names a parameter of type " + type.getTypeName()
                    + "; coalesce takes a scalar parameter (a string, number, enum...)");
        }
        return Optional.of(name);
    }

    private static TheSchwartzFunction annotation(JobDefinition<?> job) {
        return Arrays.stream(job.targetType().getDeclaredMethods())
                .filter(m -> m.getName().equals(job.methodName())
                        && m.getParameterCount() == job.parameterTypes().size())
                .map(m -> m.getAnnotation(TheSchwartzFunction.class))
                .filter(a -> a != null)
                .findFirst()
                .orElse(null);
    }

    /**
     * The {@code coalesce} value of a job with this name and {@code arg}: the noted parameter's value as text, or
     * null when the job has none (or was never encoded here, e.g. inserted for another process).
     */
    static String value(String jobName, byte[] arg, StorableLimits limits) {
        Optional<String> parameter = PARAMETERS.getOrDefault(jobName, Optional.empty());
        if (parameter.isEmpty()) {
            return null;
        }
        if (!StorableReader.looksLikeStorable(arg)) {
            return new String(arg, StandardCharsets.UTF_8); // the one String parameter, stored raw
        }
        try {
            PerlValue value = new StorableReader(limits).read(arg);
            if (value instanceof PerlValue.Ref ref) {
                value = ref.target();
            }
            if (value instanceof PerlValue.Hash hash) {
                for (Map.Entry<PerlValue.Str, PerlValue> e : hash.entries().entrySet()) {
                    if (e.getKey().perlText().equals(parameter.get())) {
                        return e.getValue() instanceof PerlValue.Str s ? s.perlText() : scalarText(e.getValue());
                    }
                }
            }
            return null;
        } catch (StorableException e) {
            throw new CodecException(
                    "cannot read the coalesce parameter '" + parameter.get() + "' of job " + jobName + " from its arg: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String scalarText(PerlValue value) {
        return value instanceof PerlValue.Int i ? Long.toString(i.value()) : null;
    }

    /** For tests: the methods are read again. */
    static void forget() {
        PARAMETERS.clear();
    }
}
