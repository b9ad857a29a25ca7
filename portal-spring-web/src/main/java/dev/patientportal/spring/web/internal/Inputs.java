package dev.patientportal.spring.web.internal;

import dev.patientportal.core.ValidationException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Turns the strings of a request into the domain's values, refusing bad ones with the field's name. */
final class Inputs {
    private Inputs() {}

    /**
     * A required constant of an enum, by name, ignoring case.
     *
     * @param type the enum
     * @param field the field's name in the request
     * @param value what the request carried
     * @return the constant
     * @throws ValidationException naming the field when it is missing or not one of the constants
     */
    static <E extends Enum<E>> E oneOf(Class<E> type, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "is not one of the allowed values");
        }
    }

    /**
     * A required string.
     *
     * @param field the field's name in the request
     * @param value what the request carried
     * @return the value
     * @throws ValidationException naming the field when it is missing or blank
     */
    static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /**
     * A required version, the one the client read.
     *
     * @param value what the request carried
     * @return the version
     * @throws ValidationException naming {@code version} when it is missing
     */
    static long version(@Nullable Long value) {
        if (value == null) {
            throw new ValidationException("version", "is required");
        }
        return value;
    }

    /**
     * A required flag.
     *
     * @param field the field's name in the request
     * @param value what the request carried
     * @return the flag
     * @throws ValidationException naming the field when it is missing
     */
    static boolean flag(String field, @Nullable Boolean value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /**
     * A value parsed by the domain, with a refusal named by the request's field: the domain names its own fields
     * ({@code document}, {@code slot}), the request has {@code documentId}, {@code slotId}.
     *
     * @param field the field's name in the request
     * @param parse the domain's parsing
     * @return the value
     * @throws ValidationException naming the request's field, with the domain's reason
     */
    static <T> T named(String field, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ValidationException e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(": ");
            throw new ValidationException(field, colon < 0 ? "is not valid" : m.substring(colon + 2));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "is not valid");
        }
    }
}
