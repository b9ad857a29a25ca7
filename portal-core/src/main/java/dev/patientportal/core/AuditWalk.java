package dev.patientportal.core;

import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.core.spi.TransactionRunner;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One walk of {@link AuditVerifier} along an institution's chain, from a start checkpoint (or the beginning, or the
 * cut) to a stop checkpoint (or the end): every link, every stored checkpoint on the way, and the end. Not
 * thread-safe; used once.
 */
final class AuditWalk {
    /** How many events, or stored checkpoints, one read takes. */
    private static final int BATCH = 500;

    private final AuditTrail trail;
    private final AuditKeyring keys;
    private final TransactionRunner transactions;
    private final InstitutionId institution;
    private final @Nullable AuditCheckpoint to;
    private @Nullable AuditCheckpoint start;
    private long expectedSequence = 1;
    private String expectedPrevious = AuditChain.GENESIS;
    private boolean chained;
    private long first;
    private long last;
    private long verified;
    private long unchained;
    private boolean reachedTo;
    private boolean needsPurgeEvent;
    private boolean purgeSeen;
    private final Deque<AuditCheckpoint> stored = new ArrayDeque<>();
    private long storedFrom;

    AuditWalk(
            AuditTrail trail,
            AuditKeyring keys,
            TransactionRunner transactions,
            InstitutionId institution,
            @Nullable AuditCheckpoint to) {
        this.trail = trail;
        this.keys = keys;
        this.transactions = transactions;
        this.institution = institution;
        this.to = to;
    }

    AuditVerification run(@Nullable AuditCheckpoint from) {
        AuditVerification.Break broken = begin(from);
        if (broken == null) {
            broken = walk();
        }
        if (broken == null) {
            broken = end();
        }
        return new AuditVerification(institution, start, first, last, verified, unchained, broken);
    }

    /** Finds where to start; a break when the start itself is not trustworthy. */
    private AuditVerification.@Nullable Break begin(@Nullable AuditCheckpoint from) {
        AuditCheckpoint origin = from;
        if (origin == null) {
            List<AuditRecord> head = read(1, 1);
            if (head.isEmpty()) {
                // A retention run leaves at least its own event, so checkpoints without events mean deletion.
                boolean checkpointed = !transactions
                        .inTransaction(() -> trail.checkpoints(institution, 0, 1))
                        .isEmpty();
                return checkpointed
                        ? new AuditVerification.Break(
                                AuditVerification.Kind.MISSING,
                                1,
                                "the chain has checkpoints but no events: events were removed")
                        : checkTo();
            }
            if (head.get(0).sequence() == 1) {
                return checkTo();
            }
            long firstStored = head.get(0).sequence();
            List<AuditCheckpoint> cut =
                    transactions.inTransaction(() -> trail.checkpoints(institution, firstStored - 1, 1));
            if (cut.isEmpty()) {
                return new AuditVerification.Break(
                        AuditVerification.Kind.MISSING,
                        1,
                        "the chain starts at " + firstStored + " and no checkpoint covers the events before it");
            }
            origin = cut.get(0);
            // A cut is legitimate only when a retention run recorded it in the chain.
            needsPurgeEvent = true;
        }
        if (keys.find(origin.keyId()).isEmpty()) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.UNKNOWN_KEY,
                    origin.sequence(),
                    "the checkpoint to start from is signed with key " + origin.keyId() + ", not given");
        }
        if (!origin.verifies(keys)) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.CHECKPOINT_INVALID,
                    origin.sequence(),
                    "the checkpoint to start from does not verify");
        }
        start = origin;
        expectedSequence = origin.sequence() + 1;
        expectedPrevious = origin.head();
        chained = true;
        return checkTo();
    }

    private AuditVerification.@Nullable Break checkTo() {
        if (to == null) {
            return null;
        }
        if (keys.find(to.keyId()).isEmpty()) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.UNKNOWN_KEY,
                    to.sequence(),
                    "the checkpoint to stop at is signed with key " + to.keyId() + ", not given");
        }
        if (!to.verifies(keys)) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.CHECKPOINT_INVALID,
                    to.sequence(),
                    "the checkpoint to stop at does not verify");
        }
        return null;
    }

    private AuditVerification.@Nullable Break walk() {
        // The start checkpoint's own event, when still stored, must carry its head.
        long next = start == null ? 1 : Math.max(1, start.sequence());
        while (true) {
            List<AuditRecord> batch = read(next, BATCH);
            for (AuditRecord r : batch) {
                AuditVerification.Break broken = check(r);
                if (broken != null) {
                    return broken;
                }
                if (reachedTo) {
                    return null;
                }
            }
            if (batch.size() < BATCH) {
                return null;
            }
            next = batch.get(batch.size() - 1).sequence() + 1;
        }
    }

    private AuditVerification.@Nullable Break check(AuditRecord r) {
        long seq = r.sequence();
        AuditLink link = r.link();
        if (start != null && seq == start.sequence()) {
            if (link == null || !link.mac().equals(start.head())) {
                return new AuditVerification.Break(
                        AuditVerification.Kind.CHECKPOINT_MISMATCH,
                        seq,
                        "the event at the start checkpoint does not carry its head");
            }
            return null;
        }
        if (seq < expectedSequence) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.ALTERED, seq, "sequence number " + seq + " occurs twice");
        }
        if (seq > expectedSequence) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.MISSING, expectedSequence, missing(expectedSequence, seq - 1));
        }
        if (link == null) {
            if (!chained) {
                unchained++;
                expectedSequence++;
                return null;
            }
            return new AuditVerification.Break(
                    AuditVerification.Kind.ALTERED, seq, "an event without a link inside the chain");
        }
        Optional<AuditKey> key = keys.find(link.keyId());
        if (key.isEmpty()) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.UNKNOWN_KEY, seq, "linked with key " + link.keyId() + ", not given");
        }
        if (!AuditChain.verifies(key.get(), r)) {
            long moved = findPlace(key.get(), r);
            if (moved > 0) {
                return new AuditVerification.Break(
                        AuditVerification.Kind.REORDERED,
                        seq,
                        "the event stored as " + seq + " was linked as " + moved);
            }
            return new AuditVerification.Break(
                    AuditVerification.Kind.ALTERED, seq, "the event does not match its link");
        }
        if (!link.previous().equals(expectedPrevious)) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.UNLINKED, seq, "the event does not link to the event before it");
        }
        AuditVerification.Break atCheckpoint = storedCheckpoint(seq, link.mac());
        if (atCheckpoint != null) {
            return atCheckpoint;
        }
        if (to != null && seq == to.sequence()) {
            if (!to.head().equals(link.mac())) {
                return new AuditVerification.Break(
                        AuditVerification.Kind.CHECKPOINT_MISMATCH,
                        seq,
                        "the event at the checkpoint to stop at does not carry its head");
            }
            reachedTo = true;
        }
        chained = true;
        if (needsPurgeEvent && isPurgeThrough(r.event(), start)) {
            purgeSeen = true;
        }
        if (first == 0) {
            first = seq;
        }
        last = seq;
        verified++;
        expectedSequence = seq + 1;
        expectedPrevious = link.mac();
        return null;
    }

    /** Checks a stored checkpoint at this sequence number, if there is one. */
    private AuditVerification.@Nullable Break storedCheckpoint(long seq, String mac) {
        AuditCheckpoint c = nextStored(seq);
        if (c == null || c.sequence() != seq) {
            return null;
        }
        if (keys.find(c.keyId()).isEmpty()) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.UNKNOWN_KEY,
                    seq,
                    "a stored checkpoint is signed with key " + c.keyId() + ", not given");
        }
        if (!c.verifies(keys)) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.CHECKPOINT_INVALID, seq, "a stored checkpoint does not verify");
        }
        if (!c.head().equals(mac)) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.CHECKPOINT_MISMATCH,
                    seq,
                    "the event at a stored checkpoint does not carry its head");
        }
        return null;
    }

    /** The first stored checkpoint at or after a sequence number, read ahead in batches. */
    private @Nullable AuditCheckpoint nextStored(long seq) {
        while (!stored.isEmpty() && stored.peekFirst().sequence() < seq) {
            stored.pollFirst();
        }
        if (stored.isEmpty() && storedFrom <= seq) {
            long fromSeq = seq;
            List<AuditCheckpoint> more =
                    transactions.inTransaction(() -> trail.checkpoints(institution, fromSeq, BATCH));
            stored.addAll(more);
            storedFrom = more.size() < BATCH
                    ? Long.MAX_VALUE
                    : more.get(more.size() - 1).sequence() + 1;
        }
        return stored.peekFirst();
    }

    /** A chain that stops short of a checkpoint lost its end. */
    private AuditVerification.@Nullable Break end() {
        if (to != null && !reachedTo) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.MISSING,
                    expectedSequence,
                    "the chain ends before the checkpoint at " + to.sequence() + ": events were removed");
        }
        if (to == null && needsPurgeEvent && !purgeSeen && start != null) {
            return new AuditVerification.Break(
                    AuditVerification.Kind.MISSING,
                    start.sequence(),
                    "events through " + start.sequence() + " were removed, but no retention run ("
                            + AuditActions.AUDIT_PURGE + ") in the chain says so");
        }
        if (to == null) {
            AuditCheckpoint beyond = nextStored(expectedSequence);
            if (beyond != null && beyond.sequence() >= expectedSequence && beyond.verifies(keys)) {
                return new AuditVerification.Break(
                        AuditVerification.Kind.MISSING,
                        expectedSequence,
                        "the chain ends before the stored checkpoint at " + beyond.sequence()
                                + ": events were removed");
            }
        }
        return null;
    }

    /** Looks for the sequence number an authentic event was linked under; 0 when none near. */
    private long findPlace(AuditKey key, AuditRecord r) {
        long seq = r.sequence();
        for (long d = 1; d <= AuditVerifier.REORDER_WINDOW; d++) {
            if (AuditChain.verifiesAt(key, r, seq + d)) {
                return seq + d;
            }
            if (seq - d >= 1 && AuditChain.verifiesAt(key, r, seq - d)) {
                return seq - d;
            }
        }
        return 0;
    }

    private boolean isPurgeThrough(AuditEvent e, @Nullable AuditCheckpoint cut) {
        return cut != null
                && AuditActions.AUDIT_PURGE.equals(e.action())
                && e.outcome() == AuditEvent.Outcome.SUCCESS
                && Long.toString(cut.sequence()).equals(e.details().get(AuditActions.PURGE_THROUGH));
    }

    private List<AuditRecord> read(long fromSequence, int limit) {
        return transactions.inTransaction(() -> trail.chain(institution, fromSequence, limit));
    }

    private String missing(long from, long through) {
        return from == through ? "event " + from + " is missing" : "events " + from + " to " + through + " are missing";
    }
}
