package dev.patientportal.core;

import java.util.Optional;

/**
 * What staff do on the "Patient Portal" tab of a patient card: grant access with a method and an SMS setting, change
 * them, revoke and reinstate. Obtained from {@link PatientPortal#administration(Staff)}; every operation needs
 * {@link StaffPermission#GRANT_ACCESS}, is audited and publishes a {@link PortalEvent}.
 *
 * <p>A grant is checked against the patient record: e-mail + phone needs both on record, TAJ + phone needs a valid TAJ
 * and a phone, and the phone must be able to receive SMS. The identifiers are copied into the grant's
 * {@link LoginIdentity}; after the record changes, {@link #changeMethod} with the same method refreshes them.
 *
 * <p>A host SPI that fails with a runtime exception other than a {@link PortalException} makes the operation fail
 * with that same exception, unwrapped, after one {@code FAILED} audit event that names only its class (see the
 * {@linkplain dev.patientportal.core package documentation}).
 *
 * <pre>{@code
 * AccessAdministration admin = portal.administration(staff);
 * AccessGrant grant = admin.grant(patientId, AccessMethod.TAJ_AND_PHONE, true);
 * grant = admin.setSmsNotifications(patientId, false, grant.version());
 * admin.revoke(patientId, "moved away", grant.version());
 * }</pre>
 */
public interface AccessAdministration {
    /**
     * Grants portal access and sends a welcome e-mail (which carries no secret) when the record has an address.
     *
     * @param patient the patient
     * @param method how the patient will log in
     * @param smsNotifications whether the patient gets SMS notifications (paid per message)
     * @return the new grant, version 1
     * @throws AccessDeniedException without {@link StaffPermission#GRANT_ACCESS}
     * @throws NotFoundException when the institution has no such patient
     * @throws ValidationException naming the field the record lacks or holds invalid ({@code email}, {@code phone},
     *     {@code taj})
     * @throws ConflictException when the patient already has a grant, or another patient's active grant uses the same
     *     identity
     */
    AccessGrant grant(PatientId patient, AccessMethod method, boolean smsNotifications);

    /**
     * Reads a patient's grant.
     *
     * @param patient the patient
     * @return the grant in any status, or empty
     * @throws AccessDeniedException without {@link StaffPermission#GRANT_ACCESS}
     */
    Optional<AccessGrant> find(PatientId patient);

    /**
     * Changes the access method, re-reading the identifiers from the record. Ends every session of the patient.
     *
     * @param patient the patient
     * @param method the new method (the same method refreshes the identifiers)
     * @param expectedVersion the version the change is based on
     * @return the changed grant
     * @throws ConflictException when the grant changed since {@code expectedVersion}
     */
    AccessGrant changeMethod(PatientId patient, AccessMethod method, long expectedVersion);

    /**
     * Switches SMS notifications on or off.
     *
     * @param patient the patient
     * @param enabled whether SMS notifications are sent
     * @param expectedVersion the version the change is based on
     * @return the changed grant
     * @throws ConflictException when the grant changed since {@code expectedVersion}
     */
    AccessGrant setSmsNotifications(PatientId patient, boolean enabled, long expectedVersion);

    /**
     * Revokes access and ends every session of the patient at once.
     *
     * @param patient the patient
     * @param reason staff's reason, kept on the grant for staff only (1 to 500 characters; never logged or audited)
     * @param expectedVersion the version the change is based on
     * @return the revoked grant
     * @throws ConflictException when the grant changed since {@code expectedVersion}
     * @throws PolicyViolationException when the grant is already revoked
     */
    AccessGrant revoke(PatientId patient, String reason, long expectedVersion);

    /**
     * Reinstates a revoked grant, checking it against the current record again.
     *
     * @param patient the patient
     * @param expectedVersion the version the change is based on
     * @return the active grant
     * @throws ConflictException when the grant changed since {@code expectedVersion}
     * @throws PolicyViolationException when the grant is active
     */
    AccessGrant reinstate(PatientId patient, long expectedVersion);
}
