package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_login_session}: a session, found by the SHA-256 of its token; the token is not stored. */
@Entity(name = "PortalLoginSession")
@Table(name = "portal_login_session")
public class SessionEntity {
    @Id
    @Column(name = "session_id", nullable = false, length = 64)
    String sessionId = "";

    @Column(name = "token_hash", nullable = false, length = 32, unique = true)
    byte[] tokenHash = new byte[0];

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "patient_id", nullable = false, length = 128)
    String patientId = "";

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "last_seen_at", nullable = false)
    Instant lastSeenAt = Instant.EPOCH;

    @Column(name = "absolute_expires_at", nullable = false)
    Instant absoluteExpiresAt = Instant.EPOCH;

    /** The grant version the session was made under (V7); 0 for a session written before, which login refuses. */
    @Column(name = "grant_version", nullable = false)
    long grantVersion;

    /** For the persistence provider. */
    protected SessionEntity() {}

    SessionEntity(String sessionId) {
        this.sessionId = sessionId;
    }
}
