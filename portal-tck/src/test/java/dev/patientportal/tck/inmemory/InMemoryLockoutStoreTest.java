package dev.patientportal.auth.internal;

import dev.patientportal.auth.contract.LockoutStoreContract;
import dev.patientportal.auth.spi.LockoutStore;

/** The Caffeine-backed default passes the contract. */
class InMemoryLockoutStoreTest extends LockoutStoreContract {
    private final LockoutStore store = LockoutStore.inMemory();

    @Override
    protected LockoutStore store() {
        return store;
    }
}
