package dev.patientportal.testkit.inmemory;

import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.testkit.InMemoryAccessGrantStore;
import dev.patientportal.testkit.contract.AccessGrantStoreContract;

class InMemoryAccessGrantStoreTest extends AccessGrantStoreContract {
    private static final InMemoryAccessGrantStore SHARED = new InMemoryAccessGrantStore();

    @Override
    protected AccessGrantStore createStore() {
        return SHARED; // shared across tests, like a database: the contract must not depend on an empty store
    }
}
