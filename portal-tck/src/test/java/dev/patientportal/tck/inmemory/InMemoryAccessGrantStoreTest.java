package dev.patientportal.tck.inmemory;

import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.tck.AccessGrantStoreContract;
import dev.patientportal.testkit.InMemoryAccessGrantStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryAccessGrantStore passes the AccessGrantStore contract")
class InMemoryAccessGrantStoreTest extends AccessGrantStoreContract {
    private static final InMemoryAccessGrantStore SHARED = new InMemoryAccessGrantStore();

    @Override
    protected AccessGrantStore subject() {
        return SHARED; // shared across tests, like a database: the contract must not depend on an empty store
    }
}
