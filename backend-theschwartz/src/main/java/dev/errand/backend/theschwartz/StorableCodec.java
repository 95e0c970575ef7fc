package dev.errand.backend.theschwartz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's arguments as TheSchwartz's {@code arg}: a Perl Storable image ({@code nfreeze}) that Perl workers read as
 * {@code $job->arg->{name}}, or plain bytes for a job of one {@code String} or {@code byte[]} parameter. Reading binds
 * what Perl sent to the Java parameters through a Jackson tree and the JSON codec, so Perl's strings-as-numbers bind
 * as Jackson coerces them. Results are the JSON codec's (TheSchwartz stores none).
 */
final class StorableCodec implements Codec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Codec json;
    private final PerlJson perl;
    private final StorableReader reader;
    private final StorableWriter writer;

    StorableCodec(Codec json, PerlJson perl, StorableLimits limits) {
        this.json = json;
        this.perl = perl;
        this.reader = new StorableReader(limits);
        this.writer = new StorableWriter(limits);
    }

    @Override
    public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
        Coalescing.note(job);
        List<Type> types = job.parameterTypes();
        if (types.size() == 1 && args.length == 1 && args[0] != null && isRaw(types.get(0))) {
            byte[] raw = args[0] instanceof byte[] b ? b.clone() : ((String) args[0]).getBytes(StandardCharsets.UTF_8);
            if (StorableReader.looksLikeStorable(raw)) {
                throw new CodecException("argument '" + job.parameterNames().get(0) + "' of job " + job.name()
                        + " starts like a Storable image (byte 0x" + Integer.toHexString(raw[0] & 0xff)
                        + "), so Perl would try to thaw it; pass it inside a record or a second parameter");
            }
            return raw;
        }
        ArrayNode values = (ArrayNode) tree(json.encodeArguments(job, args), job);
        JsonNode root;
        if (types.size() == 1 && structured(types.get(0)) && values.get(0).isContainerNode()) {
            root = values.get(0);
        } else {
            ObjectNode hash = NODES.objectNode();
            for (int i = 0; i < types.size(); i++) {
                hash.set(job.parameterNames().get(i), values.get(i));
            }
            root = hash;
        }
        try {
            return writer.write(perl.toPerl(root));
        } catch (StorableException e) {
            throw new CodecException(
                    "cannot write the arguments of job " + job.name() + " as Storable: " + e.getMessage(), e);
        }
    }

    @Override
    public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
        List<Type> types = job.parameterTypes();
        boolean oneBytes = types.size() == 1 && types.get(0) == byte[].class;
        JsonNode tree;
        try {
            if (payload.length > 0 && StorableReader.looksLikeStorable(payload)) {
                PerlValue value = reader.read(payload);
                if (oneBytes && value instanceof PerlValue.Str s) {
                    return new Object[] {s.bytes()};
                }
                tree = perl.toJson(value);
            } else if (oneBytes) {
                return new Object[] {payload.clone()};
            } else if (payload.length == 0) {
                tree = NODES.nullNode();
            } else {
                // Plain bytes, as Perl's insert($func, "text") stores them.
                tree = perl.toJson(new PerlValue.Str(payload, false));
            }
        } catch (StorableException e) {
            throw new CodecException("cannot read the arg of TheSchwartz job " + job.name() + ": " + e.getMessage(), e);
        }
        ArrayNode args = shape(job, tree);
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

    /** The Perl value as the JSON codec's argument array, by the shape of the value and of the Java signature. */
    static ArrayNode shape(JobDefinition<?> job, JsonNode tree) {
        List<String> names = job.parameterNames();
        ArrayNode args = NODES.arrayNode();
        if (names.isEmpty()) {
            boolean empty = tree.isNull()
                    || tree.isContainerNode() && tree.isEmpty()
                    || tree.isTextual() && tree.textValue().isEmpty();
            if (!empty) {
                throw new CodecException("job " + job + " takes no arguments but its arg is " + kind(tree));
            }
            return args;
        }
        if (names.size() == 1) {
            String name = names.get(0);
            if (tree.isObject() && tree.size() == 1 && tree.has(name)) {
                return args.add(tree.get(name));
            }
            if (structured(job.parameterTypes().get(0))) {
                return args.add(tree);
            }
            if (tree.isArray() && tree.size() == 1) {
                return (ArrayNode) tree;
            }
            if (tree.isContainerNode()) {
                throw new CodecException("arg of job " + job.name() + " is " + kind(tree) + " but " + job
                        + " takes one value: send it alone, or a hash with the one key '" + name + "'");
            }
            return args.add(tree);
        }
        if (tree.isObject()) {
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!names.contains(key)) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new CodecException("arg of job " + job.name() + " has key(s) " + unknown + " that " + job
                        + " has no parameter for");
            }
            names.forEach(n -> args.add(tree.has(n) ? tree.get(n) : NODES.nullNode()));
            return args;
        }
        if (tree.isArray() && tree.size() == names.size()) {
            return (ArrayNode) tree;
        }
        throw new CodecException("arg of job " + job.name() + " is " + kind(tree) + " but " + job
                + " takes " + names.size() + " arguments: send a hash keyed by parameter name or an array of "
                + names.size());
    }

    private static String kind(JsonNode tree) {
        return tree.isObject()
                ? "a hash of " + tree.size() + " key(s)"
                : tree.isArray() ? "an array of " + tree.size() : tree.isNull() ? "undef" : "a scalar";
    }

    private static JsonNode tree(byte[] jsonBytes, JobDefinition<?> job) {
        try {
            return MAPPER.readTree(jsonBytes);
        } catch (IOException e) {
            throw new CodecException("cannot re-read the JSON arguments of job " + job.name(), e);
        }
    }

    private static boolean isRaw(Type type) {
        return type == String.class || type == byte[].class;
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
