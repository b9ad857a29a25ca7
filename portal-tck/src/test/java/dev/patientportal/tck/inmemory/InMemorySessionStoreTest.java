package dev.patientportal.tck.inmemory;

import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.tck.SessionStoreContract;
import org.junit.jupiter.api.DisplayName;

/** portal-auth's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("SessionStore.inMemory() passes the SessionStore contract")
class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore subject() {
        return SessionStore.inMemory();
    }
}
