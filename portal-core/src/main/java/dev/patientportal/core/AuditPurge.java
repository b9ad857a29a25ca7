package dev.patientportal.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one retention run deleted from an institution's audit trail: a prefix of its chain, events {@code 1} (or the
 * first one left by an earlier run) through {@link #throughSequence()}.
 *
 * @param institution the institution
 * @param deleted how many events were deleted; 0 when none was old enough
 * @param throughSequence the sequence number of the last deleted event, or 0 when none was deleted
 * @param checkpoint the checkpoint at the cut, from which the rest of the chain verifies; {@code null} when nothing was
 *     deleted or the trail is not chained
 */
public record AuditPurge(
        InstitutionId institution,
        long deleted,
        long throughSequence,
        @Nullable AuditCheckpoint checkpoint) {
    /**
     * Checks the fields.
     *
     * @param institution the institution
     * @param deleted how many events were deleted; 0 when none was old enough
     * @param throughSequence the sequence number of the last deleted event, or 0 when none was deleted
     * @param checkpoint the checkpoint at the cut, from which the rest of the chain verifies; {@code null} when nothing
     *     was deleted or the trail is not chained
     */
    public AuditPurge {
        Objects.requireNonNull(institution, "institution");
        if (deleted < 0 || throughSequence < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * A run that deleted nothing.
     *
     * @param institution the institution
     * @return the result
     */
    public static AuditPurge nothing(InstitutionId institution) {
        return new AuditPurge(institution, 0, 0, null);
    }
}
