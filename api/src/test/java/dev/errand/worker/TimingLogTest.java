package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimingLogTest {
    @Test
    void timestamps_areWhatIsoInstantPrintsAtMillisecondPrecision_acrossSecondsAndEdges() {
        TimingLog log = new TimingLog(true, "memory", "w", null);
        SplittableRandom random = new SplittableRandom(7);
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.parse("2026-11-29T00:00:00Z"), Instant.parse("2026-11-29T00:00:00.000999Z"),
                Instant.parse("2026-11-29T00:00:00.001Z"), Instant.parse("2026-11-29T00:00:00.010Z"),
                Instant.parse("2026-11-29T00:00:00.100Z"), Instant.parse("2026-11-29T23:59:59.999999999Z"),
                Instant.parse("2026-11-30T00:00:00.5Z"), Instant.parse("2026-11-29T23:59:59.999Z")));
        long base = Instant.parse("2026-11-29T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            // Mostly the same few seconds (the cache's hit path), sometimes a jump back or ahead.
            long second = base + (i % 100 == 0 ? random.nextInt(1_000_000) : random.nextInt(3));
            instants.add(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
        }
        for (Instant at : instants) {
            StringBuilder b = new StringBuilder();
            log.timestamp(b, at);
            assertThat(b.toString())
                    .as(at.toString())
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)));
        }
    }

    @Test
    void oneLine_hasTheDocumentedKeysInOrder() {
        List<String> lines = new ArrayList<>();
        TimingLog log = new TimingLog(true, "memory", "host:1:w1", lines::add);
        log.write(
                Instant.parse("2026-11-29T01:02:03.045Z"),
                "Svc.run",
                "42",
                "default",
                2,
                TimingLog.Status.retry,
                12_407_000L,
                5_000L);
        assertThat(lines)
                .containsExactly("ts=2026-11-29T01:02:03.045Z fn=Svc.run id=42 queue=default attempt=2 "
                        + "status=retry delay_ms=12.407 process_ms=0.005 backend=memory worker=host:1:w1");
    }

    @Test
    void anUnknownDelay_isWrittenAsUnknown() {
        List<String> lines = new ArrayList<>();
        TimingLog log = new TimingLog(true, "gearman", "host:1:w1", lines::add);
        log.write(
                Instant.parse("2026-11-29T01:02:03.045Z"),
                "shop::Audit",
                "7",
                "default",
                1,
                TimingLog.Status.ok,
                TimingLog.UNKNOWN_DELAY,
                5_000L);
        assertThat(lines)
                .containsExactly("ts=2026-11-29T01:02:03.045Z fn=shop::Audit id=7 queue=default attempt=1 "
                        + "status=ok delay_ms=unknown process_ms=0.005 backend=gearman worker=host:1:w1");
    }
}
