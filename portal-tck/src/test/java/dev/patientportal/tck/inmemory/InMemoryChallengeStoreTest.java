package dev.patientportal.auth.internal;

import dev.patientportal.auth.contract.ChallengeStoreContract;
import dev.patientportal.auth.spi.ChallengeStore;

/** The Caffeine-backed default passes the contract. */
class InMemoryChallengeStoreTest extends ChallengeStoreContract {
    private final ChallengeStore store = ChallengeStore.inMemory();

    @Override
    protected ChallengeStore store() {
        return store;
    }
}
