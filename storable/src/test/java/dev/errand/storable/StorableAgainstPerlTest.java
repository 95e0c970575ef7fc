package dev.errand.storable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Images written by real Perl {@code nfreeze} are read the way Perl's {@code thaw} reads them, byte for byte. */
class StorableAgainstPerlTest extends RealPerlTest {
    private final StorableReader reader = new StorableReader();
    private final StorableWriter writer = new StorableWriter();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{name => 'x', list => [1, 2, 3]}",
                "{a => {b => {c => [1, [2, [3]]]}}, e => [], h => {}}",
                "[undef, '', 0, '0', '7', '-7', '1.5', 'x']",
                "[-1, -128, -129, 127, 128, 1000, -1000, 2147483647, 2147483648, -2147483648, -2147483649,"
                        + " 1099511627776, 9223372036854775807, -9223372036854775808, 18446744073709551615]",
                "[1.5, 0.1, 1/3, 1e20, -2.5e-7, -0.0, 3.0]",
                "{utf8 => \"caf\\x{e9} \\x{263a}\", bytes => \"caf\\xc3\\xa9\", latin1 => \"caf\\xe9\"}",
                "do { my $k = \"caf\\x{e9}\"; utf8::upgrade($k); +{$k => $k, \"\\x{263a}\" => 1, plain => 2} }",
                "{'' => 'empty key', \"caf\\xc3\\xa9\" => 'byte key'}",
                "\\'x'",
                "\\undef",
                "\\\\'x'",
                "[\\'x', \\1, \\undef]",
                "do { my $x = {a => 1}; {one => $x, two => $x} }",
                "do { my $s = 'x'; [\\$s, \\$s] }",
                "[\\!!1, \\!!0, !!1, !!0]",
                "{long => 'x' x 300, longutf8 => \"\\x{263a}\" x 100, short255 => 'y' x 255}",
                "[('a') x 300]",
                "do { my @a; $a[3] = 1; \\@a }",
                "do { my $k = 'a'; utf8::upgrade($k); +{$k => 1} }",
            })
    void reads_whatNfreezeWrote_asThawDoes_andWritesItBackByteForByte(String perlExpr) {
        byte[] image = perl.freeze(perlExpr);

        PerlValue value = reader.read(image);

        assertThat(TypedDump.ofRoot(value))
                .as("Java's reading of %s, against Perl's thaw", perlExpr)
                .isEqualTo(TypedDump.parse(perl.thaw(image)));
        assertThat(HexFormat.of().formatHex(writer.write(value)))
                .as("Java's image of %s, against Perl's nfreeze", perlExpr)
                .isEqualTo(HexFormat.of().formatHex(image));
    }

    @Test
    void reads_theShapeTheSchwartzUsersSend() {
        PerlValue value = reader.read(perl.freeze("{name => 'x', list => [1, 2, 3], id => '7', big => 2**40}"));

        assertThat(PerlJson.defaults().toJson(value).toString())
                .isEqualTo("{\"big\":\"1099511627776\",\"id\":\"7\",\"list\":[1,2,3],\"name\":\"x\"}");
    }

    record Audit(String name, java.util.List<Integer> list, int id, long big) {}

    @Test
    void numbersPerlStoredAsText_bindThroughJacksonCoercion() throws Exception {
        PerlValue value = reader.read(perl.freeze("{name => 'x', list => [1, 2, 3], id => '7', big => 2**40}"));

        Audit audit = JSON.treeToValue(PerlJson.defaults().toJson(value), Audit.class);

        assertThat(audit).isEqualTo(new Audit("x", java.util.List.of(1, 2, 3), 7, 1L << 40));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "do { require Hash::Util; my %h = (a => 1); Hash::Util::lock_keys(\\%h, 'a', 'b'); \\%h }",
                "[bless({a => 1}, 'Foo::Bar'), bless([], 'Foo::Bar'), bless(\\(my $s = 1), 'B')]",
                "do { package Ov; use overload q(\"\") => sub { 'ov' }; package main; [bless({a => 1}, 'Ov')] }",
                "do { require Scalar::Util; my $x = {a => 1}; my $r = [$x, $x]; Scalar::Util::weaken($r->[1]); $r }",
            })
    void reads_asThawDoes_restrictedHashesBlessedObjectsOverloadedAndWeakReferences(String perlExpr) {
        byte[] image = perl.freeze(perlExpr);

        PerlValue value = reader.read(image);

        assertThat(TypedDump.ofRoot(value))
                .as("Java's reading of %s, against Perl's thaw", perlExpr)
                .isEqualTo(TypedDump.parse(perl.thaw(image)));
    }

    @Test
    void theCheckedInVector_isStillWhatPerlWrites() {
        assertThat(HexFormat.of().formatHex(perl.freeze("{name => 'x', list => [1, 2, 3]}")))
                .isEqualTo(StorableReaderTest.SCHWARTZ_ARG_HEX);
    }

    @Test
    void blessedObject_isRefusedByTheBridge_withItsClassAndOffset() {
        PerlValue value = reader.read(perl.freeze("{name => 'x', obj => bless({a => 1}, 'Foo::Bar')}"));

        assertThatThrownBy(() -> PerlJson.defaults().toJson(value))
                .isInstanceOf(StorableException.class)
                .hasMessage("blessed object of class Foo::Bar at $.obj is not read as data (blessed=refuse); send a"
                        + " plain hash, or unwrap it with blessed=unwrap (at offset 19)");
        assertThat(PerlJson.defaults()
                        .withBlessed(PerlJson.BlessedPolicy.UNWRAP)
                        .toJson(value)
                        .toString())
                .isEqualTo("{\"name\":\"x\",\"obj\":{\"a\":1}}");
    }

    @Test
    void codeReference_isRefused_namingTheItemAndOffset() {
        byte[] image = perl.freeze("[sub { 1 }]");

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(StorableException.class)
                .hasMessage("unsupported Storable item SX_CODE (0x1a): a code reference cannot be read as data"
                        + " (at offset 8)");
    }

    static Stream<Arguments> refusedPerlData() {
        return Stream.of(
                Arguments.of(
                        "do { package Hooked; sub STORABLE_freeze { 'x' } package main; [bless({}, 'Hooked')] }",
                        "unsupported Storable item SX_HOOK (0x13): an object frozen by its class's STORABLE_freeze"
                                + " hook cannot be read as data (at offset 8)"),
                Arguments.of(
                        "do { require Tie::Hash; tie my %t, 'Tie::StdHash'; [\\%t] }",
                        "unsupported Storable item SX_TIED_HASH (0x0c): tied data cannot be read as data (at offset 8)"),
                Arguments.of(
                        "[qr/x/]",
                        "unsupported Storable item SX_REGEXP (0x20): a regexp cannot be read as data (at offset 16)"),
                Arguments.of(
                        "do { my $h = {name => 'x'}; $h->{self} = $h; $h }",
                        "cyclic reference: SX_OBJECT refers to item 0, which contains it; cyclic data cannot be read as"
                                + " a tree (at offset 19)"));
    }

    @ParameterizedTest
    @MethodSource("refusedPerlData")
    void perlDataJavaCannotRepresent_isRefused_namingTheItemAndOffset(String perlExpr, String message) {
        byte[] image = perl.freeze(perlExpr);

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(StorableException.class)
                .hasMessage(message);
    }

    @Test
    void nativeOrderFreeze_isRefused() {
        byte[] image = perl.freezeNative("{name => 'x'}");

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(StorableException.class)
                .hasMessage("native-order Storable (freeze, not nfreeze) is not supported: its integers depend on"
                        + " the writing machine; freeze with Storable::nfreeze (at offset 0)");
    }

    @Test
    void cyclicReference_isRefused() {
        byte[] image = perl.freeze("do { my $h = {name => 'x'}; $h->{self} = $h; $h }");

        assertThatThrownBy(() -> reader.read(image))
                .isInstanceOf(StorableException.class)
                .hasMessageStartingWith("cyclic reference: SX_OBJECT refers to item 0, which contains it");
    }

    @Test
    void sharedReferences_thatExpandPastTheItemLimit_areRefusedByTheBridge() {
        byte[] image = perl.freeze("do { my $x = [1]; $x = [$x, $x] for 1 .. 25; $x }");

        PerlValue value = reader.read(image);

        assertThat(image).hasSizeLessThan(1000);
        assertThatThrownBy(() -> PerlJson.defaults().toJson(value))
                .isInstanceOf(StorableException.class)
                .hasMessageStartingWith("Perl value expands to more than maxItems (1000000) tree nodes");
    }

    @Test
    void reads_theFileForm_ofNstore() {
        byte[] image = perl.freeze("{a => 1}");
        byte[] file = new byte[image.length + 4];
        System.arraycopy("pst0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, file, 0, 4);
        System.arraycopy(image, 0, file, 4, image.length);

        assertThat(reader.read(file)).isEqualTo(reader.read(image));
        assertThat(StorableReader.looksLikeStorable(file)).isTrue();
        assertThat(StorableReader.looksLikeStorable(image)).isTrue();
        assertThat(StorableReader.looksLikeStorable("plain text".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isFalse();
    }
}
