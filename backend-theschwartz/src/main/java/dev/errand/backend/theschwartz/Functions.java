package dev.errand.backend.theschwartz;

import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TheSchwartzFunction} of each job, read from its method once and checked against its signature. Process-wide,
 * because the codec and the backend are separate objects: the codec notes each job it encodes, and the backend, which
 * sees only the job's name when it inserts, finds the function name and the {@code coalesce} parameter here.
 */
final class Functions {
    /** By definition (identity: a job's definition is one constant of its generated class). */
    private static final Map<JobDefinition<?>, Function> BY_DEFINITION = new ConcurrentHashMap<>();
    /** By job name, the definition used last. */
    private static final Map<String, Function> BY_NAME = new ConcurrentHashMap<>();

    private Functions() {}

    /**
     * The job's function, checked.
     *
     * @throws ErrandConfigException naming the method when its {@link TheSchwartzFunction} does not fit its signature
     */
    static Function of(JobDefinition<?> job) {
        Function function = BY_DEFINITION.computeIfAbsent(job, Functions::read);
        if (BY_NAME.get(job.name()) != function) {
            BY_NAME.put(job.name(), function);
        }
        return function;
    }

    /** The function of a job this process encoded or registered, by its Errand name. */
    static Optional<Function> named(String jobName) {
        return Optional.ofNullable(BY_NAME.get(jobName));
    }

    /** The TheSchwartz function name of a job: its {@link TheSchwartzFunction#name()}, else its Errand name. */
    static String funcname(String jobName) {
        Function function = BY_NAME.get(jobName);
        return function == null ? jobName : function.funcname();
    }

    private static Function read(JobDefinition<?> job) {
        TheSchwartzFunction annotation = annotation(job);
        if (annotation == null) {
            return new Function(job, job.name(), Arg.AUTO, -1);
        }
        String funcname = annotation.name().isEmpty() ? job.name() : annotation.name();
        if (funcname.isBlank() || funcname.length() > 255 || !funcname.strip().equals(funcname)) {
            throw new ErrandConfigException("@TheSchwartzFunction(name = \"" + funcname + "\") on "
                    + Function.method(job) + " is no TheSchwartz function name; use 1 to 255 characters without"
                    + " surrounding spaces, as the Perl worker class is named");
        }
        checkArg(job, annotation.arg());
        return new Function(job, funcname, annotation.arg(), coalesce(job, annotation.coalesce()));
    }

    private static void checkArg(JobDefinition<?> job, Arg arg) {
        List<Type> types = job.parameterTypes();
        if (arg == Arg.VALUE && types.size() != 1) {
            throw new ErrandConfigException("@TheSchwartzFunction(arg = VALUE) on " + Function.method(job)
                    + " needs exactly one parameter, but it takes " + job.parameterNames() + "; use HASH or ARRAY");
        }
        if (arg == Arg.RAW && !(types.size() == 1 && isRaw(types.get(0)))) {
            throw new ErrandConfigException("@TheSchwartzFunction(arg = RAW) on " + Function.method(job)
                    + " needs exactly one String or byte[] parameter, but it takes "
                    + types.stream().map(Type::getTypeName).toList() + "; use HASH, ARRAY, VALUE or JSON");
        }
    }

    private static int coalesce(JobDefinition<?> job, String name) {
        if (name.isEmpty()) {
            return -1;
        }
        int index = job.parameterNames().indexOf(name);
        if (index < 0) {
            throw new ErrandConfigException("@TheSchwartzFunction(coalesce = \"" + name + "\") on "
                    + Function.method(job) + " names no parameter; its parameters are " + job.parameterNames());
        }
        Type type = job.parameterTypes().get(index);
        boolean aloneAsString = job.parameterTypes().size() == 1 && type == String.class;
        if (!aloneAsString && (StorableCodec.structured(type) || type == byte[].class)) {
            throw new ErrandConfigException("@TheSchwartzFunction(coalesce = \"" + name + "\") on "
                    + Function.method(job) + " names a parameter of type " + type.getTypeName()
                    + "; coalesce takes a scalar parameter (a string, number, enum...)");
        }
        return index;
    }

    static boolean isRaw(Type type) {
        return type == String.class || type == byte[].class;
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
}
