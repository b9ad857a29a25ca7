package dev.patientportal.testkit.inmemory;

import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.testkit.InMemoryDocumentStore;
import dev.patientportal.testkit.contract.DocumentStoreContract;

class InMemoryDocumentStoreTest extends DocumentStoreContract {
    private static final InMemoryDocumentStore SHARED = new InMemoryDocumentStore();

    @Override
    protected DocumentStore createStore() {
        return SHARED;
    }
}
