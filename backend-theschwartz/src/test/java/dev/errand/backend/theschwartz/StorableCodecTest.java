package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.codec.CodecException;
import dev.errand.codec.JsonCodec;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableReader;
import dev.errand.storable.StorableWriter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the shapes of Perl values bind to Java signatures, and what Java writes for Perl (ADAPTERS.md §1.4). */
class StorableCodecTest {
    private final StorableCodec codec =
            (StorableCodec) new TheSchwartzBackendProvider().codec(ErrandConfig.empty(), new JsonCodec());

    public record Point(int x, int y) {}

    private static JobDefinition<Void> job(String name, Object... namesAndTypes) {
        JobDefinition.Builder<Void> b = JobDefinition.<Void>builder(name, Object.class, "m");
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            b.parameter((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
        }
        return b.build();
    }

    private static byte[] nfreeze(PerlValue root) {
        return new StorableWriter().write(root);
    }

    private static PerlValue.Hash hash(Object... kv) {
        Map<PerlValue.Str, PerlValue> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(PerlValue.Str.of((String) kv[i]), (PerlValue) kv[i + 1]);
        }
        return new PerlValue.Hash(m);
    }

    private static PerlValue str(String s) {
        return PerlValue.Str.of(s);
    }

    @Test
    void oneStringParameter_isAPlainPerlString_bothWays() {
        JobDefinition<Void> job = job("F", "text", String.class);

        byte[] written = codec.encodeArguments(job, new Object[] {"caf\u00e9"});

        assertThat(written).isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decodeArguments(job, "plain".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("plain");
        assertThat(codec.decodeArguments(job, nfreeze(hash("text", str("in a hash")))))
                .containsExactly("in a hash");
    }

    @Test
    void aRawStringThatPerlWouldThaw_isRefusedAtCallTime() {
        JobDefinition<Void> job = job("F", "text", String.class);

        assertThatThrownBy(() -> codec.encodeArguments(job, new Object[] {"\u0005\u000bxyz"}))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("argument 'text' of job F starts like a Storable image");
    }

    @Test
    void severalParameters_areAHashByName_orAnArrayInOrder() {
        JobDefinition<Void> job = job("F", "id", int.class, "note", String.class);

        byte[] written = codec.encodeArguments(job, new Object[] {7, "x"});

        assertThat(new StorableReader().read(written)).isEqualTo(hash("id", new PerlValue.Int(7), "note", str("x")));
        assertThat(codec.decodeArguments(job, nfreeze(hash("id", str("7"), "note", str("x")))))
                .containsExactly(7, "x");
        assertThat(codec.decodeArguments(job, nfreeze(hash("id", str("8")))))
                .as("a missing key is null")
                .containsExactly(8, null);
        assertThat(codec.decodeArguments(job, nfreeze(new PerlValue.Array(List.of(str("9"), str("y"))))))
                .containsExactly(9, "y");
    }

    @Test
    void severalParameters_refuseUnknownKeys_andTheWrongCount_namingTheJob() {
        JobDefinition<Void> job = job("F", "id", int.class, "note", String.class);

        assertThatThrownBy(() -> codec.decodeArguments(job, nfreeze(hash("id", str("7"), "colour", str("red")))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("arg of job F has key(s) [colour]");
        assertThatThrownBy(() -> codec.decodeArguments(job, nfreeze(new PerlValue.Array(List.of(str("1"))))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("an array of 1")
                .hasMessageContaining("takes 2 arguments");
    }

    @Test
    void oneStructuredParameter_isTheHashItself_orAHashWithItsName() {
        JobDefinition<Void> job = job("F", "point", Point.class);

        assertThat(new StorableReader().read(codec.encodeArguments(job, new Object[] {new Point(1, 2)})))
                .isEqualTo(hash("x", new PerlValue.Int(1), "y", new PerlValue.Int(2)));
        assertThat(codec.decodeArguments(job, nfreeze(hash("x", str("1"), "y", str("2")))))
                .containsExactly(new Point(1, 2));
        assertThat(codec.decodeArguments(
                        job, nfreeze(hash("point", new PerlValue.Ref(hash("x", str("3"), "y", str("4")))))))
                .containsExactly(new Point(3, 4));
    }

    @Test
    void oneScalarParameter_takesAScalarRef_aOneKeyHash_orAOneElementArray() {
        JobDefinition<Void> job = job("F", "n", int.class);

        assertThat(codec.decodeArguments(job, nfreeze(str("7")))).containsExactly(7);
        assertThat(codec.decodeArguments(job, nfreeze(hash("n", str("8"))))).containsExactly(8);
        assertThat(codec.decodeArguments(job, nfreeze(new PerlValue.Array(List.of(str("9"))))))
                .containsExactly(9);
        assertThat(new StorableReader().read(codec.encodeArguments(job, new Object[] {5})))
                .as("written as a hash keyed by the parameter's name, what Perl code reads most often")
                .isEqualTo(hash("n", new PerlValue.Int(5)));
        assertThatThrownBy(() -> codec.decodeArguments(job, nfreeze(hash("m", str("1")))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("a hash with the one key 'n'");
    }

    @Test
    void noParameters_acceptNothing_anEmptyHash_orUndef_butNotData() {
        JobDefinition<Void> job = job("F");

        assertThat(codec.decodeArguments(job, new byte[0])).isEmpty();
        assertThat(codec.decodeArguments(job, nfreeze(hash()))).isEmpty();
        assertThat(codec.decodeArguments(job, codec.encodeArguments(job, new Object[0])))
                .isEmpty();
        assertThatThrownBy(() -> codec.decodeArguments(job, nfreeze(hash("a", str("1")))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("takes no arguments but its arg is a hash of 1 key(s)");
    }

    @Test
    void oneBytesParameter_getsTheExactBytes() {
        JobDefinition<Void> job = job("F", "data", byte[].class);
        byte[] latin1 = {(byte) 0xe9, 0, (byte) 0xff};

        assertThat(codec.decodeArguments(job, latin1)).containsExactly((Object) latin1);
        assertThat(codec.decodeArguments(job, nfreeze(new PerlValue.Str(latin1, false))))
                .containsExactly((Object) latin1);
    }
}
