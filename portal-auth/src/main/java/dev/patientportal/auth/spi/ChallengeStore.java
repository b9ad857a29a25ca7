package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds login challenges and their attempt counters. The operations that decide something are atomic per challenge:
 * across threads and nodes, a challenge never accepts more wrong codes than it has attempts, each factor is verified at
 * most once, and a challenge completes a login at most once.
 *
 * <p><b>Threads and transactions:</b> every method is called on the login request's thread, alone in a unit of work
 * of its own (one {@link dev.patientportal.core.spi.TransactionRunner#inTransaction} call), which commits before login
 * acts on the answer. A database implementation makes each operation one conditional {@code UPDATE} (or a
 * {@code SELECT ... FOR UPDATE} and an {@code UPDATE}) so that concurrent calls on one challenge serialise. Backend
 * failures are {@link dev.patientportal.core.TemporaryFailureException}s.
 */
public interface ChallengeStore {
    /**
     * Stores a new challenge.
     *
     * @param challenge the challenge; its id is new (128 random bits)
     * @throws dev.patientportal.core.ConflictException if the id exists (practically never)
     */
    void insert(ChallengeRecord challenge);

    /**
     * Finds a challenge by id, in any state. May return a challenge past its expiry; login checks expiry itself. An
     * implementation may forget challenges some time after {@link ChallengeRecord#expiresAt()}.
     *
     * @param id the challenge id
     * @return the challenge as last committed, or empty
     */
    Optional<ChallengeRecord> find(String id);

    /**
     * Spends one attempt, before the submitted code is compared, so that parallel guesses can never compare more codes
     * than the challenge has attempts. Atomically: if the challenge exists, is not consumed and has attempts left,
     * decrement {@link ChallengeRecord#attemptsLeft()} by one.
     *
     * @param id the challenge id
     * @return the attempts left after this one, or {@code -1} when none was left (or the challenge is unknown or
     *     consumed) and nothing changed
     */
    int reserveAttempt(String id);

    /**
     * Accepts a factor whose code matched, and gives back the attempt {@link #reserveAttempt} spent on it (a correct
     * code is not a failure). Atomically: if the challenge exists, is not consumed, and the factor's code is unverified
     * and of the given generation, mark it verified and increment {@link ChallengeRecord#attemptsLeft()} by one.
     *
     * <p>Of concurrent calls for one factor, at most one succeeds. Of concurrent calls for different factors, the
     * returned state reflects every verification committed before this one, so that at least one caller sees every
     * factor verified.
     *
     * @param id the challenge id
     * @param factor the factor
     * @param generation the generation of the code that matched
     * @return the challenge right after the change, or empty when nothing changed
     */
    Optional<ChallengeRecord> markVerified(String id, Factor factor, int generation);

    /**
     * Completes the login. Atomically: if the challenge exists, is not consumed and every factor is verified, mark it
     * consumed.
     *
     * @param id the challenge id
     * @return {@code true} for exactly one caller per challenge, ever
     */
    boolean consume(String id);

    /**
     * Replaces one factor's code after a resend. Atomically: if the challenge exists, is not consumed, its
     * {@link ChallengeRecord#resends()} equals {@code expectedResends}, and the factor is present and unverified, store
     * {@code code} for the factor, set {@link ChallengeRecord#resendAvailableAt()} and increment the resend count. The
     * attempt counter is untouched: a new code does not reset it.
     *
     * @param id the challenge id
     * @param factor the factor
     * @param code the new code, of the next generation
     * @param expectedResends the resend count the caller saw; a compare-and-set, so of concurrent resends one wins
     * @param nextResendAt the earliest time of the next resend
     * @return the challenge after the change, or empty when nothing changed
     */
    Optional<ChallengeRecord> replaceCode(
            String id, Factor factor, StoredCode code, int expectedResends, Instant nextResendAt);

    /**
     * A single-node store in memory, backed by Caffeine: challenges are forgotten an hour after they were written, and
     * at most 100 000 are kept (the oldest go first).
     *
     * @return a new, empty store
     */
    static ChallengeStore inMemory() {
        return new CaffeineChallengeStore(Duration.ofHours(1), 100_000);
    }

    /**
     * A single-node store in memory, backed by Caffeine, with the retention and capacity given: for a node that expects
     * more (or fewer) challenges than {@link #inMemory()} keeps. Past {@code maximumSize} Caffeine evicts challenges to
     * make room, and an evicted one is forgotten.
     *
     * @param retention a challenge is forgotten this long after it was last written; keep it longer than
     *     {@code AuthSettings#challengeLifetime()}
     * @param maximumSize how many challenges are kept at most
     * @return a new, empty store
     * @throws IllegalArgumentException when {@code retention} or {@code maximumSize} is negative
     */
    static ChallengeStore inMemory(Duration retention, long maximumSize) {
        return new CaffeineChallengeStore(Objects.requireNonNull(retention, "retention"), maximumSize);
    }
}
