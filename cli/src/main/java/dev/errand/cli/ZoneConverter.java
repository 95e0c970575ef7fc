package dev.errand.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a time zone: {@code UTC}, {@code Europe/Berlin}, {@code +02:00}, or {@code local} for this machine's zone. */
public final class ZoneConverter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
        if (value.equalsIgnoreCase("local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a time zone; write e.g. UTC, Europe/Berlin, +02:00 or local");
        }
    }
}
