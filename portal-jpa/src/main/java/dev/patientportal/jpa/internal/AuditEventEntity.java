package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_audit_event}; append-only. Details are a flat JSON object of strings. {@code sequence_no}
 * numbers the institution's events from 1; {@code key_id}, {@code previous_link} and {@code link_mac} chain them
 * ({@code NULL} for events stored before the chain began).
 */
@Entity(name = "PortalAuditEvent")
@Table(name = "portal_audit_event")
public class AuditEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", nullable = false)
    @Nullable
    Long id;

    @Column(name = "occurred_at", nullable = false)
    Instant at = Instant.EPOCH;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "actor_type", nullable = false, length = 16)
    String actorType = "";

    @Column(name = "actor_id", nullable = false, length = 128)
    String actorId = "";

    @Column(name = "action", nullable = false, length = 64)
    String action = "";

    @Column(name = "patient_id", length = 128)
    @Nullable
    String patientId;

    @Column(name = "target_id", length = 255)
    @Nullable
    String targetId;

    @Column(name = "outcome", nullable = false, length = 16)
    String outcome = "";

    @Column(name = "client_address", length = 64)
    @Nullable
    String clientAddress;

    @Column(name = "details", nullable = false, length = 4000)
    String details = "{}";

    @Column(name = "sequence_no", nullable = false)
    long sequence;

    @Column(name = "key_id", length = 32)
    @Nullable
    String keyId;

    @Column(name = "previous_link", length = 64)
    @Nullable
    String previousLink;

    @Column(name = "link_mac", length = 64)
    @Nullable
    String linkMac;

    /** For the persistence provider. */
    protected AuditEventEntity() {}

    static AuditEventEntity create() {
        return new AuditEventEntity();
    }
}
