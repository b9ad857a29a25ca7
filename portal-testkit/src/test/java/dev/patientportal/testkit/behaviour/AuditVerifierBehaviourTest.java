package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditChain;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditLink;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.AuditVerification.Kind;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.StaffId;
import dev.patientportal.testkit.InMemoryAuditTrail;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The audit verifier finds the first broken link")
class AuditVerifierBehaviourTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private final AuditKey key = AuditKey.random("k1");
    private final AuditKeyring keys = AuditKeyring.of(key);
    private final InMemoryAuditTrail trail =
            new InMemoryAuditTrail(AuditChainSettings.of(keys).withCheckpointEvery(4));
    private final InstitutionId clinic = Samples.institution();

    AuditVerifierBehaviourTest() {
        for (int i = 1; i <= 10; i++) {
            trail.record(event(i));
        }
    }

    private AuditEvent event(int i) {
        return new AuditEvent(
                T0.plusSeconds(i),
                clinic,
                Actor.staff(StaffId.of("staff-1")),
                AuditActions.ACCESS_READ,
                Samples.patient(),
                null,
                AuditEvent.Outcome.SUCCESS,
                "192.0.2.1",
                Map.of("n", Integer.toString(i)));
    }

    private AuditRecord at(long seq) {
        return trail.chain(clinic, seq, 1).get(0);
    }

    private AuditVerification.Break broken() {
        AuditVerification v = AuditVerifier.of(trail, keys).verify(clinic);
        assertThat(v.isIntact()).as("the verifier must notice").isFalse();
        return v.firstBreak();
    }

    @Test
    @DisplayName("an untouched chain is intact, with every event verified")
    void intact() {
        AuditVerification v = AuditVerifier.of(trail, keys).verify(clinic);
        assertThat(v.isIntact()).isTrue();
        assertThat(v.verified()).isEqualTo(10);
        assertThat(v.firstSequence()).isEqualTo(1);
        assertThat(v.lastSequence()).isEqualTo(10);
        assertThat(AuditVerifier.of(trail, keys).verify(Samples.institution()).verified())
                .isZero();
    }

    @Test
    @DisplayName("a removed event is MISSING at its sequence number")
    void removed() {
        trail.overwrite(clinic, 6, null);
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.MISSING);
            assertThat(b.sequence()).isEqualTo(6);
        });
    }

    @Test
    @DisplayName("a changed detail is ALTERED at that event")
    void changed() {
        AuditRecord r = at(3);
        Map<String, String> details = new HashMap<>(r.event().details());
        details.put("n", "33");
        AuditEvent e = r.event();
        trail.overwrite(
                clinic,
                3,
                new AuditRecord(
                        3,
                        new AuditEvent(
                                e.at(),
                                e.institution(),
                                e.actor(),
                                e.action(),
                                e.patient(),
                                e.targetId(),
                                e.outcome(),
                                e.clientAddress(),
                                details),
                        r.link()));
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.ALTERED);
            assertThat(b.sequence()).isEqualTo(3);
        });
    }

    @Test
    @DisplayName("an inserted event with a made-up link is ALTERED where it was put")
    void inserted() {
        AuditRecord last = at(10);
        trail.overwrite(
                clinic,
                11,
                new AuditRecord(11, event(11), new AuditLink("k1", last.link().mac(), "ab".repeat(32))));
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.ALTERED);
            assertThat(b.sequence()).isEqualTo(11);
        });
    }

    @Test
    @DisplayName("two events with swapped sequence numbers are REORDERED at the first of them")
    void swapped() {
        AuditRecord a = at(4);
        AuditRecord b = at(7);
        trail.overwrite(clinic, 4, new AuditRecord(4, b.event(), b.link()));
        trail.overwrite(clinic, 7, new AuditRecord(7, a.event(), a.link()));
        assertThat(broken()).satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.REORDERED);
            assertThat(x.sequence()).isEqualTo(4);
            assertThat(x.detail()).contains("7");
        });
    }

    @Test
    @DisplayName("an authentic event of another chain spliced in is UNLINKED")
    void spliced() {
        AuditRecord r = at(5);
        String otherPrevious = "1".repeat(64);
        trail.overwrite(
                clinic,
                5,
                new AuditRecord(
                        5,
                        r.event(),
                        new AuditLink("k1", otherPrevious, AuditChain.link(key, otherPrevious, 5, r.event()))));
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.UNLINKED);
            assertThat(b.sequence()).isEqualTo(5);
        });
    }

    @Test
    @DisplayName("a link under a key the verifier lacks is UNKNOWN_KEY")
    void unknownKey() {
        AuditVerification v = AuditVerifier.of(trail, AuditKeyring.of(AuditKey.random("other")))
                .verify(clinic);
        assertThat(v.firstBreak().kind()).isEqualTo(Kind.UNKNOWN_KEY);
        assertThat(v.firstBreak().sequence()).isEqualTo(1);
    }

    @Test
    @DisplayName("a cut-off end is caught by the stored checkpoint beyond it, and by an anchored one")
    void truncated() {
        AuditCheckpoint anchored = trail.checkpoint(clinic, T0.plusSeconds(60)).orElseThrow();
        trail.overwrite(clinic, 10, null);
        trail.overwrite(clinic, 9, null);
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.MISSING);
            assertThat(b.sequence()).isEqualTo(9);
        });
        AuditVerification v = AuditVerifier.of(trail, keys).verify(clinic, null, anchored);
        assertThat(v.firstBreak().kind()).isEqualTo(Kind.MISSING);
        assertThat(v.firstBreak().sequence()).isEqualTo(9);
    }

    @Test
    @DisplayName("a chain rewritten with the key passes on its own; only a checkpoint anchored outside catches it")
    void rewrittenWithTheKey() {
        InMemoryAuditTrail plain = new InMemoryAuditTrail(AuditChainSettings.of(keys));
        for (int i = 1; i <= 10; i++) {
            plain.record(event(i));
        }
        AuditCheckpoint anchored = plain.checkpoint(clinic, T0.plusSeconds(60)).orElseThrow();
        // Someone with the key and the database rewrites event 2 and relinks everything after it.
        String previous = plain.chain(clinic, 1, 1).get(0).link().mac();
        for (long seq = 2; seq <= 10; seq++) {
            AuditEvent e =
                    seq == 2 ? event(222) : plain.chain(clinic, seq, 1).get(0).event();
            String mac = AuditChain.link(key, previous, seq, e);
            plain.overwrite(
                    clinic, seq, new AuditRecord(seq, AuditChain.storable(e), new AuditLink("k1", previous, mac)));
            previous = mac;
        }
        plain.clearCheckpoints(clinic); // and removes the stored checkpoint that would betray it

        assertThat(AuditVerifier.of(plain, keys).verify(clinic).isIntact()).isTrue();
        AuditVerification v = AuditVerifier.of(plain, keys).verify(clinic, null, anchored);
        assertThat(v.firstBreak()).isNotNull();
        assertThat(v.firstBreak().kind()).isEqualTo(Kind.CHECKPOINT_MISMATCH);
        assertThat(v.firstBreak().sequence()).isEqualTo(10);
    }

    @Test
    @DisplayName("a checkpoint changed after signing is CHECKPOINT_INVALID")
    void forgedCheckpoint() {
        AuditCheckpoint real = trail.checkpoint(clinic, T0.plusSeconds(60)).orElseThrow();
        AuditCheckpoint forged = new AuditCheckpoint(clinic, 5, real.head(), real.at(), real.keyId(), real.signature());
        AuditVerification v = AuditVerifier.of(trail, keys).verify(clinic, forged, null);
        assertThat(v.firstBreak().kind()).isEqualTo(Kind.CHECKPOINT_INVALID);
        assertThatThrownBy(() -> AuditVerifier.of(trail, keys).verify(Samples.institution(), real, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a verification may start from a checkpoint and stop at another")
    void range() {
        List<AuditCheckpoint> stored = trail.checkpoints(clinic, 0, 10);
        assertThat(stored).extracting(AuditCheckpoint::sequence).containsExactly(4L, 8L);
        AuditVerification v = AuditVerifier.of(trail, keys).verify(clinic, stored.get(0), stored.get(1));
        assertThat(v.isIntact()).isTrue();
        assertThat(v.firstSequence()).isEqualTo(5);
        assertThat(v.lastSequence()).isEqualTo(8);
        assertThat(v.startedFrom()).isEqualTo(stored.get(0));
    }

    @Test
    @DisplayName("events deleted from the start without a retention run are MISSING, even with a checkpoint there")
    void prefixRemovedWithoutRetention() {
        for (long seq = 1; seq <= 4; seq++) {
            trail.overwrite(clinic, seq, null);
        }
        assertThat(broken()).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Kind.MISSING);
            assertThat(b.sequence()).isEqualTo(4);
        });
        trail.overwrite(clinic, 5, null);
        assertThat(broken().kind()).isEqualTo(Kind.MISSING);
    }

    @Test
    @DisplayName("events stored before the chain began are counted as unchained; one inside the chain is ALTERED")
    void unchainedPrefix() {
        InMemoryAuditTrail legacy = new InMemoryAuditTrail(null);
        legacy.record(event(1));
        legacy.record(event(2));
        InMemoryAuditTrail chained = legacy.withSettings(AuditChainSettings.of(keys));
        chained.record(event(3));
        chained.record(event(4));
        AuditVerification v = AuditVerifier.of(chained, keys).verify(clinic);
        assertThat(v.isIntact()).isTrue();
        assertThat(v.unchained()).isEqualTo(2);
        assertThat(v.verified()).isEqualTo(2);

        legacy.record(event(5));
        AuditVerification mixed = AuditVerifier.of(chained, keys).verify(clinic);
        assertThat(mixed.firstBreak().kind()).isEqualTo(Kind.ALTERED);
        assertThat(mixed.firstBreak().sequence()).isEqualTo(5);
    }
}
