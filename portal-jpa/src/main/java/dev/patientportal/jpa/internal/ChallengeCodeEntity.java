package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_login_challenge_code}: one factor's code as an HMAC, never the code. */
@Entity(name = "PortalLoginChallengeCode")
@Table(name = "portal_login_challenge_code")
public class ChallengeCodeEntity {
    @EmbeddedId
    ChallengeCodeKey key = new ChallengeCodeKey();

    @Column(name = "key_id", nullable = false, length = 64)
    String keyId = "";

    @Column(name = "mac", nullable = false, length = 64)
    byte[] mac = new byte[0];

    @Column(name = "generation", nullable = false)
    int generation;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt = Instant.EPOCH;

    @Column(name = "verified", nullable = false)
    boolean verified;

    @Column(name = "destination_key", nullable = false, length = 128)
    String destinationKey = "";

    /** For the persistence provider. */
    protected ChallengeCodeEntity() {}

    ChallengeCodeEntity(ChallengeCodeKey key) {
        this.key = key;
    }
}
