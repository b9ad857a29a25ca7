package dev.patientportal.auth.internal;

import dev.patientportal.auth.contract.RateLimitStoreContract;
import dev.patientportal.auth.spi.RateLimitStore;

/** The Caffeine-backed default passes the contract. */
class InMemoryRateLimitStoreTest extends RateLimitStoreContract {
    private final RateLimitStore store = RateLimitStore.inMemory();

    @Override
    protected RateLimitStore store() {
        return store;
    }
}
