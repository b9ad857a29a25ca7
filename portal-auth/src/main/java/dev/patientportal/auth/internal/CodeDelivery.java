package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.PatientDirectory;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands codes to the code sender on the delivery executor, off the request thread, so that neither the answer of a
 * login, its errors nor its timing depend on the sender. A failed send is logged without its message (a provider's
 * message may name the address) and audited.
 *
 * <p>A decoy hands over the same task: it reads the patient records (for {@link #DECOY_PATIENT}) in a unit of work,
 * builds the same messages and gives them to a sender that does nothing. Otherwise the hand-off, the lookup and the
 * task's share of the CPU would make a real start slower than a decoy, which is enough to tell patients apart.
 */
final class CodeDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(CodeDelivery.class);

    /**
     * Whom a decoy's task looks up where a real one looks up the patient, for the language of its messages. No grant is
     * made for it; should a host have a patient of that id, the lookup reads a record and nothing is sent.
     */
    static final PatientId DECOY_PATIENT = PatientId.of("portal.decoy");

    /** Where a decoy's resent code is addressed: a grant's identity of the same shape, for a message never sent. */
    static final LoginIdentity DECOY_IDENTITY =
            LoginIdentity.emailAndPhone(EmailAddress.parse("decoy@example.invalid"), PhoneNumber.parse("+36201234567"));

    /** The decoy's sender: the message is made, and dropped. */
    private static final CodeSender DISCARD = message -> {};

    private final Executor delivery;
    private final CodeSender sender;
    private final @Nullable PatientDirectory directory;
    private final AuthSettings settings;
    private final LoginAudit audit;
    private final Steps steps;

    CodeDelivery(
            Executor delivery,
            CodeSender sender,
            @Nullable PatientDirectory directory,
            AuthSettings settings,
            LoginAudit audit,
            Steps steps) {
        this.delivery = delivery;
        this.sender = sender;
        this.directory = directory;
        this.settings = settings;
        this.audit = audit;
        this.steps = steps;
    }

    /**
     * Sends the codes of a new challenge to the identity that was typed. A decoy's codes go the same way, in a task of
     * the same shape (the same patient lookup, the same messages) whose send does nothing.
     */
    void deliver(Trail trail, Map<Factor, String> codes, LoginIdentity identity, boolean decoy) {
        PatientId patient = decoy ? DECOY_PATIENT : trail.patient;
        CodeSender to = decoy ? DISCARD : sender;
        run(trail, () -> {
            Locale locale = locale(trail, patient, decoy);
            for (Map.Entry<Factor, String> e : codes.entrySet()) {
                Factor f = e.getKey();
                send(
                        trail,
                        to,
                        new CodeMessage(
                                trail.institution,
                                f.channel(),
                                f == Factor.EMAIL ? identity.email() : null,
                                f == Factor.SMS ? identity.phone() : null,
                                e.getValue(),
                                settings.codeValidity(),
                                locale));
            }
        });
    }

    /**
     * Sends a resent code to the identity of the grant, read when the send runs; nothing if the grant changed. A
     * decoy's code goes the same way, to {@link #DECOY_IDENTITY}, and its send does nothing.
     */
    void deliverLater(
            Trail trail, Factor factor, String code, Supplier<Optional<LoginIdentity>> identity, boolean decoy) {
        PatientId patient = decoy ? DECOY_PATIENT : trail.patient;
        CodeSender to = decoy ? DISCARD : sender;
        run(trail, () -> {
            Optional<LoginIdentity> found = identity.get();
            if (found.isEmpty()) {
                LOG.info(
                        "Not resending a login code for challenge {} in institution {}: the grant changed",
                        trail.target,
                        trail.institution);
                return;
            }
            LoginIdentity id = found.get();
            if (factor == Factor.EMAIL && id.email() == null) {
                return;
            }
            send(
                    trail,
                    to,
                    new CodeMessage(
                            trail.institution,
                            factor.channel(),
                            factor == Factor.EMAIL ? id.email() : null,
                            factor == Factor.SMS ? id.phone() : null,
                            code,
                            settings.codeValidity(),
                            locale(trail, patient, decoy)));
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

    private void send(Trail trail, CodeSender to, CodeMessage message) {
        try {
            to.send(message);
        } catch (RuntimeException e) {
            deliveryFailed(trail, message.channel(), e);
        }
    }

    private void deliveryFailed(Trail trail, CodeMessage.@Nullable Channel channel, RuntimeException e) {
        // The exception's message may come from a provider and name the address: log its type only.
        LOG.warn(
                "Could not send a login code{} for challenge {} in institution {}: {}",
                channel == null ? "" : " by " + channel,
                trail.target,
                trail.institution,
                e.getClass().getName());
        Trail failed = new Trail(trail.institution, trail.context, LoginAuditActions.CODE_DELIVERY);
        failed.patient = trail.patient;
        failed.target = trail.target;
        if (channel != null) {
            failed.details.put("channel", channel.name());
        }
        failed.details.put(
                "error",
                e instanceof TemporaryFailureException
                        ? "temporary-failure"
                        : e instanceof ValidationException v ? "validation:" + v.field() : "error");
        try {
            audit.record(failed, AuditEvent.Outcome.FAILED);
        } catch (RuntimeException auditFailure) {
            LOG.error(
                    "Could not audit a failed code delivery for challenge {} in institution {}",
                    trail.target,
                    trail.institution,
                    auditFailure);
        }
    }

    /**
     * The language of a code: the one the request asked for (the page the patient is typing into, for example from
     * {@code Accept-Language}), else the patient record's, else the institution's default.
     */
    private Locale locale(Trail trail, @Nullable PatientId patient, boolean decoy) {
        Locale requested = trail.context.locale();
        if (requested != null) {
            return requested;
        }
        if (directory != null && patient != null) {
            PatientDirectory d = directory;
            try {
                Optional<PatientProfile> profile = steps.call(() -> d.find(trail.institution, patient));
                if (profile.isPresent()) {
                    return profile.get().locale();
                }
            } catch (PortalException e) {
                LOG.debug(
                        "Patient record unavailable for the language of a login code in institution {}",
                        trail.institution);
            } catch (RuntimeException e) {
                if (!decoy) {
                    throw e;
                }
                // The decoy's id is not one of the host's: a directory may refuse its shape. Nothing goes out anyway.
            }
        }
        return settings.defaultLocale();
    }
}
