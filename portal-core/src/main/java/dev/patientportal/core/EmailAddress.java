package dev.patientportal.core;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An e-mail address, trimmed and in lower case, so that the address a patient types matches the one on record.
 *
 * <p>The check is deliberately plain (one {@code @}, a dotted domain, no white space, RFC 5321 lengths); whether the
 * mailbox exists is proven by the code sent to it. An e-mail address is personal data, so {@link #toString()} does not
 * show it; use {@link #value()} deliberately.
 *
 * @param value the normalised address
 */
public record EmailAddress(String value) {
    private static final Pattern SHAPE = Pattern.compile(
            "[^\\s@\"(),:;<>\\[\\]\\\\]{1,64}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+");

    /**
     * Validates and normalises the address.
     *
     * @param value the normalised address
     * @throws ValidationException naming the field {@code email}, without the value
     */
    public EmailAddress {
        if (value == null || value.isBlank()) {
            throw new ValidationException("email", "is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
            throw new ValidationException("email", "is not an e-mail address");
        }
    }

    /**
     * Parses an address as a person types it.
     *
     * @param input what was typed
     * @return the normalised address
     * @throws ValidationException naming the field {@code email}
     */
    public static EmailAddress parse(@Nullable String input) {
        if (input == null) {
            throw new ValidationException("email", "is required");
        }
        return new EmailAddress(input);
    }

    /** Returns a redacted form: an e-mail address is personal data and must not reach logs by accident. */
    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
