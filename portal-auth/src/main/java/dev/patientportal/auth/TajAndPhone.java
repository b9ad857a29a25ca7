package dev.patientportal.auth;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A login with TAJ and phone number, as typed. A matching grant gets an SMS code.
 *
 * @param institution the institution whose portal the patient logs in to
 * @param taj the TAJ as typed (spaces and hyphens allowed); validated by {@link PortalLogin#start}
 * @param phone the phone number as typed, with or without country code; validated by {@link PortalLogin#start}
 */
public record TajAndPhone(
        InstitutionId institution,
        @Nullable String taj,
        @Nullable String phone) implements LoginRequest {

    /**
     * Checks that the institution is given; the typed values are checked by {@link PortalLogin#start}.
     *
     * @param institution the institution whose portal the patient logs in to
     * @param taj the TAJ as typed (spaces and hyphens allowed); validated by {@link PortalLogin#start}
     * @param phone the phone number as typed, with or without country code; validated by {@link PortalLogin#start}
     */
    public TajAndPhone {
        Objects.requireNonNull(institution, "institution");
    }

    @Override
    public AccessMethod method() {
        return AccessMethod.TAJ_AND_PHONE;
    }

    /** Shows only the institution: the identifiers are personal data. */
    @Override
    public String toString() {
        return LoginRequests.redacted(this);
    }
}
