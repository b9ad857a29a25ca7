package dev.patientportal.core.spi;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A query for one patient's documents, newest first ({@code createdAt} descending, then {@code id} descending),
 * keyset-paginated.
 *
 * @param institution the institution
 * @param patient the patient
 * @param states only documents in these states
 * @param type only documents of this type, or {@code null}
 * @param after only documents strictly after this position in the order, or {@code null} from the start
 * @param limit at most this many
 */
public record DocumentQuery(
        InstitutionId institution,
        PatientId patient,
        Set<DocumentState> states,
        @Nullable DocumentType type,
        @Nullable Position after,
        int limit) {

    /**
     * A position in the order: a document's creation time and id.
     *
     * @param createdAt the document's creation time
     * @param id the document's id
     */
    public record Position(Instant createdAt, DocumentId id) {
        /**
         * Checks the fields.
         *
         * @param createdAt the document's creation time
         * @param id the document's id
         */
        public Position {
            java.util.Objects.requireNonNull(createdAt, "createdAt");
            java.util.Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Copies the states.
     *
     * @param institution the institution
     * @param patient the patient
     * @param states only documents in these states
     * @param type only documents of this type, or {@code null}
     * @param after only documents strictly after this position in the order, or {@code null} from the start
     * @param limit at most this many
     */
    public DocumentQuery {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        states = Set.copyOf(states.isEmpty() ? Set.of() : EnumSet.copyOf(states));
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /**
     * Tells whether a document at a position comes after {@link #after()} in the order.
     *
     * @param createdAt the document's creation time
     * @param id the document's id
     * @return {@code true} when it belongs after the cursor, or when there is no cursor
     */
    public boolean isAfterCursor(Instant createdAt, DocumentId id) {
        if (after == null) {
            return true;
        }
        int c = createdAt.compareTo(after.createdAt());
        return c < 0 || (c == 0 && id.value().compareTo(after.id().value()) < 0);
    }
}
