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
    private static final AuditEvent EVENT = new AuditEvent(Instant.parse("2026-03-02T08:00:00.123456789Z"),
            InstitutionId.of("clinic-1"), Actor.staff(StaffId.of("staff-1")), AuditActions.ACCESS_READ,
            PatientId.of("p-1"), null, AuditEvent.Outcome.SUCCESS, "192.0.2.1", Map.of("b", "2", "a", "1"));

    @Test
    @DisplayName("a link is deterministic, 64 hex digits, and ignores time below a microsecond")
    void link_isStable() {
        String link = AuditChain.link(KEY, AuditChain.GENESIS, 1, EVENT);
        assertThat(link).matches("[0-9a-f]{64}");
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, AuditChain.storable(EVENT))).isEqualTo(link);
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
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, new AuditEvent(e.at(), e.institution(), e.actor(),
                e.action(), e.patient(), e.targetId(), e.outcome(), e.clientAddress(), details))).isNotEqualTo(base);
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, new AuditEvent(e.at(), e.institution(), e.actor(),
                e.action(), e.patient(), "", e.outcome(), e.clientAddress(), e.details()))).isNotEqualTo(base);
        assertThat(AuditChain.link(KEY, AuditChain.GENESIS, 1, new AuditEvent(e.at().plusNanos(1000),
                e.institution(), e.actor(), e.action(), e.patient(), e.targetId(), e.outcome(), e.clientAddress(),
                e.details()))).isNotEqualTo(base);
    }

    @Test
    @DisplayName("a checkpoint signs and verifies, survives JSON, and a change breaks its signature")
    void checkpoint_roundTrip() {
        AuditCheckpoint c = AuditCheckpoint.sign(KEY, InstitutionId.of("clinic-1"), 1000, "a".repeat(64),
                Instant.parse("2026-03-02T08:00:00.5Z"));
        AuditKeyring keys = AuditKeyring.of(KEY);
        assertThat(c.verifies(keys)).isTrue();
        assertThat(AuditCheckpoint.fromJson(c.toJson())).isEqualTo(c);
        assertThat(AuditCheckpoint.fromJson(" {\n \"sequence\" : 1000, " + c.toJson().substring(1)
                .replace("\"sequence\":1000,", ""))).isEqualTo(c);
        assertThat(new AuditCheckpoint(c.institution(), 1001, c.head(), c.at(), c.keyId(), c.signature())
                .verifies(keys)).isFalse();
        assertThat(c.verifies(AuditKeyring.of(AuditKey.random("k1")))).as("same id, other secret").isFalse();
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
        assertThatThrownBy(() -> AuditKey.of("k", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditKey.fromBase64("k", "%%%")).hasMessageNotContaining("%%%");
        assertThatThrownBy(() -> AuditKeyring.of(k, AuditKey.random("audit-2026")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditKeyring.of(AuditKey.random("new"), k).ids()).containsExactly("new", "audit-2026");
    }

    @Test
    @DisplayName("AuditMaintenance's builder names every problem at once")
    void maintenance_builder() {
        assertThatThrownBy(() -> AuditMaintenance.builder().retention(java.time.Period.ZERO)
                .retention(InstitutionId.of("c"), java.time.Period.ofYears(-1)).clock(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stores(PortalStores) is required")
                .hasMessageContaining("retention(Period) must be positive")
                .hasMessageContaining("retention(c, Period) must be positive")
                .hasMessageContaining("clock(Clock)");
    }
}
