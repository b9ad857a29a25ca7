package dev.patientportal.core;

import org.jspecify.annotations.Nullable;

/**
 * The identifiers a patient types to log in, normalised: for {@link AccessMethod#EMAIL_AND_PHONE} an e-mail address and
 * a phone number, for {@link AccessMethod#TAJ_AND_PHONE} a TAJ and a phone number. A grant records the identity taken
 * from the patient record when it was granted; a login must match it exactly.
 *
 * <p>{@link #toString()} shows only the method: the identifiers are personal data.
 *
 * @param method the access method
 * @param email the e-mail address, present exactly for {@code EMAIL_AND_PHONE}
 * @param phone the phone number that receives SMS codes
 * @param taj the TAJ, present exactly for {@code TAJ_AND_PHONE}
 */
public record LoginIdentity(
        AccessMethod method,
        @Nullable EmailAddress email,
        PhoneNumber phone,
        @Nullable TajNumber taj) {

    /**
     * Checks that the identifiers fit the method.
     *
     * @param method the access method
     * @param email the e-mail address, present exactly for {@code EMAIL_AND_PHONE}
     * @param phone the phone number that receives SMS codes
     * @param taj the TAJ, present exactly for {@code TAJ_AND_PHONE}
     * @throws ValidationException naming the missing or superfluous field
     */
    public LoginIdentity {
        if (method == null) {
            throw new ValidationException("method", "is required");
        }
        if (phone == null) {
            throw new ValidationException("phone", "is required");
        }
        switch (method) {
            case EMAIL_AND_PHONE -> {
                if (email == null) {
                    throw new ValidationException("email", "is required for e-mail + phone access");
                }
                if (taj != null) {
                    throw new ValidationException("taj", "must be absent for e-mail + phone access");
                }
            }
            case TAJ_AND_PHONE -> {
                if (taj == null) {
                    throw new ValidationException("taj", "is required for TAJ + phone access");
                }
                if (email != null) {
                    throw new ValidationException("email", "must be absent for TAJ + phone access");
                }
            }
        }
    }

    /**
     * An e-mail + phone identity.
     *
     * @param email the e-mail address
     * @param phone the phone number
     * @return the identity
     */
    public static LoginIdentity emailAndPhone(EmailAddress email, PhoneNumber phone) {
        return new LoginIdentity(AccessMethod.EMAIL_AND_PHONE, email, phone, null);
    }

    /**
     * A TAJ + phone identity.
     *
     * @param taj the TAJ
     * @param phone the phone number
     * @return the identity
     */
    public static LoginIdentity tajAndPhone(TajNumber taj, PhoneNumber phone) {
        return new LoginIdentity(AccessMethod.TAJ_AND_PHONE, null, phone, taj);
    }

    /** Shows only the method; the identifiers are personal data. */
    @Override
    public String toString() {
        return "LoginIdentity[" + method + "]";
    }
}
