package dev.errand.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a share as a percentage: {@code 5%} or {@code 5} mean 0.05; {@code 0.5%} means 0.005. */
public final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String s = value.trim();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        double percent;
        try {
            percent = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a percentage; write e.g. 5% or 0.5%");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new TypeConversionException("'" + value + "' is not between 0% and 100%");
        }
        return percent / 100;
    }
}
