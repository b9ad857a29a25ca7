package dev.patientportal.core;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One audited action: who did what to which thing, when, with what outcome, from where. Every staff action, every
 * login attempt and every read of patient data by the patient produces one.
 *
 * <p>Details hold no personal data: ids, counts, factor types, states and reason codes only; never names, TAJ, phone
 * numbers, e-mail addresses, document titles, codes or tokens.
 *
 * @param at when it happened
 * @param institution the institution
 * @param actor who acted
 * @param action what was done, a stable dotted code from {@link AuditActions}
 * @param patient the patient whose data was touched, or {@code null} when none (an unknown login)
 * @param targetId the id of the thing acted on (document, reservation, slot, challenge), or {@code null}
 * @param outcome how it ended
 * @param clientAddress the client's address, if known
 * @param details further PHI-free facts, such as {@code factor=SMS} or {@code count=3}
 */
public record AuditEvent(
        Instant at,
        InstitutionId institution,
        Actor actor,
        String action,
        @Nullable PatientId patient,
        @Nullable String targetId,
        Outcome outcome,
        @Nullable String clientAddress,
        Map<String, String> details) {

    /** How an audited action ended. */
    public enum Outcome {
        /** It did what was asked. */
        SUCCESS,
        /** It was refused: missing permission, not found, policy, wrong code. */
        DENIED,
        /** It failed for a technical reason. */
        FAILED
    }

    /**
     * Copies the details.
     *
     * @param at when it happened
     * @param institution the institution
     * @param actor who acted
     * @param action what was done, a stable dotted code from {@link AuditActions}
     * @param patient the patient whose data was touched, or {@code null} when none (an unknown login)
     * @param targetId the id of the thing acted on (document, reservation, slot, challenge), or {@code null}
     * @param outcome how it ended
     * @param clientAddress the client's address, if known
     * @param details further PHI-free facts, such as {@code factor=SMS} or {@code count=3}
     */
    public AuditEvent {
        java.util.Objects.requireNonNull(at, "at");
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(actor, "actor");
        java.util.Objects.requireNonNull(action, "action");
        java.util.Objects.requireNonNull(outcome, "outcome");
        details = Map.copyOf(details);
    }
}
