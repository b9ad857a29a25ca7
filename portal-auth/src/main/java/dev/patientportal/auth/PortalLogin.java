package dev.patientportal.auth;

import dev.patientportal.auth.internal.LoginEngine;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Patient login with one-time codes, and the sessions it mints. One per host application, wired explicitly, immutable
 * and thread-safe once built. It is also the portal's {@link SessionResolver}, so the same object goes to
 * {@link dev.patientportal.core.PatientPortal.Builder#sessions}.
 *
 * <pre>{@code
 * PortalLogin login = PortalLogin.builder()
 *         .portalStores(stores)                    // the grants to check, the audit sink
 *         .codeSender(notifier)                    // portal-notify's PortalNotifier: e-mail and SMS
 *         .keys(CodeKeyring.of(ServerKey.fromBase64("2026-12", secret)))
 *         .pseudonymKey(PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY"))   // counters survive a key rotation
 *         .build();                                // in-memory stores, default limits
 * PatientPortal portal = PatientPortal.builder()...sessions(login).build();
 *
 * Challenge c = login.start(new TajAndPhone(clinic, "123 456 788", "06 20 123 4567"), request);
 * // ... the patient types the SMS code ...
 * VerifyResult r = login.verify(c.institution(), c.id(), Factor.SMS, typedCode, request);
 * String token = r.session().orElseThrow().token();
 * PatientView me = portal.patient(token);
 * login.logout(token, request);
 * }</pre>
 *
 * <p><b>Answers.</b> {@link #start} answers the same for an identity without an active grant of that method: a decoy
 * challenge of the same shape, the same later errors, the same limits, and no code sent. It does the same work too, a
 * task handed to the delivery executor included (one that sends nothing), so that it takes the same time. Failures are
 * {@link dev.patientportal.core.AuthenticationException}s whose {@link
 * dev.patientportal.core.AuthenticationException#reason() reason} tells a wrong code (with attempts left), an expired,
 * consumed or unknown challenge, a lockout or a rate limit (with when to retry) apart, and
 * {@link dev.patientportal.core.ValidationException}s naming the field of bad input.
 *
 * <p><b>Transactions.</b> Every store call runs in a unit of work of its own through
 * {@link TransactionRunner#inNewTransaction}, committed before login acts on it, so a counted failure never rolls back
 * with a failed login, even when login is called inside a host transaction. A runner that joins an outer unit must
 * therefore implement {@code inNewTransaction} as a new, independent unit (Spring: {@code PROPAGATION_REQUIRES_NEW});
 * {@code portal-jpa}'s {@code ResourceLocalTransactionRunner} does. Stores that need a unit of work (a database) need
 * such a runner: the default {@link TransactionRunner#direct()} suits the in-memory stores only.
 */
public final class PortalLogin implements SessionResolver {
    private final LoginEngine engine;

    private PortalLogin(LoginEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts wiring a login.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a login: normalises and validates the input, checks the lockout and send limits, and issues a challenge.
     * With an active grant of the request's method for exactly these identifiers, the codes go out (an e-mail code and
     * an SMS code for {@link EmailAndPhone}, an SMS code for {@link TajAndPhone}); otherwise the challenge is a decoy
     * and nothing is sent. Codes are handed to the {@link CodeSender} on the delivery executor, after this returns.
     *
     * @param request what the patient typed
     * @param context what the host knows of the request: client address (for limits and audit), locale
     * @return the challenge
     * @throws dev.patientportal.core.ValidationException naming {@code email}, {@code phone} or {@code taj}
     * @throws dev.patientportal.core.AuthenticationException {@code RATE_LIMITED} or {@code LOCKED}, with
     *     {@code retryAfter}
     * @throws dev.patientportal.core.TemporaryFailureException when a store fails
     */
    public Challenge start(LoginRequest request, RequestContext context) {
        return engine.start(request, context);
    }

    /**
     * Checks a code for one factor of a challenge. A challenge accepts a limited number of wrong codes, each counted
     * (and committed) before the code is compared; consecutive wrong codes of one identity across challenges lock it
     * with growing back-off. When the last factor is verified the result carries a new session.
     *
     * @param institution the institution of the challenge
     * @param challengeId {@link Challenge#id()}
     * @param factor the factor the code was sent for
     * @param code the code as typed; spaces and hyphens are ignored
     * @param context what the host knows of the request
     * @return the verified factor, those remaining, and the session when none remain
     * @throws dev.patientportal.core.AuthenticationException {@code WRONG_CODE} (with attempts left),
     *     {@code EXPIRED}, {@code CONSUMED}, {@code UNKNOWN_CHALLENGE} or {@code LOCKED}
     * @throws dev.patientportal.core.ValidationException naming {@code code} when it is not 6 to 10 digits, or
     *     {@code factor} when the challenge has no such factor
     */
    public VerifyResult verify(
            InstitutionId institution,
            @Nullable String challengeId,
            Factor factor,
            @Nullable String code,
            RequestContext context) {
        return engine.verify(institution, challengeId, factor, code, context);
    }

    /**
     * Checks a code for one factor of a challenge; see {@link #verify(InstitutionId, String, Factor, String,
     * RequestContext)}.
     *
     * @param challenge the challenge
     * @param factor the factor
     * @param code the code as typed
     * @param context what the host knows of the request
     * @return the verified factor, those remaining, and the session when none remain
     */
    public VerifyResult verify(Challenge challenge, Factor factor, @Nullable String code, RequestContext context) {
        return engine.verify(challenge.institution(), challenge.id(), factor, code, context);
    }

    /**
     * Sends a new code for one factor, replacing the old one, after the cool-down and within the send limits and the
     * resends a challenge allows. The failure count of the challenge and of the identity is not reset.
     *
     * @param institution the institution of the challenge
     * @param challengeId {@link Challenge#id()}
     * @param factor the factor to resend
     * @param context what the host knows of the request
     * @return the challenge with its new expiry and next resend time
     * @throws dev.patientportal.core.AuthenticationException {@code RATE_LIMITED} (cool-down, limits, too many
     *     resends), {@code EXPIRED}, {@code CONSUMED}, {@code UNKNOWN_CHALLENGE} or {@code LOCKED}
     */
    public Challenge resend(
            InstitutionId institution, @Nullable String challengeId, Factor factor, RequestContext context) {
        return engine.resend(institution, challengeId, factor, context);
    }

    /**
     * Ends a session on the server. Idempotent: an unknown, expired or malformed token ends nothing.
     *
     * @param token the session token
     * @param context what the host knows of the request
     * @return {@code true} when this call ended a session
     */
    public boolean logout(@Nullable String token, RequestContext context) {
        return engine.logout(token, context);
    }

    /**
     * Resolves a session token, extending the idle timeout. Called by the portal at the start of every patient
     * operation, outside any unit of work. A session resolves only while the patient's grant is active and still
     * {@linkplain dev.patientportal.core.AccessGrant#admitsSessionMadeUnder admits} the grant version the session was
     * made under: once a change of method, a revocation or a reinstatement has committed, every session made before it
     * is refused (and deleted), even one that a login wrote while the change was in progress. Switching SMS
     * notifications keeps sessions.
     *
     * @param token the token the patient presented
     * @return the session, or empty when the token is unknown, malformed, expired or ended, or its grant changed since;
     *     the answer does not tell these apart
     */
    @Override
    public Optional<PatientSession> resolve(String token) {
        return engine.resolve(token);
    }

    /**
     * {@code true}: {@link #resolve} reads the grant on every call and answers a session only while the grant admits
     * the version it was made under, which requires the grant to be active; wire it with the portal's grants.
     *
     * @return {@code true}
     */
    @Override
    public boolean checksActiveGrant() {
        return true;
    }

    /**
     * Ends every session of a patient; called by the portal inside the unit of work of a revocation or a change of
     * method, whose transaction the session store joins.
     *
     * @param institution the institution
     * @param patient the patient
     */
    @Override
    public void endSessions(InstitutionId institution, PatientId patient) {
        engine.endSessions(institution, patient);
    }

    /**
     * Wires a {@link PortalLogin}. {@link #build()} names every missing piece at once. Not thread-safe.
     */
    public static final class Builder {
        private final LoginConfig config = new LoginConfig();

        private Builder() {}

        /**
         * Takes the grant store and the audit sink from the portal's stores, and the runner they carry (see
         * {@link #transactions(TransactionRunner)}).
         *
         * @param portalStores the portal's stores
         * @return this builder
         */
        public Builder portalStores(PortalStores portalStores) {
            config.portalStores = portalStores;
            config.grants = portalStores.grants();
            config.grantsFromPortalStores = true;
            config.audit = portalStores.audit();
            config.portalStoresNeedUnitOfWork = portalStores.requiresUnitOfWork();
            config.portalStoresTransactions = portalStores.transactions().orElse(null);
            return this;
        }

        /**
         * Sets where grants are looked up. Required (or {@link #portalStores}).
         *
         * @param grants the grant store
         * @return this builder
         */
        public Builder grants(AccessGrantStore grants) {
            config.grants = grants;
            config.grantsFromPortalStores = false;
            return this;
        }

        /**
         * Sets where every attempt is audited. Required (or {@link #portalStores}).
         *
         * @param audit the audit sink
         * @return this builder
         */
        public Builder audit(AuditSink audit) {
            config.audit = audit;
            return this;
        }

        /**
         * Sets who sends codes ({@code portal-notify}). Required.
         *
         * @param sender the code sender
         * @return this builder
         */
        public Builder codeSender(CodeSender sender) {
            config.codeSender = sender;
            return this;
        }

        /**
         * Sets the server keys under which codes are stored. Required; every node of a cluster needs the same.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keys(CodeKeyring keys) {
            config.keys = keys;
            return this;
        }

        /**
         * Sets the pseudonym key that keys the lockout and send-limit counters, and under which the grants taken from
         * {@link #portalStores} are looked up: a key of its own, apart from the code keys, so that rotating the code
         * keys keeps every counter. The same on every node and the same as the portal's, for example
         * {@link PseudonymKey#fromEnvironment PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY")}. Default: the key
         * the portal's stores carry ({@link PortalStores#pseudonymKey()}), else a {@linkplain PseudonymKey#random
         * random} one; {@link #build()} refuses a random key with stores that need a unit of work (a database) unless
         * {@link #singleNode()} is called.
         *
         * @param key the pseudonym key
         * @return this builder
         */
        public Builder pseudonymKey(PseudonymKey key) {
            config.pseudonymKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Says that this host runs exactly one node, so a {@linkplain PseudonymKey#random random} pseudonym key is
         * acceptable with database stores: counters then start afresh at a restart, and nobody else needs the key.
         * For demos, tests and small single installations.
         *
         * @return this builder
         */
        public Builder singleNode() {
            config.singleNode = true;
            return this;
        }

        /**
         * Sets the patient records, read for the language of code messages. Optional: without it the request's locale,
         * then {@link AuthSettings#defaultLocale()}, is used.
         *
         * @param directory the patient records
         * @return this builder
         */
        public Builder patientDirectory(PatientDirectory directory) {
            config.directory = directory;
            return this;
        }

        /**
         * Sets the login stores. Default: {@link AuthStores#inMemory()}, right for a single node only.
         *
         * @param stores the stores
         * @return this builder
         */
        public Builder stores(AuthStores stores) {
            config.stores = stores;
            return this;
        }

        /**
         * Sets the limits. Default: {@link AuthSettings#defaults()}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder settings(AuthSettings settings) {
            config.settings = settings;
            return this;
        }

        /**
         * Sets how a unit of work runs; each store call is one, run through
         * {@link TransactionRunner#inNewTransaction}. Default: the runner the login stores carry
         * ({@link AuthStores#transactions()}), else the one the portal's stores carry, else
         * {@link TransactionRunner#direct()}, right for the in-memory stores; database stores need the host's runner
         * (or {@code portal-jpa}'s).
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner) {
            config.transactions = runner;
            config.transactionsGiven = true;
            return this;
        }

        /**
         * Sets the clock. Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            config.clock = clock;
            return this;
        }

        /**
         * Sets where codes are handed to the code sender. Default: a small pool of daemon threads, so the request
         * returns before the provider answers and a known identity takes no longer, and fails no differently, than an
         * unknown one. {@code Runnable::run} sends on the request thread: fine for tests and demos, but it makes the
         * time and the errors of {@link #start} depend on whether a code was sent.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder codeDelivery(Executor executor) {
            config.codeDelivery = executor;
            return this;
        }

        /**
         * Sets who hears of login outcomes: {@link PortalMetricsListener#loginSucceeded} for every completed login and
         * {@link PortalMetricsListener#loginFailed} with the {@link dev.patientportal.core.AuthenticationException.Reason
         * reason} of every refused start, verify and resend (decoys counted alike). A listener that throws is logged
         * and ignored. Default: {@link PortalMetricsListener#none()}.
         *
         * @param metrics the listener, for example {@code portal-micrometer}'s {@code PortalMeters}
         * @return this builder
         */
        public Builder metrics(PortalMetricsListener metrics) {
            config.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Builds the login.
         *
         * @return the login
         * @throws IllegalStateException naming every missing piece, and stores that need a unit of work wired with the
         *     direct runner
         */
        public PortalLogin build() {
            return new PortalLogin(config.wire());
        }
    }
}
