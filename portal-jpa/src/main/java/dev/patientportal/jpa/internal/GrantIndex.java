package dev.patientportal.jpa.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.TemporaryFailureException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Objects;

/**
 * Re-keys the grant table's {@code active_identity_key} under a pseudonym key, when the index was built under another
 * key (or, after migration V8, as an unkeyed SHA-256). {@code portal_blind_index_key} records the id and a fingerprint
 * of the key the index was last built under; its row is locked for the rebuild, so nodes starting together rebuild
 * once and the others find the index current.
 */
public final class GrantIndex {
    /** The row of {@code portal_blind_index_key} for the grants' active identity. */
    static final String INDEX = "grant-identity";

    private GrantIndex() {}

    /**
     * Rebuilds the index unless it is current, inside the caller's unit of work.
     *
     * @param em the unit of work's entity manager
     * @param key the pseudonym key
     * @return how many grants were re-keyed; 0 when the index was current
     * @throws TemporaryFailureException when the table of migration V8 is missing or the database fails
     */
    public static int rebuild(EntityManager em, PseudonymKey key) {
        Objects.requireNonNull(key, "key");
        String fingerprint = fingerprint(key);
        try {
            List<?> rows = em.createNativeQuery(
                            "SELECT fingerprint FROM portal_blind_index_key WHERE index_name = ?1" + " FOR UPDATE")
                    .setParameter(1, INDEX)
                    .getResultList();
            if (rows.isEmpty()) {
                em.createNativeQuery("INSERT INTO portal_blind_index_key (index_name, key_id, fingerprint)"
                                + " VALUES (?1, NULL, NULL)")
                        .setParameter(1, INDEX)
                        .executeUpdate();
            } else if (fingerprint.equals(rows.get(0))) {
                return 0;
            }
            int changed = 0;
            List<GrantEntity> active = em.createQuery(
                            "SELECT g FROM PortalAccessGrant g WHERE g.activeIdentityKey" + " IS NOT NULL",
                            GrantEntity.class)
                    .getResultList();
            for (GrantEntity e : active) {
                AccessGrant g = JpaAccessGrantStore.toGrant(e);
                String value = key.identity(g.institution(), g.identity());
                if (!value.equals(e.activeIdentityKey)) {
                    e.activeIdentityKey = value;
                    changed++;
                }
            }
            em.flush();
            em.createNativeQuery("UPDATE portal_blind_index_key SET key_id = ?1, fingerprint = ?2"
                            + " WHERE index_name = ?3")
                    .setParameter(1, key.id())
                    .setParameter(2, fingerprint)
                    .setParameter(3, INDEX)
                    .executeUpdate();
            return changed;
        } catch (PersistenceException e) {
            throw new TemporaryFailureException(
                    "Re-keying the grants' identity index failed in the database (is" + " migration V8 applied?)", e);
        }
    }

    /** A pseudonym of a fixed label: tells keys apart and reveals nothing of them. */
    static String fingerprint(PseudonymKey key) {
        return key.pseudonym("key-fingerprint", INDEX);
    }
}
