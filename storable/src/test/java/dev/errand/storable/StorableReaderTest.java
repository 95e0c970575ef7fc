package dev.errand.storable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile and broken images: each is a {@link StorableException} naming the offset, never anything else. */
class StorableReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    private final StorableReader reader = new StorableReader();

    /** {name => 'x', list => [1, 2, 3]}, as Perl's nfreeze writes it. */
    static final String SCHWARTZ_ARG_HEX =
            "050b0300000002040200000003088108820883000000046c6973740a0178000000046e616d65";

    private static final byte[] SCHWARTZ_ARG = HEX.parseHex(SCHWARTZ_ARG_HEX);

    @Test
    void reads_theImageNfreezeWrites() {
        assertThat(reader.read(SCHWARTZ_ARG))
                .isEqualTo(new PerlValue.Hash(Map.of(
                        PerlValue.Str.of("list"),
                        new PerlValue.Ref(new PerlValue.Array(
                                List.of(new PerlValue.Int(1), new PerlValue.Int(2), new PerlValue.Int(3)))),
                        PerlValue.Str.of("name"),
                        PerlValue.Str.of("x"))));
    }

    @Test
    void everyTruncation_isAClearError() {
        for (int length = 0; length < SCHWARTZ_ARG.length; length++) {
            byte[] truncated = Arrays.copyOf(SCHWARTZ_ARG, length);
            long end = length;
            assertThatThrownBy(() -> reader.read(truncated))
                    .as("image cut to %d bytes", length)
                    .isInstanceOf(StorableException.class)
                    .satisfies(e -> assertThat(((StorableException) e).offset()).isBetween(0L, end));
        }
    }

    @Test
    void truncatedString_namesTheItemAndOffset() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b0a0578")))
                .hasMessage("SX_SCALAR (0x0a) announces 5 bytes but only 1 are left (truncated image?) (at offset 2)");
    }

    @Test
    void wrongMagic_isRefused() {
        assertThatThrownBy(() -> reader.read("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isInstanceOf(StorableException.class)
                .hasMessage("not a network-order Storable image: header byte 0x68 (major version 52, expected 2)"
                        + " (at offset 0)");
        assertThatThrownBy(() -> reader.read(new byte[0]))
                .hasMessage("not a Storable image: it is empty (at offset 0)");
    }

    @Test
    void lengthFieldOf2To31_isRefusedBeforeAnyAllocation() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b0180000000")))
                .isInstanceOf(StorableException.class)
                .hasMessage("length field 2147483648 of SX_LSCALAR (0x01) is 2^31 or more (at offset 2)");
    }

    @Test
    void hugeLengthsAndCounts_areCheckedAgainstTheBytesLeft() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b017fffffff78")))
                .hasMessage("SX_LSCALAR (0x01) announces 2147483647 bytes but only 1 are left (truncated image?)"
                        + " (at offset 2)");
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b027fffffff05")))
                .hasMessage("SX_ARRAY (0x02) announces 2147483647 elements, more than the 1 bytes left can hold"
                        + " (at offset 2)");
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b037fffffff05")))
                .hasMessage("SX_HASH (0x03) announces 2147483647 elements, more than the 1 bytes left can hold"
                        + " (at offset 2)");
    }

    @Test
    void deepNesting_isRefusedAtTheDepthLimit_withoutStackOverflow() {
        byte[] refs = image(bytes(Sx.REF, 500_000), new byte[] {Sx.UNDEF});
        byte[] arrays = image(repeat(HEX.parseHex("0200000001"), 200_000), new byte[] {Sx.UNDEF});

        assertThatThrownBy(() -> reader.read(refs))
                .isInstanceOf(StorableException.class)
                .hasMessage("Storable data nested deeper than maxDepth (64) (at offset 66)");
        assertThatThrownBy(() -> new StorableReader(new StorableLimits(1 << 30, 64, 1_000_000)).read(arrays))
                .isInstanceOf(StorableException.class)
                .hasMessage("Storable data nested deeper than maxDepth (64) (at offset 322)");
    }

    @Test
    void aTreeAsDeepAsTheLimit_isWrittenAndRead_asDeepAsItsJson() {
        PerlJson bridge = PerlJson.defaults();
        JsonNode deepest = RealPerlTest.tree("[".repeat(64) + "1" + "]".repeat(64));
        JsonNode tooDeep = RealPerlTest.tree("[".repeat(65) + "1" + "]".repeat(65));

        byte[] image = new StorableWriter().write(bridge.toPerl(deepest));

        assertThat(bridge.toJson(reader.read(image))).isEqualTo(deepest);
        assertThatThrownBy(() -> bridge.toPerl(tooDeep))
                .hasMessageStartingWith("tree nested deeper than maxDepth (64) at $[0]");
        StorableLimits deeper = new StorableLimits(1 << 20, 65, 1000);
        PerlValue tooDeepValue = new StorableReader(deeper)
                .read(new StorableWriter(deeper).write(bridge.withLimits(deeper).toPerl(tooDeep)));
        assertThatThrownBy(() -> bridge.toJson(tooDeepValue))
                .hasMessageStartingWith("Perl value nested deeper than maxDepth (64) at $[0]");
    }

    @Test
    void theLimitsOnSizeAndItems_areKept() {
        StorableReader small = new StorableReader(new StorableLimits(16, 64, 3));

        assertThatThrownBy(() -> small.read(SCHWARTZ_ARG))
                .hasMessage("Storable image of 38 bytes is larger than maxBytes (16)");
        assertThatThrownBy(() -> small.read(HEX.parseHex("050b020000000308810882088305")))
                .hasMessage("Storable image has more than maxItems (3) items (at offset 11)");
    }

    @Test
    void referenceToAnItemNotYetRead_isRefused() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b0200000001040000000009")))
                .hasMessage("SX_OBJECT refers to item 9 but only 2 items came before it (at offset 8)");
    }

    @Test
    void unknownAndNativeItems_areRefusedByName() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b7f")))
                .hasMessage(
                        "unsupported Storable item unknown item 0x7f: not an item Storable 3.x writes (at offset 2)");
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b060000000000000001")))
                .hasMessage("unsupported Storable item SX_INTEGER (0x06): a native-order number has no place in a"
                        + " network-order image (at offset 2)");
    }

    @Test
    void invalidUtf8_inACharacterString_isRefused() {
        assertThatThrownBy(() -> reader.read(HEX.parseHex("050b1702c328")))
                .hasMessage("Perl character string is not valid UTF-8 (at offset 2)");
    }

    @Test
    void randomAndMutatedImages_failOnlyWithTheCodecsOwnError() {
        byte[] rich = new StorableWriter()
                .write(PerlJson.defaults()
                        .toPerl(RealPerlTest.tree("{\"name\":\"x\",\"list\":[1,-200,70000,\"\\u263a\",null],"
                                + "\"h\":{\"\\u00e9\":{\"a\":[[]]}},\"big\":1099511627776}")));
        Random random = new Random(17);
        for (int i = 0; i < 50_000; i++) {
            byte[] blob = i % 10 == 0 ? randomImage(random) : mutate(rich, random);
            try {
                reader.read(blob);
            } catch (StorableException expected) {
                assertThat(expected.offset()).isLessThanOrEqualTo(blob.length);
            } catch (RuntimeException | Error e) {
                fail("blob " + HEX.formatHex(blob) + " threw " + e, e);
            }
        }
    }

    private static byte[] mutate(byte[] image, Random random) {
        byte[] blob = Arrays.copyOf(image, image.length);
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = 2 + random.nextInt(blob.length - 2);
            blob[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(0x22) : (byte) random.nextInt(256);
        }
        return random.nextInt(4) == 0 ? Arrays.copyOf(blob, 2 + random.nextInt(blob.length - 2)) : blob;
    }

    private static byte[] randomImage(Random random) {
        byte[] body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        return image(body);
    }

    private static byte[] image(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Sx.NETORDER_MAJOR2);
        out.write(Sx.WRITE_MINOR);
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int value, int count) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] repeat(byte[] unit, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }
}
