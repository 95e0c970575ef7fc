package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void next_splitsOnLfAndCrLfAndKeepsALastLineWithoutBreak() throws IOException {
        assertThat(lines("a\nbb\r\n\nccc", false)).containsExactly("a", "bb", "", "ccc");
    }

    @Test
    void next_handlesLinesSplitAcrossReadsOfOneByte() throws IOException {
        String text = "first line\r\nsecond\nthird and last\n";
        assertThat(lines(text, true)).containsExactly("first line", "second", "third and last");
    }

    @Test
    void next_dropsAnOverlongLineAndCountsIt() throws IOException {
        String huge = "x".repeat(LineReader.MAX_LINE + 10);
        LineReader reader = new LineReader(
                new ByteArrayInputStream(("before\n" + huge + "\nafter\n").getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        CharSequence l;
        while ((l = reader.next()) != null) {
            out.add(l.toString());
        }
        assertThat(out).containsExactly("before", "after");
        assertThat(reader.droppedLines()).isEqualTo(1);
    }

    @Test
    void line_decodesUtf8WhenCopied() throws IOException {
        assertThat(lines("fn=Überweisung.senden\n", false)).containsExactly("fn=Überweisung.senden");
    }

    private static List<String> lines(String text, boolean oneByteAtATime) throws IOException {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (oneByteAtATime) {
            in = new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(1, len));
                }
            };
        }
        LineReader reader = new LineReader(in);
        List<String> out = new ArrayList<>();
        CharSequence l;
        while ((l = reader.next()) != null) {
            out.add(l.toString());
        }
        return out;
    }
}
