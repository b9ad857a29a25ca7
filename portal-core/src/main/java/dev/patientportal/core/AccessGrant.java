package dev.patientportal.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A patient's right to use the portal of one institution, granted by staff. One grant per patient per institution;
 * every change makes a new {@link #version()}, and an update based on an old version is a {@link ConflictException}.
 *
 * <p>Every session is bound to the version of the grant it was made under, and it lives only while that version is at
 * least {@link #sessionEpoch()}: the version of the last change that ended the patient's sessions (the grant itself, a
 * change of method, a revocation, a reinstatement). Switching SMS notifications makes a new version and keeps the
 * epoch, so sessions outlive it. A session that a login completes while such a change is still uncommitted is thus
 * refused as soon as the change commits, whatever the login read.
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
 * @param sessionEpoch the version of the last change that ended every session of the patient, from 1 to
 *     {@code version}; a session made under an earlier version is over
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
        StaffId updatedBy,
        long sessionEpoch) {

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
     * @param sessionEpoch the version of the last change that ended every session of the patient, from 1 to
     *     {@code version}; a session made under an earlier version is over
     * @throws IllegalArgumentException when {@code version} is below 1, or {@code sessionEpoch} below 1 or above
     *     {@code version}
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
        if (sessionEpoch < 1 || sessionEpoch > version) {
            throw new IllegalArgumentException("sessionEpoch must be from 1 to version");
        }
    }

    /**
     * A grant whose every change ended the patient's sessions: {@link #sessionEpoch()} is {@code version}. For stores
     * written before the epoch existed; such a store loses nothing but that sessions also end when SMS notifications are
     * switched.
     *
     * @param institution the institution that granted access
     * @param patient the patient
     * @param identity how the patient logs in
     * @param smsNotifications whether the patient gets SMS notifications
     * @param status whether the grant is active
     * @param revocationReason staff's reason for the last revocation, or {@code null}
     * @param version the optimistic-lock version, starting at 1
     * @param createdAt when access was first granted
     * @param updatedAt when the grant last changed
     * @param updatedBy the staff member who made the last change
     */
    public AccessGrant(
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
        this(
                institution,
                patient,
                identity,
                smsNotifications,
                status,
                revocationReason,
                version,
                createdAt,
                updatedAt,
                updatedBy,
                version);
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

    /**
     * Tells whether a session made under a version of this grant may still be used: the grant is active, and no
     * change since that version ended the patient's sessions.
     *
     * @param madeUnder the grant version the session was made under; 0 for a session bound to none, which is refused
     * @return {@code true} when the session may be used
     */
    public boolean admitsSessionMadeUnder(long madeUnder) {
        return isActive() && madeUnder >= sessionEpoch && madeUnder <= version;
    }

    /** Leaves out the revocation reason, which is free text and may hold personal data. */
    @Override
    public String toString() {
        return "AccessGrant[institution=" + institution + ", patient=" + patient + ", method=" + method() + ", sms="
                + smsNotifications + ", status=" + status + ", version=" + version + ", sessionEpoch=" + sessionEpoch
                + "]";
    }
}
