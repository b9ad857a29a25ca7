package dev.patientportal.tck;

import static dev.patientportal.tck.Fresh.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.ConflictException;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChallengeStore}: what is stored comes back, attempts are spent atomically, a factor is
 * verified at most once, a challenge is consumed at most once, and a resend is a compare-and-set; with real threads.
 */
public abstract class ChallengeStoreContract extends SpiContract<ChallengeStore> {
    /** For subclasses. */
    protected ChallengeStoreContract() {}

    /**
     * A new challenge with random ids and the given factors, five attempts, not yet stored.
     *
     * @param factors the factors
     * @return the challenge
     */
    protected ChallengeRecord newChallenge(Factor... factors) {
        Instant now = Fresh.now();
        Map<Factor, StoredCode> codes = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            codes.put(f, code(1, now.plus(Duration.ofMinutes(5))));
        }
        return new ChallengeRecord(
                Fresh.id(16),
                Fresh.institution(),
                Fresh.patient(),
                3,
                Fresh.id(32),
                codes,
                5,
                0,
                now,
                now.plus(Duration.ofMinutes(15)),
                now.plus(Duration.ofMinutes(1)),
                false);
    }

    /**
     * A stored code of random HMAC.
     *
     * @param generation its generation
     * @param expiresAt its expiry
     * @return the code
     */
    protected static StoredCode code(int generation, Instant expiresAt) {
        return new StoredCode("k1", Fresh.bytes(32), generation, expiresAt, false, Fresh.id(32));
    }

    private ChallengeStore store() {
        return underTest();
    }

    private ChallengeRecord stored(Factor... factors) {
        ChallengeRecord c = newChallenge(factors);
        inUnitOfWork(() -> store().insert(c));
        return c;
    }

    private ChallengeRecord reload(ChallengeRecord c) {
        return inUnitOfWork(() -> store().find(c.id())).orElseThrow();
    }

    @Nested
    @DisplayName("writes and reads")
    class WritesAndReads {
        @Test
        @DisplayName("a stored challenge comes back with every field, HMACs and pseudonyms included")
        void insertedChallengeIsFound() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            ChallengeRecord found = reload(c);
            assertThat(found).isEqualTo(c);
            assertThat(found.codes().keySet()).containsExactly(Factor.EMAIL, Factor.SMS);
            assertThat(present(found.codes().get(Factor.SMS)).mac())
                    .isEqualTo(present(c.codes().get(Factor.SMS)).mac());
        }

        @Test
        @DisplayName("a decoy, without patient, is stored like any challenge")
        void decoyIsStored() {
            ChallengeRecord real = newChallenge(Factor.SMS);
            ChallengeRecord decoy = new ChallengeRecord(
                    real.id(),
                    real.institution(),
                    null,
                    0,
                    real.identityKey(),
                    real.codes(),
                    real.attemptsLeft(),
                    0,
                    real.createdAt(),
                    real.expiresAt(),
                    real.resendAvailableAt(),
                    false);
            inUnitOfWork(() -> store().insert(decoy));
            assertThat(reload(decoy)).isEqualTo(decoy);
            assertThat(reload(decoy).isDecoy()).isTrue();
        }

        @Test
        @DisplayName("an unknown id finds nothing, and no operation on it changes anything")
        void unknownChallenge() {
            String id = Fresh.id(16);
            assertThat(inUnitOfWork(() -> store().find(id))).isEmpty();
            assertThat(inUnitOfWork(() -> store().reserveAttempt(id))).isEqualTo(-1);
            assertThat(inUnitOfWork(() -> store().markVerified(id, Factor.SMS, 1)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().consume(id))).isFalse();
            assertThat(inUnitOfWork(() -> store().replaceCode(id, Factor.SMS, code(2, Fresh.now()), 0, Fresh.now())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().find(id))).isEmpty();
        }

        @Test
        @DisplayName("inserting an existing id is a conflict")
        void duplicateIdIsConflict() {
            ChallengeRecord c = stored(Factor.SMS);
            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(c))).isInstanceOf(ConflictException.class);
        }
    }

    @Nested
    @DisplayName("attempts, verification and consumption")
    class AttemptsAndVerification {
        @Test
        @DisplayName("reserveAttempt counts down to zero, then answers -1 and changes nothing")
        void reserveAttemptCountsDown() {
            ChallengeRecord c = stored(Factor.SMS);
            for (int expected = 4; expected >= 0; expected--) {
                assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(expected);
            }
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(-1);
            assertThat(reload(c).attemptsLeft()).isZero();
        }

        @Test
        @DisplayName("markVerified verifies a factor once, gives the attempt back, and leaves the other factor alone")
        void markVerifiedOnce() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(4);
            Optional<ChallengeRecord> after = inUnitOfWork(() -> store().markVerified(c.id(), Factor.EMAIL, 1));
            assertThat(after).isPresent();
            assertThat(present(after.get().codes().get(Factor.EMAIL)).verified())
                    .isTrue();
            assertThat(present(after.get().codes().get(Factor.SMS)).verified()).isFalse();
            assertThat(after.get().attemptsLeft()).isEqualTo(5);
            assertThat(after.get().allVerified()).isFalse();
            assertThat(inUnitOfWork(() -> store().markVerified(c.id(), Factor.EMAIL, 1)))
                    .isEmpty();
            assertThat(reload(c)).isEqualTo(after.get());
        }

        @Test
        @DisplayName("markVerified refuses a code of another generation and a factor the challenge lacks")
        void markVerifiedChecksGenerationAndFactor() {
            ChallengeRecord c = stored(Factor.SMS);
            assertThat(inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 2)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().markVerified(c.id(), Factor.EMAIL, 1)))
                    .isEmpty();
            assertThat(reload(c)).isEqualTo(c);
        }

        @Test
        @DisplayName("consume succeeds once, and only after every factor is verified")
        void consumeOnceWhenComplete() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isFalse();
            inUnitOfWork(() -> store().markVerified(c.id(), Factor.EMAIL, 1));
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isFalse();
            inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 1));
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isTrue();
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isFalse();
            assertThat(reload(c).consumed()).isTrue();
        }

        @Test
        @DisplayName("a consumed challenge spends no attempt and verifies nothing")
        void consumedChallengeIsFrozen() {
            ChallengeRecord c = stored(Factor.SMS);
            inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 1));
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isTrue();
            ChallengeRecord consumed = reload(c);
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(-1);
            assertThat(inUnitOfWork(
                            () -> store().replaceCode(c.id(), Factor.SMS, code(2, Fresh.now()), 0, Fresh.now())))
                    .isEmpty();
            assertThat(reload(c)).isEqualTo(consumed);
        }
    }

    @Nested
    @DisplayName("one attempt in one unit of work, and accepting the last factor")
    class AttemptsAsLoginRunsThem {
        @Test
        @DisplayName("findForAttempt finds what find finds, and reserveAttempt after it in the same unit counts down")
        void findForAttemptThenReserve() {
            ChallengeRecord c = stored(Factor.SMS);
            for (int expected = 4; expected >= 0; expected--) {
                int before = expected + 1;
                int left = inUnitOfWork(() -> {
                    ChallengeRecord found = store().findForAttempt(c.id()).orElseThrow();
                    assertThat(found.attemptsLeft()).isEqualTo(before);
                    assertThat(found.withAttemptsLeft(5)).isEqualTo(c);
                    return store().reserveAttempt(c.id());
                });
                assertThat(left).isEqualTo(expected);
            }
            assertThat(inUnitOfWork(
                            () -> store().findForAttempt(c.id()).orElseThrow().attemptsLeft()))
                    .isZero();
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(-1);
            assertThat(inUnitOfWork(() -> store().findForAttempt(Fresh.id(16)))).isEmpty();
        }

        @Test
        @DisplayName("markVerifiedAndConsume verifies a first factor, and consumes with the last one, once")
        void markVerifiedAndConsumeCompletesOnce() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(4);
            ChallengeRecord first = inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.EMAIL, 1))
                    .orElseThrow();
            assertThat(first.consumed()).isFalse();
            assertThat(present(first.codes().get(Factor.EMAIL)).verified()).isTrue();
            assertThat(present(first.codes().get(Factor.SMS)).verified()).isFalse();
            assertThat(first.attemptsLeft()).isEqualTo(5);
            assertThat(inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.EMAIL, 1)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.SMS, 2)))
                    .isEmpty();

            ChallengeRecord last = inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.SMS, 1))
                    .orElseThrow();
            assertThat(last.consumed()).isTrue();
            assertThat(last.allVerified()).isTrue();
            assertThat(reload(c).consumed()).isTrue();
            assertThat(reload(c).allVerified()).isTrue();
            assertThat(inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.SMS, 1)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().consume(c.id()))).isFalse();
            assertThat(inUnitOfWork(() -> store().reserveAttempt(c.id()))).isEqualTo(-1);
            assertThat(inUnitOfWork(() -> store().markVerifiedAndConsume(Fresh.id(16), Factor.SMS, 1)))
                    .isEmpty();
        }

        @Test
        @DisplayName("200 threads each finding and spending an attempt in one unit of work: exactly 5 succeed")
        void parallelFindAndReserveCountExactly() {
            ChallengeRecord c = stored(Factor.SMS);
            List<Integer> left = Fresh.resultsOf(Race.run(
                    200,
                    i -> () -> inUnitOfWork(() -> {
                        store().findForAttempt(c.id());
                        return store().reserveAttempt(c.id());
                    })));
            assertThat(left.stream().filter(n -> n >= 0)).containsExactlyInAnyOrder(4, 3, 2, 1, 0);
            assertThat(reload(c).attemptsLeft()).isZero();
        }

        @Test
        @DisplayName("50 threads accepting the single factor at once: exactly one completes the login")
        void parallelAcceptsCompleteOnce() {
            ChallengeRecord c = stored(Factor.SMS);
            List<Boolean> won = Fresh.resultsOf(Race.run(
                    50,
                    i -> () -> inUnitOfWork(() -> store().markVerifiedAndConsume(c.id(), Factor.SMS, 1))
                            .map(ChallengeRecord::consumed)
                            .orElse(false)));
            assertThat(won.stream().filter(w -> w)).hasSize(1);
        }

        @Test
        @DisplayName("two factors accepted at once: exactly one caller completes the login, every round")
        void parallelFactorsCompleteOnce() {
            for (int round = 0; round < 20; round++) {
                ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
                List<Optional<ChallengeRecord>> results = Fresh.resultsOf(Race.run(
                        2,
                        i -> () -> inUnitOfWork(
                                () -> store().markVerifiedAndConsume(c.id(), i == 0 ? Factor.EMAIL : Factor.SMS, 1))));
                assertThat(results).allMatch(Optional::isPresent);
                assertThat(results.stream().filter(r -> r.orElseThrow().consumed()))
                        .hasSize(1);
                assertThat(reload(c).consumed()).isTrue();
            }
        }
    }

    @Nested
    @DisplayName("resends")
    class Resends {
        @Test
        @DisplayName("replaceCode swaps the code, counts the resend, keeps the attempts, and is a compare-and-set")
        void replaceCodeIsCompareAndSet() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            inUnitOfWork(() -> store().reserveAttempt(c.id()));
            StoredCode next = code(2, Fresh.now().plus(Duration.ofMinutes(5)));
            Instant nextResend = Fresh.now().plus(Duration.ofMinutes(2));
            Optional<ChallengeRecord> after =
                    inUnitOfWork(() -> store().replaceCode(c.id(), Factor.SMS, next, 0, nextResend));
            assertThat(after).isPresent();
            assertThat(after.get().codes().get(Factor.SMS)).isEqualTo(next);
            assertThat(after.get().codes().get(Factor.EMAIL))
                    .isEqualTo(c.codes().get(Factor.EMAIL));
            assertThat(after.get().resends()).isEqualTo(1);
            assertThat(after.get().resendAvailableAt()).isEqualTo(nextResend);
            assertThat(after.get().attemptsLeft()).isEqualTo(4);
            assertThat(inUnitOfWork(() -> store().replaceCode(c.id(), Factor.SMS, code(3, Fresh.now()), 0, nextResend)))
                    .isEmpty();
            assertThat(reload(c)).isEqualTo(after.get());
            assertThat(inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 1)))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 2)))
                    .isPresent();
        }

        @Test
        @DisplayName("replaceCode refuses a verified factor and a factor the challenge lacks")
        void replaceCodeRefusesVerifiedFactor() {
            ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
            inUnitOfWork(() -> store().markVerified(c.id(), Factor.EMAIL, 1));
            assertThat(inUnitOfWork(
                            () -> store().replaceCode(c.id(), Factor.EMAIL, code(2, Fresh.now()), 0, Fresh.now())))
                    .isEmpty();
            ChallengeRecord sms = stored(Factor.SMS);
            assertThat(inUnitOfWork(
                            () -> store().replaceCode(sms.id(), Factor.EMAIL, code(2, Fresh.now()), 0, Fresh.now())))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("200 threads spending attempts at once: exactly 5 succeed, with distinct counts")
        void parallelAttemptsAreCountedExactly() {
            ChallengeRecord c = stored(Factor.SMS);
            List<Integer> left =
                    Fresh.resultsOf(Race.run(200, i -> () -> inUnitOfWork(() -> store().reserveAttempt(c.id()))));
            assertThat(left.stream().filter(n -> n >= 0)).containsExactlyInAnyOrder(4, 3, 2, 1, 0);
            assertThat(left.stream().filter(n -> n < 0)).hasSize(195);
            assertThat(reload(c).attemptsLeft()).isZero();
        }

        @Test
        @DisplayName("50 threads verifying one factor at once: exactly one succeeds")
        void parallelVerificationsSucceedOnce() {
            ChallengeRecord c = stored(Factor.SMS);
            List<Boolean> won = Fresh.resultsOf(Race.run(
                    50,
                    i -> () -> inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 1))
                            .isPresent()));
            assertThat(won.stream().filter(w -> w)).hasSize(1);
        }

        @Test
        @DisplayName("50 threads consuming at once: exactly one succeeds")
        void parallelConsumeSucceedsOnce() {
            ChallengeRecord c = stored(Factor.SMS);
            inUnitOfWork(() -> store().markVerified(c.id(), Factor.SMS, 1));
            List<Boolean> won = Fresh.resultsOf(Race.run(50, i -> () -> inUnitOfWork(() -> store().consume(c.id()))));
            assertThat(won.stream().filter(w -> w)).hasSize(1);
        }

        @Test
        @DisplayName("two factors verified at once: at least one caller sees both verified")
        void parallelFactorsAreSeenComplete() {
            for (int round = 0; round < 20; round++) {
                ChallengeRecord c = stored(Factor.EMAIL, Factor.SMS);
                List<Optional<ChallengeRecord>> results = Fresh.resultsOf(Race.run(
                        2,
                        i -> () -> inUnitOfWork(
                                () -> store().markVerified(c.id(), i == 0 ? Factor.EMAIL : Factor.SMS, 1))));
                assertThat(results).allMatch(Optional::isPresent);
                assertThat(results.stream().filter(r -> r.orElseThrow().allVerified()))
                        .isNotEmpty();
                assertThat(reload(c).allVerified()).isTrue();
            }
        }

        @Test
        @DisplayName("20 threads resending at once: exactly one replaces the code")
        void parallelResendsSucceedOnce() {
            ChallengeRecord c = stored(Factor.SMS);
            List<Boolean> won = Fresh.resultsOf(Race.run(
                    20,
                    i -> () -> inUnitOfWork(
                                    () -> store().replaceCode(c.id(), Factor.SMS, code(2, Fresh.now()), 0, Fresh.now()))
                            .isPresent()));
            assertThat(won.stream().filter(w -> w)).hasSize(1);
            assertThat(reload(c).resends()).isEqualTo(1);
        }
    }
}
