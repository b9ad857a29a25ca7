package dev.patientportal.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link AuditVerifier} found walking one institution's chain.
 *
 * @param institution the institution
 * @param startedFrom the checkpoint the walk started from, or {@code null} when it started at the chain's beginning
 * @param firstSequence the sequence number of the first event verified, or 0 when none was
 * @param lastSequence the sequence number of the last event verified, or 0 when none was
 * @param verified how many events verified before the walk ended
 * @param unchained how many events at the chain's beginning carry no link (stored before the chain began); they are
 *     counted, not verified
 * @param firstBreak the first broken link, or {@code null} when the range is intact
 */
public record AuditVerification(
        InstitutionId institution,
        @Nullable AuditCheckpoint startedFrom,
        long firstSequence,
        long lastSequence,
        long verified,
        long unchained,
        @Nullable Break firstBreak) {

    /**
     * Checks the fields.
     *
     * @param institution the institution
     * @param startedFrom the checkpoint the walk started from, or {@code null} when it started at the chain's beginning
     * @param firstSequence the sequence number of the first event verified, or 0 when none was
     * @param lastSequence the sequence number of the last event verified, or 0 when none was
     * @param verified how many events verified before the walk ended
     * @param unchained how many events at the chain's beginning carry no link (stored before the chain began); they are
     *     counted, not verified
     * @param firstBreak the first broken link, or {@code null} when the range is intact
     */
    public AuditVerification {
        Objects.requireNonNull(institution, "institution");
    }

    /**
     * Tells whether every link in the range verified.
     *
     * @return {@code true} when no link is broken
     */
    public boolean isIntact() {
        return firstBreak == null;
    }

    /** What kind of break a verifier found. */
    public enum Kind {
        /** A sequence number is skipped, or the chain ends before a checkpoint's sequence: events were removed. */
        MISSING,
        /**
         * The event does not match its link: a field was changed, or the event was inserted by someone without the key
         * (a forged link), or it carries no link inside the chain.
         */
        ALTERED,
        /** The event is authentic but its link is for another sequence number: events were moved or swapped. */
        REORDERED,
        /** The event verifies but does not link to the event before it: the chain was spliced. */
        UNLINKED,
        /** The event, or a checkpoint, names a key the verifier was not given. */
        UNKNOWN_KEY,
        /** A checkpoint's signature does not verify: it was forged or changed. */
        CHECKPOINT_INVALID,
        /** The event at a checkpoint's sequence number does not have the checkpoint's head: the chain was rewritten. */
        CHECKPOINT_MISMATCH
    }

    /**
     * The first broken link.
     *
     * @param kind what is wrong
     * @param sequence where: the sequence number of the first event (or checkpoint) found wrong
     * @param detail a sentence for operators; holds no event data, only sequence numbers and key ids
     */
    public record Break(Kind kind, long sequence, String detail) {
        /**
         * Checks the fields.
         *
         * @param kind what is wrong
         * @param sequence where: the sequence number of the first event (or checkpoint) found wrong
         * @param detail a sentence for operators; holds no event data, only sequence numbers and key ids
         */
        public Break {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
