package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_login_challenge}: a login challenge with its attempt and resend counters. Its codes are rows
 * of {@code portal_login_challenge_code}; every change that touches them first locks this row.
 */
@Entity(name = "PortalLoginChallenge")
@Table(name = "portal_login_challenge")
public class ChallengeEntity {
    @Id
    @Column(name = "id", nullable = false, length = 64)
    String id = "";

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "patient_id", length = 128)
    @Nullable
    String patientId;

    @Column(name = "grant_version", nullable = false)
    long grantVersion;

    @Column(name = "identity_key", nullable = false, length = 128)
    String identityKey = "";

    @Column(name = "attempts_left", nullable = false)
    int attemptsLeft;

    @Column(name = "resends", nullable = false)
    int resends;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt = Instant.EPOCH;

    @Column(name = "resend_available_at", nullable = false)
    Instant resendAvailableAt = Instant.EPOCH;

    @Column(name = "consumed", nullable = false)
    boolean consumed;

    /** For the persistence provider. */
    protected ChallengeEntity() {}

    ChallengeEntity(String id) {
        this.id = id;
    }
}
