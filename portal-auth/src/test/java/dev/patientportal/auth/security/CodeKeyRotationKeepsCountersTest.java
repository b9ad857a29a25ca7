package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.authFailure;
import static dev.patientportal.auth.LoginFixture.wrong;
import static dev.patientportal.core.AuthenticationException.Reason.LOCKED;
import static dev.patientportal.core.AuthenticationException.Reason.RATE_LIMITED;
import static dev.patientportal.core.AuthenticationException.Reason.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PseudonymKey;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 5: the lockout and send-limit counters are keyed by the pseudonym key, not by the code keys, so a
 * rotation of the code keys (all nodes at once, or rolling, with nodes on different current keys) neither restarts
 * the lockout (10 wrong codes in all, not 20) nor gives more SMS.
 */
class CodeKeyRotationKeepsCountersTest {
    private static final ServerKey OLD = ServerKey.random("2026-11");
    private static final ServerKey NEW = ServerKey.random("2026-12");
    private static final PseudonymKey PSEUDONYMS = PseudonymKey.random("pseudonym-1");

    private final LoginFixture f = LoginFixture.create();
    private AuthSettings settings =
            AuthSettings.builder().sendsPerPhone(1_000, 1_000).build();

    /** A node on the fixture's grants, stores and code sender, with its own code keys and the shared pseudonym key. */
    private PortalLogin node(LoginFixture fixture, CodeKeyring keys) {
        return PortalLogin.builder()
                .grants(fixture.t.grants())
                .audit(fixture.audit())
                .patientDirectory(fixture.t.patients())
                .codeSender(fixture.codes())
                .keys(keys)
                .settings(settings)
                .stores(fixture.stores)
                .clock(fixture.clock())
                .codeDelivery(Runnable::run)
                .pseudonymKey(PSEUDONYMS)
                .build();
    }

    private void failFive(PortalLogin node, PatientProfile p) {
        Challenge c = node.start(f.tajRequest(p), LoginFixture.REQUEST);
        for (int i = 0; i < 5; i++) {
            String code = wrong(f.codeFor(p, Factor.SMS));
            assertThat(authFailure(() -> node.verify(c, Factor.SMS, code, LoginFixture.REQUEST))
                            .reason())
                    .isEqualTo(WRONG_CODE);
        }
    }

    @Test
    @DisplayName("after a rotation of the code key, the lock still comes after 10 wrong codes in all")
    void rotationKeepsTheLockout() {
        PortalLogin before = node(f, CodeKeyring.of(OLD));
        PortalLogin after = node(f, CodeKeyring.of(NEW, OLD));
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);

        failFive(before, p);
        failFive(after, p);

        assertThat(authFailure(() -> after.start(f.tajRequest(p), LoginFixture.REQUEST))
                        .reason())
                .isEqualTo(LOCKED);
        assertThat(authFailure(() -> before.start(f.tajRequest(p), LoginFixture.REQUEST))
                        .reason())
                .isEqualTo(LOCKED);
    }

    @Test
    @DisplayName("during a rolling rotation, nodes on different current keys share one lockout counter")
    void rollingRotationSharesTheLockout() {
        PortalLogin oldNode = node(f, CodeKeyring.of(OLD, NEW));
        PortalLogin newNode = node(f, CodeKeyring.of(NEW, OLD));
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);

        // The challenge is issued by one node and guessed at on the other, then the other way round.
        Challenge c = oldNode.start(f.tajRequest(p), LoginFixture.REQUEST);
        for (int i = 0; i < 5; i++) {
            String code = wrong(f.codeFor(p, Factor.SMS));
            authFailure(() -> newNode.verify(c, Factor.SMS, code, LoginFixture.REQUEST));
        }
        failFive(newNode, p);

        assertThat(authFailure(() -> oldNode.start(f.tajRequest(p), LoginFixture.REQUEST))
                        .reason())
                .isEqualTo(LOCKED);
        assertThat(authFailure(() -> newNode.start(f.tajRequest(p), LoginFixture.REQUEST))
                        .reason())
                .isEqualTo(LOCKED);
    }

    @Test
    @DisplayName("a rotation, rolling or not, gives no extra SMS under the per-phone send limit")
    void rotationKeepsTheSendLimit() {
        settings = AuthSettings.builder().sendsPerPhone(5, 10).build();
        PortalLogin oldNode = node(f, CodeKeyring.of(OLD));
        PortalLogin rolling = node(f, CodeKeyring.of(NEW, OLD));
        PortalLogin rotated = node(f, CodeKeyring.of(NEW));
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);

        List<PortalLogin> nodes = List.of(oldNode, rolling, rotated, oldNode, rolling);
        for (PortalLogin node : nodes) {
            node.start(f.tajRequest(p), LoginFixture.REQUEST);
        }
        for (PortalLogin node : List.of(oldNode, rolling, rotated)) {
            assertThat(authFailure(() -> node.start(f.tajRequest(p), LoginFixture.REQUEST))
                            .reason())
                    .isEqualTo(RATE_LIMITED);
        }
        assertThat(f.sent(CodeMessage.Channel.SMS)).as("SMS sent in the hour").isEqualTo(5);
    }
}
