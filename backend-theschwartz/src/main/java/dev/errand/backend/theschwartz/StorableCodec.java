package dev.errand.backend.theschwartz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import dev.errand.codec.Codec;
import dev.errand.codec.CodecException;
import dev.errand.job.JobDefinition;
import dev.errand.storable.PerlJson;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableException;
import dev.errand.storable.StorableLimits;
import dev.errand.storable.StorableReader;
import dev.errand.storable.StorableWriter;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's arguments as TheSchwartz's {@code arg}, in the shape its {@link TheSchwartzFunction#arg()} names: by default
 * a Perl Storable image ({@code nfreeze}) that Perl workers read as {@code $job->arg->{name}}, or plain bytes for a job
 * of one {@code String} or {@code byte[]} parameter. Reading binds what Perl sent to the Java parameters through a
 * Jackson tree ({@link ArgReader}) and the JSON codec, so Perl's strings-as-numbers bind as Jackson coerces them.
 * Results are the JSON codec's (TheSchwartz stores none).
 */
final class StorableCodec implements Codec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Codec json;
    private final PerlJson perl;
    private final ArgReader reader;
    private final StorableWriter writer;

    StorableCodec(Codec json, PerlJson perl, StorableLimits limits) {
        this.json = json;
        this.perl = perl;
        this.reader = new ArgReader(perl, limits);
        this.writer = new StorableWriter(limits);
    }

    @Override
    public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
        Function function = Functions.of(job);
        Arg arg = function.arg();
        List<Type> types = job.parameterTypes();
        boolean oneRaw = types.size() == 1 && args.length == 1 && Functions.isRaw(types.get(0));
        if (arg == Arg.RAW || arg == Arg.AUTO && oneRaw && args[0] != null) {
            return raw(job, args[0]);
        }
        ArrayNode values = (ArrayNode) tree(json.encodeArguments(job, args), job);
        JsonNode root = switch (arg) {
            case HASH -> hash(job, values);
            case ARRAY -> values;
            case VALUE -> values.get(0);
            default ->
                types.size() == 1 && structured(types.get(0)) && values.get(0).isContainerNode()
                        ? values.get(0)
                        : hash(job, values);
        };
        if (arg == Arg.JSON) {
            try {
                return MAPPER.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new CodecException("cannot write the arguments of job " + job.name() + " as JSON", e);
            }
        }
        try {
            return writer.write(perl.toPerl(root));
        } catch (StorableException e) {
            throw new CodecException(
                    "cannot write the arguments of job " + job.name() + " as Storable: " + e.getMessage(), e);
        }
    }

    /** The one {@code String} (UTF-8) or {@code byte[]} argument as plain bytes, as Perl's insert($func, "text"). */
    private static byte[] raw(JobDefinition<?> job, Object value) {
        String name = job.parameterNames().get(0);
        if (value == null) {
            throw new CodecException("argument '" + name + "' of job " + job.name()
                    + " is null, but its arg is plain bytes (@TheSchwartzFunction(arg = RAW)); pass a value");
        }
        byte[] raw = value instanceof byte[] b ? b.clone() : ((String) value).getBytes(StandardCharsets.UTF_8);
        if (StorableReader.looksLikeStorable(raw)) {
            throw new CodecException("argument '" + name + "' of job " + job.name()
                    + " starts like a Storable image (byte 0x" + Integer.toHexString(raw[0] & 0xff)
                    + "), so Perl would try to thaw it; pass it inside a record or a second parameter");
        }
        return raw;
    }

    private static ObjectNode hash(JobDefinition<?> job, ArrayNode values) {
        ObjectNode hash = NODES.objectNode();
        for (int i = 0; i < values.size(); i++) {
            hash.set(job.parameterNames().get(i), values.get(i));
        }
        return hash;
    }

    @Override
    public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
        Function function = Functions.of(job);
        Arg arg = function.arg();
        List<Type> types = job.parameterTypes();
        if (types.size() == 1 && types.get(0) == byte[].class && (arg == Arg.AUTO || arg == Arg.VALUE)) {
            // The exact bytes: of a plain string, or of a Perl string in a Storable image.
            PerlValue value = reader.thaw(job, payload);
            if (value == null) {
                return new Object[] {payload.clone()};
            }
            if (value instanceof PerlValue.Str s) {
                return new Object[] {s.bytes()};
            }
        }
        ArrayNode args = reader.arguments(function, payload);
        if (arg == Arg.RAW && types.get(0) == byte[].class) {
            return new Object[] {payload.clone()};
        }
        try {
            return json.decodeArguments(job, MAPPER.writeValueAsBytes(args));
        } catch (IOException e) {
            throw new CodecException("cannot bind the arg of job " + job.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encodeResult(JobDefinition<?> job, Object result) {
        return json.encodeResult(job, result);
    }

    @Override
    public Object decodeResult(JobDefinition<?> job, byte[] bytes) {
        return json.decodeResult(job, bytes);
    }

    private static JsonNode tree(byte[] jsonBytes, JobDefinition<?> job) {
        try {
            return MAPPER.readTree(jsonBytes);
        } catch (IOException e) {
            throw new CodecException("cannot re-read the JSON arguments of job " + job.name(), e);
        }
    }

    /** Records, beans, maps, collections and arrays: what a Perl hash or array is as a whole. */
    static boolean structured(Type type) {
        Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
        if (!(raw instanceof Class<?> c)) {
            return true;
        }
        if (c.isArray()) {
            return c != byte[].class;
        }
        return !(c.isPrimitive()
                || c == String.class
                || CharSequence.class.isAssignableFrom(c)
                || Number.class.isAssignableFrom(c)
                || c == Boolean.class
                || c == Character.class
                || c.isEnum()
                || c == UUID.class
                || c == Optional.class
                || Temporal.class.isAssignableFrom(c)
                || c.getName().startsWith("java.time."));
    }
}
