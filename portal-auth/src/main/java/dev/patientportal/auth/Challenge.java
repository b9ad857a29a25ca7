package dev.patientportal.auth;

import dev.patientportal.core.InstitutionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A login in progress: the codes of {@link #factors()} are on their way to the patient. A decoy challenge for an
 * unknown identity looks exactly the same; nothing tells them apart, on purpose.
 *
 * <p>The {@link #id()} is an unguessable handle (128 random bits, URL-safe) that the host hands to the client and back
 * to {@link PortalLogin#verify}. It is not a credential, but whoever has it can spend the challenge's attempts, so
 * {@link #toString()} leaves it out.
 *
 * @param id the challenge id
 * @param institution the institution
 * @param factors the codes to verify, in the order they were sent
 * @param expiresAt when the last code stops being accepted, unless a resend extends it
 * @param resendAvailableAt the earliest time {@link PortalLogin#resend} may send another code
 */
public record Challenge(
        String id, InstitutionId institution, List<Factor> factors, Instant expiresAt, Instant resendAvailableAt) {

    /**
     * Copies the factors and checks the fields.
     *
     * @param id the challenge id
     * @param institution the institution
     * @param factors the codes to verify, in the order they were sent
     * @param expiresAt when the last code stops being accepted, unless a resend extends it
     * @param resendAvailableAt the earliest time {@link PortalLogin#resend} may send another code
     */
    public Challenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(institution, "institution");
        factors = List.copyOf(factors);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(resendAvailableAt, "resendAvailableAt");
    }

    /** Leaves out the id. */
    @Override
    public String toString() {
        return "Challenge[institution=" + institution + ", factors=" + factors + ", expiresAt=" + expiresAt
                + ", resendAvailableAt=" + resendAvailableAt + "]";
    }
}
