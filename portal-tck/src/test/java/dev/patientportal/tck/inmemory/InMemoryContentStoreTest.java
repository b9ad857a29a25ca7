package dev.patientportal.testkit.inmemory;

import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.testkit.InMemoryContentStore;
import dev.patientportal.testkit.contract.ContentStoreContract;

class InMemoryContentStoreTest extends ContentStoreContract {
    private static final InMemoryContentStore SHARED = new InMemoryContentStore();

    @Override
    protected ContentStore createStore() {
        return SHARED;
    }
}
