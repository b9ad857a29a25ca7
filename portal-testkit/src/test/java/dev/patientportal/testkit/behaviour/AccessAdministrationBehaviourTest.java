package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import dev.patientportal.testkit.TestPatients;
import dev.patientportal.testkit.TestPortal;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Access administration")
class AccessAdministrationBehaviourTest {
    private final TestPortal t = TestPortal.create();
    private final InstitutionId clinic = Samples.institution();
    private final Staff staff = t.staff(clinic);
    private final AccessAdministration admin = t.portal().administration(staff);
    private final PatientId patient = Samples.patient();
    private final PatientProfile record = t.addPatient(clinic, patient);

    private void assertNothingGranted() {
        assertThat(t.grants().find(clinic, patient)).isEmpty();
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events()).isEmpty();
    }

    private void assertDeniedAudit(String action, String error) {
        assertThat(t.audit().events(action)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.details()).containsEntry("error", error);
            assertThat(e.actor()).isEqualTo(Actor.staff(staff.id()));
        });
    }

    @Nested
    @DisplayName("granting")
    class Granting {
        @Test
        @DisplayName("e-mail + phone copies both from the record into an active grant, version 1")
        void grant_emailAndPhone_copiesIdentifiersFromRecord() {
            AccessGrant grant = admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, true);

            assertThat(grant.identity()).isEqualTo(LoginIdentity.emailAndPhone(record.email(), record.phone()));
            assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
            assertThat(grant.version()).isEqualTo(1);
            assertThat(grant.smsNotifications()).isTrue();
            assertThat(grant.createdAt()).isEqualTo(t.clock().instant());
            assertThat(grant.updatedBy()).isEqualTo(staff.id());
            assertThat(t.grants().find(clinic, patient)).contains(grant);
            assertThat(t.grants().findActiveByIdentity(clinic, grant.identity()))
                    .contains(grant);
        }

        @Test
        @DisplayName("TAJ + phone copies TAJ and phone from the record")
        void grant_tajAndPhone_copiesIdentifiersFromRecord() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);

            assertThat(grant.identity()).isEqualTo(LoginIdentity.tajAndPhone(record.taj(), record.phone()));
            assertThat(grant.smsNotifications()).isFalse();
        }

        @Test
        @DisplayName("is audited, published as an event, and sends a welcome intent carrying the SMS setting")
        void grant_auditedPublishedAndWelcomed() {
            admin.grant(patient, AccessMethod.TAJ_AND_PHONE, true);

            assertThat(t.audit().events(AuditActions.ACCESS_GRANT))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                        assertThat(e.patient()).isEqualTo(patient);
                        assertThat(e.institution()).isEqualTo(clinic);
                        assertThat(e.details())
                                .containsEntry("method", "TAJ_AND_PHONE")
                                .containsEntry("sms", "true");
                    });
            assertThat(t.events().events()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(PortalEvent.Type.ACCESS_GRANTED);
                assertThat(e.patient()).isEqualTo(patient);
                assertThat(e.actor()).isEqualTo(Actor.staff(staff.id()));
            });
            assertThat(t.notifier().intents()).singleElement().satisfies(i -> {
                assertThat(i.type()).isEqualTo(NotificationIntent.Type.ACCESS_GRANTED);
                assertThat(i.patient()).isEqualTo(patient);
                assertThat(i.institution()).isEqualTo(clinic);
                assertThat(i.smsEnabled()).isTrue();
            });
        }

        @Test
        @DisplayName("e-mail + phone without an e-mail on record is a validation error naming email; nothing stored")
        void grant_emailMissing_validationOnEmail() {
            t.patients().put(Samples.profile(clinic, patient, null, record.phone(), record.taj()));

            assertThatThrownBy(() -> admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, false))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("email"));
            assertNothingGranted();
            assertDeniedAudit(AuditActions.ACCESS_GRANT, "validation:email");
        }

        @Test
        @DisplayName("TAJ + phone without a TAJ on record is a validation error naming taj; nothing stored")
        void grant_tajMissing_validationOnTaj() {
            t.patients().put(Samples.profile(clinic, patient, record.email(), record.phone(), null));

            assertThatThrownBy(() -> admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("taj"));
            assertNothingGranted();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(AccessMethod.class)
        @DisplayName("a landline or a missing phone is a validation error naming phone, for either method")
        void grant_landlineOrNoPhone_validationOnPhone(AccessMethod method) {
            t.patients().put(Samples.profile(clinic, patient, record.email(), TestPatients.landline(), record.taj()));
            assertThatThrownBy(() -> admin.grant(patient, method, false))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("phone"));

            t.patients().put(Samples.profile(clinic, patient, record.email(), null, record.taj()));
            assertThatThrownBy(() -> admin.grant(patient, method, false))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("phone"));
            assertNothingGranted();
        }

        @Test
        @DisplayName("a patient the institution does not know is not found")
        void grant_unknownPatient_notFound() {
            assertThatThrownBy(() -> admin.grant(Samples.patient(), AccessMethod.TAJ_AND_PHONE, false))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> t.portal()
                            .administration(t.staff(Samples.institution()))
                            .grant(patient, AccessMethod.TAJ_AND_PHONE, false))
                    .isInstanceOf(NotFoundException.class);
            assertNothingGranted();
        }

        @Test
        @DisplayName("a second grant for the same patient is a conflict and leaves the first unchanged")
        void grant_duplicate_conflict() {
            AccessGrant first = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);

            assertThatThrownBy(() -> admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, true))
                    .isInstanceOf(ConflictException.class);
            assertThat(t.grants().find(clinic, patient)).contains(first);
            assertThat(t.notifier().intents()).hasSize(1);
            assertDeniedAudit(AuditActions.ACCESS_GRANT, "conflict");
        }

        @Test
        @DisplayName("another patient whose record has the same login identity cannot be granted: conflict")
        void grant_identityOfAnotherPatient_conflict() {
            admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, false);
            PatientId twin = Samples.patient();
            t.patients().put(Samples.profile(clinic, twin, record.email(), record.phone(), null));

            assertThatThrownBy(() -> admin.grant(twin, AccessMethod.EMAIL_AND_PHONE, false))
                    .isInstanceOf(ConflictException.class);
            assertThat(t.grants().find(clinic, twin)).isEmpty();
        }

        @Test
        @DisplayName("staff without GRANT_ACCESS are denied, audited as DENIED, and nothing is stored")
        void grant_withoutPermission_denied() {
            Staff clerk = Staff.of(clinic, StaffId.of("clerk-1"), StaffPermission.UPLOAD_DOCUMENTS);
            AccessAdministration clerkAdmin = t.portal().administration(clerk);

            assertThatThrownBy(() -> clerkAdmin.grant(patient, AccessMethod.TAJ_AND_PHONE, false))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerkAdmin.find(patient)).isInstanceOf(AccessDeniedException.class);

            assertNothingGranted();
            assertThat(t.audit().events(AuditActions.ACCESS_GRANT))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                        assertThat(e.actor()).isEqualTo(Actor.staff(clerk.id()));
                        assertThat(e.details()).containsEntry("error", "access-denied");
                    });
            assertThat(t.audit().events(AuditActions.ACCESS_READ))
                    .singleElement()
                    .extracting(AuditEvent::outcome)
                    .isEqualTo(AuditEvent.Outcome.DENIED);
        }

        @Test
        @DisplayName("staff without GRANT_ACCESS cannot change, revoke or reinstate either")
        void changes_withoutPermission_denied() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            AccessAdministration clerk = t.portal()
                    .administration(Staff.of(clinic, StaffId.of("clerk-1"), StaffPermission.UPLOAD_DOCUMENTS));

            assertThatThrownBy(() -> clerk.changeMethod(patient, AccessMethod.EMAIL_AND_PHONE, 1))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.setSmsNotifications(patient, true, 1))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.revoke(patient, "no reason", 1)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.reinstate(patient, 1)).isInstanceOf(AccessDeniedException.class);
            assertThat(t.grants().find(clinic, patient)).contains(grant);
        }
    }

    @Nested
    @DisplayName("changing")
    class Changing {
        @Test
        @DisplayName("changeMethod swaps the identity, bumps the version, ends sessions, audits and publishes")
        void changeMethod_swapsIdentityAndEndsSessions() {
            AccessGrant grant = admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, false);
            String token = t.sessions().open(clinic, patient);

            AccessGrant changed = admin.changeMethod(patient, AccessMethod.TAJ_AND_PHONE, grant.version());

            assertThat(changed.identity()).isEqualTo(LoginIdentity.tajAndPhone(record.taj(), record.phone()));
            assertThat(changed.version()).isEqualTo(2);
            assertThat(changed.createdAt()).isEqualTo(grant.createdAt());
            assertThat(t.grants().find(clinic, patient)).contains(changed);
            assertThat(t.sessions().resolve(token)).isEmpty();
            assertThat(t.audit().events(AuditActions.ACCESS_CHANGE_METHOD))
                    .singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("method", "TAJ_AND_PHONE"));
            assertThat(t.events().events(PortalEvent.Type.ACCESS_CHANGED)).hasSize(1);
        }

        @Test
        @DisplayName("changeMethod with the same method refreshes the identifiers from a changed record")
        void changeMethod_sameMethod_refreshesIdentifiers() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            PatientProfile moved = t.patients()
                    .put(Samples.profile(
                            clinic, patient, record.email(), TestPatients.mobile(9_999_001), record.taj()));

            AccessGrant changed = admin.changeMethod(patient, AccessMethod.TAJ_AND_PHONE, grant.version());

            assertThat(changed.identity().phone()).isEqualTo(moved.phone());
        }

        @Test
        @DisplayName("changeMethod to a method the record cannot support is refused and changes nothing")
        void changeMethod_unsupportedByRecord_refused() {
            t.patients().put(Samples.profile(clinic, patient, null, record.phone(), record.taj()));
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);

            assertThatThrownBy(() -> admin.changeMethod(patient, AccessMethod.EMAIL_AND_PHONE, grant.version()))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("email"));
            assertThat(t.grants().find(clinic, patient)).contains(grant);
        }

        @Test
        @DisplayName("SMS on and off bump the version, keep sessions, and are audited and published")
        void setSms_onAndOff() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            String token = t.sessions().open(clinic, patient);

            AccessGrant on = admin.setSmsNotifications(patient, true, grant.version());
            AccessGrant off = admin.setSmsNotifications(patient, false, on.version());

            assertThat(on.smsNotifications()).isTrue();
            assertThat(on.version()).isEqualTo(2);
            assertThat(off.smsNotifications()).isFalse();
            assertThat(off.version()).isEqualTo(3);
            assertThat(t.grants().find(clinic, patient)).contains(off);
            assertThat(t.sessions().resolve(token)).isPresent();
            assertThat(t.audit().events(AuditActions.ACCESS_SMS))
                    .extracting(e -> e.details().get("sms"))
                    .containsExactly("true", "false");
            assertThat(t.events().events(PortalEvent.Type.ACCESS_CHANGED)).hasSize(2);
        }

        @Test
        @DisplayName("revoke ends every session: the token no longer opens the patient's view")
        void revoke_endsSessions() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            String token = t.sessions().open(clinic, patient);
            String second = t.sessions().open(clinic, patient);
            assertThat(t.portal().patient(token).session().patient()).isEqualTo(patient);

            AccessGrant revoked = admin.revoke(patient, "Patient moved to another clinic", grant.version());

            assertThat(revoked.status()).isEqualTo(GrantStatus.REVOKED);
            assertThat(revoked.revocationReason()).isEqualTo("Patient moved to another clinic");
            assertThat(revoked.version()).isEqualTo(2);
            assertThat(t.grants().findActiveByIdentity(clinic, grant.identity()))
                    .isEmpty();
            for (String tok : List.of(token, second)) {
                assertThatThrownBy(() -> t.portal().patient(tok))
                        .isInstanceOfSatisfying(
                                AuthenticationException.class,
                                e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.INVALID_SESSION));
            }
            assertThat(t.events().events(PortalEvent.Type.ACCESS_REVOKED)).hasSize(1);
            assertThat(t.audit().events(AuditActions.ACCESS_REVOKE))
                    .singleElement()
                    .satisfies(e -> assertThat(e.details().values()).noneMatch(v -> v.contains("clinic")));
        }

        @Test
        @DisplayName("a session opened after revocation is refused too, because the grant is not active")
        void revoked_newSession_refused() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            admin.revoke(patient, "reason", grant.version());
            String token = t.sessions().open(clinic, patient);

            assertThatThrownBy(() -> t.portal().patient(token)).isInstanceOf(AuthenticationException.class);
            assertThat(t.sessions().resolve(token)).isEmpty();
        }

        @Test
        @DisplayName("revoking a revoked grant, or reinstating an active one, violates a policy")
        void revokeTwiceOrReinstateActive_policyViolation() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            assertThatThrownBy(() -> admin.reinstate(patient, grant.version()))
                    .isInstanceOfSatisfying(
                            PolicyViolationException.class,
                            e -> assertThat(e.rule()).isEqualTo("access.already-active"));
            AccessGrant revoked = admin.revoke(patient, "reason", grant.version());

            assertThatThrownBy(() -> admin.revoke(patient, "again", revoked.version()))
                    .isInstanceOfSatisfying(
                            PolicyViolationException.class,
                            e -> assertThat(e.rule()).isEqualTo("access.already-revoked"));
            assertThat(t.grants().find(clinic, patient)).contains(revoked);
        }

        @Test
        @DisplayName("reinstate reactivates, clears the reason, and lets the patient in again")
        void reinstate_reactivates() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            AccessGrant revoked = admin.revoke(patient, "reason", grant.version());

            AccessGrant reinstated = admin.reinstate(patient, revoked.version());

            assertThat(reinstated.status()).isEqualTo(GrantStatus.ACTIVE);
            assertThat(reinstated.revocationReason()).isNull();
            assertThat(reinstated.version()).isEqualTo(3);
            assertThat(t.patientView(clinic, patient).session().patient()).isEqualTo(patient);
            assertThat(t.events().events(PortalEvent.Type.ACCESS_REINSTATED)).hasSize(1);
            assertThat(t.audit().events(AuditActions.ACCESS_REINSTATE))
                    .singleElement()
                    .extracting(AuditEvent::outcome)
                    .isEqualTo(AuditEvent.Outcome.SUCCESS);
        }

        @Test
        @DisplayName("reinstating when the record no longer supports the method is refused")
        void reinstate_recordLostPhone_refused() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            AccessGrant revoked = admin.revoke(patient, "reason", grant.version());
            t.patients().put(Samples.profile(clinic, patient, record.email(), TestPatients.landline(), record.taj()));

            assertThatThrownBy(() -> admin.reinstate(patient, revoked.version()))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("phone"));
            assertThat(t.grants().find(clinic, patient)).contains(revoked);
        }

        @Test
        @DisplayName("every change based on a stale version is a conflict, audited as DENIED, and changes nothing")
        void staleVersion_conflict() {
            AccessGrant grant = admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false);
            AccessGrant current = admin.setSmsNotifications(patient, true, grant.version());
            String token = t.sessions().open(clinic, patient);
            t.events().clear();
            long stale = grant.version();

            List<Consumer<Long>> changes = List.of(
                    v -> admin.changeMethod(patient, AccessMethod.EMAIL_AND_PHONE, v),
                    v -> admin.setSmsNotifications(patient, false, v),
                    v -> admin.revoke(patient, "reason", v),
                    v -> admin.reinstate(patient, v));
            for (Consumer<Long> change : changes) {
                assertThatThrownBy(() -> change.accept(stale)).isInstanceOf(ConflictException.class);
            }

            assertThat(t.grants().find(clinic, patient)).contains(current);
            assertThat(t.sessions().resolve(token)).isPresent();
            assertThat(t.events().events()).isEmpty();
            assertThat(Stream.of(
                                    AuditActions.ACCESS_CHANGE_METHOD,
                                    AuditActions.ACCESS_REVOKE,
                                    AuditActions.ACCESS_REINSTATE)
                            .flatMap(a -> t.audit().events(a).stream()))
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e.details()).containsEntry("error", "conflict"));
        }

        @Test
        @DisplayName("a change of a patient without a grant is not found")
        void change_withoutGrant_notFound() {
            assertThatThrownBy(() -> admin.setSmsNotifications(patient, true, 1))
                    .isInstanceOf(NotFoundException.class);
            assertThat(admin.find(patient)).isEmpty();
        }
    }

    @Test
    @DisplayName("no audit detail or exception message of access administration carries personal data")
    void auditAndErrors_carryNoPersonalData() {
        AccessGrant grant = admin.grant(patient, AccessMethod.EMAIL_AND_PHONE, true);
        AccessGrant changed = admin.changeMethod(patient, AccessMethod.TAJ_AND_PHONE, grant.version());
        AccessGrant revoked = admin.revoke(patient, "Secret reason naming Dr. Example", changed.version());
        admin.reinstate(patient, revoked.version());
        Throwable conflict = org.assertj.core.api.Assertions.catchThrowable(
                () -> admin.grant(patient, AccessMethod.TAJ_AND_PHONE, false));

        List<String> forbidden = List.of(
                record.email().value(),
                record.phone().e164(),
                record.taj().digits(),
                record.familyName(),
                "Secret reason");
        assertThat(Samples.detailValues(t.audit().events()))
                .allSatisfy(v -> assertThat(forbidden).noneMatch(v::contains));
        assertThat(conflict).isInstanceOf(ConflictException.class);
        assertThat(forbidden).noneMatch(conflict.getMessage()::contains);
        assertThat(grant.toString()).doesNotContain(record.phone().e164());
    }
}
