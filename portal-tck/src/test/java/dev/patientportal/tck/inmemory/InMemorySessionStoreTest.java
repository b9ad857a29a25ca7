package dev.patientportal.auth.internal;

import dev.patientportal.auth.contract.SessionStoreContract;
import dev.patientportal.auth.spi.SessionStore;

/** The Caffeine-backed default passes the contract. */
class InMemorySessionStoreTest extends SessionStoreContract {
    private final SessionStore store = SessionStore.inMemory();

    @Override
    protected SessionStore store() {
        return store;
    }
}
