package dev.patientportal.jpa;

import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.jpa.internal.AuditEventEntity;
import dev.patientportal.jpa.internal.ContentEntity;
import dev.patientportal.jpa.internal.DocumentEntity;
import dev.patientportal.jpa.internal.GrantEntity;
import dev.patientportal.jpa.internal.JpaAccessGrantStore;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.internal.JpaContentStore;
import dev.patientportal.jpa.internal.JpaDocumentStore;
import dev.patientportal.jpa.internal.OutboxEntity;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import java.util.List;
import java.util.Objects;

/**
 * The portal's persistence on Jakarta Persistence: access grants, document metadata, document content and audit
 * events, in the {@code portal_*} tables that {@link PortalMigrations} creates.
 *
 * <pre>{@code
 * ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(emf);   // or the host's own
 * PortalStores stores = JpaStores.create(tx);
 * PatientPortal portal = PatientPortal.builder().stores(stores).transactions(tx) ... .build();
 * }</pre>
 *
 * <p>The persistence unit must manage {@link #entityClasses()}. The stores join the unit of work that the
 * {@link EntityManagerProvider} exposes; they never begin, commit or roll back. Uniqueness (one grant per patient per
 * institution, one active grant per login identity, one document per id) is enforced by constraints, so it holds across
 * nodes; conflicts are reported as {@link dev.patientportal.core.ConflictException}, other database failures as
 * {@link dev.patientportal.core.TemporaryFailureException}.
 *
 * <p><b>Threads:</b> immutable and thread-safe.
 */
public final class JpaStores implements PortalStores {
    private static final List<Class<?>> ENTITY_CLASSES = List.of(GrantEntity.class, DocumentEntity.class,
            ContentEntity.class, AuditEventEntity.class, OutboxEntity.class);

    private final PortalStores stores;

    private JpaStores(EntityManagerProvider entityManagers, ContentStore content) {
        this.stores = PortalStores.of(new JpaAccessGrantStore(entityManagers), new JpaDocumentStore(entityManagers),
                content, new JpaAuditSink(entityManagers));
    }

    /**
     * Creates the stores, with document content in the {@code portal_document_content} table.
     *
     * @param entityManagers the current entity manager of each unit of work
     * @return the stores
     */
    public static JpaStores create(EntityManagerProvider entityManagers) {
        Objects.requireNonNull(entityManagers, "entityManagers");
        return new JpaStores(entityManagers, new JpaContentStore(entityManagers));
    }

    /**
     * Creates the stores, with document content kept by the host's own content store (a document system, object
     * storage).
     *
     * @param entityManagers the current entity manager of each unit of work
     * @param content where document bytes go
     * @return the stores
     */
    public static JpaStores create(EntityManagerProvider entityManagers, ContentStore content) {
        Objects.requireNonNull(entityManagers, "entityManagers");
        return new JpaStores(entityManagers, Objects.requireNonNull(content, "content"));
    }

    /**
     * The entity classes the persistence unit must manage, for programmatic bootstrap
     * ({@code PersistenceConfiguration.managedClass}, Spring's {@code setManagedTypes}). In Spring Boot,
     * {@code @EntityScan(basePackageClasses = JpaStores.class)} finds the same classes.
     *
     * @return the classes, unmodifiable
     */
    public static List<Class<?>> entityClasses() {
        return ENTITY_CLASSES;
    }

    @Override
    public AccessGrantStore grants() {
        return stores.grants();
    }

    @Override
    public DocumentStore documents() {
        return stores.documents();
    }

    @Override
    public ContentStore content() {
        return stores.content();
    }

    @Override
    public AuditSink audit() {
        return stores.audit();
    }

    /** Always {@code true}: these stores join the unit of work an {@link EntityManagerProvider} binds to the thread. */
    @Override
    public boolean requiresUnitOfWork() {
        return true;
    }
}
