package dev.patientportal.auth;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A login with e-mail address and phone number, as typed. A matching grant gets an e-mail code and an SMS code.
 *
 * @param institution the institution whose portal the patient logs in to
 * @param email the e-mail address as typed; validated by {@link PortalLogin#start}
 * @param phone the phone number as typed, with or without country code; validated by {@link PortalLogin#start}
 */
public record EmailAndPhone(
        InstitutionId institution,
        @Nullable String email,
        @Nullable String phone) implements LoginRequest {

    /**
     * Checks that the institution is given; the typed values are checked by {@link PortalLogin#start}.
     *
     * @param institution the institution whose portal the patient logs in to
     * @param email the e-mail address as typed; validated by {@link PortalLogin#start}
     * @param phone the phone number as typed, with or without country code; validated by {@link PortalLogin#start}
     */
    public EmailAndPhone {
        Objects.requireNonNull(institution, "institution");
    }

    @Override
    public AccessMethod method() {
        return AccessMethod.EMAIL_AND_PHONE;
    }

    /** Shows only the institution: the identifiers are personal data. */
    @Override
    public String toString() {
        return LoginRequests.redacted(this);
    }
}
