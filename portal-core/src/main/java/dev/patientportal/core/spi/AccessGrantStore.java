package dev.patientportal.core.spi;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import java.util.Optional;

/**
 * Persists access grants: one per patient per institution, versioned.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread inside the unit of work of the operation (see
 * {@link TransactionRunner}); implementations join it and must be safe for concurrent use. Writes are compare-and-set
 * on {@link AccessGrant#version()}, so two staff members changing one grant at once cannot both win.
 */
public interface AccessGrantStore {
    /**
     * Finds the grant of a patient.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the grant in any status, or empty
     */
    Optional<AccessGrant> find(InstitutionId institution, PatientId patient);

    /**
     * Finds the <em>active</em> grant whose login identity equals the given one (same method, same normalised
     * identifiers). Called by login; it must not reveal through timing or errors whether one exists beyond its result.
     *
     * @param institution the institution
     * @param identity the normalised identity a patient typed
     * @return the active grant, or empty
     */
    Optional<AccessGrant> findActiveByIdentity(InstitutionId institution, LoginIdentity identity);

    /**
     * Stores a new grant with version 1.
     *
     * @param grant the grant
     * @throws dev.patientportal.core.ConflictException when the patient already has a grant in this institution, or
     *     another active grant of the same method has the same identity
     */
    void insert(AccessGrant grant);

    /**
     * Replaces a grant if, and only if, the stored version is {@code grant.version() - 1}.
     *
     * @param grant the new state, with its version incremented by one
     * @throws dev.patientportal.core.ConflictException when the stored version differs (a concurrent change), or the
     *     new identity collides with another active grant
     * @throws dev.patientportal.core.NotFoundException when there is no grant to update
     */
    void update(AccessGrant grant);
}
