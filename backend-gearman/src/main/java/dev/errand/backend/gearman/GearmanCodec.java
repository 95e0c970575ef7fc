package dev.errand.backend.gearman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.errand.codec.Codec;
import dev.errand.codec.CodecException;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.time.temporal.Temporal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Gearman wire formats (ADAPTERS.md §1.4, §2.4) around the JSON codec: raw bytes for a job of one {@code String} or
 * {@code byte[]} parameter, and for other jobs one JSON document bound to the parameters by shape (an object by name, an
 * array in order, a bare value for one parameter), never by guessing at bytes.
 */
public final class GearmanCodec implements Codec {
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final Codec json;
    private final Charset charset;
    private final Map<JobDefinition<?>, Boolean> raw = new ConcurrentHashMap<>();

    public GearmanCodec(Codec json, Charset charset) {
        this.json = json;
        this.charset = charset;
    }

    /**
     * Whether {@code job} travels as raw bytes; checks its {@link GearmanFunction} against its signature.
     *
     * @throws ErrandConfigException naming the method when {@code RAW} is asked of a signature that cannot carry it
     */
    public boolean isRaw(JobDefinition<?> job) {
        return raw.computeIfAbsent(job, GearmanCodec::decideRaw);
    }

    /**
     * Checks {@code job}'s {@link GearmanFunction} against its signature, as a worker registers it.
     *
     * @throws ErrandConfigException naming the method when {@code RAW} is asked of a signature that cannot carry it
     */
    public static void check(JobDefinition<?> job) {
        decideRaw(job);
    }

    private static boolean decideRaw(JobDefinition<?> job) {
        GearmanFunction.Workload w = annotation(job);
        List<Type> params = job.parameterTypes();
        boolean rawable = params.size() == 1 && (params.get(0) == String.class || params.get(0) == byte[].class);
        if (w == GearmanFunction.Workload.RAW && !rawable) {
            throw new ErrandConfigException("job " + job.name() + " ("
                    + job.targetType().getName() + "."
                    + job.methodName() + "): @GearmanFunction(workload = RAW) needs exactly one String or byte[] "
                    + "parameter, but it takes " + params + "; use JSON or AUTO");
        }
        return w == GearmanFunction.Workload.RAW || (w == GearmanFunction.Workload.AUTO && rawable);
    }

    private static GearmanFunction.Workload annotation(JobDefinition<?> job) {
        return function(job).map(GearmanFunction::workload).orElse(GearmanFunction.Workload.AUTO);
    }

    /** The {@link GearmanFunction} on {@code job}'s method, if any. */
    static java.util.Optional<GearmanFunction> function(JobDefinition<?> job) {
        for (Method m : job.targetType().getDeclaredMethods()) {
            if (m.getName().equals(job.methodName())
                    && m.getParameterCount() == job.parameterTypes().size()) {
                GearmanFunction f = m.getAnnotation(GearmanFunction.class);
                if (f != null) {
                    return java.util.Optional.of(f);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The Gearman function name of {@code job}: its {@link GearmanFunction#name()}, else its {@code @Job} name. */
    public static String wireName(JobDefinition<?> job) {
        return function(job)
                .map(GearmanFunction::name)
                .filter(n -> !n.isEmpty())
                .orElse(job.name());
    }

    @Override
    public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
        if (isRaw(job)) {
            return args[0] == null
                    ? EMPTY
                    : args[0] instanceof byte[] b ? b.clone() : ((String) args[0]).getBytes(charset);
        }
        List<Type> params = job.parameterTypes();
        if (params.isEmpty()) {
            return EMPTY;
        }
        try {
            ArrayNode array = (ArrayNode) TREE.readTree(json.encodeArguments(job, args));
            if (params.size() == 1 && structured(params.get(0))) {
                return TREE.writeValueAsBytes(array.get(0));
            }
            ObjectNode named = TREE.createObjectNode();
            for (int i = 0; i < params.size(); i++) {
                named.set(job.parameterNames().get(i), array.get(i));
            }
            return TREE.writeValueAsBytes(named);
        } catch (IOException e) {
            throw new CodecException("cannot encode the arguments of job " + job.name() + " as JSON: " + e, e);
        }
    }

    @Override
    public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
        if (isRaw(job)) {
            return new Object[] {
                job.parameterTypes().get(0) == byte[].class ? payload.clone() : new String(payload, charset)
            };
        }
        List<Type> params = job.parameterTypes();
        JsonNode doc;
        try {
            doc = payload.length == 0 ? null : TREE.readTree(payload);
        } catch (IOException e) {
            throw new CodecException(
                    "workload of job " + job.name() + " is not JSON (" + firstLine(e) + "); "
                            + job.name() + " takes " + signature(job)
                            + ": send a JSON object by parameter name, an array in "
                            + "order, or the bare value of a one-parameter job",
                    e);
        }
        if (params.isEmpty()) {
            if (doc == null || doc.isNull() || (doc.isContainerNode() && doc.isEmpty())) {
                return new Object[0];
            }
            throw new CodecException("job " + job.name() + " takes no arguments but its workload is " + preview(doc));
        }
        if (doc == null) {
            throw new CodecException("job " + job.name() + " takes " + signature(job) + " but its workload is empty");
        }
        ArrayNode array = TREE.createArrayNode();
        if (doc.isObject() && !(params.size() == 1 && structured(params.get(0)) && !onlyKey(doc, job))) {
            bindNamed(job, (ObjectNode) doc, array);
        } else if (doc.isArray() && !(params.size() == 1 && structured(params.get(0)))) {
            array = (ArrayNode) doc;
        } else if (params.size() == 1) {
            array.add(doc);
        } else {
            throw new CodecException("job " + job.name() + " takes " + signature(job) + " but its workload is "
                    + preview(doc) + ": send a JSON object by parameter name or an array in order");
        }
        try {
            return json.decodeArguments(job, TREE.writeValueAsBytes(array));
        } catch (IOException e) {
            throw new CodecException("cannot read the workload of job " + job.name() + ": " + firstLine(e), e);
        }
    }

    private static boolean onlyKey(JsonNode doc, JobDefinition<?> job) {
        return doc.size() == 1 && doc.has(job.parameterNames().get(0));
    }

    private static void bindNamed(JobDefinition<?> job, ObjectNode doc, ArrayNode into) {
        List<String> names = job.parameterNames();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!names.contains(key)) {
                throw new CodecException("workload of job " + job.name() + " has key '" + key + "', which is not a "
                        + "parameter of " + signature(job));
            }
        }
        for (String name : names) {
            JsonNode v = doc.get(name);
            into.add(v == null ? TREE.nullNode() : v);
        }
    }

    @Override
    public byte[] encodeResult(JobDefinition<?> job, Object result) {
        if (isVoid(job)) {
            return EMPTY;
        }
        if (isRaw(job) && rawType(job.returnType())) {
            return result == null
                    ? EMPTY
                    : result instanceof byte[] b ? b.clone() : ((String) result).getBytes(charset);
        }
        return json.encodeResult(job, result);
    }

    @Override
    public Object decodeResult(JobDefinition<?> job, byte[] bytes) {
        if (isVoid(job)) {
            return null;
        }
        if (isRaw(job) && rawType(job.returnType())) {
            byte[] b = bytes == null ? EMPTY : bytes;
            return job.returnType() == byte[].class ? b.clone() : new String(b, charset);
        }
        return json.decodeResult(job, bytes);
    }

    private static boolean isVoid(JobDefinition<?> job) {
        return job.returnType() == void.class || job.returnType() == Void.class;
    }

    private static boolean rawType(Type t) {
        return t == String.class || t == byte[].class;
    }

    /** A record, POJO, map, collection or array: what a whole JSON object or array binds to. */
    private static boolean structured(Type t) {
        Class<?> c = TypeFactory.defaultInstance().constructType(t).getRawClass();
        return !(c.isPrimitive()
                || c == String.class
                || c == byte[].class
                || Number.class.isAssignableFrom(c)
                || c == Boolean.class
                || c == Character.class
                || c.isEnum()
                || c == UUID.class
                || Temporal.class.isAssignableFrom(c)
                || CharSequence.class.isAssignableFrom(c));
    }

    private static String signature(JobDefinition<?> job) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < job.parameterTypes().size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(job.parameterTypes().get(i).getTypeName())
                    .append(' ')
                    .append(job.parameterNames().get(i));
        }
        return sb.append(')').toString();
    }

    private static String preview(JsonNode doc) {
        String s = doc.toString();
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
