package dev.patientportal.jpa.internal;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link ChallengeStore} on {@code portal_login_challenge} and {@code portal_login_challenge_code}.
 *
 * <p>{@link #reserveAttempt} is one conditional {@code UPDATE ... SET attempts_left = attempts_left - 1 WHERE id = ?
 * AND NOT consumed AND attempts_left > 0}: concurrent callers queue on the row lock and each re-evaluates the condition
 * on the row the previous one committed, so exactly as many succeed as there were attempts. The operations that look at
 * the codes ({@link #markVerified}, {@link #consume}, {@link #replaceCode}) first lock the challenge row
 * ({@code SELECT ... FOR UPDATE}), then read and change, so they serialise per challenge, and what
 * {@code markVerified} returns is the state right after its own change, with every verification committed before it.
 * Locks are held only until the caller's unit of work commits, which login does at once.
 */
public final class JpaChallengeStore implements ChallengeStore {
    private final EntityManagerProvider entityManagers;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     */
    public JpaChallengeStore(EntityManagerProvider entityManagers) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
    }

    @Override
    public void insert(ChallengeRecord challenge) {
        EntityManager em = em();
        try {
            if (em.find(ChallengeEntity.class, challenge.id()) != null) {
                throw new ConflictException("A login challenge with this id exists");
            }
            ChallengeEntity e = new ChallengeEntity(challenge.id());
            e.institutionId = challenge.institution().value();
            PatientId patient = challenge.patient();
            e.patientId = patient == null ? null : patient.value();
            e.grantVersion = challenge.grantVersion();
            e.identityKey = challenge.identityKey();
            e.attemptsLeft = challenge.attemptsLeft();
            e.resends = challenge.resends();
            e.createdAt = challenge.createdAt();
            e.expiresAt = challenge.expiresAt();
            e.resendAvailableAt = challenge.resendAvailableAt();
            e.consumed = challenge.consumed();
            em.persist(e);
            for (Map.Entry<Factor, StoredCode> code : challenge.codes().entrySet()) {
                ChallengeCodeEntity c = new ChallengeCodeEntity(
                        new ChallengeCodeKey(challenge.id(), code.getKey().name()));
                copy(code.getValue(), c);
                em.persist(c);
            }
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing the login challenge", e);
        }
    }

    @Override
    public Optional<ChallengeRecord> find(String id) {
        EntityManager em = em();
        try {
            // One statement for the challenge and its codes (an outer join: a challenge has at least one code, but a
            // row without any still reads as the challenge).
            List<Object[]> rows = em.createQuery(
                            "SELECT c, k FROM PortalLoginChallenge c LEFT JOIN PortalLoginChallengeCode k"
                                    + " ON k.key.challengeId = c.id WHERE c.id = :id",
                            Object[].class)
                    .setParameter("id", id)
                    .getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            List<ChallengeCodeEntity> codes = new java.util.ArrayList<>();
            for (Object[] row : rows) {
                if (row[1] instanceof ChallengeCodeEntity k) {
                    codes.add(k);
                }
            }
            return Optional.of(toRecord((ChallengeEntity) rows.get(0)[0], codes));
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Reading the login challenge", e);
        }
    }

    @Override
    public int reserveAttempt(String id) {
        EntityManager em = em();
        try {
            if (SqlDialect.of(em).supportsUpdateReturning()) {
                // One statement: the conditional decrement returns what it left.
                List<?> left = em.createNativeQuery(
                                "UPDATE portal_login_challenge SET attempts_left = attempts_left - 1"
                                        + " WHERE id = ?1 AND consumed = false AND attempts_left > 0 RETURNING attempts_left")
                        .setParameter(1, id)
                        .getResultList();
                return left.isEmpty() ? -1 : ((Number) left.get(0)).intValue();
            }
            int changed = em.createQuery("UPDATE PortalLoginChallenge c SET c.attemptsLeft = c.attemptsLeft - 1"
                            + " WHERE c.id = :id AND c.consumed = false AND c.attemptsLeft > 0")
                    .setParameter("id", id)
                    .executeUpdate();
            if (changed == 0) {
                return -1;
            }
            // Our own change, read back while we hold the row lock: nobody else can have changed it since.
            return em.createQuery("SELECT c.attemptsLeft FROM PortalLoginChallenge c WHERE c.id = :id", Integer.class)
                    .setParameter("id", id)
                    .getSingleResult();
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Spending a login attempt", e);
        }
    }

    @Override
    public Optional<ChallengeRecord> markVerified(String id, Factor factor, int generation) {
        return accept(id, factor, generation, false);
    }

    /**
     * {@link #markVerified} and {@link #consume} under one lock of the challenge: one locked read of the challenge, one
     * of its codes, and one flush that writes the code and the challenge (four statements where the two calls take
     * six).
     */
    @Override
    public Optional<ChallengeRecord> markVerifiedAndConsume(String id, Factor factor, int generation) {
        return accept(id, factor, generation, true);
    }

    /** Verifies the factor under the challenge's lock and, if asked and it was the last one, consumes the challenge. */
    private Optional<ChallengeRecord> accept(String id, Factor factor, int generation, boolean consumeIfLast) {
        EntityManager em = em();
        try {
            ChallengeEntity c = lock(em, id);
            if (c == null || c.consumed) {
                return Optional.empty();
            }
            List<ChallengeCodeEntity> codes = codes(em, id);
            ChallengeCodeEntity code = codeOf(codes, factor);
            if (code == null || code.verified || code.generation != generation) {
                return Optional.empty();
            }
            code.verified = true;
            c.attemptsLeft += 1;
            if (consumeIfLast && codes.stream().allMatch(k -> k.verified)) {
                c.consumed = true;
            }
            em.flush();
            return Optional.of(toRecord(c, codes));
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Verifying a login factor", e);
        }
    }

    @Override
    public boolean consume(String id) {
        EntityManager em = em();
        try {
            ChallengeEntity c = lock(em, id);
            if (c == null || c.consumed) {
                return false;
            }
            List<ChallengeCodeEntity> codes = codes(em, id);
            if (codes.isEmpty() || !codes.stream().allMatch(code -> code.verified)) {
                return false;
            }
            c.consumed = true;
            em.flush();
            return true;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Completing the login challenge", e);
        }
    }

    @Override
    public Optional<ChallengeRecord> replaceCode(
            String id, Factor factor, StoredCode code, int expectedResends, Instant nextResendAt) {
        EntityManager em = em();
        try {
            ChallengeEntity c = lock(em, id);
            if (c == null || c.consumed || c.resends != expectedResends) {
                return Optional.empty();
            }
            List<ChallengeCodeEntity> codes = codes(em, id);
            ChallengeCodeEntity current = codeOf(codes, factor);
            if (current == null || current.verified) {
                return Optional.empty();
            }
            copy(code, current);
            c.resends += 1;
            c.resendAvailableAt = nextResendAt;
            em.flush();
            return Optional.of(toRecord(c, codes));
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Replacing a login code", e);
        }
    }

    /**
     * Deletes challenges that expired before a time, with their codes.
     *
     * @param em the entity manager of the current unit of work
     * @param before the cut-off
     * @return how many challenges were deleted
     */
    public static int deleteExpired(EntityManager em, Instant before) {
        em.createQuery("DELETE FROM PortalLoginChallengeCode k WHERE k.key.challengeId IN (SELECT c.id FROM"
                        + " PortalLoginChallenge c WHERE c.expiresAt < :before)")
                .setParameter("before", before)
                .executeUpdate();
        return em.createQuery("DELETE FROM PortalLoginChallenge c WHERE c.expiresAt < :before")
                .setParameter("before", before)
                .executeUpdate();
    }

    /**
     * Locks the challenge row ({@code SELECT ... FOR UPDATE}). Every call runs alone in its unit of work, so the row is
     * read fresh with the lock, as last committed.
     */
    private static @Nullable ChallengeEntity lock(EntityManager em, String id) {
        return em.find(ChallengeEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private static List<ChallengeCodeEntity> codes(EntityManager em, String id) {
        return em.createQuery(
                        "SELECT k FROM PortalLoginChallengeCode k WHERE k.key.challengeId = :id",
                        ChallengeCodeEntity.class)
                .setParameter("id", id)
                .getResultList();
    }

    private static @Nullable ChallengeCodeEntity codeOf(List<ChallengeCodeEntity> codes, Factor factor) {
        for (ChallengeCodeEntity c : codes) {
            if (c.key.factor.equals(factor.name())) {
                return c;
            }
        }
        return null;
    }

    private static void copy(StoredCode code, ChallengeCodeEntity e) {
        e.keyId = code.keyId();
        e.mac = code.mac();
        e.generation = code.generation();
        e.expiresAt = code.expiresAt();
        e.verified = code.verified();
        e.destinationKey = code.destinationKey();
    }

    private static ChallengeRecord toRecord(ChallengeEntity e, List<ChallengeCodeEntity> codes) {
        Map<Factor, StoredCode> stored = new EnumMap<>(Factor.class);
        for (ChallengeCodeEntity c : codes) {
            stored.put(
                    Factor.valueOf(c.key.factor),
                    new StoredCode(c.keyId, c.mac, c.generation, c.expiresAt, c.verified, c.destinationKey));
        }
        return new ChallengeRecord(
                e.id,
                InstitutionId.of(e.institutionId),
                e.patientId == null ? null : PatientId.of(e.patientId),
                e.grantVersion,
                e.identityKey,
                stored,
                e.attemptsLeft,
                e.resends,
                e.createdAt,
                e.expiresAt,
                e.resendAvailableAt,
                e.consumed);
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
