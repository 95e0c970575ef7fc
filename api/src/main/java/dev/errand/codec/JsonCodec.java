package dev.errand.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.errand.job.JobDefinition;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default codec: arguments as a JSON array, the result as a JSON value, each read into the
 * declared type. Strict on purpose: unknown properties, nulls for primitives, trailing tokens,
 * a wrong argument count and over-deep nesting all fail, so a changed class ends as a dead job
 * with a clear error instead of a silently wrong call. No polymorphic typing is ever enabled, and
 * class names are refused even where an application type asks for them with {@code @JsonTypeInfo}.
 */
public final class JsonCodec implements Codec {
    /**
     * Inputs shorter than this are parsed from chars, not bytes. Once warmed up on longer inputs, C2 (seen on JDK 17.0.15
     * and 25) miscompiles Jackson's byte-source encoding detection so that it reads past the end of a 1–3 byte array
     * ({@code ArrayIndexOutOfBoundsException} in {@code ByteSourceJsonBootstrapper.detectEncoding}; gone with
     * {@code -XX:-SplitIfBlocks}). A result such as {@code 7} or a payload such as {@code []} then failed to decode. Our
     * bytes are always UTF-8, so skipping the detection loses nothing. {@code bench/c2-short-input-repro.sh} reproduces
     * it on the code before this workaround.
     */
    private static final int SHORTEST_SAFE_BYTES = 4;

    private static final byte[] NO_ARGUMENTS = {'[', ']'};

    private final ObjectMapper mapper;
    private final Map<JobDefinition<?>, Types> types = new ConcurrentHashMap<>();

    public JsonCodec(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .addModule(new ParameterNamesModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // Even a type of the application annotated @JsonTypeInfo(use = CLASS) may not name a class in a
                // payload: a validator with no rule allows none (name-based @JsonSubTypes still work).
                .polymorphicTypeValidator(
                        BasicPolymorphicTypeValidator.builder().build())
                .build();
    }

    public JsonCodec() {
        this(64);
    }

    @Override
    public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
        Types t = typesOf(job);
        if (args.length != t.arguments.length) {
            throw new CodecException(
                    "job " + job.name() + " takes " + t.arguments.length + " arguments but got " + args.length);
        }
        if (args.length == 0) {
            return NO_ARGUMENTS.clone();
        }
        // As ObjectMapper.writeValueAsBytes does: the builder's blocks and the recycler go back to the pool, or every
        // call would allocate fresh buffers (and leak a pooled recycler).
        BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
        int i = 0;
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
                g.writeStartArray();
                for (; i < args.length; i++) {
                    t.writers[i].writeValue(g, args[i]);
                }
                g.writeEndArray();
            }
            return out.getClearAndRelease();
        } catch (IOException | RuntimeException e) {
            String which = i < args.length
                    ? "argument " + (i + 1) + " '" + job.parameterNames().get(i) + "'"
                    : "the arguments";
            throw new CodecException(
                    "cannot encode " + which + " of job " + job.name() + " as JSON: " + e.getMessage(), e);
        } finally {
            recycler.releaseToPool();
        }
    }

    @Override
    public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
        Types t = typesOf(job);
        if (t.arguments.length == 0 && Arrays.equals(payload, NO_ARGUMENTS)) {
            return new Object[0]; // the common no-argument job skips setting up a parser
        }
        Object[] args = new Object[t.arguments.length];
        int i = -1;
        try (JsonParser p = parserFor(payload)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new CodecException("payload of job " + job.name() + " is not a JSON array of arguments");
            }
            for (i = 0; i < args.length; i++) {
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    throw new CodecException("payload of job " + job.name() + " has " + i + " arguments but " + job
                            + " takes " + args.length);
                }
                args[i] = t.readers[i].readValue(p);
            }
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new CodecException("payload of job " + job.name() + " has more arguments than the " + args.length
                        + " that " + job + " takes");
            }
            if (p.nextToken() != null) {
                throw new CodecException("payload of job " + job.name() + " has data after its argument array");
            }
            return args;
        } catch (CodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String which = i >= 0 && i < args.length
                    ? "argument " + (i + 1) + " '" + job.parameterNames().get(i) + "' as "
                            + t.arguments[i].toCanonical()
                    : "arguments";
            throw new CodecException("cannot decode " + which + " of job " + job.name() + ": " + firstLine(e), e);
        }
    }

    @Override
    public byte[] encodeResult(JobDefinition<?> job, Object result) {
        if (job.returnType() == void.class) {
            return null;
        }
        try {
            return typesOf(job).resultWriter.writeValueAsBytes(result);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot encode the result of job " + job.name() + " as JSON: " + firstLine(e), e);
        }
    }

    @Override
    public Object decodeResult(JobDefinition<?> job, byte[] bytes) {
        if (job.returnType() == void.class || bytes == null) {
            return null;
        }
        try {
            ObjectReader reader = typesOf(job).resultReader;
            return bytes.length < SHORTEST_SAFE_BYTES
                    ? reader.readValue(new String(bytes, StandardCharsets.UTF_8))
                    : reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new CodecException(
                    "cannot decode the result of job " + job.name() + " as "
                            + typesOf(job).result.toCanonical() + ": " + firstLine(e),
                    e);
        }
    }

    private JsonParser parserFor(byte[] bytes) throws IOException {
        return bytes.length < SHORTEST_SAFE_BYTES
                ? mapper.getFactory().createParser(new String(bytes, StandardCharsets.UTF_8))
                : mapper.getFactory().createParser(bytes);
    }

    private Types typesOf(JobDefinition<?> job) {
        Types t = types.get(job); // get first: computeIfAbsent's method reference is an allocation per call
        return t != null ? t : types.computeIfAbsent(job, this::resolve);
    }

    private Types resolve(JobDefinition<?> job) {
        List<Type> params = job.parameterTypes();
        JavaType[] arguments = new JavaType[params.size()];
        ObjectReader[] readers = new ObjectReader[params.size()];
        ObjectWriter[] writers = new ObjectWriter[params.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = mapper.constructType(params.get(i));
            readers[i] = mapper.readerFor(arguments[i]);
            writers[i] = mapper.writerFor(arguments[i]);
        }
        JavaType result = job.returnType() == void.class ? null : mapper.constructType(job.returnType());
        return new Types(
                arguments,
                readers,
                writers,
                result,
                result == null ? null : mapper.readerFor(result),
                result == null ? null : mapper.writerFor(result));
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private record Types(
            JavaType[] arguments,
            ObjectReader[] readers,
            ObjectWriter[] writers,
            JavaType result,
            ObjectReader resultReader,
            ObjectWriter resultWriter) {}
}
