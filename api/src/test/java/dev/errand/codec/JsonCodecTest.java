package dev.errand.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.TypeRef;
import dev.errand.job.JobDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    record Bookmark(String url, Set<String> tags, Instant at) {}

    enum Kind {
        NEWS,
        BLOG
    }

    private final JsonCodec codec = new JsonCodec(16);

    private final JobDefinition<Map<String, Integer>> job = JobDefinition.<Map<String, Integer>>builder(
                    "Svc.index", Object.class, "index")
            .parameter("bookmark", Bookmark.class)
            .parameter("words", new TypeRef<List<String>>() {}.type())
            .parameter("kind", Kind.class)
            .parameter("depth", int.class)
            .parameter("scores", long[].class)
            .returnType(new TypeRef<Map<String, Integer>>() {}.type())
            .signature("(Bookmark bookmark, List<String> words, Kind kind, int depth, long[] scores)")
            .build();

    @Test
    void argumentsAndResults_roundTripIntoTheDeclaredTypes() {
        Bookmark b = new Bookmark("https://a", Set.of("x"), Instant.parse("2030-01-01T00:00:00Z"));
        byte[] payload =
                codec.encodeArguments(job, new Object[] {b, List.of("a", "b"), Kind.BLOG, 3, new long[] {1, 2}});

        assertThat(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo(
                        "[{\"url\":\"https://a\",\"tags\":[\"x\"],\"at\":\"2030-01-01T00:00:00Z\"},[\"a\",\"b\"],\"BLOG\",3,[1,2]]");
        Object[] args = codec.decodeArguments(job, payload);
        assertThat(args[0]).isEqualTo(b);
        assertThat(args[1]).isEqualTo(List.of("a", "b"));
        assertThat(args[2]).isEqualTo(Kind.BLOG);
        assertThat(args[3]).isEqualTo(3);
        assertThat((long[]) args[4]).containsExactly(1, 2);

        byte[] result = codec.encodeResult(job, Map.of("a", 1));
        assertThat(codec.decodeResult(job, result)).isEqualTo(Map.of("a", 1));
    }

    @Test
    void unknownProperty_isRejected_namingTheArgument() {
        byte[] payload = "[{\"url\":\"u\",\"tags\":[],\"at\":null,\"owner\":\"x\"},[],\"NEWS\",1,[]]"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decodeArguments(job, payload))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith(
                        "cannot decode argument 1 'bookmark' as dev.errand.codec.JsonCodecTest$Bookmark of job Svc.index")
                .hasMessageContaining("owner");
    }

    @Test
    void nullForAPrimitive_andWrongArgumentCount_areRejected() {
        assertThatThrownBy(
                        () -> codec.decodeArguments(job, "[null,[],\"NEWS\",null,[]]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("argument 4 'depth'");
        assertThatThrownBy(() -> codec.decodeArguments(job, "[null,[]]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("has 2 arguments but Svc.index(Bookmark bookmark");
        assertThatThrownBy(
                        () -> codec.decodeArguments(job, "[null,[],\"NEWS\",1,[],7]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("more arguments than the 5");
        assertThatThrownBy(() -> codec.decodeArguments(job, "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON array");
    }

    @Test
    void classNamesInThePayload_areNeverUsed() {
        JobDefinition<Void> any = JobDefinition.<Void>builder("Svc.store", Object.class, "store")
                .parameter("value", new TypeRef<Map<String, Object>>() {}.type())
                .signature("(Map<String,Object> value)")
                .build();
        byte[] gadget = "[{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/pwned\"]}]"
                .getBytes(StandardCharsets.UTF_8);

        Object[] args = codec.decodeArguments(any, gadget);

        assertThat(args[0]).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) args[0]).get("@class")).isEqualTo("java.lang.ProcessBuilder");
    }

    /** A type of the application that asks for class names in its JSON. */
    record Envelope(
            @com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.CLASS)
            Object body) {}

    @Test
    void classNames_areRefused_evenWhereAnApplicationTypeAsksForThem() {
        JobDefinition<Void> send = JobDefinition.<Void>builder("Svc.send", Object.class, "send")
                .parameter("envelope", Envelope.class)
                .signature("(Envelope envelope)")
                .build();
        byte[] gadget = "[{\"body\":{\"@class\":\"java.util.HashMap\"}}]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decodeArguments(send, gadget))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Svc.send");
    }

    @Test
    void nestingDeeperThanTheLimit_isRejected() {
        JobDefinition<Void> any = JobDefinition.<Void>builder("Svc.deep", Object.class, "deep")
                .parameter("value", new TypeRef<List<Object>>() {}.type())
                .signature("(List<Object> value)")
                .build();
        String deep = "[" + "[".repeat(40) + "]".repeat(40) + "]";

        assertThatThrownBy(() -> codec.decodeArguments(any, deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Svc.deep")
                .hasMessageContaining("depth");
    }

    @Test
    void nestingDeeperThanTheLimit_isRefusedAtEncode_namingTheJob() {
        JobDefinition<Void> any = JobDefinition.<Void>builder("Svc.deep", Object.class, "deep")
                .parameter("value", new TypeRef<List<Object>>() {}.type())
                .signature("(List<Object> value)")
                .build();
        List<Object> deep = new java.util.ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 40; i++) {
            List<Object> next = new java.util.ArrayList<>();
            cur.add(next);
            cur = next;
        }
        Object[] args = {deep};

        assertThatThrownBy(() -> codec.encodeArguments(any, args))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("argument 1 'value' of job Svc.deep");
    }

    /**
     * Inputs shorter than 4 bytes take JsonCodec's char path (SHORTEST_SAFE_BYTES). This checks that
     * path decodes and fails as the byte path does; it cannot show the C2 miscompile the path avoids,
     * which only the bench's profile triggered: bench/c2-short-input-repro.sh reproduces that.
     */
    @Test
    void inputsOfOneToThreeBytes_decode_andBadOnesFailNamingTheJob() {
        JobDefinition<Integer> echo = JobDefinition.<Integer>builder("Svc.echo", Object.class, "echo")
                .parameter("n", int.class)
                .returnType(int.class)
                .signature("(int n)")
                .build();
        JobDefinition<Void> tick = JobDefinition.<Void>builder("Svc.tick", Object.class, "tick")
                .returnType(void.class)
                .signature("()")
                .build();
        for (int n = 0; n < 10; n++) {
            byte[] one = codec.encodeResult(echo, n);
            assertThat(one).hasSize(1);
            assertThat(codec.decodeResult(echo, one)).isEqualTo(n);
            assertThat(codec.decodeArguments(echo, codec.encodeArguments(echo, new Object[] {n})))
                    .containsExactly(n);
        }
        assertThat(codec.decodeArguments(tick, "[]".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(codec.encodeArguments(tick, new Object[0])).isEqualTo("[]".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decodeArguments(tick, " [ ] ".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThatThrownBy(() -> codec.decodeArguments(tick, "[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("more arguments than the 0");
        assertThatThrownBy(() -> codec.decodeArguments(tick, new byte[] {(byte) 0xC3}))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Svc.tick");
        assertThatThrownBy(() -> codec.decodeResult(echo, new byte[] {'x'}))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Svc.echo");
    }
}
