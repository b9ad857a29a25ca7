package dev.patientportal.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A stored session: equal by content (the hash by its bytes), copies in and out, no hash in its text. */
class SessionRecordTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final InstitutionId CLINIC = InstitutionId.of("clinic");
    private static final PatientId PATIENT = PatientId.of("p-1");

    private static byte[] hash(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static SessionRecord session() {
        return new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0.plusSeconds(60), T0.plusSeconds(3600), 4);
    }

    @Test
    @DisplayName("equal by content, the hash compared by its bytes, with equal hash codes")
    void equalByContent() {
        SessionRecord a = session();
        SessionRecord b = session();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isEqualTo(a);
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals("s-1")).isFalse();
        assertThat(a.withLastSeenAt(a.lastSeenAt())).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    @DisplayName("one component changed, the records differ, and so (for these values) do the hash codes")
    void everyComponentCounts() {
        SessionRecord a = session();
        List<SessionRecord> others = List.of(
                new SessionRecord("s-2", hash(1), CLINIC, PATIENT, T0, T0.plusSeconds(60), T0.plusSeconds(3600), 4),
                new SessionRecord("s-1", hash(2), CLINIC, PATIENT, T0, T0.plusSeconds(60), T0.plusSeconds(3600), 4),
                new SessionRecord(
                        "s-1",
                        hash(1),
                        InstitutionId.of("other"),
                        PATIENT,
                        T0,
                        T0.plusSeconds(60),
                        T0.plusSeconds(3600),
                        4),
                new SessionRecord(
                        "s-1", hash(1), CLINIC, PatientId.of("p-2"), T0, T0.plusSeconds(60), T0.plusSeconds(3600), 4),
                new SessionRecord(
                        "s-1",
                        hash(1),
                        CLINIC,
                        PATIENT,
                        T0.plusSeconds(1),
                        T0.plusSeconds(60),
                        T0.plusSeconds(3600),
                        4),
                a.withLastSeenAt(T0.plusSeconds(61)),
                new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0.plusSeconds(60), T0.plusSeconds(3601), 4),
                new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0.plusSeconds(60), T0.plusSeconds(3600), 5));
        for (SessionRecord other : others) {
            assertThat(other).as(other.toString()).isNotEqualTo(a);
            assertThat(a).as(other.toString()).isNotEqualTo(other);
            assertThat(other.hashCode()).as(other.toString()).isNotEqualTo(a.hashCode());
        }
    }

    @Test
    @DisplayName("the hash is copied in and out: changing the given or the returned array changes nothing")
    void hashIsCopied() {
        byte[] given = hash(1);
        SessionRecord s = new SessionRecord("s-1", given, CLINIC, PATIENT, T0, T0, T0.plusSeconds(3600), 1);
        given[0]++;
        assertThat(s.tokenHash()).isEqualTo(hash(1));
        s.tokenHash()[1]++;
        assertThat(s.tokenHash()).isEqualTo(hash(1));
        assertThat(s.tokenHash()).isNotSameAs(s.tokenHash());
    }

    @Test
    @DisplayName("the text names every component but the hash")
    void textLeavesOutTheHash() {
        SessionRecord s = session();
        assertThat(s.toString())
                .isEqualTo("SessionRecord[sessionId=s-1, institution=" + CLINIC + ", patient="
                        + PATIENT + ", createdAt=2026-12-01T10:00:00Z, lastSeenAt=2026-12-01T10:01:00Z, "
                        + "absoluteExpiresAt=2026-12-01T11:00:00Z, grantVersion=4]");
        String hex = HexFormat.of().formatHex(hash(1));
        assertThat(s.toString()).doesNotContainIgnoringCase(hex.substring(0, 8));
    }

    @Test
    @DisplayName("the seven-component constructor binds to no grant version; a negative version is refused")
    void grantVersion() {
        SessionRecord legacy = new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0, T0.plusSeconds(9));
        assertThat(legacy.grantVersion()).isZero();
        assertThat(legacy.withLastSeenAt(T0.plusSeconds(1)).grantVersion()).isZero();
        assertThat(session().withLastSeenAt(T0.plusSeconds(5)).grantVersion()).isEqualTo(4);
        assertThatThrownBy(() -> new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0, T0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        new SessionRecord("s-1", hash(1), CLINIC, PATIENT, T0, T0, T0, 0);
    }
}
