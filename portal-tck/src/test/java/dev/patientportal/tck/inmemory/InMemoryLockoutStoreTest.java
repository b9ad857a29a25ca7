package dev.patientportal.tck.inmemory;

import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.tck.LockoutStoreContract;
import org.junit.jupiter.api.DisplayName;

/** portal-auth's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("LockoutStore.inMemory() passes the LockoutStore contract")
class InMemoryLockoutStoreTest extends LockoutStoreContract {
    @Override
    protected LockoutStore subject() {
        return LockoutStore.inMemory();
    }
}
