package dev.patientportal.jpa;

import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditMaintenance;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.RetryPolicy;
import dev.patientportal.notify.spi.DeviceRegistry;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceUnitTransactionType;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a {@link JpaPortal} from a configuration that passed {@link JpaPortalConfig#problems()}: opens the database
 * (migrations and an entity manager factory, with a data source), starts the code-delivery threads, builds the stores,
 * the two notifiers, the dispatcher, the login, the portal and the housekeeping on one transaction runner, and gives
 * back what it opened if any of that fails. Used once per build.
 */
final class JpaPortalWiring {
    /** JpaPortal's logger, so that what the wiring logs reads as the portal's. */
    private static final Logger LOG = LoggerFactory.getLogger(JpaPortal.class);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final JpaPortalConfig config;

    JpaPortalWiring(JpaPortalConfig config) {
        this.config = config;
    }

    /**
     * Wires every part and starts them unless {@link JpaPortalConfig#deferStart}.
     *
     * @return the portal
     */
    JpaPortal build() {
        EntityManagerFactory ownFactory = null;
        ExecutorService ownCodeDelivery = null;
        try {
            TransactionRunner runner;
            EntityManagerProvider entityManagers;
            if (config.hostTransactions != null && config.hostEntityManagers != null) {
                runner = config.hostTransactions;
                entityManagers = config.hostEntityManagers;
            } else {
                EntityManagerFactory factory = config.entityManagerFactory;
                if (factory == null) {
                    ownFactory = openFactory(Objects.requireNonNull(config.dataSource));
                    factory = ownFactory;
                }
                ResourceLocalTransactionRunner local = ResourceLocalTransactionRunner.create(factory);
                runner = local;
                entityManagers = local;
            }
            Executor codes = config.codeDelivery;
            if (codes == null) {
                ownCodeDelivery = newCodeDelivery();
                codes = ownCodeDelivery;
            }
            JpaPortal built = new JpaPortal(wire(runner, entityManagers, codes, ownCodeDelivery, ownFactory));
            if (!config.deferStart) {
                built.start();
            }
            return built;
        } catch (RuntimeException e) {
            if (ownCodeDelivery != null) {
                ownCodeDelivery.shutdownNow();
            }
            if (ownFactory != null) {
                ownFactory.close();
            }
            throw e;
        }
    }

    private EntityManagerFactory openFactory(DataSource ds) {
        if (config.migrate) {
            int applied = PortalMigrations.migrate(ds);
            LOG.info("Portal schema migrated: {} migrations applied", applied);
        }
        PersistenceConfiguration unit = new PersistenceConfiguration("patient-portal")
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(PersistenceConfiguration.JDBC_DATASOURCE, ds)
                // the persistence.xml name of the same setting, which providers read as an instance too
                .property("jakarta.persistence.nonJtaDataSource", ds)
                .properties(config.jpaProperties);
        JpaPortal.entityClasses().forEach(unit::managedClass);
        try {
            return unit.createEntityManagerFactory();
        } catch (PersistenceException e) {
            throw new IllegalStateException(
                    "dataSource(DataSource) starts the Jakarta Persistence provider on the"
                            + " class path (for example org.hibernate.orm:hibernate-core), and it could not start: "
                            + e.getMessage(),
                    e);
        }
    }

    private static ExecutorService newCodeDelivery() {
        int pool = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "portal-codes-" + pool + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private Parts wire(
            TransactionRunner runner,
            EntityManagerProvider entityManagers,
            Executor codes,
            @Nullable ExecutorService ownCodeDelivery,
            @Nullable EntityManagerFactory ownFactory) {
        PatientDirectory directory = Objects.requireNonNull(config.patientDirectory);
        ContentStore content = config.contentStore;
        JpaStores unkeyed = (content != null
                        ? JpaStores.create(entityManagers, content)
                        : JpaStores.create(entityManagers))
                .withTransactions(runner);
        JpaStores keyed = config.pseudonymKey != null ? unkeyed.withPseudonymKey(config.pseudonymKey) : unkeyed;
        AuditChainSettings chain = config.auditChain;
        JpaStores stores = chain != null ? keyed.withAuditChain(chain) : keyed;
        PseudonymKey pseudonyms = stores.pseudonymKey().orElseThrow();
        int rekeyed = stores.reindexGrants();
        if (rekeyed > 0) {
            LOG.info(
                    "Re-keyed the identity index of {} access grants under pseudonym key {}", rekeyed, pseudonyms.id());
        }
        JpaAuthStores authStores = JpaAuthStores.create(entityManagers).withTransactions(runner);
        JpaNotifyStores notifyStores =
                JpaNotifyStores.create(entityManagers, config.clock).withTransactions(runner);
        PortalEventListener events =
                config.listeners.isEmpty() ? event -> {} : new Fanout(List.copyOf(config.listeners));

        Parts parts = new Parts();
        parts.transactions = runner;
        parts.auditVerifier = chain != null ? AuditVerifier.of(stores.auditTrail(), chain.keys(), runner) : null;
        parts.devices = notifyStores.devices();
        parts.ownCodeDelivery = ownCodeDelivery;
        parts.ownFactory = ownFactory;
        // The outbox retries durably: a direct retry would only hold the worker and its lease.
        parts.notifier = notifier(directory, stores, notifyStores, events, runner, RetryPolicy.none());
        // Codes never go through the outbox, so their sender retries directly, on the code-delivery threads.
        PortalNotifier codeSender = notifier(directory, stores, notifyStores, events, runner, RetryPolicy.defaults());

        OutboxDispatcher.Builder dispatcherBuilder = OutboxDispatcher.builder(
                        runner, entityManagers, NotifyOutboxDelivery.create(parts.notifier))
                .metrics(config.metrics);
        if (config.dispatcherSettings != null) {
            config.dispatcherSettings.accept(dispatcherBuilder);
        }
        parts.dispatcher = dispatcherBuilder.clock(config.clock).build();
        parts.outbox = OutboxAdmin.create(runner, entityManagers, config.clock);

        PortalLogin.Builder loginBuilder = PortalLogin.builder()
                .portalStores(stores)
                .stores(authStores)
                .transactions(runner)
                .patientDirectory(directory)
                .codeSender(codeSender)
                .keys(Objects.requireNonNull(config.keys))
                .pseudonymKey(pseudonyms)
                .clock(config.clock)
                .codeDelivery(codes)
                .metrics(config.metrics);
        if (config.singleNode) {
            loginBuilder.singleNode();
        }
        if (config.authSettings != null) {
            loginBuilder.settings(config.authSettings);
        }
        parts.login = loginBuilder.build();

        PatientPortal.Builder portalBuilder = PatientPortal.builder()
                .patientDirectory(directory)
                .scheduling(Objects.requireNonNull(config.scheduling))
                .stores(stores)
                .notifications(OutboxNotifier.create(entityManagers, config.clock))
                .sessions(parts.login)
                .transactions(runner)
                .pseudonymKey(pseudonyms)
                .clock(config.clock);
        if (config.singleNode) {
            portalBuilder.singleNode();
        }
        if (config.reservationPolicy != null) {
            portalBuilder.reservationPolicy(config.reservationPolicy);
        }
        if (config.documentPolicy != null) {
            portalBuilder.documentPolicy(config.documentPolicy);
        }
        if (config.reservationVeto != null) {
            portalBuilder.reservationVeto(config.reservationVeto);
        }
        config.listeners.forEach(portalBuilder::eventListener);
        parts.portal = portalBuilder.build();

        List<Housekeeping.Task> tasks = new ArrayList<>();
        tasks.add(new Housekeeping.Task(
                "expired login state", now -> runner.inTransaction(() -> authStores.purgeExpired(now))));
        if (config.auditRetention != null || !config.auditRetentions.isEmpty()) {
            AuditMaintenance.Builder retention = AuditMaintenance.builder()
                    .stores(stores)
                    .transactions(runner)
                    .clock(config.clock);
            Period keep = config.auditRetention;
            if (keep != null) {
                retention.retention(keep);
            }
            config.auditRetentions.forEach(retention::retention);
            AuditMaintenance maintenance = retention.build();
            // One unit of work per institution, as purgeExpired runs them.
            tasks.add(new Housekeeping.Task("audit retention", now -> (int) maintenance.purgeExpired().stream()
                    .mapToLong(AuditPurge::deleted)
                    .sum()));
        }
        parts.housekeeping = new Housekeeping(tasks, config.clock, config.housekeepingInterval);
        return parts;
    }

    private PortalNotifier notifier(
            PatientDirectory directory,
            JpaStores stores,
            JpaNotifyStores notifyStores,
            PortalEventListener events,
            TransactionRunner runner,
            RetryPolicy retry) {
        PortalNotifier.Builder b = PortalNotifier.builder()
                .patientDirectory(directory)
                .email(Objects.requireNonNull(config.email))
                .sms(Objects.requireNonNull(config.sms))
                .devices(notifyStores.devices())
                .smsUsage(notifyStores.smsUsage())
                .stores(stores) // grants and documents re-checked at delivery, audit
                .events(events)
                .smsTransliteration(config.smsTransliteration)
                .transactions(runner)
                .retry(retry)
                .clock(config.clock)
                .metrics(config.metrics);
        if (config.institutions != null) {
            b.institutions(config.institutions);
        }
        config.institutionMap.forEach(b::institution);
        if (config.push != null) {
            b.push(config.push);
        }
        if (config.templates != null) {
            b.templates(config.templates);
        }
        if (config.notificationPolicy != null) {
            b.policy(config.notificationPolicy);
        }
        if (config.smsPricePerSegment != null) {
            b.smsPricePerSegment(config.smsPricePerSegment);
        }
        return b.build();
    }

    /** What {@link #build()} wired, for {@link JpaPortal} to hold. */
    static final class Parts {
        PatientPortal portal;
        PortalLogin login;
        PortalNotifier notifier;
        OutboxAdmin outbox;
        OutboxDispatcher dispatcher;
        DeviceRegistry devices;
        TransactionRunner transactions;
        Housekeeping housekeeping;

        @Nullable
        AuditVerifier auditVerifier;

        @Nullable
        ExecutorService ownCodeDelivery;

        @Nullable
        EntityManagerFactory ownFactory;

        @SuppressWarnings("NullAway.Init") // every field is set by wire() before JpaPortal reads it
        Parts() {}
    }

    /** Tells every listener, in order; one that throws does not keep the others from hearing. */
    private static final class Fanout implements PortalEventListener {
        private final List<PortalEventListener> listeners;

        Fanout(List<PortalEventListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        public void onEvent(PortalEvent event) {
            for (PortalEventListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "A portal event listener failed on {}: {}",
                            event.type(),
                            e.getClass().getName());
                }
            }
        }
    }
}
