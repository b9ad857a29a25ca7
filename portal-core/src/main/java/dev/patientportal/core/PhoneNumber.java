package dev.patientportal.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import org.jspecify.annotations.Nullable;

/**
 * A phone number in E.164 form ({@code +36201234567}), parsed and checked with Google's libphonenumber.
 *
 * <p>A phone number is personal data, so {@link #toString()} does not show it; use {@link #e164()} deliberately.
 *
 * <pre>{@code
 * PhoneNumber phone = PhoneNumber.parse("06 20 123 4567", "HU");
 * phone.e164();            // "+36201234567"
 * phone.canReceiveSms();   // true: a Hungarian mobile number
 * }</pre>
 *
 * @param e164 the number in E.164 form
 */
public record PhoneNumber(String e164) {
    /** The region used when a number is typed without a country code and no region is given: Hungary. */
    public static final String DEFAULT_REGION = "HU";

    /** The region {@link #region()} answers for a number of no country: {@value}. */
    public static final String NO_REGION = "ZZ";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * ITU-T E.164 allows at most 15 digits after the {@code +}. libphonenumber accepts some longer German fixed-line
     * numbers (extensions dialled through), which no SMS provider takes and which cannot be written in E.164.
     */
    private static final int E164_MAX_DIGITS = 15;

    /**
     * Validates that the value is a valid number in E.164 form.
     *
     * @param e164 the number in E.164 form
     * @throws ValidationException naming the field {@code phone}, without the value
     */
    public PhoneNumber {
        if (e164 == null) {
            throw new ValidationException("phone", "is required");
        }
        Phonenumber.PhoneNumber parsed = parseOrThrow(e164, null);
        if (!UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164).equals(e164)) {
            throw new ValidationException("phone", "must be in E.164 form");
        }
    }

    /**
     * Parses a number as a person types it, in the {@link #DEFAULT_REGION} when it has no country code.
     *
     * @param input what was typed
     * @return the number in E.164 form
     * @throws ValidationException naming the field {@code phone} if it is not a valid number
     */
    public static PhoneNumber parse(@Nullable String input) {
        return parse(input, DEFAULT_REGION);
    }

    /**
     * Parses a number as a person types it.
     *
     * @param input what was typed, with or without a country code
     * @param defaultRegion the ISO 3166 region assumed when the input has no country code, for example {@code "HU"}
     * @return the number in E.164 form
     * @throws ValidationException naming the field {@code phone} if it is not a valid number
     */
    public static PhoneNumber parse(@Nullable String input, String defaultRegion) {
        if (input == null || input.isBlank()) {
            throw new ValidationException("phone", "is required");
        }
        Phonenumber.PhoneNumber parsed = parseOrThrow(input.strip(), defaultRegion);
        return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    private static Phonenumber.PhoneNumber parseOrThrow(String input, @Nullable String region) {
        if (input.length() > 40) {
            throw new ValidationException("phone", "is too long");
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(input, region);
            if (!UTIL.isValidNumber(parsed) || digitCount(parsed) > E164_MAX_DIGITS) {
                throw new ValidationException("phone", "is not a valid number");
            }
            return parsed;
        } catch (NumberParseException e) {
            throw new ValidationException("phone", "is not a phone number");
        }
    }

    private static int digitCount(Phonenumber.PhoneNumber parsed) {
        return String.valueOf(parsed.getCountryCode()).length()
                + UTIL.getNationalSignificantNumber(parsed).length();
    }

    /**
     * Tells whether the number can receive an SMS: a mobile number (or one the numbering plan cannot tell from a fixed
     * line, as in North America), never a premium-rate, shared-cost, toll-free or fixed-line number.
     *
     * @return {@code true} when codes and notifications may be sent to it by SMS
     */
    public boolean canReceiveSms() {
        PhoneNumberType type = type();
        return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    /**
     * Returns the ISO 3166-1 alpha-2 region the number belongs to.
     *
     * <p>Numbers that belong to no country (the non-geographic calling codes, such as {@code +800} international
     * freephone or {@code +882} international networks) answer {@value #NO_REGION}, the code CLDR and libphonenumber use
     * for an unknown region; libphonenumber's own {@code "001"} is not an ISO 3166 code.
     *
     * @return the region code, for example {@code "HU"}, or {@value #NO_REGION}
     */
    public String region() {
        String region = UTIL.getRegionCodeForNumber(parseOrThrow(e164, null));
        return region == null || PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) ? NO_REGION : region;
    }

    private PhoneNumberType type() {
        return UTIL.getNumberType(parseOrThrow(e164, null));
    }

    /** Returns a redacted form: a phone number is personal data and must not reach logs by accident. */
    @Override
    public String toString() {
        return "PhoneNumber[redacted]";
    }
}
