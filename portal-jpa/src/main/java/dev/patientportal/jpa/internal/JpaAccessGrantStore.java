package dev.patientportal.jpa.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AccessGrantStore} on {@code portal_access_grant}. Uniqueness is checked first (so the usual conflict leaves the
 * unit of work usable) and then enforced by the primary key and the unique (institution, active identity key)
 * constraint, so a race between two nodes still yields exactly one winner and one {@link ConflictException}. The
 * active identity key is the identity's keyed pseudonym under the {@link PseudonymKey}
 * ({@link PseudonymKey#identity(InstitutionId, LoginIdentity)}), never an unkeyed hash: without the key it cannot be
 * reproduced from a TAJ, e-mail or phone, and every node must use the same key. The identity itself is sealed under the
 * same key ({@link PseudonymKey#seal}, purpose {@value #SEALED}, bound to the row's institution and patient); the
 * columns that held it in clear before migration V10 are {@code NULL} once {@link GrantIndex#rebuild} has run. The
 * version compare-and-set locks the row ({@code SELECT ... FOR UPDATE}), compares and writes, so of two concurrent
 * updates from one version the second sees the first's version and fails.
 */
public final class JpaAccessGrantStore implements AccessGrantStore {
    /** The purpose the login identity is sealed for. */
    static final String SEALED = "grant-identity";

    private final EntityManagerProvider entityManagers;
    private final PseudonymKey pseudonyms;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     * @param pseudonyms the key of the active identity index
     */
    public JpaAccessGrantStore(EntityManagerProvider entityManagers, PseudonymKey pseudonyms) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    }

    @Override
    public Optional<AccessGrant> find(InstitutionId institution, PatientId patient) {
        try {
            GrantEntity e = em().find(GrantEntity.class, new GrantKey(institution.value(), patient.value()));
            return Optional.ofNullable(e).map(this::toGrant);
        } catch (PersistenceException e) {
            throw Exceptions.translate("Reading the access grant", e);
        }
    }

    @Override
    public Optional<AccessGrant> findActiveByIdentity(InstitutionId institution, LoginIdentity identity) {
        try {
            List<GrantEntity> found = em().createQuery(
                            "SELECT g FROM PortalAccessGrant g WHERE g.key.institutionId = "
                                    + ":institution AND g.activeIdentityKey = :key",
                            GrantEntity.class)
                    .setParameter("institution", institution.value())
                    .setParameter("key", pseudonyms.identity(institution, identity))
                    .getResultList();
            // The key is a pseudonym; the columns decide. At most one row matches the unique constraint.
            return found.stream()
                    .map(this::toGrant)
                    .filter(g -> g.isActive() && g.identity().equals(identity))
                    .findFirst();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Looking up the access grant", e);
        }
    }

    @Override
    public void insert(AccessGrant grant) {
        if (grant.version() != 1) {
            throw new IllegalArgumentException("a new grant has version 1");
        }
        EntityManager em = em();
        try {
            GrantKey key =
                    new GrantKey(grant.institution().value(), grant.patient().value());
            if (em.find(GrantEntity.class, key) != null) {
                throw new ConflictException("The patient already has an access grant in this institution");
            }
            checkIdentityFree(em, grant, key);
            GrantEntity e = new GrantEntity(key);
            copy(grant, e);
            e.version = 1;
            e.createdAt = grant.createdAt();
            em.persist(e);
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing the access grant", e);
        }
    }

    @Override
    public void update(AccessGrant grant) {
        EntityManager em = em();
        try {
            GrantKey key =
                    new GrantKey(grant.institution().value(), grant.patient().value());
            GrantEntity e = Locking.findForUpdate(em, GrantEntity.class, key);
            if (e == null) {
                throw new NotFoundException("access grant");
            }
            if (e.version != grant.version() - 1) {
                throw new ConflictException("The access grant was changed concurrently");
            }
            checkIdentityFree(em, grant, key);
            copy(grant, e);
            e.version = grant.version();
            e.createdAt = grant.createdAt();
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Updating the access grant", e);
        }
    }

    private void checkIdentityFree(EntityManager em, AccessGrant grant, GrantKey self) {
        if (!grant.isActive()) {
            return;
        }
        Long others = em.createQuery(
                        "SELECT COUNT(g) FROM PortalAccessGrant g WHERE g.key.institutionId = :institution"
                                + " AND g.activeIdentityKey = :key AND g.key.patientId <> :patient",
                        Long.class)
                .setParameter("institution", grant.institution().value())
                .setParameter("key", pseudonyms.identity(grant.institution(), grant.identity()))
                .setParameter("patient", self.patientId)
                .getSingleResult();
        if (others != null && others > 0) {
            throw new ConflictException("Another active grant has the same login identity");
        }
    }

    private void copy(AccessGrant g, GrantEntity e) {
        LoginIdentity id = g.identity();
        e.method = id.method().name();
        e.identitySealed = seal(pseudonyms, e.key, id);
        e.email = null;
        e.phoneE164 = null;
        e.taj = null;
        e.activeIdentityKey = g.isActive() ? pseudonyms.identity(g.institution(), id) : null;
        e.smsNotifications = g.smsNotifications();
        e.status = g.status().name();
        e.revocationReason = g.revocationReason();
        e.updatedAt = g.updatedAt();
        e.updatedBy = g.updatedBy().value();
        e.sessionEpoch = g.sessionEpoch();
    }

    /** The identity sealed for its row: method, phone, and e-mail or TAJ, one per line. */
    static String seal(PseudonymKey key, GrantKey row, LoginIdentity id) {
        String second = id.method() == AccessMethod.EMAIL_AND_PHONE
                ? Objects.requireNonNull(id.email()).value()
                : Objects.requireNonNull(id.taj()).digits();
        return key.seal(
                SEALED, associated(row), id.method().name() + "\n" + id.phone().e164() + "\n" + second);
    }

    /** The identity of a row: sealed, or in the clear columns of a row not yet sealed (before migration V10). */
    static LoginIdentity identity(PseudonymKey key, GrantEntity e) {
        String sealed = e.identitySealed;
        String phone;
        String second;
        AccessMethod method;
        if (sealed != null) {
            String[] parts = key.unseal(SEALED, associated(e.key), sealed).split("\n", 3);
            if (parts.length != 3) {
                throw new TemporaryFailureException("A sealed grant identity is malformed");
            }
            method = AccessMethod.valueOf(parts[0]);
            phone = parts[1];
            second = parts[2];
        } else {
            method = AccessMethod.valueOf(e.method);
            phone = Objects.requireNonNull(e.phoneE164, "phone");
            second = Objects.requireNonNull(method == AccessMethod.EMAIL_AND_PHONE ? e.email : e.taj, "identifier");
        }
        PhoneNumber number = new PhoneNumber(phone);
        return method == AccessMethod.EMAIL_AND_PHONE
                ? LoginIdentity.emailAndPhone(new EmailAddress(second), number)
                : LoginIdentity.tajAndPhone(new TajNumber(second), number);
    }

    private static String associated(GrantKey row) {
        return row.institutionId + "\n" + row.patientId;
    }

    AccessGrant toGrant(GrantEntity e) {
        return toGrant(pseudonyms, e);
    }

    static AccessGrant toGrant(PseudonymKey key, GrantEntity e) {
        return new AccessGrant(
                InstitutionId.of(e.key.institutionId),
                PatientId.of(e.key.patientId),
                identity(key, e),
                e.smsNotifications,
                GrantStatus.valueOf(e.status),
                e.revocationReason,
                e.version,
                e.createdAt,
                e.updatedAt,
                StaffId.of(e.updatedBy),
                e.sessionEpoch);
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
