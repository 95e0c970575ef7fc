package dev.errand.storable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoding rules of the Perl value ↔ Jackson tree bridge, on images real Perl wrote. */
class PerlJsonTest extends RealPerlTest {
    /** The café case: UTF-8 bytes Perl holds as a byte string, a latin1 byte string and a character string. */
    private static final String CAFE =
            "{utf8 => \"caf\\xc3\\xa9\", latin1 => \"caf\\xe9\", chars => \"caf\\x{e9}\\x{263a}\"}";

    private final StorableReader reader = new StorableReader();

    private JsonNode read(PerlJson bridge, String perlExpr) {
        return bridge.toJson(reader.read(perl.freeze(perlExpr)));
    }

    @Test
    void byteStrings_areDecodedAsUtf8WhenValid_elseAsLatin1_byDefault() {
        assertThat(read(PerlJson.defaults(), CAFE))
                .isEqualTo(tree("{\"utf8\":\"caf\\u00e9\",\"latin1\":\"caf\\u00e9\",\"chars\":\"caf\\u00e9\\u263a\"}"));
    }

    @Test
    void latin1_keepsPerlsOwnSemantics_andRoundTripsExactly() {
        PerlJson latin1 = PerlJson.defaults().withStringDecoding(PerlJson.StringDecoding.LATIN1);

        JsonNode tree = read(latin1, CAFE);
        String perlSees = perl.thaw(new StorableWriter().write(latin1.toPerl(tree)));

        assertThat(tree)
                .isEqualTo(tree(
                        "{\"utf8\":\"caf\\u00c3\\u00a9\",\"latin1\":\"caf\\u00e9\",\"chars\":\"caf\\u00e9\\u263a\"}"));
        assertThat(TypedDump.parse(perlSees))
                .as("the same code points, now as Perl character strings")
                .isEqualTo(tree("{\"utf8\":\"chars:caf\\u00c3\\u00a9\",\"latin1\":\"chars:caf\\u00e9\","
                        + "\"chars\":\"chars:caf\\u00e9\\u263a\"}"));
    }

    @Test
    void strictUtf8_refusesAByteStringThatIsNotUtf8_namingWhere() {
        PerlJson strict = PerlJson.defaults().withStringDecoding(PerlJson.StringDecoding.UTF8);

        assertThatThrownBy(() -> read(strict, CAFE))
                .isInstanceOf(StorableException.class)
                .hasMessage("Perl byte string at $.latin1 is not valid UTF-8 (stringDecoding=UTF8)");
    }

    @Test
    void bytes_givesTheExactBytes_ofByteStrings_only() throws Exception {
        JsonNode tree = read(PerlJson.defaults().withStringDecoding(PerlJson.StringDecoding.BYTES), CAFE);

        assertThat(tree.get("utf8").isBinary()).isTrue();
        assertThat(tree.get("utf8").binaryValue()).containsExactly('c', 'a', 'f', 0xc3, 0xa9);
        assertThat(tree.get("chars").textValue()).isEqualTo("caf\u00e9\u263a");
    }

    @Test
    void hashKeys_withUtf8_areDecodedByTheirFlag() {
        String perlExpr = "do { my $k = \"caf\\x{e9}\"; utf8::upgrade($k); +{$k => 1, \"\\x{263a}\" => 2,"
                + " \"k\\xc3\\xa9\" => 3} }";

        assertThat(read(PerlJson.defaults(), perlExpr))
                .isEqualTo(tree("{\"caf\\u00e9\":1,\"\\u263a\":2,\"k\\u00e9\":3}"));
    }

    @Test
    void twoKeysThatDecodeToTheSameText_areAnError_notALostValue() {
        String perlExpr = "do { my $k = \"caf\\x{e9}\"; utf8::upgrade($k); +{$k => 1, \"caf\\xc3\\xa9\" => 2} }";

        assertThatThrownBy(() -> read(PerlJson.defaults(), perlExpr))
                .isInstanceOf(StorableException.class)
                .hasMessage("two keys of the hash at $ decode to the same text 'caf\u00e9'"
                        + " (stringDecoding=UTF8_OR_LATIN1); use stringDecoding=LATIN1 to keep them apart");
        assertThat(read(PerlJson.defaults().withStringDecoding(PerlJson.StringDecoding.LATIN1), perlExpr))
                .isEqualTo(tree("{\"caf\\u00e9\":1,\"caf\\u00c3\\u00a9\":2}"));
    }

    @Test
    void numbersStayNumbers_numbersPerlHeldAsTextStayText() {
        assertThat(read(PerlJson.defaults(), "[7, '7', 2**40, -2**40, 1.5, 100000, -3, '007']"))
                .isEqualTo(tree("[7,\"7\",\"1099511627776\",\"-1099511627776\",\"1.5\",100000,-3,\"007\"]"));
    }

    @Test
    void booleans_areOneAndEmpty_undefIsNull_andEmptyStringIsNotUndef() {
        assertThat(read(PerlJson.defaults(), "[\\!!1, \\!!0, !!1, !!0, undef, '', \\undef]"))
                .isEqualTo(tree("[1,\"\",\"1\",\"\",null,\"\",null]"));
    }

    @Test
    void aReferenceToAScalar_isTheScalar() {
        assertThat(read(PerlJson.defaults(), "\\'x'")).isEqualTo(JsonNodeFactory.instance.textNode("x"));
        assertThat(read(PerlJson.defaults(), "{r => \\'x', rr => \\\\7}")).isEqualTo(tree("{\"r\":\"x\",\"rr\":7}"));
    }

    @Test
    void sharedReferences_areCopies() {
        assertThat(read(PerlJson.defaults(), "do { my $x = {a => [1]}; {one => $x, two => $x} }"))
                .isEqualTo(tree("{\"one\":{\"a\":[1]},\"two\":{\"a\":[1]}}"));
    }

    @Test
    void toPerl_refusesNodesWithoutAPerlValue_andTreesTooDeep() {
        var object = JsonNodeFactory.instance.objectNode();
        object.putPOJO("thing", new Object());
        JsonNode deep = tree("[".repeat(70) + "]".repeat(70));

        assertThatThrownBy(() -> PerlJson.defaults().toPerl(object))
                .isInstanceOf(StorableException.class)
                .hasMessage("a POJO node at $.thing has no Perl value; use plain data");
        assertThatThrownBy(() -> PerlJson.defaults().toPerl(deep))
                .isInstanceOf(StorableException.class)
                .hasMessageStartingWith("tree nested deeper than maxDepth (64) at $[0][0]");
    }

    @Test
    void doubles_areWrittenAsTheShortestTextThatReadsBack() {
        assertThat(List.of(0.1, 1.0 / 3, 1e-7, -2.5, 1e300, 123456.789))
                .extracting(PerlJson::shortest)
                .containsExactly("0.1", "0.3333333333333333", "0.0000001", "-2.5", "1.0e300", "123456.789");
    }

    @Test
    void floats_areWrittenAsTheirOwnShortestText() {
        assertThat(PerlJson.defaults().toPerl(JsonNodeFactory.instance.numberNode(0.1f)))
                .isEqualTo(PerlValue.Str.of("0.1"));
    }

    @Test
    void writer_refusesBlessedValues_andImagesPastMaxBytes() {
        PerlValue blessed = new PerlValue.Blessed("Foo::Bar", PerlValue.Undef.UNDEF, -1);
        PerlValue big = PerlValue.Str.of("x".repeat(100));

        assertThatThrownBy(() -> new StorableWriter().write(blessed))
                .hasMessage("blessed values are not written (class Foo::Bar)");
        assertThatThrownBy(() -> new StorableWriter(new StorableLimits(64, 64, 100)).write(big))
                .hasMessage("Storable image of 104 bytes is larger than maxBytes (64)");
    }
}
