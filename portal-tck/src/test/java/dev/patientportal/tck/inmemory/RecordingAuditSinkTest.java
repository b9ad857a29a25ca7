package dev.patientportal.testkit.inmemory;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.testkit.RecordingAuditSink;
import dev.patientportal.testkit.contract.AuditSinkContract;
import java.util.Comparator;
import java.util.List;

class RecordingAuditSinkTest extends AuditSinkContract {
    private static final RecordingAuditSink SHARED = new RecordingAuditSink();

    @Override
    protected AuditSink createSink() {
        return SHARED;
    }

    @Override
    protected List<AuditEvent> recorded(InstitutionId institution) {
        return SHARED.events().stream().filter(e -> e.institution().equals(institution))
                .sorted(Comparator.comparing(AuditEvent::at)).toList();
    }
}
