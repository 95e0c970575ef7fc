package dev.errand.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people write them: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 1m},
 * {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT5S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw invalid(value);
            }
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw invalid(value);
        }
        double amount;
        try {
            amount = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        String unit = s.substring(i).trim();
        long nanosPerUnit = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s", "sec" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw invalid(value);
        };
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 5s, 1.5s, 1m, 2h, 1d");
    }
}
