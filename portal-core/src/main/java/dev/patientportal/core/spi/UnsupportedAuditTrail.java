package dev.patientportal.core.spi;

import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The trail of {@link AuditTrail#unsupported()}. */
final class UnsupportedAuditTrail implements AuditTrail {
    static final UnsupportedAuditTrail INSTANCE = new UnsupportedAuditTrail();

    private UnsupportedAuditTrail() {}

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        throw unsupported();
    }

    @Override
    public List<AuditRecord> chain(InstitutionId institution, long fromSequence, int limit) {
        throw unsupported();
    }

    @Override
    public List<AuditCheckpoint> checkpoints(InstitutionId institution, long fromSequence, int limit) {
        throw unsupported();
    }

    @Override
    public Optional<AuditCheckpoint> checkpoint(InstitutionId institution, Instant at) {
        throw unsupported();
    }

    @Override
    public AuditPurge purge(InstitutionId institution, Instant before, Instant at) {
        throw unsupported();
    }

    @Override
    public List<InstitutionId> institutions() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("These PortalStores cannot read the audit trail back: give stores "
                + "whose auditTrail() is supported (portal-jpa, portal-testkit)");
    }

    @Override
    public String toString() {
        return "AuditTrail.unsupported()";
    }
}
