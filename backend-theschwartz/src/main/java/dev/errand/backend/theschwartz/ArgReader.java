package dev.errand.backend.theschwartz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import dev.errand.codec.CodecException;
import dev.errand.job.JobDefinition;
import dev.errand.storable.PerlJson;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableException;
import dev.errand.storable.StorableLimits;
import dev.errand.storable.StorableReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A job's {@code arg} as one tree per parameter, in parameter order, by the shape its {@link Arg} asks for (ADAPTERS.md
 * §1.4): what the JSON codec then binds to the typed parameters. A shape that does not fit fails naming the job, the
 * parameter and the shape expected.
 */
final class ArgReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PerlJson perl;
    private final StorableReader reader;

    ArgReader(PerlJson perl, StorableLimits limits) {
        this.perl = perl;
        this.reader = new StorableReader(limits);
    }

    /** The Perl value of a Storable {@code arg}; null for plain bytes (what Perl's {@code _cond_thaw} leaves alone). */
    PerlValue thaw(JobDefinition<?> job, byte[] payload) {
        if (payload.length == 0 || !StorableReader.looksLikeStorable(payload)) {
            return null;
        }
        try {
            return reader.read(payload);
        } catch (StorableException e) {
            throw new CodecException("cannot read the arg of TheSchwartz job " + job.name() + ": " + e.getMessage(), e);
        }
    }

    ArrayNode arguments(Function function, byte[] payload) {
        JobDefinition<?> job = function.job();
        Arg arg = function.arg();
        if (arg == Arg.RAW || arg == Arg.JSON) {
            if (payload.length > 0 && StorableReader.looksLikeStorable(payload)) {
                throw new CodecException("arg of job " + job.name() + " is a Storable image (a Perl reference) but "
                        + describe(function) + " takes " + (arg == Arg.RAW ? "a plain string" : "JSON text")
                        + " in " + parameters(job) + "; insert the " + (arg == Arg.RAW ? "string" : "encode_json text")
                        + " itself, not a reference");
            }
            return arg == Arg.RAW ? NODES.arrayNode().add(text(job, payload)) : auto(job, json(job, payload));
        }
        JsonNode tree = tree(job, payload);
        return switch (arg) {
            case HASH -> {
                if (!tree.isObject()) {
                    throw new CodecException("arg of job " + job.name() + " is " + kind(tree) + " but "
                            + describe(function) + " takes a hash keyed by parameter name: " + parameters(job));
                }
                yield named(job, tree);
            }
            case ARRAY -> positional(function, tree);
            case VALUE -> NODES.arrayNode().add(tree);
            default -> auto(job, tree);
        };
    }

    /** The Perl value as a tree: Storable thawed, plain bytes as a Perl byte string, nothing as undef. */
    private JsonNode tree(JobDefinition<?> job, byte[] payload) {
        PerlValue value = thaw(job, payload);
        if (value != null) {
            return toJson(job, value);
        }
        return payload.length == 0 ? NODES.nullNode() : text(job, payload);
    }

    private JsonNode text(JobDefinition<?> job, byte[] payload) {
        return toJson(job, new PerlValue.Str(payload, false));
    }

    private JsonNode toJson(JobDefinition<?> job, PerlValue value) {
        try {
            return perl.toJson(value);
        } catch (StorableException e) {
            throw new CodecException("cannot read the arg of TheSchwartz job " + job.name() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(JobDefinition<?> job, byte[] payload) {
        if (payload.length == 0) {
            return NODES.nullNode();
        }
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new CodecException(
                    "arg of job " + job.name() + " is not JSON text, which "
                            + "@TheSchwartzFunction(arg = JSON) takes: " + e.getMessage(),
                    e);
        }
    }

    private static ArrayNode positional(Function function, JsonNode tree) {
        JobDefinition<?> job = function.job();
        List<String> names = job.parameterNames();
        if (!tree.isArray()) {
            throw new CodecException("arg of job " + job.name() + " is " + kind(tree) + " but " + describe(function)
                    + " takes an array of " + names.size() + " in parameter order: " + parameters(job));
        }
        if (tree.size() < names.size()) {
            throw new CodecException("arg of job " + job.name() + " is an array of " + tree.size() + " but "
                    + describe(function) + " takes an array of " + names.size() + ": parameter '"
                    + names.get(tree.size()) + "' (item " + tree.size() + ") is missing");
        }
        if (tree.size() > names.size()) {
            throw new CodecException("arg of job " + job.name() + " is an array of " + tree.size() + " but "
                    + describe(function) + " takes an array of " + names.size() + " (" + parameters(job)
                    + "): item " + names.size() + " has no parameter");
        }
        return (ArrayNode) tree;
    }

    /**
     * {@link Arg#AUTO}: the Perl value by its shape and the Java signature's: a hash by parameter name, an array in
     * order, the whole value for one record, map, list or array, a lone scalar for one parameter.
     */
    static ArrayNode auto(JobDefinition<?> job, JsonNode tree) {
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
            if (StorableCodec.structured(job.parameterTypes().get(0))) {
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
            return named(job, tree);
        }
        if (tree.isArray() && tree.size() == names.size()) {
            return (ArrayNode) tree;
        }
        throw new CodecException("arg of job " + job.name() + " is " + kind(tree) + " but " + job
                + " takes " + names.size() + " arguments: send a hash keyed by parameter name or an array of "
                + names.size());
    }

    private static ArrayNode named(JobDefinition<?> job, JsonNode tree) {
        List<String> names = job.parameterNames();
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!names.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CodecException(
                    "arg of job " + job.name() + " has key(s) " + unknown + " that " + job + " has no parameter for");
        }
        ArrayNode args = NODES.arrayNode();
        names.forEach(n -> args.add(tree.has(n) ? tree.get(n) : NODES.nullNode()));
        return args;
    }

    private static String describe(Function function) {
        return function.job().name() + " (@TheSchwartzFunction(arg = " + function.arg() + "))";
    }

    private static String parameters(JobDefinition<?> job) {
        return job.parameterNames().isEmpty()
                ? "no parameters"
                : "parameter" + (job.parameterNames().size() == 1 ? " " : "s ") + String.join(", ", quoted(job));
    }

    private static List<String> quoted(JobDefinition<?> job) {
        return job.parameterNames().stream().map(n -> "'" + n + "'").toList();
    }

    static String kind(JsonNode tree) {
        return tree.isObject()
                ? "a hash of " + tree.size() + " key(s)"
                : tree.isArray() ? "an array of " + tree.size() : tree.isNull() ? "undef" : "a scalar";
    }
}
