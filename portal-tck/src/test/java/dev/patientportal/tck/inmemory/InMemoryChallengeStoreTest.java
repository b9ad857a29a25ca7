package dev.patientportal.tck.inmemory;

import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.tck.ChallengeStoreContract;
import org.junit.jupiter.api.DisplayName;

/** portal-auth's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("ChallengeStore.inMemory() passes the ChallengeStore contract")
class InMemoryChallengeStoreTest extends ChallengeStoreContract {
    @Override
    protected ChallengeStore subject() {
        return ChallengeStore.inMemory();
    }
}
