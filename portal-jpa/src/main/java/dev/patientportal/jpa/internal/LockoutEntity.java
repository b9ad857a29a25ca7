package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_login_lockout}: consecutive wrong codes of one identity, keyed by its pseudonym. */
@Entity(name = "PortalLoginLockout")
@Table(name = "portal_login_lockout")
public class LockoutEntity {
    @Id
    @Column(name = "identity_key", nullable = false, length = 128)
    String identityKey = "";

    @Column(name = "consecutive_failures", nullable = false)
    int consecutiveFailures;

    @Column(name = "last_failure_at", nullable = false)
    Instant lastFailureAt = Instant.EPOCH;

    /** For the persistence provider. */
    protected LockoutEntity() {}
}
