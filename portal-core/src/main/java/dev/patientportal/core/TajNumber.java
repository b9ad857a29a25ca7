package dev.patientportal.core;

import org.jspecify.annotations.Nullable;

/**
 * A Hungarian social-security number (TAJ): nine digits kept as a string, since it may start with 0. The ninth digit
 * is a check digit, {@code (3*(d1+d3+d5+d7) + 7*(d2+d4+d6+d8)) mod 10}.
 *
 * <p>A TAJ is an identifier, not a secret: anyone can compute a valid one. It is personal data, so
 * {@link #toString()} does not show it; use {@link #digits()} deliberately.
 *
 * <pre>{@code
 * TajNumber taj = TajNumber.parse("123 456 788");   // spaces and hyphens are ignored
 * taj.digits();                                     // "123456788"
 * TajNumber.isValid("123456789");                   // false: wrong check digit
 * }</pre>
 *
 * @param digits the nine digits
 */
public record TajNumber(String digits) {
    /**
     * Validates the nine digits and the check digit.
     *
     * @param digits the nine digits
     * @throws ValidationException naming the field {@code taj}, without the value
     */
    public TajNumber {
        if (digits == null) {
            throw new ValidationException("taj", "is required");
        }
        if (digits.length() != 9 || !allAsciiDigits(digits)) {
            throw new ValidationException("taj", "must be 9 digits");
        }
        if (checkDigit(digits) != digits.charAt(8) - '0') {
            throw new ValidationException("taj", "has a wrong check digit");
        }
    }

    /**
     * Parses a TAJ as a person types it: surrounding white space, inner spaces and hyphens are ignored.
     *
     * @param input what was typed, for example {@code "123-456-788"}
     * @return the TAJ
     * @throws ValidationException naming the field {@code taj} if it is not nine digits with a correct check digit
     */
    public static TajNumber parse(@Nullable String input) {
        if (input == null) {
            throw new ValidationException("taj", "is required");
        }
        return new TajNumber(normalise(input));
    }

    /**
     * Tells whether the input would parse.
     *
     * @param input what was typed
     * @return {@code true} when {@link #parse(String)} would accept it
     */
    public static boolean isValid(@Nullable String input) {
        if (input == null) {
            return false;
        }
        String d = normalise(input);
        return d.length() == 9 && allAsciiDigits(d) && checkDigit(d) == d.charAt(8) - '0';
    }

    private static String normalise(String input) {
        if (input.length() > 32) {
            return input; // refuse early; the constructor reports it as malformed
        }
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c != ' ' && c != '-' && c != '\t' && c != '\u00a0') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean allAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int checkDigit(String d) {
        int odd = 0;
        int even = 0;
        for (int i = 0; i < 8; i++) {
            int v = d.charAt(i) - '0';
            if (i % 2 == 0) {
                odd += v;
            } else {
                even += v;
            }
        }
        return (3 * odd + 7 * even) % 10;
    }

    /** Returns a redacted form: a TAJ is personal data and must not reach logs by accident. */
    @Override
    public String toString() {
        return "TajNumber[redacted]";
    }
}
