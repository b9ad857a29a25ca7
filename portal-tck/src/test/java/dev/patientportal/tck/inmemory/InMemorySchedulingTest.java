package dev.patientportal.tck.inmemory;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.tck.SchedulingGatewayContract;
import dev.patientportal.testkit.InMemoryScheduling;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryScheduling passes the SchedulingGateway contract")
class InMemorySchedulingTest extends SchedulingGatewayContract {
    private static final InMemoryScheduling SHARED = new InMemoryScheduling();

    @Override
    protected SchedulingGateway subject() {
        return SHARED;
    }

    @Override
    protected Slot addSlot(
            SchedulingGateway gateway,
            InstitutionId institution,
            ServiceTypeId serviceType,
            Instant start,
            Instant end) {
        return ((InMemoryScheduling) gateway)
                .addSlot(institution, new Slot(SlotId.of("slot-" + UUID.randomUUID()), serviceType, start, end));
    }
}
