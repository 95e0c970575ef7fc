package dev.errand.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobHeadersTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void encode_thenDecode_givesTheSameHeaders_inNameOrder() {
        JobHeaders headers = JobHeaders.of(
                Map.of("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", "traceparent", TRACEPARENT));

        assertThat(headers.encode())
                .isEqualTo("traceparent=" + TRACEPARENT + "\ntracestate=congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(JobHeaders.decode(headers.encode())).isEqualTo(headers);
        assertThat(headers.get("tracestate")).contains("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(headers.asMap().keySet()).containsExactly("traceparent", "tracestate");
    }

    @Test
    void none_isEmpty_andStoredAsNothing() {
        assertThat(JobHeaders.empty().encode()).isEmpty();
        assertThat(JobHeaders.decode(null)).isEqualTo(JobHeaders.empty());
        assertThat(JobHeaders.decode("")).isEqualTo(JobHeaders.empty());
        assertThat(JobHeaders.of(Map.of())).isSameAs(JobHeaders.empty());
    }

    @Test
    void with_replacesAValue_andLeavesTheOriginalAlone() {
        JobHeaders one = JobHeaders.empty().with("tenant", "a");
        JobHeaders two = one.with("tenant", "b");

        assertThat(one.get("tenant")).contains("a");
        assertThat(two.get("tenant")).contains("b");
    }

    @Test
    void badNames_areRefused_namingTheHeaderAndTheRule() {
        for (String name : new String[] {"", "Traceparent", "-x", "a b", "a=b", "x".repeat(65)}) {
            assertThatThrownBy(() -> JobHeaders.empty().with(name, "v"))
                    .as("name '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid job header name '" + name
                            + "': use 1 to 64 lower-case letters, digits or _ . -, starting with a letter or digit");
        }
    }

    @Test
    void badValues_areRefused_namingTheHeaderAndTheCharacter() {
        assertThatThrownBy(() -> JobHeaders.empty().with("note", "line\nbreak"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "job header 'note' has character U+000A at index 4; values are printable ASCII (space to ~):"
                                + " encode other text first");
        assertThatThrownBy(() -> JobHeaders.empty().with("note", "caf\u00e9"))
                .hasMessageContaining("character U+00E9 at index 3");
        assertThatThrownBy(() -> JobHeaders.empty().with("note", "x".repeat(1025)))
                .hasMessage("job header 'note' is 1025 characters long, over the limit of 1024");
    }

    @Test
    void tooManyHeaders_orTooMuchText_areRefused() {
        Map<String, String> seventeen = new LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            seventeen.put("h" + i, "v");
        }
        assertThatThrownBy(() -> JobHeaders.of(seventeen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a job can carry at most 16 headers but was given 17");

        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            big.put("h" + i, "x".repeat(1024));
        }
        assertThatThrownBy(() -> JobHeaders.of(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the headers [h0, h1, h2, h3] of a job take 4111 characters, over the limit of 4096; "
                        + "headers carry small metadata such as a trace context, pass data as job arguments");
    }

    @Test
    void decode_refusesTextErrandDidNotWrite() {
        assertThatThrownBy(() -> JobHeaders.decode("no equals sign"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stored job headers have a line without 'name=': 'no equals sign'; they were not written"
                        + " by Errand");
    }
}
