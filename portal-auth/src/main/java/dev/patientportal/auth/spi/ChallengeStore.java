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
 * <p><b>Threads and transactions:</b> every method is called on the login request's thread, inside a unit of work
 * (a {@link dev.patientportal.core.spi.TransactionRunner#inNewTransaction} call) that commits before login acts on the
 * answer. A verify runs {@link #findForAttempt} and {@link #reserveAttempt} in one unit of work, with the lockout
 * counter of the identity, and commits it before the code is compared; a code that matched is then accepted by
 * {@link #markVerifiedAndConsume} in a unit of work of its own, which also stores the session when the login
 * completes. The other methods run alone in theirs. A database implementation makes each operation one conditional
 * {@code UPDATE} (or a {@code SELECT ... FOR UPDATE} and an {@code UPDATE}) so that concurrent calls on one challenge
 * serialise. Backend failures are {@link dev.patientportal.core.TemporaryFailureException}s.
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
     * Finds a challenge to spend an attempt on it: {@link #find}, except that a database implementation also locks the
     * challenge ({@code SELECT ... FOR UPDATE}) until the unit of work ends. Login calls it, checks what it returned,
     * and calls {@link #reserveAttempt} in the same unit of work, which commits before the code is compared; holding
     * the lock, a database store knows the count without reading it back.
     *
     * <p>The default calls {@link #find}: enough for any store, since {@link #reserveAttempt} is atomic by itself.
     *
     * @param id the challenge id
     * @return the challenge as last committed, or empty
     */
    default Optional<ChallengeRecord> findForAttempt(String id) {
        return find(id);
    }

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
     * Accepts a factor whose code matched and, when that leaves no factor unverified, completes the login, in one atomic
     * step: {@link #markVerified}, then {@link #consume} if every factor is verified. Login calls it alone in a unit of
     * work for every code that matched; a database implementation locks the challenge once for both.
     *
     * <p>Of concurrent calls for one challenge, at most one returns a consumed challenge, and when several factors are
     * verified at once, one of the callers does.
     *
     * <p>The default calls the two methods one after the other; right for any store that implements them as
     * documented.
     *
     * @param id the challenge id
     * @param factor the factor
     * @param generation the generation of the code that matched
     * @return the challenge right after the change, {@link ChallengeRecord#consumed()} set when this call completed the
     *     login; empty when nothing changed (or another caller completed the login in between)
     */
    default Optional<ChallengeRecord> markVerifiedAndConsume(String id, Factor factor, int generation) {
        Optional<ChallengeRecord> after = markVerified(id, factor, generation);
        if (after.isEmpty() || !after.get().allVerified()) {
            return after;
        }
        return consume(id) ? Optional.of(after.get().asConsumed()) : Optional.empty();
    }

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
     * A single-node store in memory: a challenge is forgotten an hour after it was issued, and at most 100 000 are kept
     * (about 35 MB when full). When full, the oldest decoy makes room; a challenge with a grant goes only when no decoy
     * is left, the oldest first, so a flood of starts for identities without a grant never displaces a patient's
     * pending login.
     *
     * @return a new, empty store
     */
    static ChallengeStore inMemory() {
        return inMemory(Duration.ofHours(1), 100_000);
    }

    /**
     * A single-node store in memory, with the retention and capacity given: for a node that expects more (or fewer)
     * challenges than {@link #inMemory()} keeps. Each pending challenge takes about 400 bytes of heap (395 measured
     * for TAJ + phone, 321 for a decoy; e-mail + phone holds a second code), so a million take some 400 MB. Past {@code maximumSize} a challenge is forgotten to make room: the
     * oldest decoy, or when none is left the oldest challenge. A forgotten challenge answers like an unknown one.
     *
     * @param retention a challenge is forgotten at the latest this long after it was issued; keep it longer than
     *     {@code AuthSettings#challengeLifetime()}
     * @param maximumSize how many challenges are kept at most
     * @return a new, empty store
     * @throws IllegalArgumentException when {@code retention} or {@code maximumSize} is negative
     */
    static ChallengeStore inMemory(Duration retention, long maximumSize) {
        return new CompactChallengeStore(Objects.requireNonNull(retention, "retention"), maximumSize, System::nanoTime);
    }
}
