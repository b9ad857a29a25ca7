package dev.patientportal.testkit;

import dev.patientportal.core.spi.PortalStores;

/**
 * The four in-memory stores as one {@link PortalStores}, with typed accessors so a test can inspect each.
 *
 * <p>Thread-safe, as each store is.
 */
public final class InMemoryPortalStores implements PortalStores {
    private final InMemoryAccessGrantStore grants = new InMemoryAccessGrantStore();
    private final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    private final InMemoryContentStore content = new InMemoryContentStore();
    private final RecordingAuditSink audit = new RecordingAuditSink();

    /** Creates four empty stores. */
    public InMemoryPortalStores() {}

    @Override
    public InMemoryAccessGrantStore grants() {
        return grants;
    }

    @Override
    public InMemoryDocumentStore documents() {
        return documents;
    }

    @Override
    public InMemoryContentStore content() {
        return content;
    }

    @Override
    public RecordingAuditSink audit() {
        return audit;
    }
}
