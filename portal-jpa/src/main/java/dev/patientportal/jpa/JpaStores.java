package dev.patientportal.jpa;

import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.AuditCheckpointEntity;
import dev.patientportal.jpa.internal.AuditEventEntity;
import dev.patientportal.jpa.internal.ContentChunkEntity;
import dev.patientportal.jpa.internal.ContentEntity;
import dev.patientportal.jpa.internal.DocumentEntity;
import dev.patientportal.jpa.internal.GrantEntity;
import dev.patientportal.jpa.internal.GrantIndex;
import dev.patientportal.jpa.internal.JpaAccessGrantStore;
import dev.patientportal.jpa.internal.JpaAuditTrail;
import dev.patientportal.jpa.internal.JpaContentStore;
import dev.patientportal.jpa.internal.JpaDocumentStore;
import dev.patientportal.jpa.internal.OutboxEntity;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The portal's persistence on Jakarta Persistence: access grants, document metadata, document content and audit
 * events (chained with {@link #withAuditChain}), in the {@code portal_*} tables that {@link PortalMigrations} creates.
 *
 * <pre>{@code
 * ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(emf);
 * PortalStores stores = JpaStores.create(tx);                                     // carries tx
 * PatientPortal portal = PatientPortal.builder().stores(stores) ... .build();      // runs on tx
 * // on the host's transactions (Spring, JTA): JpaStores.create(() -> em).withTransactions(hostRunner)
 * }</pre>
 *
 * <p>The stores carry the runner they work under ({@link #transactions()}): the entity-manager provider itself when it
 * is a {@link TransactionRunner} (as {@link ResourceLocalTransactionRunner} is), or the one given to
 * {@link #withTransactions}; the builders of the portal and of login take it from them. Most hosts use
 * {@link JpaPortal}, which wires all of this.
 *
 * <p>The persistence unit must manage {@link #entityClasses()}. The stores join the unit of work that the
 * {@link EntityManagerProvider} exposes; they never begin, commit or roll back. Uniqueness (one grant per patient per
 * institution, one active grant per login identity, one document per id) is enforced by constraints, so it holds across
 * nodes; conflicts are reported as {@link dev.patientportal.core.ConflictException}, other database failures as
 * {@link dev.patientportal.core.TemporaryFailureException}.
 *
 * <p><b>Pseudonym key.</b> The grant table finds and keeps unique the active grant of a login identity by its keyed
 * pseudonym ({@code active_identity_key}) under a {@link PseudonymKey}: give every node the same one with
 * {@link #withPseudonymKey} (the builders' {@code pseudonymKey(..)} do it for you), and call {@link #reindexGrants()}
 * once at start-up, which re-keys the index when it was built under another key or before migration V8
 * ({@link JpaPortal} does both). Without one, the stores use a random key of this process, which the builders refuse
 * unless told the host runs a single node.
 *
 * <p><b>Threads:</b> immutable and thread-safe.
 */
public final class JpaStores implements PortalStores {
    private static final List<Class<?>> ENTITY_CLASSES = List.of(
            GrantEntity.class,
            DocumentEntity.class,
            ContentEntity.class,
            ContentChunkEntity.class,
            AuditEventEntity.class,
            OutboxEntity.class,
            AuditCheckpointEntity.class);

    private final AccessGrantStore grants;
    private final DocumentStore documents;
    private final ContentStore content;
    private final AuditSink audit;
    private final AuditTrail auditTrail;
    private final EntityManagerProvider entityManagers;
    private final @Nullable AuditChainSettings chain;
    private final @Nullable TransactionRunner transactions;
    private final PseudonymKey pseudonyms;

    /** One random key per process, so that stores made twice in one process without a key agree. */
    private static final class ProcessKey {
        static final PseudonymKey KEY = PseudonymKey.random("process");
    }

    private JpaStores(
            EntityManagerProvider entityManagers,
            ContentStore content,
            @Nullable AuditChainSettings chain,
            @Nullable TransactionRunner transactions,
            PseudonymKey pseudonyms) {
        this.entityManagers = entityManagers;
        this.chain = chain;
        this.transactions = transactions;
        this.pseudonyms = pseudonyms;
        this.grants = new JpaAccessGrantStore(entityManagers, pseudonyms);
        this.documents = new JpaDocumentStore(entityManagers);
        this.content = content;
        JpaAuditTrail.Pair pair = JpaAuditTrail.create(entityManagers, chain);
        this.audit = pair.sink();
        this.auditTrail = pair.trail();
    }

    /**
     * Creates the stores, with document content in the {@code portal_document_content} table.
     *
     * @param entityManagers the current entity manager of each unit of work
     * @return the stores
     */
    public static JpaStores create(EntityManagerProvider entityManagers) {
        Objects.requireNonNull(entityManagers, "entityManagers");
        TransactionRunner runner = runnerOf(entityManagers);
        return new JpaStores(entityManagers, new JpaContentStore(entityManagers, runner), null, runner, ProcessKey.KEY);
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
        return new JpaStores(
                entityManagers,
                Objects.requireNonNull(content, "content"),
                null,
                runnerOf(entityManagers),
                ProcessKey.KEY);
    }

    /**
     * The same stores with a tamper-evident audit trail: each event is linked under the current audit key to the one
     * before it in its institution's chain, and a signed checkpoint is stored every so many events. Without this, events
     * are numbered but not linked. Every node must be given the same keys.
     *
     * <pre>{@code
     * JpaStores stores = JpaStores.create(tx).withAuditChain(AuditChainSettings.of(
     *         AuditKeyring.of(AuditKey.fromBase64("audit-2026", System.getenv("PORTAL_AUDIT_KEY")))));
     * }</pre>
     *
     * @param chain the audit keys and the checkpoint interval
     * @return new stores sharing the content store
     */
    public JpaStores withAuditChain(AuditChainSettings chain) {
        return new JpaStores(entityManagers, content, Objects.requireNonNull(chain, "chain"), transactions, pseudonyms);
    }

    /**
     * Returns the same stores carrying another runner: the host's, when the entity-manager provider is not one
     * (Spring's shared entity manager with a {@code TransactionTemplate}-based runner).
     *
     * @param runner the runner the stores work under
     * @return the stores, carrying {@code runner}
     */
    public JpaStores withTransactions(TransactionRunner runner) {
        Objects.requireNonNull(runner, "runner");
        ContentStore carried = content instanceof JpaContentStore own ? own.withTransactions(runner) : content;
        return new JpaStores(entityManagers, carried, chain, runner, pseudonyms);
    }

    /**
     * Returns the same stores keeping the grants' active identity index under a pseudonym key, the same on every node
     * (and the same as login's, {@code PortalLogin.Builder#pseudonymKey}).
     *
     * <pre>{@code
     * JpaStores stores = JpaStores.create(tx).withPseudonymKey(PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY"));
     * stores.reindexGrants();                    // once at start-up: re-keys an index built under another key
     * }</pre>
     *
     * @param key the pseudonym key
     * @return new stores sharing the content store
     */
    @Override
    public JpaStores withPseudonymKey(PseudonymKey key) {
        return new JpaStores(entityManagers, content, chain, transactions, Objects.requireNonNull(key, "key"));
    }

    /**
     * Returns the key of the grants' active identity index: the one given to {@link #withPseudonymKey}, else a random
     * key of this process ({@link PseudonymKey#isRandom()}).
     *
     * @return the key
     */
    @Override
    public Optional<PseudonymKey> pseudonymKey() {
        return Optional.of(pseudonyms);
    }

    /**
     * Re-keys the grants' active identity index under this stores' pseudonym key, in a unit of work of its own, when
     * it was built under another key or as the unkeyed SHA-256 of before migration V8; does nothing when it is
     * current. Call it once at start-up, after migrating and before serving logins ({@link JpaPortal} does): until
     * then, logins and uniqueness checks do not find grants indexed under another key. Nodes starting together
     * re-key once (a row lock serialises them). Every node must have the same key, or each start re-keys the index
     * away from the others.
     *
     * @return how many grants were re-keyed
     * @throws IllegalStateException when these stores carry no transaction runner ({@link #withTransactions})
     * @throws dev.patientportal.core.TemporaryFailureException when the database fails or migration V8 is missing
     */
    public int reindexGrants() {
        TransactionRunner runner = transactions;
        if (runner == null) {
            throw new IllegalStateException("reindexGrants() runs in a unit of work of its own: give the stores a"
                    + " runner with withTransactions(TransactionRunner)");
        }
        return runner.inNewTransaction(() -> GrantIndex.rebuild(entityManagers.currentEntityManager(), pseudonyms));
    }

    /**
     * Returns the runner these stores work under: the entity-manager provider when it is a runner, or the one given
     * to {@link #withTransactions}.
     *
     * @return the runner, or empty
     */
    @Override
    public Optional<TransactionRunner> transactions() {
        return Optional.ofNullable(transactions);
    }

    private static @Nullable TransactionRunner runnerOf(EntityManagerProvider entityManagers) {
        return entityManagers instanceof TransactionRunner runner ? runner : null;
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
        return grants;
    }

    @Override
    public DocumentStore documents() {
        return documents;
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public AuditSink audit() {
        return audit;
    }

    /** Reads the audit back from {@code portal_audit_event} and keeps its checkpoints and retention. */
    @Override
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /** Always {@code true}: these stores join the unit of work an {@link EntityManagerProvider} binds to the thread. */
    @Override
    public boolean requiresUnitOfWork() {
        return true;
    }
}
