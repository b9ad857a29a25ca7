package dev.patientportal.tck.inmemory;

import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.tck.ContentStoreContract;
import dev.patientportal.testkit.InMemoryContentStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryContentStore passes the ContentStore contract")
class InMemoryContentStoreTest extends ContentStoreContract {
    private static final InMemoryContentStore SHARED = new InMemoryContentStore();

    @Override
    protected ContentStore subject() {
        return SHARED;
    }
}
