package dev.patientportal.jpa;

import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.JpaDeviceRegistry;
import dev.patientportal.jpa.internal.JpaSmsUsageLedger;
import dev.patientportal.jpa.internal.PushDeviceEntity;
import dev.patientportal.jpa.internal.RowCreator;
import dev.patientportal.jpa.internal.SmsUsageEntity;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.SmsUsageLedger;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stores of {@code portal-notify} on Jakarta Persistence: the {@link DeviceRegistry} of push tokens
 * ({@code portal_push_device}) and the {@link SmsUsageLedger} with its monthly budget ({@code portal_sms_usage}), in
 * the tables of {@code V3__notify.sql}, shared by every node.
 *
 * <pre>{@code
 * JpaNotifyStores notifyStores = JpaNotifyStores.create(tx);
 * PortalNotifier notifier = PortalNotifier.builder()
 *         .devices(notifyStores.devices())
 *         .smsUsage(notifyStores.smsUsage())
 *         .transactions(tx)                      // each store call in a short unit of work
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Like {@link JpaStores}, the stores carry the runner they work under ({@link #transactions()}).
 *
 * <p>{@link SmsUsageLedger#tryReserve} checks the budget and records in one conditional {@code UPDATE} on the
 * institution's row for the month (created first if absent), so two nodes never both pass a budget that has room for
 * one. Registering a token creates its row if absent and moves it to the patient in one {@code UPDATE}.
 *
 * <p>The persistence unit must manage {@link #entityClasses()}. The stores join the unit of work the
 * {@link EntityManagerProvider} exposes; backend failures are {@link dev.patientportal.core.TemporaryFailureException}s.
 *
 * <p><b>Threads:</b> immutable and thread-safe.
 */
public final class JpaNotifyStores {
    private static final List<Class<?>> ENTITY_CLASSES = List.of(PushDeviceEntity.class, SmsUsageEntity.class);

    private final DeviceRegistry devices;
    private final SmsUsageLedger smsUsage;
    private final @Nullable TransactionRunner transactions;

    private JpaNotifyStores(DeviceRegistry devices, SmsUsageLedger smsUsage, @Nullable TransactionRunner transactions) {
        this.devices = devices;
        this.smsUsage = smsUsage;
        this.transactions = transactions;
    }

    /**
     * Creates the stores; rows are stamped with the system clock (UTC).
     *
     * @param entityManagers the current entity manager of each unit of work
     * @return the stores
     */
    public static JpaNotifyStores create(EntityManagerProvider entityManagers) {
        return create(entityManagers, Clock.systemUTC());
    }

    /**
     * Creates the stores.
     *
     * @param entityManagers the current entity manager of each unit of work
     * @param clock stamps registrations and ledger changes
     * @return the stores
     */
    public static JpaNotifyStores create(EntityManagerProvider entityManagers, Clock clock) {
        Objects.requireNonNull(entityManagers, "entityManagers");
        Objects.requireNonNull(clock, "clock");
        RowCreator rows = new RowCreator();
        return new JpaNotifyStores(
                new JpaDeviceRegistry(entityManagers, rows, clock),
                new JpaSmsUsageLedger(entityManagers, rows, clock),
                entityManagers instanceof TransactionRunner runner ? runner : null);
    }

    /**
     * Returns the same stores carrying another runner (the host's, when the entity-manager provider is not one).
     *
     * @param runner the runner the stores work under
     * @return the stores, carrying {@code runner}
     */
    public JpaNotifyStores withTransactions(TransactionRunner runner) {
        return new JpaNotifyStores(devices, smsUsage, Objects.requireNonNull(runner, "runner"));
    }

    /**
     * Returns the runner these stores work under: the entity-manager provider when it is a runner, or the one given
     * to {@link #withTransactions}; give it to {@code PortalNotifier.Builder#transactions}.
     *
     * @return the runner, or empty
     */
    public Optional<TransactionRunner> transactions() {
        return Optional.ofNullable(transactions);
    }

    /**
     * The entity classes the persistence unit must manage for these stores.
     *
     * @return the classes, unmodifiable
     */
    public static List<Class<?>> entityClasses() {
        return ENTITY_CLASSES;
    }

    /**
     * Returns the device registry.
     *
     * @return the registry of push tokens
     */
    public DeviceRegistry devices() {
        return devices;
    }

    /**
     * Returns the SMS usage ledger.
     *
     * @return the ledger
     */
    public SmsUsageLedger smsUsage() {
        return smsUsage;
    }
}
