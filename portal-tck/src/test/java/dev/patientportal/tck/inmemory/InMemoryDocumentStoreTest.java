package dev.patientportal.tck.inmemory;

import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.tck.DocumentStoreContract;
import dev.patientportal.testkit.InMemoryDocumentStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryDocumentStore passes the DocumentStore contract")
class InMemoryDocumentStoreTest extends DocumentStoreContract {
    private static final InMemoryDocumentStore SHARED = new InMemoryDocumentStore();

    @Override
    protected DocumentStore subject() {
        return SHARED;
    }
}
