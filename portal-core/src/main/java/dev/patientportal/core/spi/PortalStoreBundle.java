package dev.patientportal.core.spi;

import java.util.Objects;

/** The bundle of {@link PortalStores#of}: four stores, no unit of work required. */
record PortalStoreBundle(AccessGrantStore grants, DocumentStore documents, ContentStore content, AuditSink audit)
        implements PortalStores {

    PortalStoreBundle {
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(audit, "audit");
    }
}
