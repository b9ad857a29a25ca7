package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.PatientProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory challenge store does when it is full: an attacker who floods it with starts for identities
 * without a grant (decoys, which cost no SMS and so are bounded by nothing but the per-client and per-institution
 * limits) must not lock real patients out or stop them logging in. The store holds {@value #CAPACITY} challenges;
 * every flood here is ten times that.
 */
class FullChallengeStoreTest {
    private static final int CAPACITY = 20;
    private static final int FLOOD = 10 * CAPACITY;

    private final ChallengeStore challenges = ChallengeStore.inMemory(Duration.ofHours(1), CAPACITY);
    // Limits raised so that only the store's capacity is in the way; with the defaults the institution's hourly budget
    // stops such a flood first (docs/security.md).
    private final LoginFixture f = LoginFixture.builder()
            .stores(AuthStores.of(
                    challenges, SessionStore.inMemory(), LockoutStore.inMemory(), RateLimitStore.inMemory()))
            .settings(AuthSettings.builder()
                    .sendsPerClientAddress(100_000, 100_000)
                    .sendsPerInstitution(10_000_000, 10_000_000)
                    .build())
            .build();

    private List<Challenge> floodWithDecoys() {
        List<Challenge> decoys = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            decoys.add(f.start(f.tajRequest(f.patientWithoutGrant())));
        }
        return decoys;
    }

    @Test
    @DisplayName("a flood of decoys leaves a patient's pending login intact, and the store within its capacity")
    void pendingLoginSurvivesTheFlood() {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge pending = f.start(f.tajRequest(p));

        List<Challenge> decoys = floodWithDecoys();

        assertThat(f.verify(pending, Factor.SMS, f.codeFor(p, Factor.SMS)).session())
                .isPresent();
        long kept =
                decoys.stream().filter(d -> challenges.find(d.id()).isPresent()).count();
        assertThat(kept).as("decoys kept").isLessThan(CAPACITY);
        // The oldest decoys made room; the newest are still there and answer like any pending challenge.
        assertThat(challenges.find(decoys.get(0).id())).isEmpty();
        Challenge newest = decoys.get(decoys.size() - 1);
        assertThat(authFailure(() -> f.verify(newest, Factor.SMS, "123456")).reason())
                .isEqualTo(Reason.WRONG_CODE);
    }

    @Test
    @DisplayName("during and after a flood of decoys, patients start and finish new logins")
    void newLoginsSucceedDuringTheFlood() {
        floodWithDecoys();
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        assertThat(f.verify(c, Factor.EMAIL, f.codeFor(p, Factor.EMAIL)).isComplete())
                .isFalse();
        floodWithDecoys();
        VerifyResult done = f.verify(c, Factor.SMS, f.codeFor(p, Factor.SMS));
        assertThat(done.session()).isPresent();

        PatientProfile q = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        assertThat(f.logIn(q, AccessMethod.TAJ_AND_PHONE).token()).isNotBlank();
    }

    @Test
    @DisplayName("a decoy never displaces a real challenge; only more real challenges than fit push out the oldest")
    void realChallengesGoLastAndOldestFirst() {
        List<PatientProfile> patients = new ArrayList<>();
        List<Challenge> pending = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            patients.add(p);
            pending.add(f.start(f.tajRequest(p)));
        }
        floodWithDecoys();
        for (Challenge c : pending) {
            assertThat(challenges.find(c.id())).as("real challenge kept").isPresent();
        }

        PatientProfile late = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge lateChallenge = f.start(f.tajRequest(late));
        assertThat(authFailure(() -> f.verify(pending.get(0), Factor.SMS, f.codeFor(patients.get(0), Factor.SMS)))
                        .reason())
                .as("the oldest real challenge made room")
                .isEqualTo(Reason.UNKNOWN_CHALLENGE);
        assertThat(f.verify(pending.get(1), Factor.SMS, f.codeFor(patients.get(1), Factor.SMS))
                        .session())
                .isPresent();
        assertThat(f.verify(lateChallenge, Factor.SMS, f.codeFor(late, Factor.SMS))
                        .session())
                .isPresent();
    }
}
