package dev.stockcore.bench;

import picocli.CommandLine;

import java.util.Locale;

/**
 * Reads a rate such as {@code 500000}, {@code 500k} or {@code 1.5M} (orders per second).
 */
final class RateConverter implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
        double multiplier = 1;
        String number = text;
        if (text.endsWith("k"))
        {
            multiplier = 1_000;
            number = text.substring(0, text.length() - 1);
        }
        else if (text.endsWith("m"))
        {
            multiplier = 1_000_000;
            number = text.substring(0, text.length() - 1);
        }
        try
        {
            final long rate = Math.round(Double.parseDouble(number) * multiplier);
            if (rate < 1)
            {
                throw new CommandLine.TypeConversionException("rate must be at least 1/s, got '" + value + "'");
            }
            return rate;
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a rate: use a number of orders per second such as 500000, 500k or 1M");
        }
    }
}
