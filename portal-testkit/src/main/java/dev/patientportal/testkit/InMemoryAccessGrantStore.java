package dev.patientportal.testkit;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.AccessGrantStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Access grants held in memory, with the semantics every {@link AccessGrantStore} must have: one grant per patient per
 * institution, compare-and-set on the version, and no two active grants with the same {@link LoginIdentity} in one
 * institution.
 *
 * <p>Thread-safe: every operation runs under one lock, so a check and the write that depends on it are atomic.
 */
public final class InMemoryAccessGrantStore implements AccessGrantStore {
    private final Map<Keys.Patient, AccessGrant> grants = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryAccessGrantStore() {}

    @Override
    public synchronized Optional<AccessGrant> find(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        return Optional.ofNullable(grants.get(new Keys.Patient(institution, patient)));
    }

    @Override
    public synchronized Optional<AccessGrant> findActiveByIdentity(InstitutionId institution, LoginIdentity identity) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(identity, "identity");
        return grants.values().stream()
                .filter(g -> g.isActive()
                        && g.institution().equals(institution)
                        && g.identity().equals(identity))
                .findFirst();
    }

    /**
     * Stores a new grant.
     *
     * @param grant the grant, version 1
     * @throws IllegalArgumentException when the version is not 1
     * @throws ConflictException when the patient already has a grant in the institution, or the grant is active and
     *     another active grant of the institution has the same identity
     */
    @Override
    public synchronized void insert(AccessGrant grant) {
        Objects.requireNonNull(grant, "grant");
        if (grant.version() != 1) {
            throw new IllegalArgumentException("a new grant has version 1");
        }
        Keys.Patient key = new Keys.Patient(grant.institution(), grant.patient());
        if (grants.containsKey(key)) {
            throw new ConflictException("The patient already has a portal access grant");
        }
        requireIdentityFree(grant);
        grants.put(key, grant);
    }

    @Override
    public synchronized void update(AccessGrant grant) {
        Objects.requireNonNull(grant, "grant");
        Keys.Patient key = new Keys.Patient(grant.institution(), grant.patient());
        AccessGrant stored = grants.get(key);
        if (stored == null) {
            throw new NotFoundException("No portal access grant for this patient");
        }
        if (stored.version() != grant.version() - 1) {
            throw new ConflictException("The grant changed concurrently");
        }
        requireIdentityFree(grant);
        grants.put(key, grant);
    }

    /**
     * Returns every stored grant, for assertions.
     *
     * @return a snapshot, in no particular order
     */
    public synchronized List<AccessGrant> all() {
        return List.copyOf(grants.values());
    }

    /** Removes every grant. */
    public synchronized void clear() {
        grants.clear();
    }

    private void requireIdentityFree(AccessGrant grant) {
        if (!grant.isActive()) {
            return;
        }
        for (AccessGrant other : grants.values()) {
            if (other.isActive()
                    && other.institution().equals(grant.institution())
                    && !other.patient().equals(grant.patient())
                    && other.identity().equals(grant.identity())) {
                throw new ConflictException("Another active grant of the institution has the same login identity");
            }
        }
    }
}
