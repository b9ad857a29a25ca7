package dev.patientportal.tck;

import static dev.patientportal.tck.Fresh.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.testkit.Race;
import dev.patientportal.testkit.TestPatients;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccessGrantStore} must do: every field kept as given (the session epoch included), one grant per
 * patient per institution, compare-and-set on the version, no two active grants with the same login identity in an
 * institution, and exact identity matching for login.
 */
public abstract class AccessGrantStoreContract extends SpiContract<AccessGrantStore> {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final StaffId STAFF = StaffId.of("staff-contract");

    private final InstitutionId institution = Fresh.institution();

    /** For subclasses. */
    protected AccessGrantStoreContract() {}

    private AccessGrantStore store() {
        return underTest();
    }

    private static long unique() {
        return ThreadLocalRandom.current().nextLong(10_000_000L);
    }

    private static LoginIdentity emailIdentity() {
        long n = unique();
        return LoginIdentity.emailAndPhone(TestPatients.email(n), TestPatients.mobile(n));
    }

    private static LoginIdentity tajIdentity() {
        long n = unique();
        return LoginIdentity.tajAndPhone(TestPatients.taj(n), TestPatients.mobile(n));
    }

    private AccessGrant newGrant(PatientId patient, LoginIdentity identity) {
        return new AccessGrant(institution, patient, identity, false, GrantStatus.ACTIVE, null, 1, T0, T0, STAFF);
    }

    private static AccessGrant next(
            AccessGrant g, LoginIdentity identity, GrantStatus status, @Nullable String reason) {
        return new AccessGrant(
                g.institution(),
                g.patient(),
                identity,
                !g.smsNotifications(),
                status,
                reason,
                g.version() + 1,
                g.createdAt(),
                g.updatedAt().plusSeconds(60),
                StaffId.of("staff-other"));
    }

    private AccessGrant inserted(LoginIdentity identity) {
        AccessGrant grant = newGrant(Fresh.patient(), identity);
        inUnitOfWork(() -> store().insert(grant));
        return grant;
    }

    @Nested
    @DisplayName("inserts")
    class Inserts {
        @Test
        @DisplayName("an inserted grant is found by institution and patient, with every field as stored")
        void insert_thenFind_returnsEqualGrant() {
            AccessGrant grant = new AccessGrant(
                    institution,
                    Fresh.patient(),
                    tajIdentity(),
                    true,
                    GrantStatus.ACTIVE,
                    null,
                    1,
                    T0,
                    T0.plusSeconds(5),
                    STAFF);
            inUnitOfWork(() -> store().insert(grant));

            assertThat(inUnitOfWork(() -> store().find(institution, grant.patient())))
                    .contains(grant);
        }

        @Test
        @DisplayName("a second grant for the same patient in the institution is a conflict, even with another identity")
        void insert_secondGrantForPatient_conflicts() {
            AccessGrant first = inserted(emailIdentity());
            AccessGrant second = newGrant(first.patient(), tajIdentity());

            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(second))).isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, first.patient())))
                    .contains(first);
        }

        @Test
        @DisplayName("a grant whose identity equals another patient's active grant is a conflict")
        void insert_identityOfAnotherActiveGrant_conflicts() {
            AccessGrant first = inserted(emailIdentity());
            AccessGrant copycat = newGrant(Fresh.patient(), first.identity());

            assertThatThrownBy(() -> inUnitOfWork(() -> store().insert(copycat)))
                    .isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, copycat.patient())))
                    .isEmpty();
        }

        @Test
        @DisplayName("the identity of a revoked grant, or of a grant in another institution, may be granted again")
        void insert_identityOfRevokedGrantOrOtherInstitution_succeeds() {
            AccessGrant first = inserted(emailIdentity());
            AccessGrant revoked = next(first, first.identity(), GrantStatus.REVOKED, "moved away");
            inUnitOfWork(() -> store().update(revoked));

            AccessGrant reuse = newGrant(Fresh.patient(), first.identity());
            inUnitOfWork(() -> store().insert(reuse));
            AccessGrant elsewhere = new AccessGrant(
                    Fresh.institution(),
                    Fresh.patient(),
                    first.identity(),
                    false,
                    GrantStatus.ACTIVE,
                    null,
                    1,
                    T0,
                    T0,
                    STAFF);
            inUnitOfWork(() -> store().insert(elsewhere));

            assertThat(inUnitOfWork(() -> store().find(institution, reuse.patient())))
                    .contains(reuse);
            assertThat(inUnitOfWork(() -> store().find(elsewhere.institution(), elsewhere.patient())))
                    .contains(elsewhere);
        }
    }

    @Nested
    @DisplayName("reads")
    class Reads {
        @Test
        @DisplayName("a patient without a grant, or with a grant in another institution only, finds nothing")
        void find_unknownPatientOrOtherInstitution_isEmpty() {
            AccessGrant grant = inserted(emailIdentity());

            assertThat(inUnitOfWork(() -> store().find(institution, Fresh.patient())))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().find(Fresh.institution(), grant.patient())))
                    .isEmpty();
        }

        @Test
        @DisplayName("findActiveByIdentity finds the active grant whose method and identifiers are all equal")
        void findActiveByIdentity_exactMatch_findsGrant() {
            AccessGrant email = inserted(emailIdentity());
            AccessGrant taj = inserted(tajIdentity());

            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(institution, email.identity())))
                    .contains(email);
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(
                                    institution,
                                    LoginIdentity.tajAndPhone(
                                            new TajNumber(present(taj.identity().taj())
                                                    .digits()),
                                            new PhoneNumber(
                                                    taj.identity().phone().e164())))))
                    .contains(taj);
        }

        @Test
        @DisplayName("findActiveByIdentity finds nothing when one identifier or the method differs")
        void findActiveByIdentity_partialMatch_isEmpty() {
            AccessGrant email = inserted(emailIdentity());
            EmailAddress otherEmail = TestPatients.email(unique() + 10_000_000L);
            PhoneNumber otherPhone = TestPatients.mobile((unique() + 1) % 10_000_000L);
            AccessGrant taj = inserted(tajIdentity());

            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(
                                    institution,
                                    LoginIdentity.emailAndPhone(
                                            otherEmail, email.identity().phone()))))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(
                                    institution,
                                    LoginIdentity.emailAndPhone(
                                            present(email.identity().email()), otherPhone))))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(
                                    institution,
                                    LoginIdentity.tajAndPhone(
                                            present(taj.identity().taj()), otherPhone))))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(
                                    institution,
                                    LoginIdentity.emailAndPhone(
                                            otherEmail, taj.identity().phone()))))
                    .isEmpty();
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(Fresh.institution(), email.identity())))
                    .isEmpty();
        }

        @Test
        @DisplayName("findActiveByIdentity ignores revoked grants")
        void findActiveByIdentity_revokedGrant_isEmpty() {
            AccessGrant grant = inserted(tajIdentity());
            inUnitOfWork(() -> store().update(next(grant, grant.identity(), GrantStatus.REVOKED, "reason")));

            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(institution, grant.identity())))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("updates")
    class Updates {
        @Test
        @DisplayName("an update with the next version replaces the grant, every field included")
        void update_nextVersion_replacesGrant() {
            AccessGrant grant = inserted(emailIdentity());
            AccessGrant revoked = next(grant, grant.identity(), GrantStatus.REVOKED, "moved away");
            inUnitOfWork(() -> store().update(revoked));
            AccessGrant reinstated = next(revoked, tajIdentity(), GrantStatus.ACTIVE, null);
            inUnitOfWork(() -> store().update(reinstated));

            assertThat(inUnitOfWork(() -> store().find(institution, grant.patient())))
                    .contains(reinstated);
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(institution, reinstated.identity())))
                    .contains(reinstated);
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(institution, grant.identity())))
                    .isEmpty();
        }

        @Test
        @DisplayName("an update keeps the session epoch as given, below the version too (switching SMS keeps sessions)")
        void update_keepsSessionEpoch() {
            AccessGrant grant = inserted(tajIdentity());
            AccessGrant sms = new AccessGrant(
                    grant.institution(),
                    grant.patient(),
                    grant.identity(),
                    true,
                    GrantStatus.ACTIVE,
                    null,
                    2,
                    grant.createdAt(),
                    grant.updatedAt().plusSeconds(60),
                    STAFF,
                    1);
            inUnitOfWork(() -> store().update(sms));
            AccessGrant again = new AccessGrant(
                    sms.institution(),
                    sms.patient(),
                    sms.identity(),
                    false,
                    GrantStatus.ACTIVE,
                    null,
                    3,
                    sms.createdAt(),
                    sms.updatedAt().plusSeconds(60),
                    STAFF,
                    1);
            inUnitOfWork(() -> store().update(again));

            AccessGrant found = inUnitOfWork(() -> store().find(institution, grant.patient()))
                    .orElseThrow();
            assertThat(found).isEqualTo(again);
            assertThat(found.sessionEpoch()).isEqualTo(1);
            AccessGrant method = next(again, emailIdentity(), GrantStatus.ACTIVE, null);
            inUnitOfWork(() -> store().update(method));
            assertThat(inUnitOfWork(() -> store().find(institution, grant.patient()))
                            .orElseThrow()
                            .sessionEpoch())
                    .isEqualTo(4);
        }

        @Test
        @DisplayName("an update based on a stale version is a conflict and changes nothing")
        void update_staleVersion_conflicts() {
            AccessGrant grant = inserted(emailIdentity());
            AccessGrant v2 = next(grant, grant.identity(), GrantStatus.ACTIVE, null);
            inUnitOfWork(() -> store().update(v2));

            AccessGrant alsoV2 = next(grant, grant.identity(), GrantStatus.REVOKED, "late");
            AccessGrant skipping = next(
                    next(v2, grant.identity(), GrantStatus.ACTIVE, null),
                    grant.identity(),
                    GrantStatus.REVOKED,
                    "skip");

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(alsoV2))).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(skipping)))
                    .isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, grant.patient())))
                    .contains(v2);
        }

        @Test
        @DisplayName("an update of a grant that does not exist is not found")
        void update_unknownGrant_notFound() {
            AccessGrant ghost = newGrant(Fresh.patient(), emailIdentity());
            AccessGrant v2 = next(ghost, ghost.identity(), GrantStatus.ACTIVE, null);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(v2))).isInstanceOf(NotFoundException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, ghost.patient())))
                    .isEmpty();
        }

        @Test
        @DisplayName("an update to an identity another active grant holds is a conflict")
        void update_identityCollidingWithActiveGrant_conflicts() {
            AccessGrant first = inserted(emailIdentity());
            AccessGrant second = inserted(tajIdentity());
            AccessGrant steal = next(second, first.identity(), GrantStatus.ACTIVE, null);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(steal))).isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, second.patient())))
                    .contains(second);
        }

        @Test
        @DisplayName("reinstating a grant whose identity another patient's active grant took meanwhile is a conflict")
        void update_reinstateIntoTakenIdentity_conflicts() {
            AccessGrant first = inserted(emailIdentity());
            AccessGrant revoked = next(first, first.identity(), GrantStatus.REVOKED, "moved away");
            inUnitOfWork(() -> store().update(revoked));
            inserted(first.identity());
            AccessGrant reinstate = next(revoked, first.identity(), GrantStatus.ACTIVE, null);

            assertThatThrownBy(() -> inUnitOfWork(() -> store().update(reinstate)))
                    .isInstanceOf(ConflictException.class);
            assertThat(inUnitOfWork(() -> store().find(institution, first.patient())))
                    .contains(revoked);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 threads updating the same version: exactly one wins, the others get ConflictException")
        void update_concurrentSameVersion_exactlyOneWins() {
            AccessGrant grant = inserted(emailIdentity());

            List<Race.Outcome<AccessGrant>> outcomes = Race.run(20, i -> () -> {
                AccessGrant mine = new AccessGrant(
                        institution,
                        grant.patient(),
                        grant.identity(),
                        i % 2 == 0,
                        GrantStatus.ACTIVE,
                        null,
                        2,
                        T0,
                        T0.plusSeconds(i + 1L),
                        StaffId.of("staff-" + i));
                inUnitOfWork(() -> store().update(mine));
                return mine;
            });

            List<AccessGrant> winners = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(Race.Outcome::result)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .hasSize(19)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            assertThat(inUnitOfWork(() -> store().find(institution, grant.patient())))
                    .contains(winners.get(0));
        }

        @Test
        @DisplayName("20 threads granting the same patient at once: exactly one grant is stored")
        void insert_concurrentSamePatient_exactlyOneWins() {
            PatientId patient = Fresh.patient();

            List<Race.Outcome<AccessGrant>> outcomes = Race.run(20, i -> () -> {
                AccessGrant mine = newGrant(patient, emailIdentity());
                inUnitOfWork(() -> store().insert(mine));
                return mine;
            });

            List<AccessGrant> winners = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(Race.Outcome::result)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            assertThat(inUnitOfWork(() -> store().find(institution, patient))).contains(winners.get(0));
        }

        @Test
        @DisplayName("20 threads granting different patients the same identity at once: exactly one grant is stored")
        void insert_concurrentSameIdentity_exactlyOneWins() {
            LoginIdentity identity = tajIdentity();

            List<Race.Outcome<AccessGrant>> outcomes = Race.run(20, i -> () -> {
                AccessGrant mine = newGrant(Fresh.patient(), identity);
                inUnitOfWork(() -> store().insert(mine));
                return mine;
            });

            List<AccessGrant> winners = outcomes.stream()
                    .filter(Race.Outcome::succeeded)
                    .map(Race.Outcome::result)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
            assertThat(inUnitOfWork(() -> store().findActiveByIdentity(institution, identity)))
                    .contains(winners.get(0));
        }
    }
}
