package dev.patientportal.jpa.internal;

import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.InstitutionId;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_audit_checkpoint}: a signed head of an institution's audit chain. */
@Entity(name = "PortalAuditCheckpoint")
@Table(name = "portal_audit_checkpoint")
public class AuditCheckpointEntity {
    @EmbeddedId
    AuditCheckpointKey key = new AuditCheckpointKey();

    @Column(name = "head_link", nullable = false, length = 64)
    String head = "";

    @Column(name = "created_at", nullable = false)
    Instant at = Instant.EPOCH;

    @Column(name = "key_id", nullable = false, length = 32)
    String keyId = "";

    @Column(name = "signature", nullable = false, length = 64)
    String signature = "";

    /** For the persistence provider. */
    protected AuditCheckpointEntity() {}

    static AuditCheckpointEntity of(AuditCheckpoint c) {
        AuditCheckpointEntity e = new AuditCheckpointEntity();
        e.key = new AuditCheckpointKey(c.institution().value(), c.sequence());
        e.head = c.head();
        e.at = c.at();
        e.keyId = c.keyId();
        e.signature = c.signature();
        return e;
    }

    AuditCheckpoint toCheckpoint() {
        return new AuditCheckpoint(InstitutionId.of(key.institutionId), key.sequence, head, at, keyId, signature);
    }
}
