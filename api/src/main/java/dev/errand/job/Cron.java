package dev.errand.job;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression in a time zone: the instants a recurring job fires at. Parsing and matching are
 * cron-utils'; the format follows from the number of fields: 5 is Unix ({@code min hour day month weekday}),
 * 6 is Spring ({@code sec min hour day month weekday}), 7 is Quartz (with a year).
 *
 * <p>Daylight saving follows cron: each wall-clock time matches at most once, so a time in the hour that repeats
 * when clocks go back fires once (at its first occurrence), and a time in the hour skipped when clocks go forward
 * does not fire that day.
 *
 * <pre>{@code
 * Cron nightly = Cron.parse("0 0 2 * * *", "Europe/Berlin");
 * Instant next = nightly.next(Instant.now()).orElseThrow();
 * }</pre>
 */
public final class Cron {
    private static final List<CronParser> PARSERS = List.of(
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)),
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53)),
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)));
    /** Cron-utils runs on local times only; the zone's rules are applied here. */
    private static final ZoneOffset LOCAL = ZoneOffset.UTC;
    /** A bound on the wall-clock times tried in gaps and repeats; far more than any zone has in a row. */
    private static final int MAX_SKIPPED = 1_000;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Cron(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * Parses {@code expression} for {@code zone} (an IANA name such as {@code Europe/Berlin}, or {@code UTC}).
     *
     * @throws IllegalArgumentException naming the expression or zone and what is allowed
     */
    public static Cron parse(String expression, String zone) {
        Objects.requireNonNull(expression, "expression == null");
        Objects.requireNonNull(zone, "zone == null");
        return new Cron(expression.trim(), zoneOf(zone), ExecutionTime.forCron(parsed(expression)));
    }

    private static com.cronutils.model.Cron parsed(String expression) {
        CronParser parser = parser(expression);
        try {
            return parser.parse(expression.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cron expression \"" + expression + "\" is not valid: " + e.getMessage()
                            + "; e.g. \"0 */5 * * * *\" for every five minutes (Spring, 6 fields)",
                    e);
        }
    }

    /** The zone named {@code zone}; throws {@link IllegalArgumentException} naming it when there is none. */
    public static ZoneId zoneOf(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "unknown time zone \"" + zone + "\": use an IANA zone name such as "
                            + "Europe/Berlin or America/New_York, or UTC",
                    e);
        }
    }

    /** Checks the expression alone; null when it parses, else what is wrong with it. */
    public static String problem(String expression) {
        try {
            parsed(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static CronParser parser(String expression) {
        int fields = expression.trim().isEmpty() ? 0 : expression.trim().split("\\s+").length;
        if (fields < 5 || fields > 7) {
            throw new IllegalArgumentException(
                    "cron expression \"" + expression + "\" has " + fields + " fields; use 5 "
                            + "(Unix: min hour day month weekday), 6 (Spring: sec min hour day month weekday) or 7 (Quartz: "
                            + "with a year), e.g. \"0 0 2 * * *\" for 02:00 every day");
        }
        return PARSERS.get(fields - 5);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The first instant strictly after {@code after} that the expression matches, a whole second; empty when there is
     * none.
     */
    public Optional<Instant> next(Instant after) {
        ZoneRules rules = zone.getRules();
        // Cron matches whole seconds, but cron-utils carries the start's fraction into its answer (12:00:00.52 →
        // 12:00:01.52): start from the whole second, so an instant is the same whenever and wherever it is computed.
        LocalDateTime local = LocalDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), zone);
        for (int i = 0; i < MAX_SKIPPED; i++) {
            Optional<ZonedDateTime> match = times.nextExecution(local.atZone(LOCAL));
            if (match.isEmpty()) {
                return Optional.empty();
            }
            local = match.get().toLocalDateTime();
            List<ZoneOffset> offsets = rules.getValidOffsets(local);
            if (offsets.isEmpty()) {
                continue; // in the gap when clocks go forward: this wall-clock time does not happen
            }
            Instant at = local.toInstant(offsets.get(0)); // the first occurrence of a repeated time
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /**
     * The last instant strictly before {@code before} that the expression matches, a whole second, by the same rules as {@link #next}
     * (so the instants {@code next} steps through, read backwards); empty when there is none.
     */
    public Optional<Instant> previous(Instant before) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(before, zone);
        List<ZoneOffset> here = rules.getValidOffsets(local);
        if (here.size() == 2 && rules.getOffset(before).equals(here.get(1))) {
            // In the second pass of a repeated hour, whose wall-clock times fired in the first pass: search back
            // from the end of the repeated hour.
            local = rules.getTransition(local).getDateTimeBefore();
        }
        for (int i = 0; i < MAX_SKIPPED; i++) {
            Optional<ZonedDateTime> match = times.lastExecution(local.atZone(LOCAL));
            if (match.isEmpty()) {
                return Optional.empty();
            }
            local = match.get().toLocalDateTime();
            List<ZoneOffset> offsets = rules.getValidOffsets(local);
            if (offsets.isEmpty()) {
                continue;
            }
            Instant at = local.toInstant(offsets.get(0));
            if (at.isBefore(before)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cron c && c.expression.equals(expression) && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return expression.hashCode() * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
