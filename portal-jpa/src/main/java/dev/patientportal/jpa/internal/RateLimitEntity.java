package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_login_rate_limit}: the count of one fixed-window send-limit bucket. */
@Entity(name = "PortalLoginRateLimit")
@Table(name = "portal_login_rate_limit")
public class RateLimitEntity {
    @Id
    @Column(name = "bucket", nullable = false, length = 200)
    String bucket = "";

    @Column(name = "hits", nullable = false)
    long hits;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt = Instant.EPOCH;

    /** For the persistence provider. */
    protected RateLimitEntity() {}
}
