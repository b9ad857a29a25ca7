package dev.patientportal.auth;

import dev.patientportal.auth.internal.DeliveryExecutors;
import dev.patientportal.auth.internal.LoginEngine;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.TransactionRunner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PortalLogin.Builder} collects, with the defaults, and the wiring of the login's engine from it: the
 * runner and the pseudonym key chosen from what was given and what the stores carry, every missing or conflicting
 * setting named at once. Not thread-safe.
 */
final class LoginConfig {
    @Nullable
    AccessGrantStore grants;

    @Nullable
    AuditSink audit;

    @Nullable
    CodeSender codeSender;

    @Nullable
    CodeKeyring keys;

    @Nullable
    PatientDirectory directory;

    @Nullable
    AuthStores stores;

    @Nullable
    AuthSettings settings = AuthSettings.defaults();

    @Nullable
    TransactionRunner transactions;

    boolean transactionsGiven;

    @Nullable
    TransactionRunner portalStoresTransactions;

    boolean portalStoresNeedUnitOfWork;

    @Nullable
    Clock clock = Clock.systemUTC();

    @Nullable
    Executor codeDelivery;

    @Nullable
    PortalStores portalStores;

    boolean grantsFromPortalStores;

    @Nullable
    PseudonymKey pseudonymKey;

    boolean singleNode;

    PortalMetricsListener metrics = PortalMetricsListener.none();

    /**
     * Checks the settings and wires the engine.
     *
     * @return the engine
     * @throws IllegalStateException naming every missing piece, and stores that need a unit of work wired with the
     *     direct runner
     */
    LoginEngine wire() {
        List<String> problems = new ArrayList<>();
        if (grants == null) {
            problems.add("grants(AccessGrantStore) or portalStores(PortalStores) is required");
        }
        if (audit == null) {
            problems.add("audit(AuditSink) or portalStores(PortalStores) is required");
        }
        if (codeSender == null) {
            problems.add("codeSender(CodeSender) is required (portal-notify provides one)");
        }
        if (keys == null) {
            problems.add("keys(CodeKeyring) is required (the same on every node)");
        }
        if (settings == null) {
            problems.add("settings(AuthSettings) must not be null");
        }
        if (transactionsGiven && transactions == null) {
            problems.add("transactions(TransactionRunner) must not be null");
        }
        TransactionRunner carried = stores != null ? stores.transactions().orElse(null) : null;
        if (!transactionsGiven
                && carried != null
                && portalStoresTransactions != null
                && carried != portalStoresTransactions) {
            problems.add("stores(AuthStores) and portalStores(PortalStores) carry different transaction runners:"
                    + " give transactions(TransactionRunner)");
        }
        TransactionRunner runner = transactionsGiven
                ? transactions
                : carried != null
                        ? carried
                        : portalStoresTransactions != null ? portalStoresTransactions : TransactionRunner.direct();
        if (clock == null) {
            problems.add("clock(Clock) must not be null");
        }
        boolean needUnitOfWork = portalStoresNeedUnitOfWork || (stores != null && stores.requiresUnitOfWork());
        if (needUnitOfWork && runner == TransactionRunner.direct()) {
            problems.add("the stores need a unit of work, but transactions(TransactionRunner) is the direct runner:"
                    + " give the host's runner (or portal-jpa's ResourceLocalTransactionRunner)");
        }
        PortalStores from = portalStores;
        PseudonymKey carriedKey = from != null ? from.pseudonymKey().orElse(null) : null;
        PseudonymKey pseudonyms = pseudonymKey != null
                ? pseudonymKey
                : carriedKey != null ? carriedKey : PseudonymKey.random("pseudonym-1");
        if (pseudonyms.isRandom() && needUnitOfWork && !singleNode) {
            problems.add("pseudonymKey(PseudonymKey) is not given or random, but the stores are in a database that"
                    + " other nodes may share, and nodes with different pseudonym keys count lockouts and send"
                    + " limits apart: give every node the same key"
                    + " (PseudonymKey.fromEnvironment(\"PORTAL_PSEUDONYM_KEY\")), or call singleNode() if this host"
                    + " runs one node only");
        }
        AccessGrantStore grantStore = grants;
        if (from != null && grantsFromPortalStores && pseudonymKey != null) {
            grantStore = from.withPseudonymKey(pseudonymKey).grants();
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("PortalLogin is not wired: " + String.join("; ", problems));
        }
        return new LoginEngine(
                Objects.requireNonNull(grantStore),
                directory,
                Objects.requireNonNull(codeSender),
                Objects.requireNonNull(audit),
                Objects.requireNonNull(keys),
                pseudonyms,
                Objects.requireNonNull(settings),
                stores != null ? stores : AuthStores.inMemory(),
                Objects.requireNonNull(runner),
                Objects.requireNonNull(clock),
                codeDelivery != null ? codeDelivery : DeliveryExecutors.newDefault(),
                new SecureRandom(),
                PortalMetricsListener.guarded(metrics));
    }
}
