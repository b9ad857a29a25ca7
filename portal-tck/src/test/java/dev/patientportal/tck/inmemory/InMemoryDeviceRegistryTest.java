package dev.patientportal.notify;

import dev.patientportal.notify.contract.DeviceRegistryContract;
import dev.patientportal.notify.spi.DeviceRegistry;

class InMemoryDeviceRegistryTest extends DeviceRegistryContract {
    @Override
    protected DeviceRegistry createRegistry() {
        return DeviceRegistry.inMemory();
    }
}
