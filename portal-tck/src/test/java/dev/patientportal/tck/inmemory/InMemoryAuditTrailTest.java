package dev.patientportal.tck.inmemory;

import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.tck.AuditTrailContract;
import dev.patientportal.testkit.InMemoryAuditTrail;
import dev.patientportal.testkit.InMemoryPortalStores;

class InMemoryAuditTrailTest extends AuditTrailContract {
    private final InMemoryAuditTrail storage = new InMemoryAuditTrail(null);

    @Override
    protected PortalStores createStores(AuditChainSettings settings) {
        return new InMemoryPortalStores(storage.withSettings(settings));
    }
}
