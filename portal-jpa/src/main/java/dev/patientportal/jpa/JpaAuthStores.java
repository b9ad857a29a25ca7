package dev.patientportal.jpa;

import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.ChallengeCodeEntity;
import dev.patientportal.jpa.internal.ChallengeEntity;
import dev.patientportal.jpa.internal.Exceptions;
import dev.patientportal.jpa.internal.JpaChallengeStore;
import dev.patientportal.jpa.internal.JpaLockoutStore;
import dev.patientportal.jpa.internal.JpaRateLimitStore;
import dev.patientportal.jpa.internal.JpaSessionStore;
import dev.patientportal.jpa.internal.LockoutEntity;
import dev.patientportal.jpa.internal.RateLimitEntity;
import dev.patientportal.jpa.internal.RowCreator;
import dev.patientportal.jpa.internal.SessionEntity;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Login's stores on Jakarta Persistence ({@code portal-auth}'s {@link AuthStores}): challenges with their attempt
 * counters, sessions, lockout counters and send limits, in the {@code portal_login_*} tables of {@code V2__auth.sql},
 * shared by every node on the database.
 *
 * <pre>{@code
 * ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(emf);
 * PortalLogin login = PortalLogin.builder()
 *         .portalStores(JpaStores.create(tx))
 *         .stores(JpaAuthStores.create(tx))      // carries tx: each store call in a unit of its own (inNewTransaction)
 *         .keys(keys).codeSender(notifier)
 *         .build();
 * }</pre>
 *
 * <p>Like {@link JpaStores}, the stores carry the runner they work under ({@link #transactions()}).
 *
 * <p>Every operation that decides something is atomic across nodes: spending an attempt is one conditional
 * {@code UPDATE}; verifying a factor, completing a login and replacing a code lock the challenge row for the check;
 * counters (send limits, lockouts) are created if absent and incremented under the row lock of their {@code UPDATE}.
 * Nothing is stored in clear: codes are HMACs, tokens SHA-256 hashes, identities and destinations keyed pseudonyms.
 *
 * <p>The persistence unit must manage {@link #entityClasses()} (besides {@link JpaStores#entityClasses()}). The stores
 * join the unit of work the {@link EntityManagerProvider} exposes; login runs each call in one of its own. Backend
 * failures are {@link dev.patientportal.core.TemporaryFailureException}s, duplicate inserts
 * {@link dev.patientportal.core.ConflictException}s.
 *
 * <p><b>Threads:</b> immutable and thread-safe.
 */
public final class JpaAuthStores implements AuthStores {
    private static final List<Class<?>> ENTITY_CLASSES = List.of(
            ChallengeEntity.class,
            ChallengeCodeEntity.class,
            SessionEntity.class,
            LockoutEntity.class,
            RateLimitEntity.class);

    /** How long a lockout counter is kept after its last failure by {@link #purgeExpired}: the longest back-off. */
    private static final Duration LOCKOUT_MEMORY = Duration.ofHours(24);

    private final EntityManagerProvider entityManagers;
    private final AuthStores stores;
    private final @Nullable TransactionRunner transactions;

    private JpaAuthStores(
            EntityManagerProvider entityManagers, AuthStores stores, @Nullable TransactionRunner transactions) {
        this.entityManagers = entityManagers;
        this.stores = stores;
        this.transactions = transactions;
    }

    private static JpaAuthStores of(EntityManagerProvider entityManagers) {
        RowCreator rows = new RowCreator();
        return new JpaAuthStores(
                entityManagers,
                AuthStores.of(
                        new JpaChallengeStore(entityManagers),
                        new JpaSessionStore(entityManagers),
                        new JpaLockoutStore(entityManagers, rows),
                        new JpaRateLimitStore(entityManagers, rows)),
                entityManagers instanceof TransactionRunner runner ? runner : null);
    }

    /**
     * Creates the stores.
     *
     * @param entityManagers the current entity manager of each unit of work
     * @return the stores
     */
    public static JpaAuthStores create(EntityManagerProvider entityManagers) {
        return of(Objects.requireNonNull(entityManagers, "entityManagers"));
    }

    /**
     * Returns the same stores carrying another runner (the host's, when the entity-manager provider is not one).
     *
     * @param runner the runner the stores work under
     * @return the stores, carrying {@code runner}
     */
    public JpaAuthStores withTransactions(TransactionRunner runner) {
        return new JpaAuthStores(entityManagers, stores, Objects.requireNonNull(runner, "runner"));
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

    /**
     * The entity classes the persistence unit must manage for these stores. In Spring Boot,
     * {@code @EntityScan(basePackageClasses = JpaStores.class)} finds them too.
     *
     * @return the classes, unmodifiable
     */
    public static List<Class<?>> entityClasses() {
        return ENTITY_CLASSES;
    }

    @Override
    public ChallengeStore challenges() {
        return stores.challenges();
    }

    @Override
    public SessionStore sessions() {
        return stores.sessions();
    }

    @Override
    public LockoutStore lockouts() {
        return stores.lockouts();
    }

    @Override
    public RateLimitStore rateLimits() {
        return stores.rateLimits();
    }

    /**
     * Deletes what login no longer needs: challenges past their expiry (with their codes), sessions past their
     * absolute expiry, send-limit buckets whose window has ended, and lockout counters whose last failure is more than
     * 24 hours old. Login checks expiry itself, so this only keeps the tables small; run it now and then (hourly, on
     * one node or on all: it is idempotent), inside a unit of work.
     *
     * @param now the current time
     * @return how many rows were deleted, codes not counted
     * @throws IllegalStateException when no unit of work is active on this thread
     * @throws dev.patientportal.core.TemporaryFailureException when the database fails
     */
    public int purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        EntityManager em = entityManagers.currentEntityManager();
        try {
            return JpaChallengeStore.deleteExpired(em, now)
                    + JpaSessionStore.deleteExpired(em, now)
                    + JpaRateLimitStore.deleteExpired(em, now)
                    + JpaLockoutStore.deleteOlderThan(em, now.minus(LOCKOUT_MEMORY));
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Purging expired login state", e);
        }
    }

    /** Always {@code true}: these stores join the unit of work an {@link EntityManagerProvider} binds to the thread. */
    @Override
    public boolean requiresUnitOfWork() {
        return true;
    }
}
