package dev.patientportal.jpa;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.NotificationPolicy;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.RetryPolicy;
import dev.patientportal.notify.Templates;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal on one database, wired in one go: the portal, the login, the notifier with its outbox and dispatcher,
 * and the housekeeping, all on {@code portal-jpa}'s stores. The common case in a handful of lines; the explicit
 * builders ({@link PatientPortal#builder()}, {@link PortalLogin#builder()}, {@link PortalNotifier#builder()},
 * {@link OutboxDispatcher#builder}) stay underneath for hosts that need something else.
 *
 * <pre>{@code
 * JpaPortal jpaPortal = JpaPortal.builder()
 *         .dataSource(dataSource)                       // migrates with Flyway, starts JPA on it
 *         .patientDirectory(hostPatients)
 *         .scheduling(hostScheduling)
 *         .institution(clinicId, InstitutionSettings.builder("Clínica Demo", URI.create("https://portal.example"))
 *                 .zone(ZoneId.of("Europe/Budapest")).build())
 *         .email(JakartaMailChannel.create(smtpSettings))
 *         .sms(TwilioSmsChannel.builder(accountSid, authToken).from("+3612345678").build())
 *         .keys(CodeKeyring.fromEnvironment("PORTAL_CODE_KEYS"))   // the same on every node
 *         .pseudonymKey(PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY"))   // the same on every node
 *         .build();                                     // started; close() on shutdown
 * PatientPortal portal = jpaPortal.portal();
 * PortalLogin login = jpaPortal.login();
 * }</pre>
 *
 * <p><b>What it wires</b>, the way the explicit builders should be wired and easily are not: {@link JpaStores},
 * {@link JpaAuthStores} and {@link JpaNotifyStores} on one transaction runner; notifications stored by
 * {@link OutboxNotifier} in the unit of work of the change and delivered by an {@link OutboxDispatcher} through a
 * {@link PortalNotifier} with {@link RetryPolicy#none()} (the outbox retries, durably) that checks again at delivery
 * that the grant is active and the document still visible; login codes sent at once (never through the outbox) by a
 * second {@link PortalNotifier} with direct retries ({@link RetryPolicy#defaults()}), on code-delivery threads of its
 * own; and the purge of expired login state ({@link JpaAuthStores#purgeExpired}) every hour.
 *
 * <p><b>Database.</b> Exactly one of: {@link Builder#dataSource} (migrates the schema with {@link PortalMigrations}
 * and starts a Jakarta Persistence provider on it, for example Hibernate ORM on the class path; both closed with
 * this), {@link Builder#entityManagerFactory} (the host's persistence unit, which manages {@link #entityClasses()}
 * and is already migrated), or {@link Builder#transactions(TransactionRunner, EntityManagerProvider)} (the host's own
 * transactions: Spring, JTA).
 *
 * <p><b>Keys.</b> Every node of a cluster needs the same code keys, or one node rejects the codes another sent:
 * {@link CodeKeyring#fromEnvironment} or {@link CodeKeyring#parse} read them from configuration. {@link Builder#build()}
 * refuses a key made by {@link CodeKeyring#random()} unless {@link Builder#singleNode()} says that this host runs one
 * node (and accepts that a restart ends every login in progress). The same goes for the {@link PseudonymKey} that
 * keys the lockout and send-limit counters and the grants' identity index ({@link Builder#pseudonymKey}), one key
 * for portal and login; at every start the index is re-keyed if it was built under another key
 * ({@link JpaStores#reindexGrants()}).
 *
 * <p><b>Lifecycle.</b> {@link Builder#build()} starts the dispatcher and the housekeeping (unless
 * {@link Builder#deferStart()}); {@link #close()} stops them and the code-delivery threads cleanly, then closes the
 * entity manager factory it opened. Channels, the host's factory and data source stay the host's to close.
 *
 * <p><b>Threads:</b> thread-safe; the parts it returns are too.
 */
public final class JpaPortal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JpaPortal.class);
    /** How long close() waits for codes queued for delivery and for a housekeeping run in progress. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final PatientPortal portal;
    private final PortalLogin login;
    private final PortalNotifier notifier;
    private final OutboxAdmin outbox;
    private final OutboxDispatcher dispatcher;
    private final DeviceRegistry devices;
    private final TransactionRunner transactions;
    private final Housekeeping housekeeping;
    private final @Nullable AuditVerifier auditVerifier;
    private final @Nullable ExecutorService ownCodeDelivery;
    private final @Nullable EntityManagerFactory ownFactory;
    private final Object lifecycle = new Object();
    private boolean closed;

    JpaPortal(JpaPortalWiring.Parts parts) {
        this.portal = parts.portal;
        this.login = parts.login;
        this.notifier = parts.notifier;
        this.outbox = parts.outbox;
        this.dispatcher = parts.dispatcher;
        this.devices = parts.devices;
        this.transactions = parts.transactions;
        this.housekeeping = parts.housekeeping;
        this.auditVerifier = parts.auditVerifier;
        this.ownCodeDelivery = parts.ownCodeDelivery;
        this.ownFactory = parts.ownFactory;
    }

    /**
     * Starts wiring a portal on a database.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The entity classes a persistence unit must manage for every store of this module ({@link JpaStores},
     * {@link JpaAuthStores}, {@link JpaNotifyStores}), for a host that gives its own
     * {@link Builder#entityManagerFactory}.
     *
     * @return the classes, unmodifiable
     */
    public static List<Class<?>> entityClasses() {
        List<Class<?>> all = new ArrayList<>(JpaStores.entityClasses());
        all.addAll(JpaAuthStores.entityClasses());
        all.addAll(JpaNotifyStores.entityClasses());
        return List.copyOf(all);
    }

    /**
     * Returns the verifier of the tamper-evident audit trail, which walks an institution's chain and reports the
     * first broken link ({@code docs/privacy.md}).
     *
     * @return the verifier, under the keys given to {@link Builder#auditChain}
     * @throws IllegalStateException when no audit chain was configured: events are then numbered but not linked
     */
    public AuditVerifier auditVerifier() {
        AuditVerifier verifier = auditVerifier;
        if (verifier == null) {
            throw new IllegalStateException("No audit chain is configured: give the builder auditChain(..) with the"
                    + " audit keys, the same on every node");
        }
        return verifier;
    }

    /**
     * Returns the portal: staff administration, documents, the patient's view.
     *
     * @return the portal
     */
    public PatientPortal portal() {
        return portal;
    }

    /**
     * Returns the login, which is also the portal's session resolver.
     *
     * @return the login
     */
    public PortalLogin login() {
        return login;
    }

    /**
     * Returns the admin API of parked notifications, for the host's staff screens.
     *
     * @return the outbox admin
     */
    public OutboxAdmin outbox() {
        return outbox;
    }

    /**
     * Returns the dispatcher that delivers the outbox: to {@link OutboxDispatcher#wakeUp() wake it up} after a commit,
     * or to {@link OutboxDispatcher#drainOnce() drain it} on the caller's thread after {@link Builder#deferStart()}.
     *
     * @return the dispatcher
     */
    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Returns the notifier that delivers the outbox's notifications, for SMS usage and previews.
     *
     * @return the notifier
     */
    public PortalNotifier notifier() {
        return notifier;
    }

    /**
     * Returns the registry of push tokens, where the host registers the devices of its app.
     *
     * @return the registry; its calls join the unit of work of {@link #transactions()}
     */
    public DeviceRegistry devices() {
        return devices;
    }

    /**
     * Returns the runner every store call goes through.
     *
     * @return the runner
     */
    public TransactionRunner transactions() {
        return transactions;
    }

    /**
     * Starts the dispatcher and the housekeeping, when {@link Builder#deferStart()} held them back. Idempotent.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("A closed JpaPortal cannot be started; build a new one");
            }
            dispatcher.start();
            housekeeping.start();
        }
    }

    /**
     * Tells whether the dispatcher runs.
     *
     * @return {@code true} between {@link #start()} and {@link #close()}
     */
    public boolean isRunning() {
        return dispatcher.isRunning();
    }

    /**
     * Runs the housekeeping now, on the calling thread, outside any unit of work: for hosts that schedule it
     * themselves ({@link Builder#housekeepingInterval} {@code null}) and for tests.
     *
     * @return how many rows were deleted
     */
    public int runHousekeeping() {
        return housekeeping.runOnce();
    }

    /**
     * Stops cleanly: the housekeeping; the code-delivery threads, after the codes already queued went out (up to ten
     * seconds); the dispatcher, which finishes deliveries in flight and gives back what it claimed; then the entity
     * manager factory built by {@link Builder#dataSource}. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        housekeeping.stop(CLOSE_TIMEOUT);
        ExecutorService codes = ownCodeDelivery;
        if (codes != null) {
            codes.shutdown();
            try {
                if (!codes.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Login codes still queued after {}; they are dropped", CLOSE_TIMEOUT);
                    codes.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                codes.shutdownNow();
            }
        }
        dispatcher.stop();
        EntityManagerFactory factory = ownFactory;
        if (factory != null && factory.isOpen()) {
            factory.close();
        }
    }

    /**
     * Wires a {@link JpaPortal}. {@link #build()} checks everything at once and names every missing or conflicting
     * setting. Not thread-safe.
     */
    public static final class Builder {
        private final JpaPortalConfig config = new JpaPortalConfig();

        private Builder() {}

        /**
         * Runs the portal on a data source: applies the portal's Flyway migrations to it ({@link PortalMigrations},
         * needs {@code org.flywaydb:flyway-core}), then starts the Jakarta Persistence provider on the class path (for
         * example {@code org.hibernate.orm:hibernate-core}) on it, with resource-local transactions. The factory is
         * closed by {@link JpaPortal#close()}; the data source (a connection pool, ideally) stays the host's.
         *
         * @param dataSource the database
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            config.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Whether {@link #dataSource} applies the portal's migrations. Default {@code true}; {@code false} for a host
         * that runs them with its own Flyway (see {@link PortalMigrations}).
         *
         * @param migrate whether to migrate
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            config.migrate = migrate;
            return this;
        }

        /**
         * Passes a property to the persistence provider started by {@link #dataSource}, for example
         * {@code "hibernate.hbm2ddl.auto", "validate"}.
         *
         * @param name the property
         * @param value its value
         * @return this builder
         */
        public Builder jpaProperty(String name, Object value) {
            config.jpaProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Runs the portal on the host's entity manager factory: a {@code RESOURCE_LOCAL} persistence unit that manages
         * {@link JpaPortal#entityClasses()}, on a schema already migrated. Units of work are
         * {@link ResourceLocalTransactionRunner}'s. The factory stays the host's to close.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder entityManagerFactory(EntityManagerFactory factory) {
            config.entityManagerFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Runs the portal on the host's transactions (Spring's {@code TransactionTemplate}, JTA), on a schema already
         * migrated. The runner's {@code inNewTransaction} must start an independent unit of work (Spring's
         * {@code REQUIRES_NEW}); the provider gives the entity manager of the current one.
         *
         * @param runner how a unit of work runs
         * @param entityManagers the entity manager of the current unit of work
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner, EntityManagerProvider entityManagers) {
            config.hostTransactions = Objects.requireNonNull(runner, "runner");
            config.hostEntityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
            return this;
        }

        /**
         * Sets the host's patient records. Required.
         *
         * @param directory the records
         * @return this builder
         */
        public Builder patientDirectory(PatientDirectory directory) {
            config.patientDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the host's scheduling system. Required.
         *
         * @param gateway the scheduling system
         * @return this builder
         */
        public Builder scheduling(SchedulingGateway gateway) {
            config.scheduling = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /**
         * Adds the settings of one institution: its name and portal link as messages show them, and its time zone,
         * which appointment times are shown in. Call once per institution, or use {@link #institutions(Institutions)}.
         *
         * @param institution the institution
         * @param settings its settings
         * @return this builder
         */
        public Builder institution(InstitutionId institution, InstitutionSettings settings) {
            config.institutionMap.put(
                    Objects.requireNonNull(institution, "institution"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Sets where institution settings come from, for hosts with many institutions.
         *
         * @param institutions the lookup
         * @return this builder
         */
        public Builder institutions(Institutions institutions) {
            config.institutions = Objects.requireNonNull(institutions, "institutions");
            return this;
        }

        /**
         * Sets the e-mail channel, for example {@code JakartaMailChannel}. Required: every notification goes by
         * e-mail, and the e-mail + phone login sends an e-mail code.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder email(EmailChannel channel) {
            config.email = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the SMS channel, for example {@code TwilioSmsChannel}. Required: both login methods send an SMS code.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder sms(SmsChannel channel) {
            config.sms = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the push channel, for example {@code FirebasePushChannel}. Optional; the devices come from
         * {@link JpaPortal#devices()}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder push(PushChannel channel) {
            config.push = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the server keys login codes are stored under. Required, and the same on every node:
         * {@link CodeKeyring#fromEnvironment(String)} or {@link CodeKeyring#parse(String)}.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keys(CodeKeyring keys) {
            config.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Sets the pseudonym key: it keys the lockout and send-limit counters of login and the grants' active identity
         * index, apart from the code keys, so a code-key rotation keeps them. Required unless {@link #singleNode()},
         * and the same on every node: {@link PseudonymKey#fromEnvironment(String)}. Portal and login get the same key.
         *
         * @param key the key
         * @return this builder
         */
        public Builder pseudonymKey(PseudonymKey key) {
            config.pseudonymKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Links every audit event to the one before it in its institution's chain under the audit keys, with a signed
         * checkpoint every so many events, so that a removed, changed, inserted or reordered event is detected by
         * {@link JpaPortal#auditVerifier()}. Every node must be given the same keys ({@code docs/privacy.md}).
         * Without it, events are numbered but not linked.
         *
         * <pre>{@code
         * builder.auditChain(AuditChainSettings.of(
         *         AuditKeyring.of(AuditKey.fromBase64("audit-2026", System.getenv("PORTAL_AUDIT_KEY")))));
         * }</pre>
         *
         * @param chain the audit keys and the checkpoint interval
         * @return this builder
         */
        public Builder auditChain(AuditChainSettings chain) {
            config.auditChain = Objects.requireNonNull(chain, "chain");
            return this;
        }

        /**
         * Says that this host runs exactly one node, so a key ring made by {@link CodeKeyring#random()} and a random
         * (or no) pseudonym key are acceptable: nobody else needs the keys, a restart ends the logins in progress and
         * starts lockout and send-limit counts afresh. For demos, tests and small single installations.
         *
         * @return this builder
         */
        public Builder singleNode() {
            config.singleNode = true;
            return this;
        }

        /**
         * Sets the clock of every part. Default: {@link Clock#systemUTC()} (an instant source; institution zones come
         * from their settings).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            config.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Keeps document bytes in the host's own content store instead of the {@code portal_document_content} table.
         *
         * @param content the store
         * @return this builder
         */
        public Builder contentStore(ContentStore content) {
            config.contentStore = Objects.requireNonNull(content, "content");
            return this;
        }

        /**
         * Adds a listener for portal events (bookings, cancellations, an SMS budget spent); may be called several
         * times.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder eventListener(PortalEventListener listener) {
            config.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets who hears, without personal data, what operators count and time; given once here, it reaches every part:
         * login outcomes by reason ({@link PortalLogin.Builder#metrics}), codes sent by channel, SMS segments and cost,
         * deliveries by channel with their latency ({@link PortalNotifier.Builder#metrics}), and the outbox's outcomes
         * ({@link OutboxDispatcher.Builder#metrics}). The outbox's gauges and health come from {@link JpaPortal#outbox()}'s
         * {@link OutboxAdmin}. A listener that throws is logged and ignored. Default: {@link PortalMetricsListener#none()}.
         *
         * <pre>{@code
         * MeterRegistry registry = ...;
         * JpaPortal portal = JpaPortal.builder()...metrics(PortalMeters.create(registry)).build();
         * PortalMeters.bindOutbox(registry, portal.outbox());   // pending, parked, oldest due age
         * }</pre>
         *
         * @param metrics the listener, for example {@code portal-micrometer}'s {@code PortalMeters}
         * @return this builder
         */
        public Builder metrics(PortalMetricsListener metrics) {
            config.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Sets the reservation rules. Default: {@link ReservationPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder reservationPolicy(ReservationPolicy policy) {
            config.reservationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets what uploads are accepted. Default: {@link DocumentPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder documentPolicy(DocumentPolicy policy) {
            config.documentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets a host hook that may refuse reservation changes. Default: allow all.
         *
         * @param veto the hook
         * @return this builder
         */
        public Builder reservationVeto(ReservationVeto veto) {
            config.reservationVeto = Objects.requireNonNull(veto, "veto");
            return this;
        }

        /**
         * Sets the limits of login. Default: {@link AuthSettings#defaults()}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder authSettings(AuthSettings settings) {
            config.authSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets the message templates. Default: {@link Templates#defaults()}.
         *
         * @param templates the templates
         * @return this builder
         */
        public Builder templates(Templates templates) {
            config.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * Sets which channels each notification uses. Default: {@link NotificationPolicy#standard()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder notificationPolicy(NotificationPolicy policy) {
            config.notificationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets what one SMS segment costs, for the usage ledger and the institutions' budgets. Default: zero.
         *
         * @param price the price, in the currency of the budgets
         * @return this builder
         */
        public Builder smsPricePerSegment(BigDecimal price) {
            config.smsPricePerSegment = Objects.requireNonNull(price, "price");
            return this;
        }

        /**
         * Rewrites SMS into the GSM-7 alphabet (accents dropped) so that each segment holds 160 characters instead of
         * 70. Default: off.
         *
         * @param enabled whether to transliterate
         * @return this builder
         */
        public Builder smsTransliteration(boolean enabled) {
            config.smsTransliteration = enabled;
            return this;
        }

        /**
         * Sets where login codes are handed to the channels; the host then owns it. Default: four daemon threads of
         * this portal's own, stopped by {@link JpaPortal#close()}. {@code Runnable::run} sends on the request thread,
         * for demos and tests only (see {@link PortalLogin.Builder#codeDelivery}).
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder codeDelivery(Executor executor) {
            config.codeDelivery = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Tunes the outbox dispatcher: batch size, poll interval, lease, attempts, back-off, threads, shutdown timeout.
         * Its clock is the portal's and cannot be changed here.
         *
         * @param settings applied to the dispatcher's builder
         * @return this builder
         */
        public Builder dispatcher(Consumer<OutboxDispatcher.Builder> settings) {
            config.dispatcherSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets how often the housekeeping runs: the purge of expired login state (challenges, sessions, send-limit
         * buckets, old lockout counters) and, with {@link #auditRetention(Period)}, of old audit events. Default: every hour, on every node (it is idempotent). {@code null} turns
         * the schedule off, for a host that calls {@link JpaPortal#runHousekeeping()} from its own scheduler.
         *
         * @param interval a positive interval, or {@code null}
         * @return this builder
         */
        public Builder housekeepingInterval(@Nullable Duration interval) {
            config.housekeepingInterval = interval;
            return this;
        }

        /**
         * Keeps audit events for a period, for every institution without a period of its own: the housekeeping deletes
         * older ones ({@link dev.patientportal.core.AuditMaintenance#purgeExpired()}: per institution, the oldest part
         * of the chain, with a checkpoint at the cut from which the rest still verifies, and an {@code audit.purge}
         * event). Default: none, events are kept forever. The period is the clinic's decision: national health-record
         * rules often ask for years ({@code docs/privacy.md}).
         *
         * @param period a positive period, typically years
         * @return this builder
         */
        public Builder auditRetention(Period period) {
            config.auditRetention = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Keeps one institution's audit events for a period of its own (see {@link #auditRetention(Period)}).
         *
         * @param institution the institution
         * @param period a positive period, typically years
         * @return this builder
         */
        public Builder auditRetention(InstitutionId institution, Period period) {
            config.auditRetentions.put(
                    Objects.requireNonNull(institution, "institution"), Objects.requireNonNull(period, "period"));
            return this;
        }

        /**
         * Leaves the dispatcher and the housekeeping stopped after {@link #build()} until {@link JpaPortal#start()}:
         * for a container that starts its components in phases (Spring's {@code SmartLifecycle}), or a test that
         * drains the outbox itself.
         *
         * @return this builder
         */
        public Builder deferStart() {
            config.deferStart = true;
            return this;
        }

        /**
         * Checks the settings, prepares the database (with {@link #dataSource}: migrations, then the entity manager
         * factory) and wires every part.
         *
         * @return the portal, started unless {@link #deferStart()}
         * @throws IllegalStateException naming every missing or conflicting setting
         */
        public JpaPortal build() {
            List<String> problems = config.problems();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("JpaPortal is not wired: " + String.join("; ", problems));
            }
            return new JpaPortalWiring(config).build();
        }
    }
}
