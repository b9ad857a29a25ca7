package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.TransactionRunner;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login flows behind {@link dev.patientportal.auth.PortalLogin}. Every store call runs in a unit of work of its
 * own, which completes before the flow acts on its answer: a counted failure is committed before anything else can
 * fail.
 *
 * <p>Real and decoy challenges take the same path with the same work (a grant lookup, one random code and one HMAC
 * per factor, one insert, one audit event); only a real one hands codes to the delivery executor, which sends them off
 * the request thread, so neither the answer, its errors nor its timing depend on the code sender.
 */
public final class LoginEngine {
    private static final Logger LOG = LoggerFactory.getLogger(LoginEngine.class);

    private static final String CODE = "code";
    private static final String DECOY = "decoy";

    private final AccessGrantStore grants;
    private final @Nullable PatientDirectory directory;
    private final CodeSender sender;
    private final AuditSink auditSink;
    private final CodeKeyring keys;
    private final AuthSettings settings;
    private final AuthStores stores;
    private final TransactionRunner tx;
    private final Clock clock;
    private final Executor delivery;
    private final Secrets secrets;

    /**
     * Wires the flows; {@link dev.patientportal.auth.PortalLogin.Builder} checks the arguments.
     *
     * @param grants the access grants
     * @param directory the patient records, for the language of messages, or {@code null}
     * @param sender sends codes
     * @param auditSink records audit events
     * @param keys the server keys
     * @param settings the limits
     * @param stores the login stores
     * @param tx how a unit of work runs
     * @param clock the clock
     * @param delivery where codes are handed to the sender
     * @param random the random source
     */
    public LoginEngine(AccessGrantStore grants, @Nullable PatientDirectory directory, CodeSender sender,
            AuditSink auditSink, CodeKeyring keys, AuthSettings settings, AuthStores stores, TransactionRunner tx,
            Clock clock, Executor delivery, SecureRandom random) {
        this.grants = grants;
        this.directory = directory;
        this.sender = sender;
        this.auditSink = auditSink;
        this.keys = keys;
        this.settings = settings;
        this.stores = stores;
        this.tx = tx;
        this.clock = clock;
        this.delivery = delivery;
        this.secrets = new Secrets(random);
    }

    /** What an operation learned so far, for its audit event. */
    private static final class Trail {
        final InstitutionId institution;
        final RequestContext context;
        final String action;
        final Map<String, String> details = new LinkedHashMap<>();
        @Nullable PatientId patient;
        @Nullable String target;

        Trail(InstitutionId institution, RequestContext context, String action) {
            this.institution = institution;
            this.context = context;
            this.action = action;
        }
    }

    // ---------------------------------------------------------------------------------------------------------- start

    /** See {@link dev.patientportal.auth.PortalLogin#start}. */
    public Challenge start(LoginRequest request, RequestContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        AccessMethod method = request.method();
        List<Factor> factors = factorsOf(method);
        Trail trail = new Trail(request.institution(), context, LoginAuditActions.START);
        trail.details.put("method", method.name());
        trail.details.put("factors", names(factors));
        try {
            return doStart(request, method, factors, trail);
        } catch (PortalException e) {
            refused(trail, e);
            throw e;
        }
    }

    private Challenge doStart(LoginRequest request, AccessMethod method, List<Factor> factors, Trail trail) {
        InstitutionId institution = request.institution();
        LoginIdentity identity = normalise(request);
        ServerKey key = keys.current();
        Instant now = clock.instant();
        String identityKey = identityKey(key, institution, identity);
        requireNotLocked(identityKey, now);

        Map<Factor, String> destinations = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            destinations.put(f, f == Factor.SMS
                    ? Secrets.pseudonym(key, "phone", identity.phone().e164())
                    : Secrets.pseudonym(key, "email", Objects.requireNonNull(identity.email()).value()));
        }
        acquireSends(institution, trail.context, destinations.values(), factors, now);

        Optional<AccessGrant> grant = inTx(() -> grants.findActiveByIdentity(institution, identity))
                .filter(g -> g.isActive() && g.institution().equals(institution) && g.method() == method
                        && g.identity().equals(identity));

        String id = secrets.randomId(Secrets.ID_BYTES);
        Instant expiresAt = now.plus(settings.challengeLifetime());
        Instant codeExpiry = earlier(now.plus(settings.codeValidity()), expiresAt);
        Map<Factor, StoredCode> stored = new EnumMap<>(Factor.class);
        Map<Factor, String> clear = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            String code = secrets.digits(settings.codeLength());
            stored.put(f, new StoredCode(key.id(), mac(key, grant.isEmpty(), id, f, code), 1, codeExpiry, false,
                    destinations.get(f)));
            clear.put(f, code);
        }
        PatientId patient = grant.map(AccessGrant::patient).orElse(null);
        long version = grant.map(AccessGrant::version).orElse(0L);
        ChallengeRecord record = new ChallengeRecord(id, institution, patient, version, identityKey, stored,
                settings.maxAttemptsPerChallenge(), 0, now, expiresAt, now.plus(settings.resendCooldown()), false);
        inTx(() -> {
            stores.challenges().insert(record);
            return null;
        });

        trail.patient = patient;
        trail.target = Secrets.reference(id);
        if (grant.isPresent()) {
            trail.details.put("result", "issued");
            audit(trail, AuditEvent.Outcome.SUCCESS);
            deliver(trail, clear, identity);
        } else {
            // Same answer, nothing sent; the audit tells staff what happened.
            trail.details.put("result", "unknown-identity");
            audit(trail, AuditEvent.Outcome.DENIED);
        }
        return view(record);
    }

    private LoginIdentity normalise(LoginRequest request) {
        if (request instanceof EmailAndPhone r) {
            EmailAddress email = EmailAddress.parse(r.email());
            return LoginIdentity.emailAndPhone(email, phone(r.phone()));
        }
        TajAndPhone r = (TajAndPhone) request;
        TajNumber taj = TajNumber.parse(r.taj());
        return LoginIdentity.tajAndPhone(taj, phone(r.phone()));
    }

    private PhoneNumber phone(@Nullable String input) {
        PhoneNumber phone = PhoneNumber.parse(input, settings.defaultPhoneRegion());
        if (!phone.canReceiveSms()) {
            throw new ValidationException("phone", "cannot receive SMS");
        }
        return phone;
    }

    private static String identityKey(ServerKey key, InstitutionId institution, LoginIdentity identity) {
        String second = identity.method() == AccessMethod.EMAIL_AND_PHONE
                ? Objects.requireNonNull(identity.email()).value()
                : Objects.requireNonNull(identity.taj()).digits();
        return Secrets.pseudonym(key, "identity", institution.value(), identity.method().name(),
                identity.phone().e164(), second);
    }

    // --------------------------------------------------------------------------------------------------------- verify

    /** See {@link dev.patientportal.auth.PortalLogin#verify}. */
    public VerifyResult verify(InstitutionId institution, @Nullable String challengeId, Factor factor,
            @Nullable String code, RequestContext context) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(context, "context");
        Trail trail = new Trail(institution, context, LoginAuditActions.VERIFY);
        trail.details.put("factor", factor.name());
        try {
            return doVerify(institution, challengeId, factor, code, trail);
        } catch (PortalException e) {
            refused(trail, e);
            throw e;
        }
    }

    private VerifyResult doVerify(InstitutionId institution, @Nullable String challengeId, Factor factor,
            @Nullable String code, Trail trail) {
        ChallengeRecord c = load(institution, challengeId, trail);
        String digits = normaliseCode(code);
        Instant now = clock.instant();
        StoredCode stored = usableCode(c, factor, now);
        int failuresBefore = requireNotLocked(c.identityKey(), now);
        if (c.attemptsLeft() <= 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        int left = inTx(() -> stores.challenges().reserveAttempt(c.id()));
        if (left < 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        // The attempt counts as a failure of the identity before the code is compared, in one atomic step, so that
        // parallel guesses over many challenges cannot all slip in under the lockout threshold: only attempts whose
        // count stays within it (or the one probe allowed after a lockout ran out) are compared. A right code of the
        // last factor resets the count with the login; a right code of a first factor leaves it counted, so a
        // two-factor login abandoned halfway counts as one failure.
        FailureRecord counted = inTx(() -> stores.lockouts().recordFailure(c.identityKey(), now));
        if (counted.consecutiveFailures() > Math.max(settings.lockoutThreshold(), failuresBefore + 1)) {
            throw new AuthenticationException(Reason.LOCKED, -1,
                    lockedFor(counted, now).orElse(settings.lockoutBaseDelay()));
        }
        // Compute the HMAC even with a dropped key, so that a rotation shows in no timing.
        ServerKey key = keys.find(stored.keyId()).orElse(keys.current());
        byte[] candidate = Secrets.hmac(key, CODE, c.id(), factor.name(), digits);
        boolean match = MessageDigest.isEqual(candidate, stored.mac()) && key.id().equals(stored.keyId());
        if (!match) {
            trail.details.put("attemptsLeft", Integer.toString(left));
            trail.details.put("consecutiveFailures", Integer.toString(counted.consecutiveFailures()));
            throw new AuthenticationException(Reason.WRONG_CODE, left, null);
        }
        ChallengeRecord after = inTx(() -> stores.challenges().markVerified(c.id(), factor, stored.generation()))
                .orElseThrow(() -> new AuthenticationException(Reason.CONSUMED));
        List<Factor> remaining = after.codes().entrySet().stream()
                .filter(e -> !e.getValue().verified()).map(Map.Entry::getKey).toList();
        if (!remaining.isEmpty()) {
            trail.details.put("result", "factor-verified");
            trail.details.put("remaining", names(remaining));
            audit(trail, AuditEvent.Outcome.SUCCESS);
            return new VerifyResult(factor, remaining, Optional.empty());
        }
        if (!inTx(() -> stores.challenges().consume(c.id()))) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        return complete(c, factor, now, trail);
    }

    private VerifyResult complete(ChallengeRecord c, Factor factor, Instant now, Trail trail) {
        PatientId patient = c.patient();
        if (patient == null) {
            // Unreachable: a decoy's codes match nothing. Refuse like an expired challenge all the same.
            throw new AuthenticationException(Reason.EXPIRED);
        }
        boolean grantUnchanged = inTx(() -> grants.find(c.institution(), patient))
                .filter(g -> g.isActive() && g.version() == c.grantVersion()).isPresent();
        if (!grantUnchanged) {
            trail.details.put("result", "grant-changed");
            throw new AuthenticationException(Reason.EXPIRED);
        }
        String token = secrets.randomId(Secrets.TOKEN_BYTES);
        String sessionId = secrets.randomId(Secrets.ID_BYTES);
        Instant absolute = now.plus(settings.sessionAbsoluteTimeout());
        SessionRecord session = new SessionRecord(sessionId, Secrets.sha256(token), c.institution(), patient, now, now,
                absolute);
        inTx(() -> {
            stores.sessions().insert(session);
            return null;
        });
        // Check again after the insert: staff who revoke or change the grant end every session in the same unit of
        // work as the change, so either that sweep sees this session or this check sees the change.
        boolean stillUnchanged = inTx(() -> grants.find(c.institution(), patient))
                .filter(g -> g.isActive() && g.version() == c.grantVersion()).isPresent();
        if (!stillUnchanged) {
            inTx(() -> stores.sessions().delete(sessionId));
            trail.details.put("result", "grant-changed");
            throw new AuthenticationException(Reason.EXPIRED);
        }
        try {
            trail.details.put("result", "login-complete");
            trail.details.put("session", sessionId);
            audit(trail, AuditEvent.Outcome.SUCCESS);
        } catch (RuntimeException e) {
            // A login that cannot be audited does not happen.
            inTx(() -> stores.sessions().delete(sessionId));
            trail.details.put("result", "not-audited");
            throw e;
        }
        inTx(() -> {
            stores.lockouts().reset(c.identityKey());
            return null;
        });
        return new VerifyResult(factor, List.of(), Optional.of(new SessionGrant(token, sessionId, c.institution(),
                patient, earlier(now.plus(settings.sessionIdleTimeout()), absolute), absolute)));
    }

    private ChallengeRecord load(InstitutionId institution, @Nullable String challengeId, Trail trail) {
        if (!Secrets.isUrlSafe(challengeId, Secrets.ID_CHARS)) {
            throw new AuthenticationException(Reason.UNKNOWN_CHALLENGE);
        }
        trail.target = Secrets.reference(challengeId);
        ChallengeRecord c = inTx(() -> stores.challenges().find(challengeId))
                .filter(r -> r.institution().equals(institution))
                .orElseThrow(() -> new AuthenticationException(Reason.UNKNOWN_CHALLENGE));
        trail.patient = c.patient();
        if (c.isDecoy()) {
            trail.details.put("identity", "unknown");
        }
        return c;
    }

    private StoredCode usableCode(ChallengeRecord c, Factor factor, Instant now) {
        if (c.consumed()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        if (!now.isBefore(c.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        StoredCode stored = c.codes().get(factor);
        if (stored == null) {
            throw new ValidationException("factor", "is not part of this challenge");
        }
        if (stored.verified()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        if (!now.isBefore(stored.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        return stored;
    }

    private static String normaliseCode(@Nullable String code) {
        if (code == null) {
            throw new ValidationException("code", "is required");
        }
        if (code.length() > 32) {
            throw new ValidationException("code", "must be 6 to 10 digits");
        }
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch >= '0' && ch <= '9') {
                sb.append(ch);
            } else if (ch != ' ' && ch != '-' && ch != '\t' && ch != '\u00a0') {
                throw new ValidationException("code", "must be 6 to 10 digits");
            }
        }
        if (sb.length() < 6 || sb.length() > 10) {
            throw new ValidationException("code", "must be 6 to 10 digits");
        }
        return sb.toString();
    }

    // --------------------------------------------------------------------------------------------------------- resend

    /** See {@link dev.patientportal.auth.PortalLogin#resend}. */
    public Challenge resend(InstitutionId institution, @Nullable String challengeId, Factor factor,
            RequestContext context) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(context, "context");
        Trail trail = new Trail(institution, context, LoginAuditActions.RESEND);
        trail.details.put("factor", factor.name());
        try {
            return doResend(institution, challengeId, factor, trail);
        } catch (PortalException e) {
            refused(trail, e);
            throw e;
        }
    }

    private Challenge doResend(InstitutionId institution, @Nullable String challengeId, Factor factor, Trail trail) {
        ChallengeRecord c = load(institution, challengeId, trail);
        Instant now = clock.instant();
        if (c.consumed()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        if (!now.isBefore(c.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        StoredCode current = c.codes().get(factor);
        if (current == null) {
            throw new ValidationException("factor", "is not part of this challenge");
        }
        if (current.verified()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        requireNotLocked(c.identityKey(), now);
        if (c.attemptsLeft() <= 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        if (c.resends() >= settings.maxResendsPerChallenge()) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, null);
        }
        if (now.isBefore(c.resendAvailableAt())) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, Duration.between(now, c.resendAvailableAt()));
        }
        acquireSends(institution, trail.context, List.of(current.destinationKey()), List.of(factor), now);

        ServerKey key = keys.current();
        String code = secrets.digits(settings.codeLength());
        StoredCode next = new StoredCode(key.id(), mac(key, c.isDecoy(), c.id(), factor, code),
                current.generation() + 1, earlier(now.plus(settings.codeValidity()), c.expiresAt()), false,
                current.destinationKey());
        ChallengeRecord after = inTx(() -> stores.challenges()
                .replaceCode(c.id(), factor, next, c.resends(), now.plus(settings.resendCooldown())))
                .orElseThrow(() -> new AuthenticationException(Reason.RATE_LIMITED, -1, settings.resendCooldown()));

        PatientId patient = c.patient();
        if (patient == null) {
            trail.details.put("result", "unknown-identity");
            audit(trail, AuditEvent.Outcome.DENIED);
        } else {
            trail.details.put("result", "resent");
            audit(trail, AuditEvent.Outcome.SUCCESS);
            // The store holds no address: the delivery reads it from the grant, if the grant is still the same.
            long version = c.grantVersion();
            Supplier<Optional<LoginIdentity>> identity = () -> inTx(() -> grants.find(institution, patient))
                    .filter(g -> g.isActive() && g.version() == version).map(AccessGrant::identity);
            deliverLater(trail, factor, code, identity);
        }
        return view(after);
    }

    // ---------------------------------------------------------------------------------------------------- sessions

    /** See {@link dev.patientportal.auth.PortalLogin#logout}. */
    public boolean logout(@Nullable String token, RequestContext context) {
        Objects.requireNonNull(context, "context");
        Optional<SessionRecord> session = find(token);
        if (session.isEmpty()) {
            return false;
        }
        SessionRecord s = session.get();
        boolean ended = inTx(() -> stores.sessions().delete(s.sessionId()));
        Trail trail = new Trail(s.institution(), context, LoginAuditActions.LOGOUT);
        trail.patient = s.patient();
        trail.details.put("session", s.sessionId());
        trail.details.put("result", ended ? "ended" : "already-ended");
        audit(trail, AuditEvent.Outcome.SUCCESS, Actor.patient(s.patient()));
        return ended;
    }

    /** See {@link dev.patientportal.core.spi.SessionResolver#resolve}. */
    public Optional<PatientSession> resolve(@Nullable String token) {
        Optional<SessionRecord> found = find(token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRecord s = found.get();
        Instant now = clock.instant();
        Instant idleEnd = s.lastSeenAt().plus(settings.sessionIdleTimeout());
        if (!now.isBefore(s.absoluteExpiresAt()) || !now.isBefore(idleEnd)) {
            inTx(() -> stores.sessions().delete(s.sessionId()));
            return Optional.empty();
        }
        if (!inTx(() -> stores.sessions().touch(s.sessionId(), now))) {
            return Optional.empty();
        }
        return Optional.of(new PatientSession(s.institution(), s.patient(), s.sessionId()));
    }

    /** See {@link dev.patientportal.core.spi.SessionResolver#endSessions}; joins the caller's unit of work. */
    public int endSessions(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        // Joins the caller's unit of work when there is one (a grant change), and makes one when there is not.
        return tx.inTransaction(() -> stores.sessions().deleteAll(institution, patient));
    }

    private Optional<SessionRecord> find(@Nullable String token) {
        if (!Secrets.isUrlSafe(token, Secrets.TOKEN_CHARS)) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        return inTx(() -> stores.sessions().findByTokenHash(hash))
                .filter(s -> MessageDigest.isEqual(hash, s.tokenHash()));
    }

    // ------------------------------------------------------------------------------------------------ limits, locks

    /**
     * Refuses while the identity is locked.
     *
     * @return the consecutive failures counted so far, 0 when none
     */
    private int requireNotLocked(String identityKey, Instant now) {
        Optional<FailureRecord> record = inTx(() -> stores.lockouts().find(identityKey));
        if (record.isEmpty()) {
            return 0;
        }
        Optional<Duration> locked = lockedFor(record.get(), now);
        if (locked.isPresent()) {
            throw new AuthenticationException(Reason.LOCKED, -1, locked.get());
        }
        return record.get().consecutiveFailures();
    }

    /** How much longer a counter keeps the identity locked, if at all. */
    private Optional<Duration> lockedFor(FailureRecord record, Instant now) {
        if (record.consecutiveFailures() < settings.lockoutThreshold()) {
            return Optional.empty();
        }
        int beyond = record.consecutiveFailures() - settings.lockoutThreshold();
        Duration delay = settings.lockoutBaseDelay();
        for (int i = 0; i < beyond && delay.compareTo(settings.lockoutMaxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(settings.lockoutMaxDelay()) > 0) {
            delay = settings.lockoutMaxDelay();
        }
        Instant until = record.lastFailureAt().plus(delay);
        return now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts one send for the client, each destination and the institution; the same for decoys. */
    private void acquireSends(InstitutionId institution, RequestContext context,
            java.util.Collection<String> destinations, List<Factor> factors, Instant now) {
        ServerKey key = keys.current();
        String client = context.clientAddress();
        if (client != null && !client.isBlank()) {
            acquire("client:" + Secrets.pseudonym(key, "client", client.strip()), settings.sendsPerClientAddress(),
                    now);
        }
        List<String> dest = List.copyOf(destinations);
        for (int i = 0; i < dest.size(); i++) {
            AuthSettings.SendLimit limit = factors.get(i) == Factor.SMS
                    ? settings.sendsPerPhone()
                    : settings.sendsPerEmail();
            acquire(factors.get(i) == Factor.SMS ? "phone:" + dest.get(i) : "email:" + dest.get(i), limit, now);
        }
        acquire("institution:" + institution.value(), settings.sendsPerInstitution(), now);
    }

    private void acquire(String key, AuthSettings.SendLimit limit, Instant now) {
        window(key, "h", 3600, limit.perHour(), now);
        window(key, "d", 86_400, limit.perDay(), now);
    }

    private void window(String key, String unit, long seconds, int limit, Instant now) {
        long index = Math.floorDiv(now.getEpochSecond(), seconds);
        Instant end = Instant.ofEpochSecond((index + 1) * seconds);
        long count = inTx(() -> stores.rateLimits().increment(key + ":" + unit + ":" + index, end));
        if (count > limit) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, Duration.between(now, end));
        }
    }

    // ------------------------------------------------------------------------------------------------------ delivery

    private void deliver(Trail trail, Map<Factor, String> codes, LoginIdentity identity) {
        PatientId patient = trail.patient;
        run(trail, () -> {
            Locale locale = locale(trail, patient);
            for (Map.Entry<Factor, String> e : codes.entrySet()) {
                Factor f = e.getKey();
                send(trail, new CodeMessage(trail.institution, f.channel(), f == Factor.EMAIL ? identity.email() : null,
                        f == Factor.SMS ? identity.phone() : null, e.getValue(), settings.codeValidity(), locale));
            }
        });
    }

    private void deliverLater(Trail trail, Factor factor, String code, Supplier<Optional<LoginIdentity>> identity) {
        PatientId patient = trail.patient;
        run(trail, () -> {
            Optional<LoginIdentity> to = identity.get();
            if (to.isEmpty()) {
                LOG.info("Not resending a login code for challenge {} in institution {}: the grant changed",
                        trail.target, trail.institution);
                return;
            }
            LoginIdentity id = to.get();
            if (factor == Factor.EMAIL && id.email() == null) {
                return;
            }
            send(trail, new CodeMessage(trail.institution, factor.channel(), factor == Factor.EMAIL ? id.email() : null,
                    factor == Factor.SMS ? id.phone() : null, code, settings.codeValidity(), locale(trail, patient)));
        });
    }

    private void run(Trail trail, Runnable task) {
        try {
            delivery.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    deliveryFailed(trail, null, e);
                }
            });
        } catch (RejectedExecutionException e) {
            deliveryFailed(trail, null, e);
        }
    }

    private void send(Trail trail, CodeMessage message) {
        try {
            sender.send(message);
        } catch (RuntimeException e) {
            deliveryFailed(trail, message.channel(), e);
        }
    }

    private void deliveryFailed(Trail trail, CodeMessage.@Nullable Channel channel, RuntimeException e) {
        // The exception's message may come from a provider and name the address: log its type only.
        LOG.warn("Could not send a login code{} for challenge {} in institution {}: {}",
                channel == null ? "" : " by " + channel, trail.target, trail.institution, e.getClass().getName());
        Trail failed = new Trail(trail.institution, trail.context, LoginAuditActions.CODE_DELIVERY);
        failed.patient = trail.patient;
        failed.target = trail.target;
        if (channel != null) {
            failed.details.put("channel", channel.name());
        }
        failed.details.put("error", e instanceof TemporaryFailureException ? "temporary-failure"
                : e instanceof ValidationException v ? "validation:" + v.field() : "error");
        try {
            audit(failed, AuditEvent.Outcome.FAILED);
        } catch (RuntimeException auditFailure) {
            LOG.error("Could not audit a failed code delivery for challenge {} in institution {}", trail.target,
                    trail.institution, auditFailure);
        }
    }

    private Locale locale(Trail trail, @Nullable PatientId patient) {
        if (directory != null && patient != null) {
            PatientDirectory d = directory;
            try {
                Optional<PatientProfile> profile = inTx(() -> d.find(trail.institution, patient));
                if (profile.isPresent()) {
                    return profile.get().locale();
                }
            } catch (PortalException e) {
                LOG.debug("Patient record unavailable for the language of a login code in institution {}",
                        trail.institution);
            }
        }
        Locale requested = trail.context.locale();
        return requested != null ? requested : settings.defaultLocale();
    }

    // --------------------------------------------------------------------------------------------------------- audit

    private void audit(Trail trail, AuditEvent.Outcome outcome) {
        audit(trail, outcome, Actor.anonymous());
    }

    private void audit(Trail trail, AuditEvent.Outcome outcome, Actor actor) {
        AuditEvent event = new AuditEvent(clock.instant(), trail.institution, actor, trail.action, trail.patient,
                trail.target, outcome, trail.context.clientAddress(), trail.details);
        inTx(() -> {
            auditSink.record(event);
            return null;
        });
    }

    /** Audits a refusal in a unit of work of its own; an audit failure is attached to the refusal, not lost. */
    private void refused(Trail trail, PortalException e) {
        trail.details.put("error", errorCode(e));
        try {
            audit(trail, e instanceof TemporaryFailureException ? AuditEvent.Outcome.FAILED
                    : AuditEvent.Outcome.DENIED);
        } catch (RuntimeException auditFailure) {
            LOG.error("Could not audit a refused {} in institution {}", trail.action, trail.institution,
                    auditFailure);
            e.addSuppressed(auditFailure);
        }
    }

    private static String errorCode(PortalException e) {
        if (e instanceof ValidationException v) {
            return "validation:" + v.field();
        }
        if (e instanceof AuthenticationException a) {
            return "authentication:" + a.reason();
        }
        if (e instanceof TemporaryFailureException) {
            return "temporary-failure";
        }
        return "error";
    }

    // ------------------------------------------------------------------------------------------------------- helpers

    private <T> T inTx(Supplier<T> work) {
        // Each step commits on its own, even inside a host transaction: a counted failure must never roll back.
        return tx.inNewTransaction(work);
    }

    private static byte[] mac(ServerKey key, boolean decoy, String id, Factor factor, String code) {
        // A decoy's HMAC is made under another label: the same work, and no code can ever match it.
        return Secrets.hmac(key, decoy ? DECOY : CODE, id, factor.name(), code);
    }

    private static List<Factor> factorsOf(AccessMethod method) {
        return method == AccessMethod.EMAIL_AND_PHONE ? List.of(Factor.EMAIL, Factor.SMS) : List.of(Factor.SMS);
    }

    private static String names(List<Factor> factors) {
        return factors.stream().map(Factor::name).collect(Collectors.joining(","));
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Challenge view(ChallengeRecord c) {
        Instant lastCode = c.codes().values().stream().filter(s -> !s.verified()).map(StoredCode::expiresAt)
                .max(Instant::compareTo).orElse(c.expiresAt());
        return new Challenge(c.id(), c.institution(), List.copyOf(c.codes().keySet()), lastCode,
                c.resendAvailableAt());
    }
}
