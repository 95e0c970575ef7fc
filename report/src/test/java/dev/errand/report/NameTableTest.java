package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameTableTest {

    @Test
    void id_isStablePerNameAndDense() {
        NameTable t = new NameTable(1000);
        String line = "a=Alpha b=Beta c=Alpha";
        int alpha = t.id(line, 2, 7);
        int beta = t.id(line, 10, 14);
        assertThat(t.id(line, 17, 22)).isEqualTo(alpha);
        assertThat(alpha).isZero();
        assertThat(beta).isEqualTo(1);
        assertThat(t.name(beta)).isEqualTo("Beta");
    }

    @Test
    void id_growsPastItsInitialSize() {
        NameTable t = new NameTable(100_000);
        for (int i = 0; i < 5000; i++) {
            assertThat(t.id("w" + i, 0, ("w" + i).length())).isEqualTo(i);
        }
        for (int i = 0; i < 5000; i++) {
            assertThat(t.id("w" + i, 0, ("w" + i).length())).isEqualTo(i);
        }
        assertThat(t.size()).isEqualTo(5000);
    }

    @Test
    void id_returnsMinusOneWhenFull() {
        NameTable t = new NameTable(2);
        assertThat(t.id("a", 0, 1)).isZero();
        assertThat(t.id("b", 0, 1)).isEqualTo(1);
        assertThat(t.id("c", 0, 1)).isEqualTo(-1);
        assertThat(t.id("a", 0, 1)).isZero();
        assertThat(t.full()).isTrue();
    }

    @Test
    void id_findsNonAsciiNamesAgainFromRawBytes() throws IOException {
        NameTable t = new NameTable(10);
        byte[] bytes = "Überweisung.senden\n".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 3; round++) {
            LineReader r = new LineReader(new ByteArrayInputStream(bytes));
            CharSequence line = r.next();
            assertThat(t.id(line, 0, line.length())).isZero();
        }
        assertThat(t.name(0)).isEqualTo("Überweisung.senden");
    }
}
