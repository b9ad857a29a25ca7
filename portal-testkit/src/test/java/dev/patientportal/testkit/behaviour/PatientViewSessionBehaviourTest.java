package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.testkit.TestPortal;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A view a host keeps across requests is checked again on every call: it dies with its session or grant. */
@DisplayName("Patient view and session lifetime")
class PatientViewSessionBehaviourTest {
    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final AccessGrant grant;
    private final String token;
    private final PatientView view;

    PatientViewSessionBehaviourTest() {
        t.addPatient(clinic, patient);
        grant = t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        token = t.sessions().open(clinic, patient);
        view = t.portal().patient(token);
    }

    private void assertViewIsDead(Consumer<PatientView> call) {
        assertThatThrownBy(() -> call.accept(view))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.INVALID_SESSION));
    }

    @Test
    @DisplayName("a kept view works while its session lives")
    void worksWhileAlive() {
        assertThat(view.countDocuments(null)).isZero();
        assertThat(view.reservations()).isEmpty();
    }

    @Test
    @DisplayName("after logout every call of a kept view is refused, and the refusal is audited")
    void deadAfterLogout() {
        t.sessions().end(token);
        assertViewIsDead(PatientView::profile);
        assertViewIsDead(v -> v.documents(DocumentFilter.firstPage()));
        assertViewIsDead(v -> v.countDocuments(null));
        assertViewIsDead(PatientView::reservations);
        assertThat(t.audit().events(AuditActions.PATIENT_PROFILE_READ))
                .extracting(AuditEvent::outcome)
                .containsExactly(AuditEvent.Outcome.DENIED);
    }

    @Test
    @DisplayName("after revocation a kept view is refused, even with a session store that missed the revocation")
    void deadAfterRevocation() {
        t.grants()
                .update(new AccessGrant(
                        grant.institution(),
                        grant.patient(),
                        grant.identity(),
                        grant.smsNotifications(),
                        dev.patientportal.core.GrantStatus.REVOKED,
                        "test",
                        grant.version() + 1,
                        grant.createdAt(),
                        grant.updatedAt(),
                        grant.updatedBy()));
        assertThat(t.sessions().count(clinic, patient))
                .as("the store alone was changed")
                .isEqualTo(1);
        assertViewIsDead(PatientView::history);
        assertThat(t.sessions().count(clinic, patient))
                .as("the stale session is ended")
                .isZero();
    }

    @Test
    @DisplayName("after staff change the access method a kept view is refused")
    void deadAfterMethodChange() {
        t.portal().administration(t.staff(clinic)).changeMethod(patient, AccessMethod.TAJ_AND_PHONE, grant.version());
        assertViewIsDead(v -> v.countDocuments(null));
    }
}
