package dev.patientportal.core.spi;

import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reading and upkeep side of the audit: the events an {@link AuditSink} stored, in their chains, with the chains'
 * checkpoints. A separate interface from {@link AuditSink}, which stays write-only, so that an existing sink keeps
 * compiling; {@link PortalStores#auditTrail()} says where it comes from and defaults to {@link #unsupported()}.
 *
 * <p>A store that implements both numbers each institution's events from 1 without gaps, in the order their units of
 * work took the institution's chain head (one head per institution, locked by each insert until its unit of work ends,
 * so two nodes never give out one number twice), and links each to the one before (see
 * {@link dev.patientportal.core.AuditChain}).
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread, inside the caller's unit of work; must be safe for
 * concurrent use. {@link #checkpoint} and {@link #purge} take the institution's chain head like an insert does, so they
 * serialise with writers. Reads see what the unit of work sees.
 */
public interface AuditTrail {
    /**
     * Lists events, newest first, by {@link AuditQuery#matches}.
     *
     * @param query conditions, cursor and limit
     * @return at most {@code query.limit()} events
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be read
     */
    List<AuditRecord> query(AuditQuery query);

    /**
     * Walks an institution's chain in sequence order, for a verifier.
     *
     * @param institution the institution
     * @param fromSequence the least sequence number to return
     * @param limit at most this many
     * @return the stored events with {@code sequence >= fromSequence}, ascending; a gap or a repeated number is
     *     returned as stored (that is what a verifier looks for)
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be read
     */
    List<AuditRecord> chain(InstitutionId institution, long fromSequence, int limit);

    /**
     * Lists an institution's stored checkpoints in sequence order.
     *
     * @param institution the institution
     * @param fromSequence the least sequence number to return
     * @param limit at most this many
     * @return the checkpoints with {@code sequence >= fromSequence}, ascending
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be read
     */
    List<AuditCheckpoint> checkpoints(InstitutionId institution, long fromSequence, int limit);

    /**
     * Signs the institution's chain head now and stores the checkpoint, to export and anchor outside the database.
     *
     * @param institution the institution
     * @param at the checkpoint's time
     * @return the checkpoint, or empty when the institution has no chained event yet or the store chains no events
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be written
     */
    Optional<AuditCheckpoint> checkpoint(InstitutionId institution, Instant at);

    /**
     * Deletes the oldest events of an institution: the longest prefix of its chain whose events are all older than
     * {@code before}, so that what remains is one unbroken chain. Stores a checkpoint at the cut (the last deleted
     * event's link, signed at {@code at}) from which the rest verifies, and deletes the checkpoints before it.
     *
     * @param institution the institution
     * @param before events older than this may go
     * @param at the time of the checkpoint at the cut
     * @return what was deleted
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be written
     */
    AuditPurge purge(InstitutionId institution, Instant before, Instant at);

    /**
     * Lists the institutions that have a chain, for retention jobs.
     *
     * @return the institutions, in no particular order
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be read
     */
    List<InstitutionId> institutions();

    /**
     * A trail for stores that cannot read their events back: every method throws
     * {@link UnsupportedOperationException}, so staff audit queries and the patient's access log fail (audited as
     * {@code FAILED}) instead of showing an empty, misleading list.
     *
     * @return the trail
     */
    static AuditTrail unsupported() {
        return UnsupportedAuditTrail.INSTANCE;
    }
}
