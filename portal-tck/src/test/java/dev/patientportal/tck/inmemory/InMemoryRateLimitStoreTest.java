package dev.patientportal.tck.inmemory;

import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.tck.RateLimitStoreContract;
import org.junit.jupiter.api.DisplayName;

/** portal-auth's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("RateLimitStore.inMemory() passes the RateLimitStore contract")
class InMemoryRateLimitStoreTest extends RateLimitStoreContract {
    @Override
    protected RateLimitStore subject() {
        return RateLimitStore.inMemory();
    }
}
