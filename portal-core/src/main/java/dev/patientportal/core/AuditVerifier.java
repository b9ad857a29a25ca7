package dev.patientportal.core;

import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Walks an institution's audit chain and reports the first broken link: removed events (a skipped sequence number),
 * changed or inserted ones (a link that does not verify), moved ones (a link made for another sequence number), and a
 * chain that does not reach, or does not match, a checkpoint.
 *
 * <pre>{@code
 * AuditVerifier verifier = AuditVerifier.of(stores.auditTrail(), auditKeys, transactions);
 * AuditVerification all = verifier.verify(clinic);                          // from the beginning, or the cut
 * AuditVerification since = verifier.verify(clinic, anchored, null);        // from a checkpoint kept outside
 * if (!all.isIntact()) {
 *     alert(all.firstBreak());
 * }
 * }</pre>
 *
 * <p>What a successful walk proves, and what it does not, is in {@code docs/privacy.md}: someone holding the audit key
 * and the database can rewrite the whole chain consistently; only a checkpoint anchored outside the database
 * ({@link #verify(InstitutionId, AuditCheckpoint, AuditCheckpoint) verify(..., from, to)}) catches that, and the end of
 * the chain after the last anchor can be cut off unnoticed.
 *
 * <p>Reads the chain in batches, each in a unit of work of its own. Immutable and thread-safe.
 */
public final class AuditVerifier {
    /** How far from its place a moved event is looked for, in sequence numbers, before it is called altered. */
    static final int REORDER_WINDOW = 1000;

    private final AuditTrail trail;
    private final AuditKeyring keys;
    private final TransactionRunner transactions;

    private AuditVerifier(AuditTrail trail, AuditKeyring keys, TransactionRunner transactions) {
        this.trail = trail;
        this.keys = keys;
        this.transactions = transactions;
    }

    /**
     * A verifier that reads the trail directly, for stores that need no unit of work.
     *
     * @param trail the stored events
     * @param keys every key whose id occurs in the ranges to verify
     * @return the verifier
     */
    public static AuditVerifier of(AuditTrail trail, AuditKeyring keys) {
        return of(trail, keys, TransactionRunner.direct());
    }

    /**
     * A verifier.
     *
     * @param trail the stored events
     * @param keys every key whose id occurs in the ranges to verify
     * @param transactions how each batch of reads runs
     * @return the verifier
     */
    public static AuditVerifier of(AuditTrail trail, AuditKeyring keys, TransactionRunner transactions) {
        return new AuditVerifier(
                Objects.requireNonNull(trail, "trail"),
                Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(transactions, "transactions"));
    }

    /**
     * Verifies an institution's whole stored chain: from its first event, or, when retention deleted the oldest, from
     * the first stored checkpoint at or after the cut.
     *
     * @param institution the institution
     * @return what the walk found
     */
    public AuditVerification verify(InstitutionId institution) {
        return verify(institution, null, null);
    }

    /**
     * Verifies a range of an institution's chain.
     *
     * @param institution the institution
     * @param from start after this checkpoint (its event must carry its head, if still stored), or {@code null} for the
     *     beginning (or the cut)
     * @param to stop at this checkpoint, whose event must be there and carry its head, or {@code null} for the end of
     *     the stored chain
     * @return what the walk found
     * @throws IllegalArgumentException when a checkpoint is of another institution, or {@code to} is before
     *     {@code from}
     */
    public AuditVerification verify(
            InstitutionId institution, @Nullable AuditCheckpoint from, @Nullable AuditCheckpoint to) {
        Objects.requireNonNull(institution, "institution");
        for (AuditCheckpoint c : new AuditCheckpoint[] {from, to}) {
            if (c != null && !c.institution().equals(institution)) {
                throw new IllegalArgumentException("the checkpoint is of another institution");
            }
        }
        if (from != null && to != null && to.sequence() < from.sequence()) {
            throw new IllegalArgumentException("to must not be before from");
        }
        return new AuditWalk(trail, keys, transactions, institution, to).run(from);
    }
}
