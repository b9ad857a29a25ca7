package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final AuditKey KEY = AuditKey.of("k1", new byte[32]);
    private static final AuditEvent EVENT = new AuditEvent(
            Instant.parse("2026-03-02T08:00:00.123456789Z"),
            InstitutionId.of("clinic-1"),
            Actor.staff(StaffId.of("staff-1")),
            AuditActions.ACCESS_READ,
            PatientId.of("p-1"),
            null,
            AuditEvent.Outcome.SUCCESS,
            "192.0.2.1",
            Map.of("b", "2", "a", "1"));

    @Test
    @DisplayName("a link is deterministic, 64 hex digits, and ignores time below a microsecond")
    void link_isStable() {
        String link = AuditChain.link(KEY, AuditChain.GENESIS, 1, EVENT);
        assertThat(link).matches("[0-9a-f]{64}");
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, AuditChain.storable(EVENT)))
                .isEqualTo(link);
        assertThat(AuditChain.storable(EVENT).at()).isEqualTo(Instant.parse("2026-03-02T08:00:00.123456Z"));
    }

    @Test
    @DisplayName("every input changes the link: previous, sequence, key, each field, absent versus empty")
    void link_coversEverything() {
        String base = AuditChain.link(KEY, AuditChain.GENESIS, 1, EVENT);
        Map<String, String> details = new HashMap<>(EVENT.details());
        details.put("a", "x");
        AuditEvent e = EVENT;
        assertThat(AuditChain.link(KEY, "1".repeat(64), 1, EVENT)).isNotEqualTo(base);
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 2, EVENT)).isNotEqualTo(base);
        assertThat(AuditChain.link(AuditKey.of("k2", new byte[32]), AuditChain.GENESIS, 1, EVENT))
                .isNotEqualTo(base);
        assertThat(AuditChain.link(
                        KEY,
                        AuditChain.GENESIS,
                        1,
                        new AuditEvent(
                                e.at(),
                                e.institution(),
                                e.actor(),
                                e.action(),
                                e.patient(),
                                e.targetId(),
                                e.outcome(),
                                e.clientAddress(),
                                details)))
                .isNotEqualTo(base);
        assertThat(AuditChain.link(
                        KEY,
                        AuditChain.GENESIS,
                        1,
                        new AuditEvent(
                                e.at(),
                                e.institution(),
                                e.actor(),
                                e.action(),
                                e.patient(),
                                "",
                                e.outcome(),
                                e.clientAddress(),
                                e.details())))
                .isNotEqualTo(base);
        assertThat(AuditChain.link(
                        KEY,
                        AuditChain.GENESIS,
                        1,
                        new AuditEvent(
                                e.at().plusNanos(1000),
                                e.institution(),
                                e.actor(),
                                e.action(),
                                e.patient(),
                                e.targetId(),
                                e.outcome(),
                                e.clientAddress(),
                                e.details())))
                .isNotEqualTo(base);
    }

    @Test
    @DisplayName("a checkpoint signs and verifies, survives JSON, and a change breaks its signature")
    void checkpoint_roundTrip() {
        AuditCheckpoint c = AuditCheckpoint.sign(
                KEY, InstitutionId.of("clinic-1"), 1000, "a".repeat(64), Instant.parse("2026-03-02T08:00:00.5Z"));
        AuditKeyring keys = AuditKeyring.of(KEY);
        assertThat(c.verifies(keys)).isTrue();
        assertThat(AuditCheckpoint.fromJson(c.toJson())).isEqualTo(c);
        assertThat(AuditCheckpoint.fromJson(
                        " {\n \"sequence\" : 1000, " + c.toJson().substring(1).replace("\"sequence\":1000,", "")))
                .isEqualTo(c);
        assertThat(new AuditCheckpoint(c.institution(), 1001, c.head(), c.at(), c.keyId(), c.signature())
                        .verifies(keys))
                .isFalse();
        assertThat(c.verifies(AuditKeyring.of(AuditKey.random("k1"))))
                .as("same id, other secret")
                .isFalse();
        assertThatThrownBy(() -> AuditCheckpoint.fromJson(c.toJson().replace("}", ",\"extra\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditCheckpoint.fromJson("{\"institution\":\"clinic-1\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an audit key comes from Base64, needs 32 bytes and never shows them")
    void key() {
        byte[] bytes = new byte[32];
        bytes[0] = 7;
        AuditKey k = AuditKey.fromBase64("audit-2026", Base64.getEncoder().encodeToString(bytes));
        assertThat(k.secret()).isEqualTo(bytes);
        assertThat(k.toString()).isEqualTo("AuditKey[audit-2026]");
        assertThat(AuditKey.random("r").secret()).hasSize(32);
        assertThat(AuditKey.random("r").isRandom()).isTrue();
        assertThat(AuditKey.of("r", new byte[32]).isRandom()).isFalse();
        assertThat(AuditKey.fromBase64("r", "C".repeat(43) + "=").isRandom()).isFalse();
        assertThatThrownBy(() -> AuditKey.of("k", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditKey.fromBase64("k", "%%%")).hasMessageNotContaining("%%%");
        assertThatThrownBy(() -> AuditKeyring.of(k, AuditKey.random("audit-2026")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditKeyring.of(AuditKey.random("new"), k).ids()).containsExactly("new", "audit-2026");
    }

    @Test
    @DisplayName("a link is the documented HMAC: a known answer computed outside this code base")
    void link_knownAnswer() {
        // HMAC-SHA256 over "pp-audit-link-v1", then each value as a big-endian int length and its UTF-8 bytes (-1 for
        // an absent one) or as a big-endian long, in the order of AuditChain's Javadoc; computed with Python's hmac.
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, EVENT))
                .isEqualTo("fd32448fa713a52dbe6696cf72cdf9a1309c4a73c223dbaae0c32ded1e24a8c5");
    }

    @Test
    @DisplayName("a checkpoint's signature is the documented HMAC: a known answer computed outside this code base")
    void checkpoint_knownAnswer() {
        AuditCheckpoint c = AuditCheckpoint.sign(
                KEY, InstitutionId.of("clinic-1"), 1000, "a".repeat(64), Instant.parse("2026-03-02T08:00:00.5Z"));
        assertThat(c.signature()).isEqualTo("d36259ea3346e9f7facf8031ad87d854bb7a919c4bbe59eec6d7a58907618e5f");
    }

    @Test
    @DisplayName(
            "changing the institution, actor, action, patient, outcome, address or a detail's key changes the link")
    void link_coversEveryEventField() {
        String base = AuditChain.link(KEY, AuditChain.GENESIS, 1, EVENT);
        AuditEvent e = EVENT;
        java.util.List<AuditEvent> changed = java.util.List.of(
                new AuditEvent(
                        e.at(),
                        InstitutionId.of("clinic-2"),
                        e.actor(),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        Actor.staff(StaffId.of("staff-2")),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        Actor.patient(PatientId.of("staff-1")),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        AuditActions.ACCESS_GRANT,
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        PatientId.of("p-2"),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        null,
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        AuditEvent.Outcome.DENIED,
                        e.clientAddress(),
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        "192.0.2.2",
                        e.details()),
                new AuditEvent(
                        e.at(),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        Map.of("b", "2", "c", "1")),
                new AuditEvent(
                        e.at().plusSeconds(1),
                        e.institution(),
                        e.actor(),
                        e.action(),
                        e.patient(),
                        e.targetId(),
                        e.outcome(),
                        e.clientAddress(),
                        e.details()));
        for (AuditEvent c : changed) {
            assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, c))
                    .as(c.toString())
                    .isNotEqualTo(base);
        }
    }

    @Test
    @DisplayName("a record verifies only under its own key id and sequence, and not without a link")
    void verifies_needsTheLinkItsKeyAndSequenceMade() {
        String mac = AuditChain.link(KEY, AuditChain.GENESIS, 5, EVENT);
        AuditRecord record = new AuditRecord(5, EVENT, new AuditLink("k1", AuditChain.GENESIS, mac));
        assertThat(AuditChain.verifies(KEY, record)).isTrue();
        assertThat(AuditChain.verifiesAt(KEY, record, 6)).isFalse();
        assertThat(AuditChain.verifies(AuditKey.of("k2", new byte[32]), record))
                .as("other key id")
                .isFalse();
        assertThat(AuditChain.verifies(KEY, new AuditRecord(5, EVENT, null)))
                .as("no link")
                .isFalse();
    }

    @Test
    @DisplayName("audit keys are equal by id and secret, hash by id, and a keyring shows ids only")
    void keyEquality() {
        byte[] other = new byte[32];
        other[31] = 1;
        assertThat(AuditKey.of("k1", new byte[32])).isEqualTo(KEY).hasSameHashCodeAs(KEY);
        assertThat(AuditKey.of("k1", other)).as("same id, other secret").isNotEqualTo(KEY);
        assertThat(AuditKey.of("k2", new byte[32])).as("other id, same secret").isNotEqualTo(KEY);
        assertThat(KEY).isNotEqualTo("k1");
        assertThat(KEY.hashCode()).isEqualTo("k1".hashCode());
        assertThat(AuditKeyring.of(KEY, AuditKey.of("k0", other)).toString())
                .isEqualTo("AuditKeyring[current=k1, keys=[k1, k0]]");
    }

    @Test
    @DisplayName("AuditMaintenance's builder names every problem at once")
    void maintenance_builder() {
        assertThatThrownBy(() -> AuditMaintenance.builder()
                        .retention(java.time.Period.ZERO)
                        .retention(InstitutionId.of("c"), java.time.Period.ofYears(-1))
                        .clock(null)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stores(PortalStores) is required")
                .hasMessageContaining("retention(Period) must be positive")
                .hasMessageContaining("retention(c, Period) must be positive")
                .hasMessageContaining("clock(Clock)");
    }
}
