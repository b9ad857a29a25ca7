package dev.patientportal.core.spi;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A query for one institution's audit events, newest first ({@link AuditEvent#at()} descending, then
 * {@link AuditRecord#sequence()} descending), keyset-paginated. Every condition given must hold; an absent one does
 * not filter.
 *
 * @param institution the institution
 * @param patient only events about this patient, or {@code null}
 * @param actor only events by this actor (type and id), or {@code null}
 * @param actions only events with one of these actions; empty for every action
 * @param outcome only events with this outcome, or {@code null}
 * @param from only events at or after this time, or {@code null}
 * @param to only events before this time, or {@code null}
 * @param after only events strictly after this position in the order, or {@code null} from the start
 * @param limit at most this many
 */
public record AuditQuery(
        InstitutionId institution,
        @Nullable PatientId patient,
        @Nullable Actor actor,
        Set<String> actions,
        AuditEvent.@Nullable Outcome outcome,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Position after,
        int limit) {

    /**
     * A position in the order: an event's time and sequence number.
     *
     * @param at the event's time
     * @param sequence the event's sequence number
     */
    public record Position(Instant at, long sequence) {
        /**
         * Checks the fields.
         *
         * @param at the event's time
         * @param sequence the event's sequence number
         */
        public Position {
            Objects.requireNonNull(at, "at");
        }

        /**
         * The position of a stored event.
         *
         * @param record the event
         * @return its position
         */
        public static Position of(AuditRecord record) {
            return new Position(record.event().at(), record.sequence());
        }
    }

    /**
     * Copies the actions and checks the limit.
     *
     * @param institution the institution
     * @param patient only events about this patient, or {@code null}
     * @param actor only events by this actor (type and id), or {@code null}
     * @param actions only events with one of these actions; empty for every action
     * @param outcome only events with this outcome, or {@code null}
     * @param from only events at or after this time, or {@code null}
     * @param to only events before this time, or {@code null}
     * @param after only events strictly after this position in the order, or {@code null} from the start
     * @param limit at most this many
     */
    public AuditQuery {
        Objects.requireNonNull(institution, "institution");
        actions = Set.copyOf(actions);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /**
     * Tells whether a stored event meets every condition of this query, the cursor included: the reference
     * implementation of the query, for stores that filter in memory.
     *
     * @param record the event
     * @return {@code true} when it belongs in the result
     */
    public boolean matches(AuditRecord record) {
        AuditEvent e = record.event();
        return e.institution().equals(institution)
                && (patient == null || patient.equals(e.patient()))
                && (actor == null || actor.equals(e.actor()))
                && (actions.isEmpty() || actions.contains(e.action()))
                && (outcome == null || outcome == e.outcome())
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to))
                && isAfterCursor(record);
    }

    /**
     * Tells whether a stored event comes after {@link #after()} in the order.
     *
     * @param record the event
     * @return {@code true} when it belongs after the cursor, or when there is no cursor
     */
    public boolean isAfterCursor(AuditRecord record) {
        if (after == null) {
            return true;
        }
        int c = record.event().at().compareTo(after.at());
        return c < 0 || (c == 0 && record.sequence() < after.sequence());
    }
}
