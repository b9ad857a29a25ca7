package dev.patientportal.tck.inmemory;

import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.tck.DeviceRegistryContract;
import org.junit.jupiter.api.DisplayName;

/** portal-notify's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("DeviceRegistry.inMemory() passes the DeviceRegistry contract")
class InMemoryDeviceRegistryTest extends DeviceRegistryContract {
    @Override
    protected DeviceRegistry subject() {
        return DeviceRegistry.inMemory();
    }
}
