package dev.patientportal.core.spi;

/**
 * The persistence the portal needs, as one bundle, so an adapter module ({@code portal-jpa}, {@code portal-testkit})
 * can hand it over in one call.
 */
public interface PortalStores {
    /**
     * Returns the grant store.
     *
     * @return access grants
     */
    AccessGrantStore grants();

    /**
     * Returns the document metadata store.
     *
     * @return document metadata
     */
    DocumentStore documents();

    /**
     * Returns the content store.
     *
     * @return document bytes
     */
    ContentStore content();

    /**
     * Returns the audit sink.
     *
     * @return audit events
     */
    AuditSink audit();

    /**
     * Tells whether these stores work only inside a unit of work that a real {@link TransactionRunner} opens (a database
     * through JPA does; memory does not). {@code PatientPortal.Builder#build()} then refuses
     * {@link TransactionRunner#direct()}, instead of the first call failing.
     *
     * @return {@code true} when a transaction runner other than {@code direct()} is required; {@code false} by default
     */
    default boolean requiresUnitOfWork() {
        return false;
    }

    /**
     * Bundles four stores.
     *
     * @param grants access grants
     * @param documents document metadata
     * @param content document bytes
     * @param audit audit events
     * @return the bundle, which needs no unit of work
     */
    static PortalStores of(AccessGrantStore grants, DocumentStore documents, ContentStore content, AuditSink audit) {
        return new PortalStoreBundle(grants, documents, content, audit);
    }
}
