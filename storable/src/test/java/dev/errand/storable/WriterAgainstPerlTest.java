package dev.errand.storable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Images Java writes are what real Perl {@code thaw}s to the same data, and what it re-freezes byte for byte. */
class WriterAgainstPerlTest extends RealPerlTest {
    private final StorableReader reader = new StorableReader();
    private final StorableWriter writer = new StorableWriter();
    private final PerlJson bridge = PerlJson.defaults();

    private static final String TREE = "{\"name\":\"x\",\"list\":[1,2,3],\"nested\":{\"a\":{\"b\":[null,\"\"]}},"
            + "\"big\":1099511627776,\"min\":-9223372036854775808,\"huge\":123456789012345678901234567890,"
            + "\"small\":-5,\"mid\":100000,\"neg\":-100000,\"d\":1.5,\"tiny\":1e-7,\"t\":true,\"f\":false,"
            + "\"n\":null,\"e\":\"\",\"u\":\"caf\\u00e9 \\u263a\",\"latin\":\"caf\\u00e9\",\"num\":\"7\","
            + "\"k\\u263a\":{\"\\u00e9\":[1]}}";

    @Test
    void writes_aTreeThatPerlThawsToTheSameData() {
        byte[] image = writer.write(bridge.toPerl(tree(TREE)));

        assertThat(TypedDump.parse(perl.thaw(image)))
                .isEqualTo(tree("{\"name\":\"bytes:x\",\"list\":[\"int:1\",\"int:2\",\"int:3\"],"
                        + "\"nested\":{\"a\":{\"b\":[null,\"bytes:\"]}},\"big\":\"bytes:1099511627776\","
                        + "\"min\":\"bytes:-9223372036854775808\",\"huge\":\"bytes:123456789012345678901234567890\","
                        + "\"small\":\"int:-5\",\"mid\":\"int:100000\",\"neg\":\"int:-100000\",\"d\":\"bytes:1.5\","
                        + "\"tiny\":\"bytes:0.0000001\",\"t\":\"int:1\",\"f\":\"int:0\",\"n\":null,\"e\":\"bytes:\","
                        + "\"u\":\"chars:caf\\u00e9 \\u263a\",\"latin\":\"chars:caf\\u00e9\",\"num\":\"bytes:7\","
                        + "\"k\\u263a\":{\"\\u00e9\":[\"int:1\"]}}"));
    }

    @Test
    void writes_theBytesPerlsCanonicalNfreezeWrites() {
        byte[] image = writer.write(bridge.toPerl(tree(TREE)));

        assertThat(HexFormat.of().formatHex(perl.refreeze(image)))
                .isEqualTo(HexFormat.of().formatHex(image));
    }

    @Test
    void roundTrip_javaToPerlToJava_keepsTheData_withNumbersPerlHoldsAsTextComingBackAsText() {
        byte[] image = writer.write(bridge.toPerl(tree(TREE)));

        JsonNode back = bridge.toJson(reader.read(perl.refreeze(image)));

        assertThat(back)
                .isEqualTo(tree("{\"name\":\"x\",\"list\":[1,2,3],\"nested\":{\"a\":{\"b\":[null,\"\"]}},"
                        + "\"big\":\"1099511627776\",\"min\":\"-9223372036854775808\","
                        + "\"huge\":\"123456789012345678901234567890\",\"small\":-5,\"mid\":100000,\"neg\":-100000,"
                        + "\"d\":\"1.5\",\"tiny\":\"0.0000001\",\"t\":1,\"f\":0,\"n\":null,\"e\":\"\","
                        + "\"u\":\"caf\\u00e9 \\u263a\",\"latin\":\"caf\\u00e9\",\"num\":\"7\","
                        + "\"k\\u263a\":{\"\\u00e9\":[1]}}"));
    }

    @Test
    void writes_bytesAsAPerlByteString_andLongStringsAsLargeScalars() {
        var object = JsonNodeFactory.instance.objectNode();
        object.put("raw", new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff});
        object.put("long", "x".repeat(300));
        object.put("longutf8", "\u263a".repeat(100));

        byte[] image = writer.write(bridge.toPerl(object));

        assertThat(TypedDump.parse(perl.thaw(image)))
                .isEqualTo(tree("{\"raw\":\"bytes:\\u00c3\\u00a9\\u00ff\",\"long\":\"bytes:" + "x".repeat(300)
                        + "\",\"longutf8\":\"chars:" + "\\u263a".repeat(100) + "\"}"));
        assertThat(HexFormat.of().formatHex(perl.refreeze(image)))
                .isEqualTo(HexFormat.of().formatHex(image));
    }

    @Test
    void writes_aTopLevelScalar_asNfreezeOfAScalarRef() {
        byte[] image = writer.write(bridge.toPerl(JsonNodeFactory.instance.textNode("x")));

        assertThat(perl.thaw(image)).isEqualTo("{\"ref\":\"bytes:x\"}");
    }

    @Test
    void writes_sharedValuesOnce_soPerlThawsASharedReference() {
        PerlValue.Hash shared = new PerlValue.Hash(java.util.Map.of(PerlValue.Str.of("a"), new PerlValue.Int(1)));
        PerlValue root = new PerlValue.Array(java.util.List.of(new PerlValue.Ref(shared), new PerlValue.Ref(shared)));

        byte[] image = writer.write(root);

        assertThat(HexFormat.of().formatHex(image))
                .isEqualTo(HexFormat.of().formatHex(perl.freeze("do { my $x = {a => 1}; [$x, $x] }")));
    }

    @Test
    void writes_aScalarInstanceInTwoSlotsTwice_soPerlDoesNotAliasThem() {
        PerlValue x = PerlValue.Str.of("x");

        byte[] image = writer.write(new PerlValue.Array(java.util.List.of(x, x)));

        assertThat(HexFormat.of().formatHex(image)).isEqualTo(HexFormat.of().formatHex(perl.freeze("['x', 'x']")));
    }
}
