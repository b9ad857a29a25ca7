package dev.patientportal.core.spi;

import dev.patientportal.core.PseudonymKey;
import java.util.Optional;

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
     * Returns the reading side of the audit: staff audit queries, the patient's access log, the chain's verifier and
     * retention read and maintain the events {@link #audit()} stored through it.
     *
     * @return the trail; {@link AuditTrail#unsupported()} by default, for stores that only write their events
     */
    default AuditTrail auditTrail() {
        return AuditTrail.unsupported();
    }

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
     * Returns the runner these stores work under, when the bundle carries one ({@code portal-jpa}'s stores made on a
     * {@code ResourceLocalTransactionRunner} do), so that nothing takes the same runner twice:
     * {@code PatientPortal.Builder} and {@code PortalLogin.Builder} use it when no {@code transactions(..)} is given.
     *
     * @return the runner, or empty (the default) when the host gives it to each builder
     */
    default Optional<TransactionRunner> transactions() {
        return Optional.empty();
    }

    /**
     * Returns the pseudonym key these stores keep their blind indexes under (the grant table's active identity in
     * {@code portal-jpa}), when they keep any. {@code PatientPortal.Builder} and {@code PortalLogin.Builder} use it
     * when no {@code pseudonymKey(..)} is given, and refuse a {@linkplain PseudonymKey#isRandom() random} one with
     * stores that {@linkplain #requiresUnitOfWork() need a unit of work} unless told the host runs one node.
     *
     * @return the key, or empty (the default) for stores that keep no keyed index
     */
    default Optional<PseudonymKey> pseudonymKey() {
        return Optional.empty();
    }

    /**
     * Returns these stores keeping their blind indexes under a given pseudonym key; called by the builders given
     * {@code pseudonymKey(..)}. Every node, and every builder of one node, must use the same key, or one does not find
     * the grants another indexed.
     *
     * @param key the pseudonym key
     * @return stores under {@code key}; by default these stores themselves, which keep no keyed index
     */
    default PortalStores withPseudonymKey(PseudonymKey key) {
        return this;
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
