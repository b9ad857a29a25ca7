package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AccessGrantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Issues challenges and their codes. {@link #start} normalises what was typed, checks the lockout and the send limits,
 * and issues a challenge with one code per factor; {@link #resend} replaces one factor's code after the cool-down,
 * within the resends a challenge allows and the send limits, keeping the failure counts of challenge and identity.
 *
 * <p>Without an active grant of that method the challenge is a decoy: the same path with the same work (a grant
 * lookup, one random code and one HMAC per factor, one insert, one audit event, one task handed to the delivery
 * executor, which reads the patient records and builds the messages), except that the task sends nothing; a decoy's
 * resend makes a new code of the same shape, reads a grant and hands over its task the same way, and sends nothing
 * either. {@code DecoysDoTheSameWorkTest} counts the work of each path.
 */
final class ChallengeIssuer {
    private final AccessGrantStore grants;
    private final ChallengeStore store;
    private final Challenges challenges;
    private final CodeKeyring keys;
    private final PseudonymKey pseudonyms;
    private final AuthSettings settings;
    private final Clock clock;
    private final Secrets secrets;
    private final OneTimeCodes codes;
    private final IdentityLockout lockout;
    private final SendLimits sendLimits;
    private final CodeDelivery delivery;
    private final LoginAudit audit;
    private final Steps steps;

    ChallengeIssuer(
            AccessGrantStore grants,
            ChallengeStore store,
            Challenges challenges,
            CodeKeyring keys,
            PseudonymKey pseudonyms,
            AuthSettings settings,
            Clock clock,
            Secrets secrets,
            OneTimeCodes codes,
            IdentityLockout lockout,
            SendLimits sendLimits,
            CodeDelivery delivery,
            LoginAudit audit,
            Steps steps) {
        this.grants = grants;
        this.store = store;
        this.challenges = challenges;
        this.keys = keys;
        this.pseudonyms = pseudonyms;
        this.settings = settings;
        this.clock = clock;
        this.secrets = secrets;
        this.codes = codes;
        this.lockout = lockout;
        this.sendLimits = sendLimits;
        this.delivery = delivery;
        this.audit = audit;
        this.steps = steps;
    }

    /** See {@link dev.patientportal.auth.PortalLogin#start}. */
    Challenge start(LoginRequest request, RequestContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        AccessMethod method = request.method();
        List<Factor> factors = factorsOf(method);
        Trail trail = new Trail(request.institution(), context, LoginAuditActions.START);
        trail.details.put("method", method.name());
        trail.details.put("factors", Trail.names(factors));
        return audit.refusalsAudited(trail, () -> issue(request, method, factors, trail));
    }

    private Challenge issue(LoginRequest request, AccessMethod method, List<Factor> factors, Trail trail) {
        InstitutionId institution = request.institution();
        LoginIdentity identity = normalise(request);
        ServerKey key = keys.current();
        Instant now = clock.instant();
        // Counters are keyed by the pseudonym key, not the code keys: a code-key rotation keeps them.
        String identityKey = pseudonyms.identity("lockout", institution, identity);
        lockout.requireNotLocked(identityKey, now);

        Map<Factor, String> destinations = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            destinations.put(
                    f,
                    f == Factor.SMS
                            ? pseudonyms.pseudonym(
                                    SendLimits.PURPOSE,
                                    "phone",
                                    identity.phone().e164())
                            : pseudonyms.pseudonym(
                                    SendLimits.PURPOSE,
                                    "email",
                                    Objects.requireNonNull(identity.email()).value()));
        }
        sendLimits.acquire(institution, trail.context, destinations.values(), factors, now);

        Optional<AccessGrant> grant = steps.call(() -> grants.findActiveByIdentity(institution, identity))
                .filter(g -> g.isActive()
                        && g.institution().equals(institution)
                        && g.method() == method
                        && g.identity().equals(identity));

        String id = secrets.randomId(Secrets.ID_BYTES);
        Instant expiresAt = now.plus(settings.challengeLifetime());
        Instant codeExpiry = codes.expiry(now, expiresAt);
        Map<Factor, StoredCode> stored = new EnumMap<>(Factor.class);
        Map<Factor, String> clear = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            String code = codes.newCode();
            stored.put(
                    f,
                    new StoredCode(
                            key.id(),
                            OneTimeCodes.mac(key, grant.isEmpty(), id, f, code),
                            1,
                            codeExpiry,
                            false,
                            Objects.requireNonNull(destinations.get(f))));
            clear.put(f, code);
        }
        PatientId patient = grant.map(AccessGrant::patient).orElse(null);
        long version = grant.map(AccessGrant::version).orElse(0L);
        ChallengeRecord record = new ChallengeRecord(
                id,
                institution,
                patient,
                version,
                identityKey,
                stored,
                settings.maxAttemptsPerChallenge(),
                0,
                now,
                expiresAt,
                now.plus(settings.resendCooldown()),
                false);
        steps.run(() -> store.insert(record));

        trail.patient = patient;
        trail.target = Secrets.reference(id);
        if (grant.isPresent()) {
            trail.details.put("result", "issued");
            audit.record(trail, AuditEvent.Outcome.SUCCESS);
        } else {
            // Same answer, nothing sent; the audit tells staff what happened.
            trail.details.put("result", "unknown-identity");
            audit.record(trail, AuditEvent.Outcome.DENIED);
        }
        // A decoy hands over the same task, whose send does nothing: the hand-off and the task show in the timing.
        delivery.deliver(trail, clear, identity, grant.isEmpty());
        return Challenges.view(record);
    }

    /** See {@link dev.patientportal.auth.PortalLogin#resend}. */
    Challenge resend(InstitutionId institution, @Nullable String challengeId, Factor factor, RequestContext context) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(context, "context");
        Trail trail = new Trail(institution, context, LoginAuditActions.RESEND);
        trail.details.put("factor", factor.name());
        return audit.refusalsAudited(trail, () -> replace(institution, challengeId, factor, trail));
    }

    private Challenge replace(InstitutionId institution, @Nullable String challengeId, Factor factor, Trail trail) {
        ChallengeRecord c = challenges.load(institution, challengeId, trail);
        Instant now = clock.instant();
        StoredCode current = Challenges.unverifiedCode(c, factor, now);
        lockout.requireNotLocked(c.identityKey(), now);
        if (c.attemptsLeft() <= 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        if (c.resends() >= settings.maxResendsPerChallenge()) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, null);
        }
        if (now.isBefore(c.resendAvailableAt())) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, Duration.between(now, c.resendAvailableAt()));
        }
        sendLimits.acquire(institution, trail.context, List.of(current.destinationKey()), List.of(factor), now);

        ServerKey key = keys.current();
        String code = codes.newCode();
        StoredCode next = new StoredCode(
                key.id(),
                OneTimeCodes.mac(key, c.isDecoy(), c.id(), factor, code),
                current.generation() + 1,
                codes.expiry(now, c.expiresAt()),
                false,
                current.destinationKey());
        ChallengeRecord after = steps.call(
                        () -> store.replaceCode(c.id(), factor, next, c.resends(), now.plus(settings.resendCooldown())))
                .orElseThrow(() -> new AuthenticationException(Reason.RATE_LIMITED, -1, settings.resendCooldown()));

        PatientId patient = c.patient();
        Supplier<Optional<LoginIdentity>> identity;
        if (patient == null) {
            trail.details.put("result", "unknown-identity");
            audit.record(trail, AuditEvent.Outcome.DENIED);
            // The same grant read as a real resend, and an identity of the same shape for a message never sent.
            identity = () -> {
                try {
                    steps.call(() -> grants.find(institution, CodeDelivery.DECOY_PATIENT));
                } catch (RuntimeException e) {
                    // The decoy's id is not one of the host's: a grant store may refuse its shape.
                }
                return Optional.of(CodeDelivery.DECOY_IDENTITY);
            };
        } else {
            trail.details.put("result", "resent");
            audit.record(trail, AuditEvent.Outcome.SUCCESS);
            // The store holds no address: the delivery reads it from the grant, if the grant is still the same.
            long version = c.grantVersion();
            identity = () -> steps.call(() -> grants.find(institution, patient))
                    .filter(g -> g.isActive() && g.version() == version)
                    .map(AccessGrant::identity);
        }
        delivery.deliverLater(trail, factor, code, identity, patient == null);
        return Challenges.view(after);
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

    private static List<Factor> factorsOf(AccessMethod method) {
        return method == AccessMethod.EMAIL_AND_PHONE ? List.of(Factor.EMAIL, Factor.SMS) : List.of(Factor.SMS);
    }
}
