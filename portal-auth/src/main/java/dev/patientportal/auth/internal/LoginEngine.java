package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.VerifyResult;
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
import dev.patientportal.core.spi.TransactionRunner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The login flows behind {@link dev.patientportal.auth.PortalLogin}, wired from parts that each do one job: issuing
 * challenges and their codes ({@link ChallengeIssuer}), checking codes ({@link CodeVerifier}), completing logins
 * ({@link LoginCompletion}) and keeping sessions ({@link SessionKeeper}), over the lockout, the send limits, the codes,
 * their delivery and the audit. Every store call runs in a unit of work of its own ({@link Steps}),
 * which completes before the flow acts on its answer: a counted failure is committed before anything else can fail.
 *
 * <p>Real and decoy challenges take the same path with the same work (a grant lookup, one random code and one HMAC
 * per factor, one insert, one audit event, one task handed to the delivery executor); the task sends a real
 * challenge's codes off the request thread, so neither the answer, its errors nor its timing depend on the code
 * sender, and a decoy's task does the same up to the send, which does nothing.
 */
public final class LoginEngine {
    private final ChallengeIssuer issuer;
    private final CodeVerifier verifier;
    private final SessionKeeper sessions;

    /**
     * Wires the flows; {@link dev.patientportal.auth.PortalLogin.Builder} checks the arguments.
     *
     * @param grants the access grants
     * @param directory the patient records, for the language of messages, or {@code null}
     * @param sender sends codes
     * @param auditSink records audit events
     * @param keys the server keys
     * @param pseudonyms the key of the lockout and send-limit counters' pseudonyms
     * @param settings the limits
     * @param stores the login stores
     * @param tx how a unit of work runs
     * @param clock the clock
     * @param delivery where codes are handed to the sender
     * @param random the random source
     * @param metrics hears of completed and refused logins; must not throw ({@link PortalMetricsListener#guarded})
     */
    public LoginEngine(
            AccessGrantStore grants,
            @Nullable PatientDirectory directory,
            CodeSender sender,
            AuditSink auditSink,
            CodeKeyring keys,
            PseudonymKey pseudonyms,
            AuthSettings settings,
            AuthStores stores,
            TransactionRunner tx,
            Clock clock,
            Executor delivery,
            SecureRandom random,
            PortalMetricsListener metrics) {
        Steps steps = new Steps(tx);
        Secrets secrets = new Secrets(random);
        LoginAudit audit = new LoginAudit(auditSink, clock, steps, metrics);
        OneTimeCodes codes = new OneTimeCodes(keys, settings, secrets);
        IdentityLockout lockout = new IdentityLockout(stores.lockouts(), settings, steps);
        SendLimits sendLimits = new SendLimits(stores.rateLimits(), pseudonyms, settings, steps);
        CodeDelivery codeDelivery = new CodeDelivery(delivery, sender, directory, settings, audit, steps);
        Challenges challenges = new Challenges(stores.challenges(), steps);
        this.issuer = new ChallengeIssuer(
                grants,
                stores.challenges(),
                challenges,
                keys,
                pseudonyms,
                settings,
                clock,
                secrets,
                codes,
                lockout,
                sendLimits,
                codeDelivery,
                audit,
                steps);
        LoginCompletion completion =
                new LoginCompletion(grants, stores.sessions(), lockout, settings, secrets, audit, steps);
        this.verifier =
                new CodeVerifier(stores.challenges(), challenges, codes, lockout, completion, audit, clock, steps);
        this.sessions = new SessionKeeper(stores.sessions(), grants, settings, clock, audit, steps);
    }

    /**
     * See {@link dev.patientportal.auth.PortalLogin#start}.
     *
     * @param request what the patient typed
     * @param context the request
     * @return the challenge
     */
    public Challenge start(LoginRequest request, RequestContext context) {
        return issuer.start(request, context);
    }

    /**
     * See {@link dev.patientportal.auth.PortalLogin#verify}.
     *
     * @param institution the institution of the challenge
     * @param challengeId the challenge
     * @param factor the factor
     * @param code the code as typed
     * @param context the request
     * @return the result
     */
    public VerifyResult verify(
            InstitutionId institution,
            @Nullable String challengeId,
            Factor factor,
            @Nullable String code,
            RequestContext context) {
        return verifier.verify(institution, challengeId, factor, code, context);
    }

    /**
     * See {@link dev.patientportal.auth.PortalLogin#resend}.
     *
     * @param institution the institution of the challenge
     * @param challengeId the challenge
     * @param factor the factor
     * @param context the request
     * @return the challenge after the resend
     */
    public Challenge resend(
            InstitutionId institution, @Nullable String challengeId, Factor factor, RequestContext context) {
        return issuer.resend(institution, challengeId, factor, context);
    }

    /**
     * See {@link dev.patientportal.auth.PortalLogin#logout}.
     *
     * @param token the session token
     * @param context the request
     * @return whether this call ended a session
     */
    public boolean logout(@Nullable String token, RequestContext context) {
        return sessions.logout(token, context);
    }

    /**
     * See {@link dev.patientportal.core.spi.SessionResolver#resolve}.
     *
     * @param token the session token
     * @return the session, or empty
     */
    public Optional<PatientSession> resolve(@Nullable String token) {
        return sessions.resolve(token);
    }

    /**
     * See {@link dev.patientportal.core.spi.SessionResolver#endSessions}; joins the caller's unit of work.
     *
     * @param institution the institution
     * @param patient the patient
     * @return how many sessions ended
     */
    public int endSessions(InstitutionId institution, PatientId patient) {
        return sessions.endSessions(institution, patient);
    }
}
