package dev.patientportal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What page of an institution's audit events a staff query lists, newest first: every condition set must hold.
 *
 * <pre>{@code
 * AuditFilter filter = AuditFilter.builder()
 *         .patient(patientId)
 *         .from(Instant.parse("2026-01-01T00:00:00Z"))
 *         .outcome(AuditEvent.Outcome.DENIED)
 *         .build();
 * Page<AuditRecord> page = portal.audit(staff).events(filter);
 * page = portal.audit(staff).events(filter.after(page.nextCursor()));
 * }</pre>
 *
 * @param patient only events about this patient, or {@code null}
 * @param actor only events by this actor, or {@code null}
 * @param actions only events with one of these actions ({@link AuditActions} codes); empty for all
 * @param outcome only events with this outcome, or {@code null}
 * @param from only events at or after this time, or {@code null}
 * @param to only events before this time, or {@code null}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record AuditFilter(
        @Nullable PatientId patient,
        @Nullable Actor actor,
        Set<String> actions,
        AuditEvent.@Nullable Outcome outcome,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String cursor,
        int limit) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest page size. */
    public static final int MAX_LIMIT = 500;

    /**
     * Checks the page size and the time range.
     *
     * @param patient only events about this patient, or {@code null}
     * @param actor only events by this actor, or {@code null}
     * @param actions only events with one of these actions ({@link AuditActions} codes); empty for all
     * @param outcome only events with this outcome, or {@code null}
     * @param from only events at or after this time, or {@code null}
     * @param to only events before this time, or {@code null}
     * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
     * @param limit the page size, 1 to {@value #MAX_LIMIT}
     * @throws ValidationException naming {@code limit} when it is outside 1 to {@value #MAX_LIMIT}, else {@code to}
     *     when it is not after {@code from}; the message names every problem
     */
    public AuditFilter {
        actions = Set.copyOf(actions);
        List<String> fields = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            fields.add("limit");
            reasons.add("limit must be between 1 and " + MAX_LIMIT);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            fields.add("to");
            reasons.add("to must be after from");
        }
        if (!fields.isEmpty()) {
            throw new ValidationException(fields.get(0), String.join("; ", reasons));
        }
    }

    /**
     * The first page of every event, {@value #DEFAULT_LIMIT} per page.
     *
     * @return the filter
     */
    public static AuditFilter all() {
        return builder().build();
    }

    /**
     * Starts a filter.
     *
     * @return a builder with no condition and the default page size
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The page after a cursor, with the same conditions and size.
     *
     * @param nextCursor the previous page's {@link Page#nextCursor()}
     * @return the filter
     */
    public AuditFilter after(String nextCursor) {
        return new AuditFilter(
                patient, actor, actions, outcome, from, to, Objects.requireNonNull(nextCursor, "nextCursor"), limit);
    }

    /**
     * Builds an {@link AuditFilter}; {@link #build()} reports every problem at once. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable PatientId patient;
        private @Nullable Actor actor;
        private final Set<String> actions = new LinkedHashSet<>();
        private AuditEvent.@Nullable Outcome outcome;
        private @Nullable Instant from;
        private @Nullable Instant to;
        private @Nullable String cursor;
        private int limit = DEFAULT_LIMIT;

        private Builder() {}

        /**
         * Only events about a patient.
         *
         * @param patient the patient
         * @return this builder
         */
        public Builder patient(PatientId patient) {
            this.patient = Objects.requireNonNull(patient, "patient");
            return this;
        }

        /**
         * Only events by a staff member.
         *
         * @param staff the staff member
         * @return this builder
         */
        public Builder staff(StaffId staff) {
            this.actor = Actor.staff(Objects.requireNonNull(staff, "staff"));
            return this;
        }

        /**
         * Only events by an actor (a staff member, a patient, the system, or anonymous login attempts).
         *
         * @param actor the actor
         * @return this builder
         */
        public Builder actor(Actor actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /**
         * Only events with one of these actions; may be called several times.
         *
         * @param actions {@link AuditActions} codes (and those of portal-auth and portal-notify)
         * @return this builder
         */
        public Builder actions(String... actions) {
            for (String a : actions) {
                this.actions.add(Objects.requireNonNull(a, "action"));
            }
            return this;
        }

        /**
         * Only events with an outcome.
         *
         * @param outcome the outcome
         * @return this builder
         */
        public Builder outcome(AuditEvent.Outcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /**
         * Only events at or after a time.
         *
         * @param from the time
         * @return this builder
         */
        public Builder from(Instant from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /**
         * Only events before a time.
         *
         * @param to the time
         * @return this builder
         */
        public Builder to(Instant to) {
            this.to = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * Continues after a previous page.
         *
         * @param cursor the previous page's {@link Page#nextCursor()}
         * @return this builder
         */
        public Builder cursor(String cursor) {
            this.cursor = Objects.requireNonNull(cursor, "cursor");
            return this;
        }

        /**
         * Sets the page size. Default: {@value AuditFilter#DEFAULT_LIMIT}.
         *
         * @param limit 1 to {@value AuditFilter#MAX_LIMIT}
         * @return this builder
         */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         * @throws ValidationException naming the first bad setting ({@code limit} or {@code to}); its message names
         *     every problem
         */
        public AuditFilter build() {
            return new AuditFilter(patient, actor, Set.copyOf(actions), outcome, from, to, cursor, limit);
        }
    }
}
