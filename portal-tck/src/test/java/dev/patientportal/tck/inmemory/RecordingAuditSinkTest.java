package dev.patientportal.tck.inmemory;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.tck.AuditSinkContract;
import dev.patientportal.testkit.RecordingAuditSink;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("RecordingAuditSink passes the AuditSink contract")
class RecordingAuditSinkTest extends AuditSinkContract {
    private static final RecordingAuditSink SHARED = new RecordingAuditSink();

    @Override
    protected AuditSink subject() {
        return SHARED;
    }

    @Override
    protected List<AuditEvent> recorded(InstitutionId institution) {
        return SHARED.events().stream()
                .filter(e -> e.institution().equals(institution))
                .sorted(Comparator.comparing(AuditEvent::at))
                .toList();
    }
}
