package dev.patientportal.core.internal;

import dev.patientportal.core.ValidationException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the value types; every failure names the field and never echoes the value. */
public final class Checks {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Checks() {}

    /**
     * Checks an opaque identifier: 1 to 128 characters, letters, digits and {@code . _ : @ -}, starting with a letter or
     * digit.
     */
    public static String identifier(String field, @Nullable String value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new ValidationException(field, "must be 1 to 128 letters, digits or . _ : @ -");
        }
        return value;
    }

    /** Checks that a value is present. */
    public static <T> T required(String field, @Nullable T value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /** Checks free text: present, not blank, at most {@code max} characters. */
    public static String text(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        if (value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters");
        }
        return value;
    }

    /** Checks a duration is zero or positive. */
    public static Duration notNegative(String field, @Nullable Duration value) {
        Duration duration = required(field, value);
        if (duration.isNegative()) {
            throw new ValidationException(field, "must not be negative");
        }
        return duration;
    }

    /** Checks a duration is strictly positive. */
    public static Duration positive(String field, @Nullable Duration value) {
        Duration duration = required(field, value);
        if (duration.isNegative() || duration.isZero()) {
            throw new ValidationException(field, "must be positive");
        }
        return duration;
    }
}
