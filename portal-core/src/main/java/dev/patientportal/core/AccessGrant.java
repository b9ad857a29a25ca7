package dev.patientportal.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A patient's right to use the portal of one institution, granted by staff. One grant per patient per institution;
 * every change makes a new {@link #version()}, and an update based on an old version is a {@link ConflictException}.
 *
 * @param institution the institution that granted access
 * @param patient the patient
 * @param identity how the patient logs in, with the identifiers taken from the patient record at grant time
 * @param smsNotifications whether the patient gets SMS notifications (paid per message)
 * @param status whether the grant is active
 * @param revocationReason staff's reason for the last revocation, or {@code null}; free text kept for staff only,
 *     never logged, audited or sent
 * @param version the optimistic-lock version, starting at 1
 * @param createdAt when access was first granted
 * @param updatedAt when the grant last changed
 * @param updatedBy the staff member who made the last change
 */
public record AccessGrant(
        InstitutionId institution,
        PatientId patient,
        LoginIdentity identity,
        boolean smsNotifications,
        GrantStatus status,
        @Nullable String revocationReason,
        long version,
        Instant createdAt,
        Instant updatedAt,
        StaffId updatedBy) {

    /**
     * Checks the fields.
     *
     * @param institution the institution that granted access
     * @param patient the patient
     * @param identity how the patient logs in, with the identifiers taken from the patient record at grant time
     * @param smsNotifications whether the patient gets SMS notifications (paid per message)
     * @param status whether the grant is active
     * @param revocationReason staff's reason for the last revocation, or {@code null}; free text kept for staff only,
     *     never logged, audited or sent
     * @param version the optimistic-lock version, starting at 1
     * @param createdAt when access was first granted
     * @param updatedAt when the grant last changed
     * @param updatedBy the staff member who made the last change
     */
    public AccessGrant {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(identity, "identity");
        java.util.Objects.requireNonNull(status, "status");
        java.util.Objects.requireNonNull(createdAt, "createdAt");
        java.util.Objects.requireNonNull(updatedAt, "updatedAt");
        java.util.Objects.requireNonNull(updatedBy, "updatedBy");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /**
     * Returns the access method.
     *
     * @return the method of {@link #identity()}
     */
    public AccessMethod method() {
        return identity.method();
    }

    /**
     * Tells whether the patient may log in.
     *
     * @return {@code true} when {@link #status()} is {@link GrantStatus#ACTIVE}
     */
    public boolean isActive() {
        return status == GrantStatus.ACTIVE;
    }

    /** Leaves out the revocation reason, which is free text and may hold personal data. */
    @Override
    public String toString() {
        return "AccessGrant[institution=" + institution + ", patient=" + patient + ", method=" + method()
                + ", sms=" + smsNotifications + ", status=" + status + ", version=" + version + "]";
    }
}
