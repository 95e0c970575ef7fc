package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimingLineParserTest {
    private static final String LINE =
            "ts=2026-11-28T23:10:40.123Z fn=BookmarkService.fetchSummary id=42 queue=bookmarks "
                    + "attempt=1 status=ok delay_ms=12.407 process_ms=200.113 backend=memory worker=web-1:4711:w1";

    private final TimingLineParser parser = new TimingLineParser();
    private final TimingRecord r = new TimingRecord();

    @Test
    void parse_readsEveryKeyOfTheDocumentedLine() {
        assertThat(parser.parse(LINE, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-28T23:10:40.123Z"));
        assertThat(r.fn()).isEqualTo("BookmarkService.fetchSummary");
        assertThat(r.status()).isEqualTo(TimingRecord.Status.OK);
        assertThat(r.delayMicros()).isEqualTo(12_407);
        assertThat(r.processMicros()).isEqualTo(200_113);
        assertThat(r.attempt()).isEqualTo(1);
        assertThat(r.worker()).isEqualTo("web-1:4711:w1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INFO timing - ",
                "2026-11-28 23:10:40,123 INFO  [worker-3] errand.timing - ",
                "2026-11-28T23:10:40.123+01:00 host app[123]: ",
                "\t"
            })
    void parse_skipsALoggingPrefixBeforeTs(String prefix) {
        assertThat(parser.parse(prefix + LINE, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.fn()).isEqualTo("BookmarkService.fetchSummary");
        assertThat(r.delayMicros()).isEqualTo(12_407);
    }

    @Test
    void parse_ignoresWordsAfterTheRecordAndUnknownKeys() {
        assertThat(parser.parse(LINE + " region=eu [main] extra", r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.worker()).isEqualTo("web-1:4711:w1");
    }

    @Test
    void parse_acceptsKeysInAnyOrderQuotedValuesAndNoWorker() {
        String line = "ts=2026-11-28T23:10:40Z process_ms=\"7\" status=retry fn=\"Mail.send\" delay_ms=0.5";
        assertThat(parser.parse(line, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.status()).isEqualTo(TimingRecord.Status.RETRY);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-28T23:10:40Z"));
        assertThat(r.processMicros()).isEqualTo(7_000);
        assertThat(r.delayMicros()).isEqualTo(500);
        assertThat(r.fn()).isEqualTo("Mail.send");
        assertThat(r.hasWorker()).isFalse();
    }

    @Test
    void parse_wholeSecondTimestampsAndOffsets() {
        assertThat(parser.parse(LINE.replace("23:10:40.123Z", "23:10:40Z"), r))
                .isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-28T23:10:40Z"));
        assertThat(parser.parse(LINE.replace("23:10:40.123Z", "23:10:40.123456+02:00"), r))
                .isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-28T21:10:40.123Z"));
    }

    @Test
    void parse_deadStatusAndLargeNumbers() {
        String line = LINE.replace("status=ok", "status=dead").replace("delay_ms=12.407", "delay_ms=86400000.001");
        assertThat(parser.parse(line, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.status()).isEqualTo(TimingRecord.Status.DEAD);
        assertThat(r.delayMicros()).isEqualTo(86_400_000_001L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello world",
                "2026-11-28 23:10:40 INFO started worker pool with 8 threads",
                "ts=2026-11-28T23:10:40.123Z level=info msg=\"listening\" port=8080",
                "stats=1 fn=x delay_ms=1"
            })
    void parse_foreignLines(String line) {
        assertThat(parser.parse(line, r)).isEqualTo(TimingLineParser.Result.FOREIGN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ts=2026-13-28T23:10:40.123Z fn=A.b status=ok delay_ms=1 process_ms=1",
                "ts=yesterday fn=A.b status=ok delay_ms=1 process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=ok delay_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=fine delay_ms=1 process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=ok delay_ms=-1 process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=ok delay_ms=1.2.3 process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=ok delay_ms=abc process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn= status=ok delay_ms=1 process_ms=1",
                "ts=2026-11-28T23:10:40.123Z fn=A.b status=ok delay_ms=1 process_ms=1 attempt=x",
                "ts=2026-11-28T23:10:40.1 fn=A.b status=ok delay_ms=1 process_ms=1"
            })
    void parse_malformedTimingLines(String line) {
        assertThat(parser.parse(line, r)).isEqualTo(TimingLineParser.Result.MALFORMED);
    }

    @Test
    void parseMillisAsMicros_dropsDigitsPastMicroseconds() {
        assertThat(TimingLineParser.parseMillisAsMicros("12.4079", 0, 7)).isEqualTo(12_407);
        assertThat(TimingLineParser.parseMillisAsMicros("3", 0, 1)).isEqualTo(3_000);
        assertThat(TimingLineParser.parseMillisAsMicros(".5", 0, 2)).isEqualTo(500);
        assertThat(TimingLineParser.parseMillisAsMicros("5.", 0, 2)).isEqualTo(-1);
    }

    @Test
    void parse_acceptsAnUnknownDelay_andSaysItIsUnknown() {
        String line = LINE.replace("delay_ms=12.407", "delay_ms=unknown");

        assertThat(parser.parse(line, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.delayKnown()).isFalse();
        assertThat(r.delayMicros()).isZero();
        assertThat(r.processMicros()).isEqualTo(200_113);
        assertThat(r.toString()).contains("delayMicros=unknown");
        assertThat(parser.parse(LINE, r)).isEqualTo(TimingLineParser.Result.TIMING);
        assertThat(r.delayKnown()).as("the reused record, on the next line").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delay_ms=Unknown", "delay_ms=unknow", "delay_ms=unknown1", "delay_ms=-1", "delay_ms="})
    void parse_flagsOtherWordsForTheDelayAsMalformed(String delay) {
        assertThat(parser.parse(LINE.replace("delay_ms=12.407", delay), r))
                .isEqualTo(TimingLineParser.Result.MALFORMED);
    }
}
