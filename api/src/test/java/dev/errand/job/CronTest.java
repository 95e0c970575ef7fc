package dev.errand.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronTest {

    private static List<Instant> fires(Cron cron, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = cron.next(from).orElseThrow();
                t.isBefore(to);
                t = cron.next(t).orElseThrow()) {
            out.add(t);
        }
        return out;
    }

    @Test
    void fieldCount_choosesUnixSpringOrQuartz() {
        Instant t0 = Instant.parse("2030-01-01T00:00:30Z");
        assertThat(Cron.parse("*/5 * * * *", "UTC").next(t0)).contains(Instant.parse("2030-01-01T00:05:00Z"));
        assertThat(Cron.parse("*/10 * * * * *", "UTC").next(t0)).contains(Instant.parse("2030-01-01T00:00:40Z"));
        assertThat(Cron.parse("0 0 2 ? * MON 2030", "UTC").next(t0)).contains(Instant.parse("2030-01-07T02:00:00Z"));
    }

    @Test
    void next_isStrictlyAfter() {
        Cron everySecond = Cron.parse("* * * * * *", "UTC");
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(everySecond.next(t)).contains(t.plusSeconds(1));
    }

    @Test
    void zone_placesTheWallClockTime() {
        Cron nightly = Cron.parse("0 0 2 * * *", "Europe/Berlin");
        assertThat(nightly.next(Instant.parse("2030-01-01T00:00:00Z"))).contains(Instant.parse("2030-01-01T01:00:00Z"));
    }

    @Test
    void dst_aTimeInTheRepeatedHourFiresOnce() {
        // Europe/Berlin 2030-10-27: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice.
        Cron halfPastTwo = Cron.parse("0 30 2 * * *", "Europe/Berlin");
        List<Instant> fires =
                fires(halfPastTwo, Instant.parse("2030-10-26T12:00:00Z"), Instant.parse("2030-10-28T12:00:00Z"));
        assertThat(fires).containsExactly(Instant.parse("2030-10-27T00:30:00Z"), Instant.parse("2030-10-28T01:30:00Z"));
    }

    @Test
    void dst_everyQuarterHourRunsThroughTheRepeatedHourOnce() {
        Cron quarterly = Cron.parse("0 */15 * * * *", "Europe/Berlin");
        List<Instant> fires =
                fires(quarterly, Instant.parse("2030-10-26T23:50:00Z"), Instant.parse("2030-10-27T02:10:00Z"));
        // local 01:00..03:00 CEST-then-CET: 02:00..02:45 once (the first pass), then 03:00 CET
        assertThat(fires)
                .containsExactly(
                        Instant.parse("2030-10-27T00:00:00Z"),
                        Instant.parse("2030-10-27T00:15:00Z"),
                        Instant.parse("2030-10-27T00:30:00Z"),
                        Instant.parse("2030-10-27T00:45:00Z"),
                        Instant.parse("2030-10-27T02:00:00Z"));
    }

    @Test
    void dst_aTimeInTheSkippedHourDoesNotFireThatDay() {
        // Europe/Berlin 2030-03-31: 02:00 CET jumps to 03:00 CEST, so 02:30 does not happen.
        Cron halfPastTwo = Cron.parse("0 30 2 * * *", "Europe/Berlin");
        List<Instant> fires =
                fires(halfPastTwo, Instant.parse("2030-03-30T00:00:00Z"), Instant.parse("2030-04-01T12:00:00Z"));
        assertThat(fires).containsExactly(Instant.parse("2030-03-30T01:30:00Z"), Instant.parse("2030-04-01T00:30:00Z"));
    }

    @Test
    void badExpression_namesItAndSaysWhatIsAllowed() {
        assertThatThrownBy(() -> Cron.parse("0 0 25 * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron expression \"0 0 25 * * *\" is not valid");
        assertThatThrownBy(() -> Cron.parse("every day", "UTC"))
                .hasMessageContaining("cron expression \"every day\" has 2 fields; use 5 (Unix");
        assertThat(Cron.problem("0 0 2 * * *")).isNull();
        assertThat(Cron.problem("0 0 2 * *  * * *")).contains("has 8 fields");
    }

    @Test
    void unknownZone_namesIt() {
        assertThatThrownBy(() -> Cron.parse("0 0 2 * * *", "Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown time zone \"Mars/Olympus\": use an IANA zone name such as Europe/Berlin or "
                        + "America/New_York, or UTC");
    }

    @Test
    void previous_stepsBackThroughExactlyTheInstantsNextStepsThrough_acrossBothDstChanges() {
        // Berlin: 2030-03-31 02:00 CET -> 03:00 CEST; 2030-10-27 03:00 CEST -> 02:00 CET (00:00Z to 02:00Z is
        // 02:00-02:59
        // twice); windows end after the changes, in the first pass and in the second pass of the repeated hour
        for (String[] window : new String[][] {
            {"2030-03-30T20:00:00Z", "2030-03-31T04:00:00Z"},
            {"2030-10-26T20:00:00Z", "2030-10-27T04:00:00Z"},
            {"2030-10-26T20:00:00Z", "2030-10-27T00:40:00Z"},
            {"2030-10-26T20:00:00Z", "2030-10-27T01:10:00Z"}
        }) {
            for (String expression : List.of("0 */15 * * * *", "0 30 2 * * *", "0 0 * * * *", "*/20 * * * * *")) {
                Cron cron = Cron.parse(expression, "Europe/Berlin");
                Instant start = Instant.parse(window[0]);
                Instant end = Instant.parse(window[1]);
                List<Instant> forward = fires(cron, start, end);
                List<Instant> backward = new ArrayList<>();
                for (Instant t = cron.previous(end).orElseThrow();
                        t.isAfter(start);
                        t = cron.previous(t).orElseThrow()) {
                    backward.add(0, t);
                }
                assertThat(backward)
                        .as("%s from %s to %s", expression, start, end)
                        .isEqualTo(forward);
            }
        }
    }

    @Test
    void instants_areWholeSeconds_whateverFractionTheyAreComputedFrom() {
        // A schedule first saved at 05:48:52.524952 must fire at the same instants as one saved at 05:48:52.000, or
        // two workers would disagree on what an instant is.
        Cron everySecond = Cron.parse("* * * * * *", "UTC");
        Instant fraction = Instant.parse("2026-12-05T05:48:52.524952Z");
        assertThat(everySecond.next(fraction)).contains(Instant.parse("2026-12-05T05:48:53Z"));
        assertThat(everySecond.next(Instant.parse("2026-12-05T05:48:52Z")))
                .contains(Instant.parse("2026-12-05T05:48:53Z"));
        assertThat(everySecond.next(Instant.parse("2026-12-05T05:48:52.999999999Z")))
                .contains(Instant.parse("2026-12-05T05:48:53Z"));
        assertThat(everySecond.previous(fraction)).contains(Instant.parse("2026-12-05T05:48:52Z"));
        assertThat(everySecond.previous(Instant.parse("2026-12-05T05:48:52Z")))
                .contains(Instant.parse("2026-12-05T05:48:51Z"));
        Cron everyFiveSecondsBerlin = Cron.parse("*/5 * * * * *", "Europe/Berlin");
        assertThat(everyFiveSecondsBerlin.next(Instant.parse("2026-12-05T05:48:54.7Z")))
                .contains(Instant.parse("2026-12-05T05:48:55Z"));
    }
}
