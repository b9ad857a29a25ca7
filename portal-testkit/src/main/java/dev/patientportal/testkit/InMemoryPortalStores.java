package dev.patientportal.testkit;

import dev.patientportal.core.spi.PortalStores;

/**
 * The four in-memory stores (and the audit trail behind the sink) as one {@link PortalStores}, with typed accessors so a test can inspect each.
 *
 * <p>Thread-safe, as each store is.
 */
public final class InMemoryPortalStores implements PortalStores {
    private final InMemoryAccessGrantStore grants = new InMemoryAccessGrantStore();
    private final InMemoryDocumentStore documents = new InMemoryDocumentStore();
    private final InMemoryContentStore content = new InMemoryContentStore();
    private final InMemoryAuditTrail trail;
    private final RecordingAuditSink audit;

    /** Creates four empty stores; audit events are chained under a fresh random key. */
    public InMemoryPortalStores() {
        this(new InMemoryAuditTrail());
    }

    /**
     * Creates four empty stores whose audit events go to a trail.
     *
     * @param trail where audit events are numbered, chained and read back
     */
    public InMemoryPortalStores(InMemoryAuditTrail trail) {
        this.trail = java.util.Objects.requireNonNull(trail, "trail");
        this.audit = new RecordingAuditSink(trail);
    }

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

    /** Every event recorded, also in the {@link #auditTrail()}. */
    @Override
    public RecordingAuditSink audit() {
        return audit;
    }

    @Override
    public InMemoryAuditTrail auditTrail() {
        return trail;
    }
}
