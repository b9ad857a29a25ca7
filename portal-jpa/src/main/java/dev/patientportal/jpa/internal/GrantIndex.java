package dev.patientportal.jpa.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.TemporaryFailureException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Objects;

/**
 * Re-keys the grant table's {@code active_identity_key} under a pseudonym key, and seals every grant's identity under
 * it, when the index was built under another key (or, after migration V8, as an unkeyed SHA-256), or the identities
 * were sealed under another key or kept in clear (before migration V10). {@code portal_blind_index_key} records the id
 * and a fingerprint of the key each was last built under ({@value #INDEX} and {@value #SEAL}); both rows are locked
 * for the rebuild, so nodes starting together rebuild once and the others find everything current. The grants are
 * read in pages of {@value #PAGE} in primary-key order, and the persistence context is cleared after each page, so
 * a large table does not fill the heap. Opening identities sealed under an older key needs that key among the
 * pseudonym key's {@linkplain PseudonymKey#previous() previous keys}.
 */
public final class GrantIndex {
    /** The row of {@code portal_blind_index_key} for the grants' active identity. */
    static final String INDEX = "grant-identity";

    /** The row of {@code portal_blind_index_key} for the grants' sealed identities. */
    static final String SEAL = "grant-seal";

    static final int PAGE = 500;

    private GrantIndex() {}

    /**
     * Rebuilds the index and seals the identities unless both are current, inside the caller's unit of work, which
     * should be one of its own: the persistence context is cleared after each page.
     *
     * @param em the unit of work's entity manager
     * @param key the pseudonym key, with its previous keys during a rotation
     * @return how many grants were changed; 0 when everything was current
     * @throws TemporaryFailureException when the tables of migrations V8 and V10 are missing or the database fails
     * @throws dev.patientportal.core.PortalException when an identity is sealed under a key that is neither the
     *     current key nor one of its previous keys
     */
    public static int rebuild(EntityManager em, PseudonymKey key) {
        Objects.requireNonNull(key, "key");
        String fingerprint = fingerprint(key);
        try {
            boolean current = true;
            for (String name : List.of(INDEX, SEAL)) {
                List<?> rows = em.createNativeQuery(
                                "SELECT fingerprint FROM portal_blind_index_key WHERE index_name = ?1 FOR UPDATE")
                        .setParameter(1, name)
                        .getResultList();
                if (rows.isEmpty()) {
                    em.createNativeQuery("INSERT INTO portal_blind_index_key (index_name, key_id, fingerprint)"
                                    + " VALUES (?1, NULL, NULL)")
                            .setParameter(1, name)
                            .executeUpdate();
                    current = false;
                } else if (!fingerprint.equals(rows.get(0))) {
                    current = false;
                }
            }
            if (current) {
                return 0;
            }
            int changed = 0;
            String afterInstitution = "";
            String afterPatient = "";
            while (true) {
                List<GrantEntity> page = em.createQuery(
                                "SELECT g FROM PortalAccessGrant g WHERE g.key.institutionId > :i"
                                        + " OR (g.key.institutionId = :i AND g.key.patientId > :p)"
                                        + " ORDER BY g.key.institutionId, g.key.patientId",
                                GrantEntity.class)
                        .setParameter("i", afterInstitution)
                        .setParameter("p", afterPatient)
                        .setMaxResults(PAGE)
                        .getResultList();
                for (GrantEntity e : page) {
                    boolean resealed;
                    try {
                        resealed = reseal(e, key);
                    } catch (TemporaryFailureException | PersistenceException failure) {
                        throw failure;
                    } catch (PortalException failure) {
                        throw new PortalException(
                                "A grant's login identity does not open with the pseudonym key " + key.id()
                                        + (key.isRandom() ? " (random, made at this start)" : "")
                                        + ": it was sealed under another key. Give that key as a previous key"
                                        + " (PseudonymKey.withPrevious, or a second entry of PseudonymKey.parse); a"
                                        + " database that outlives the process needs a fixed key, not a random one",
                                failure);
                    }
                    if (resealed) {
                        changed++;
                    }
                }
                em.flush();
                em.clear();
                if (page.size() < PAGE) {
                    break;
                }
                GrantEntity last = page.get(page.size() - 1);
                afterInstitution = last.key.institutionId;
                afterPatient = last.key.patientId;
            }
            for (String name : List.of(INDEX, SEAL)) {
                em.createNativeQuery("UPDATE portal_blind_index_key SET key_id = ?1, fingerprint = ?2"
                                + " WHERE index_name = ?3")
                        .setParameter(1, key.id())
                        .setParameter(2, fingerprint)
                        .setParameter(3, name)
                        .executeUpdate();
            }
            return changed;
        } catch (PersistenceException e) {
            throw new TemporaryFailureException(
                    "Re-keying the grants' identity index failed in the database (are migrations V8 and V10"
                            + " applied?)",
                    e);
        }
    }

    /** Brings one row up to the key: its index (when active) and its seal; tells whether anything changed. */
    private static boolean reseal(GrantEntity e, PseudonymKey key) {
        AccessGrant g = JpaAccessGrantStore.toGrant(key, e);
        boolean changed = false;
        if (e.activeIdentityKey != null) {
            String value = key.identity(g.institution(), g.identity());
            if (!value.equals(e.activeIdentityKey)) {
                e.activeIdentityKey = value;
                changed = true;
            }
        }
        String sealed = e.identitySealed;
        if (sealed == null || !key.sealedUnderThisKey(sealed) || e.phoneE164 != null) {
            e.identitySealed = JpaAccessGrantStore.seal(key, e.key, g.identity());
            e.email = null;
            e.phoneE164 = null;
            e.taj = null;
            changed = true;
        }
        return changed;
    }

    /** A pseudonym of a fixed label: tells keys apart and reveals nothing of them. */
    static String fingerprint(PseudonymKey key) {
        return key.pseudonym("key-fingerprint", INDEX);
    }
}
