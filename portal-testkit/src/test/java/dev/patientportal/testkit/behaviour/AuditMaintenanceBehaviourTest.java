package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditMaintenance;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.StaffId;
import dev.patientportal.testkit.InMemoryAuditTrail;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.MutableClock;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Audit maintenance deletes what is past its retention, audits the purge and signs checkpoints")
class AuditMaintenanceBehaviourTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    private final AuditKeyring keys = AuditKeyring.of(AuditKey.random("k1"));
    private final InMemoryAuditTrail trail = new InMemoryAuditTrail(AuditChainSettings.of(keys));
    private final InMemoryPortalStores stores = new InMemoryPortalStores(trail);
    private final MutableClock clock = MutableClock.at(NOW);
    private final InstitutionId kept = Samples.institution();
    private final InstitutionId shortLived = Samples.institution();
    private final InstitutionId unlisted = Samples.institution();

    private void event(InstitutionId institution, Instant at) {
        trail.record(new AuditEvent(
                at,
                institution,
                Actor.staff(StaffId.of("staff-1")),
                AuditActions.ACCESS_READ,
                Samples.patient(),
                null,
                AuditEvent.Outcome.SUCCESS,
                null,
                Map.of()));
    }

    private List<AuditEvent> purges(InstitutionId institution) {
        return trail.chain(institution, 1, 100).stream()
                .map(r -> r.event())
                .filter(e -> e.action().equals(AuditActions.AUDIT_PURGE))
                .toList();
    }

    @Test
    @DisplayName("purgeExpired applies each institution's own period, else the default, and audits what it deleted")
    void purgeExpired() {
        for (InstitutionId i : List.of(kept, shortLived, unlisted)) {
            event(i, NOW.minus(java.time.Duration.ofDays(800))); // older than two years
            event(i, NOW.minus(java.time.Duration.ofDays(400))); // older than one year
            event(i, NOW.minus(java.time.Duration.ofDays(10)));
        }
        AuditMaintenance m = AuditMaintenance.builder()
                .stores(stores)
                .clock(clock)
                .retention(Period.ofYears(2))
                .retention(shortLived, Period.ofYears(1))
                .build();

        Map<InstitutionId, AuditPurge> byInstitution = new java.util.HashMap<>();
        m.purgeExpired().forEach(p -> byInstitution.put(p.institution(), p));

        assertThat(byInstitution).containsOnlyKeys(kept, shortLived, unlisted);
        assertThat(byInstitution.get(shortLived).deleted()).isEqualTo(2);
        assertThat(byInstitution.get(shortLived).throughSequence()).isEqualTo(2);
        assertThat(byInstitution.get(kept).deleted()).isEqualTo(1);
        assertThat(byInstitution.get(unlisted).deleted()).isEqualTo(1);
        assertThat(byInstitution.get(shortLived).checkpoint()).isNotNull();
        assertThat(byInstitution.get(shortLived).checkpoint().verifies(keys)).isTrue();

        List<AuditEvent> audited = purges(shortLived);
        assertThat(audited).hasSize(1);
        AuditEvent purge = audited.get(0);
        assertThat(purge.actor()).isEqualTo(Actor.system());
        assertThat(purge.at()).isEqualTo(NOW);
        assertThat(purge.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(purge.details())
                .containsEntry(AuditActions.PURGE_THROUGH, "2")
                .containsEntry("count", "2")
                .containsEntry(
                        "before", NOW.minus(java.time.Duration.ofDays(365)).toString());
    }

    @Test
    @DisplayName("without a default period only the institutions named get purged; nothing deleted is not audited")
    void onlyNamedInstitutionsWithoutADefault() {
        event(kept, NOW.minus(java.time.Duration.ofDays(800)));
        event(shortLived, NOW.minus(java.time.Duration.ofDays(10)));
        AuditMaintenance m = AuditMaintenance.builder()
                .stores(stores)
                .clock(clock)
                .retention(shortLived, Period.ofYears(1))
                .build();

        List<AuditPurge> done = m.purgeExpired();

        assertThat(done).hasSize(1);
        assertThat(done.get(0).institution()).isEqualTo(shortLived);
        assertThat(done.get(0).deleted()).isZero();
        assertThat(purges(shortLived)).isEmpty();
        assertThat(trail.chain(kept, 1, 100)).hasSize(1);
    }

    @Test
    @DisplayName("an event exactly as old as the period is kept; one a microsecond older is deleted")
    void boundary() {
        Instant before = NOW.minus(java.time.Duration.ofDays(365));
        event(kept, before.minusNanos(1000));
        event(kept, before);
        AuditMaintenance m =
                AuditMaintenance.builder().stores(stores).clock(clock).build();

        AuditPurge p = m.purgeOlderThan(kept, Period.ofYears(1));

        assertThat(p.deleted()).isEqualTo(1);
        assertThat(trail.chain(kept, 2, 10)).extracting(r -> r.event().at()).contains(before);
    }

    @Test
    @DisplayName("a purge needs a positive period")
    void periodMustBePositive() {
        AuditMaintenance m =
                AuditMaintenance.builder().stores(stores).clock(clock).build();
        assertThatThrownBy(() -> m.purgeOlderThan(kept, Period.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.purgeOlderThan(kept, Period.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.purgeOlderThan(kept, Period.ofDays(1)).deleted()).isZero();
    }

    @Test
    @DisplayName("a checkpoint signs the chain head at the clock's time; an institution without events has none")
    void checkpoint() {
        event(kept, NOW.minusSeconds(5));
        event(kept, NOW.minusSeconds(4));
        AuditMaintenance m =
                AuditMaintenance.builder().stores(stores).clock(clock).build();

        Optional<AuditCheckpoint> c = m.checkpoint(kept);

        assertThat(c).isPresent();
        assertThat(c.get().sequence()).isEqualTo(2);
        assertThat(c.get().at()).isEqualTo(NOW);
        assertThat(c.get().verifies(keys)).isTrue();
        assertThat(m.checkpoint(unlisted)).isEmpty();
    }

    @Test
    @DisplayName("counts of a purge are never negative, and nothing is a purge of zero")
    void purgeValues() {
        assertThat(AuditPurge.nothing(kept)).isEqualTo(new AuditPurge(kept, 0, 0, null));
        assertThatThrownBy(() -> new AuditPurge(kept, -1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditPurge(kept, 0, -1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the builder names a missing institution and a bad per-institution period, and needs a clock")
    void builderProblems() {
        assertThatThrownBy(() -> AuditMaintenance.builder()
                        .stores(stores)
                        .retention(null, Period.ofYears(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retention(InstitutionId, Period) needs an institution");
        assertThatThrownBy(() -> AuditMaintenance.builder()
                        .stores(stores)
                        .retention(kept, Period.ZERO)
                        .build())
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> AuditMaintenance.builder()
                        .stores(stores)
                        .retention((Period) null)
                        .build())
                .hasMessageContaining("retention(Period) must be positive");
        assertThatThrownBy(() -> AuditMaintenance.builder()
                        .stores(stores)
                        .transactions(null)
                        .build())
                .hasMessageContaining("transactions(TransactionRunner) must not be null");
        assertThat(AuditMaintenance.builder()
                        .stores(stores)
                        .retention(Period.ofDays(1))
                        .build())
                .isNotNull();
    }
}
