package dev.patientportal.auth.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds sessions, keyed by the hash of their token. Login checks idle and absolute expiry and the grant version a
 * session is bound to ({@link SessionRecord#grantVersion()}) itself; the store only keeps, touches and deletes, and
 * must return every field as inserted, the grant version included (a store that drops it ends every session at its
 * first use).
 *
 * <p><b>Threads and transactions:</b> {@link #insert} is called on the login request's thread, {@link #findByTokenHash}
 * and {@link #touch} at the start of every patient operation, {@link #delete} on logout, each alone in a unit of work of
 * its own. {@link #deleteAll} is called inside the unit of work of the grant change that ends the sessions (revocation,
 * change of method), so it commits or rolls back with it. Backend failures are
 * {@link dev.patientportal.core.TemporaryFailureException}s.
 */
public interface SessionStore {
    /**
     * Stores a new session, with every field as given.
     *
     * @param session the session; id and token hash are new
     * @throws dev.patientportal.core.ConflictException if the id or token hash exists (practically never)
     */
    void insert(SessionRecord session);

    /**
     * Finds a session by the SHA-256 hash of its token (an index lookup; login compares the hash again in constant
     * time).
     *
     * @param tokenHash the hash, 32 bytes
     * @return the session as last committed, or empty
     */
    Optional<SessionRecord> findByTokenHash(byte[] tokenHash);

    /**
     * Records use of a session, extending its idle timeout. Atomically: if the session exists, set
     * {@link SessionRecord#lastSeenAt()} to the later of its value and {@code seenAt}.
     *
     * @param sessionId the session
     * @param seenAt when it was used
     * @return {@code false} when the session no longer exists
     */
    boolean touch(String sessionId, Instant seenAt);

    /**
     * Ends one session.
     *
     * @param sessionId the session
     * @return {@code true} for exactly one caller, when the session existed
     */
    boolean delete(String sessionId);

    /**
     * Ends every session of a patient in an institution.
     *
     * @param institution the institution
     * @param patient the patient
     * @return how many sessions ended
     */
    int deleteAll(InstitutionId institution, PatientId patient);

    /**
     * A single-node store in memory, backed by Caffeine: sessions are forgotten 24 hours after they were last written
     * (the longest absolute timeout), and at most 1 000 000 are kept.
     *
     * @return a new, empty store
     */
    static SessionStore inMemory() {
        return new CaffeineSessionStore(Duration.ofHours(24), 1_000_000);
    }

    /**
     * A single-node store in memory, backed by Caffeine, with the retention and capacity given: for a node that expects
     * more (or fewer) sessions than {@link #inMemory()} keeps. Past {@code maximumSize} Caffeine evicts sessions to
     * make room, and an evicted one is forgotten.
     *
     * @param retention a session is forgotten this long after it was last written (a touch writes it); keep it
     *     longer than {@code AuthSettings#sessionAbsoluteTimeout()}
     * @param maximumSize how many sessions are kept at most
     * @return a new, empty store
     * @throws IllegalArgumentException when {@code retention} or {@code maximumSize} is negative
     */
    static SessionStore inMemory(Duration retention, long maximumSize) {
        return new CaffeineSessionStore(Objects.requireNonNull(retention, "retention"), maximumSize);
    }
}
