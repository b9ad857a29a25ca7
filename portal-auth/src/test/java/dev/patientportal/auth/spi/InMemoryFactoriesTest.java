package dev.patientportal.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sized {@code inMemory(retention, maximumSize)} factories of the four login stores. */
class InMemoryFactoriesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-1");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    @DisplayName("a sized store works like the default one")
    void sizedStoresWork() {
        ChallengeStore challenges = ChallengeStore.inMemory(HOUR, 10);
        challenges.insert(challenge("c1"));
        assertThat(challenges.reserveAttempt("c1")).isEqualTo(4);

        SessionStore sessions = SessionStore.inMemory(HOUR, 10);
        sessions.insert(new SessionRecord("s1", new byte[32], CLINIC, PatientId.of("p1"), NOW, NOW, NOW.plus(HOUR)));
        assertThat(sessions.findByTokenHash(new byte[32]))
                .map(SessionRecord::sessionId)
                .contains("s1");

        LockoutStore lockouts = LockoutStore.inMemory(HOUR, 10);
        lockouts.recordFailure("k", NOW);
        assertThat(lockouts.recordFailure("k", NOW).consecutiveFailures()).isEqualTo(2);

        RateLimitStore rateLimits = RateLimitStore.inMemory(HOUR, 10);
        rateLimits.increment("b", NOW.plus(HOUR));
        assertThat(rateLimits.increment("b", NOW.plus(HOUR))).isEqualTo(2);
    }

    @Test
    @DisplayName("the retention given is the one applied: with none, a store forgets at once")
    void retentionApplies() {
        ChallengeStore challenges = ChallengeStore.inMemory(Duration.ZERO, 10);
        challenges.insert(challenge("c1"));
        assertThat(challenges.find("c1")).isEmpty();

        LockoutStore lockouts = LockoutStore.inMemory(Duration.ZERO, 10);
        lockouts.recordFailure("k", NOW);
        assertThat(lockouts.find("k")).isEmpty();
    }

    @Test
    @DisplayName("a negative size or retention, or no retention, is a programming error")
    void badArguments() {
        assertThatThrownBy(() -> ChallengeStore.inMemory(HOUR, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionStore.inMemory(Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockoutStore.inMemory(HOUR, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitStore.inMemory(null, 10))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("retention");
    }

    private static ChallengeRecord challenge(String id) {
        StoredCode code = new StoredCode("k1", new byte[32], 1, NOW.plus(HOUR), false, "destination");
        return new ChallengeRecord(
                id, CLINIC, null, 0, "identity", Map.of(Factor.SMS, code), 5, 0, NOW, NOW.plus(HOUR), NOW, false);
    }
}
