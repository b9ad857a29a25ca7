package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_outbox}: a notification intent waiting for delivery ({@code PENDING}) or parked for staff
 * ({@code PARKED}); delivered rows are deleted. A row is due when it is {@code PENDING} and {@code next_attempt_at} has
 * passed; claiming it sets {@code lease_owner} and moves {@code next_attempt_at} to the end of the lease, so a claim that
 * never completes makes the row due again by itself.
 */
@Entity(name = "PortalOutbox")
@Table(name = "portal_outbox")
public class OutboxEntity {
    static final String PENDING = "PENDING";
    static final String PARKED = "PARKED";

    @Id
    @Column(name = "id", nullable = false, length = 36)
    String id = "";

    @Column(name = "intent_type", nullable = false, length = 64)
    String intentType = "";

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "patient_id", nullable = false, length = 128)
    String patientId = "";

    @Column(name = "subject_id", length = 255)
    @Nullable
    String subjectId;

    @Column(name = "sms_enabled", nullable = false)
    boolean smsEnabled;

    @Column(name = "intent_created_at", nullable = false)
    Instant intentCreatedAt = Instant.EPOCH;

    @Column(name = "attributes", nullable = false, length = 4000)
    String attributes = "{}";

    @Column(name = "state", nullable = false, length = 16)
    String state = PENDING;

    @Column(name = "attempts", nullable = false)
    int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    Instant nextAttemptAt = Instant.EPOCH;

    @Column(name = "lease_owner", length = 36)
    @Nullable
    String leaseOwner;

    @Column(name = "last_error", length = 200)
    @Nullable
    String lastError;

    /** What the delivery asked to get back on its next attempt (V3); {@code null} to start over. */
    @Column(name = "checkpoint", length = 200)
    @Nullable
    String checkpoint;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For the persistence provider. */
    protected OutboxEntity() {}

    OutboxEntity(String id) {
        this.id = id;
    }
}
