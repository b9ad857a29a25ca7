package dev.patientportal.testkit;

import dev.patientportal.core.AuditChain;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditLink;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.AuditTrail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditSink} and {@link AuditTrail} in memory: each institution's events numbered from 1 and chained under
 * the {@link AuditChainSettings} (a random key unless given), a checkpoint every so many events, queries, purge.
 * Each institution's chain head is a lock, held while an event is numbered and linked, so concurrent writers keep one
 * unbroken chain.
 *
 * <p>Not transactional: an event recorded inside a unit of work that rolls back stays. Tests that tamper with the trail
 * use {@link #overwrite}. Thread-safe.
 */
public final class InMemoryAuditTrail implements AuditSink, AuditTrail {
    private final @Nullable AuditChainSettings settings;
    private final Map<InstitutionId, Chain> chains;

    /** A trail chained under a fresh random key, a checkpoint every 1,000 events. */
    public InMemoryAuditTrail() {
        this(AuditChainSettings.of(AuditKeyring.random()));
    }

    /**
     * A trail.
     *
     * @param settings the keys and the checkpoint interval, or {@code null} to number events without chaining them
     */
    public InMemoryAuditTrail(@Nullable AuditChainSettings settings) {
        this(settings, new ConcurrentHashMap<>());
    }

    private InMemoryAuditTrail(@Nullable AuditChainSettings settings, Map<InstitutionId, Chain> chains) {
        this.settings = settings;
        this.chains = chains;
    }

    /**
     * A trail over the same events with other settings: a second node, or the same node after a key rotation. Both
     * write to one chain per institution under one head.
     *
     * @param other the keys and checkpoint interval of the new trail, or {@code null} not to chain
     * @return the trail
     */
    public InMemoryAuditTrail withSettings(@Nullable AuditChainSettings other) {
        return new InMemoryAuditTrail(other, chains);
    }

    /**
     * Returns the keys events are chained under, for a verifier.
     *
     * @return the keys, or empty when the trail does not chain
     */
    public Optional<AuditKeyring> keys() {
        return settings == null ? Optional.empty() : Optional.of(settings.keys());
    }

    /** One institution's chain; its monitor is the chain head. */
    private static final class Chain {
        final NavigableMap<Long, AuditRecord> events = new TreeMap<>();
        final NavigableMap<Long, AuditCheckpoint> checkpoints = new TreeMap<>();
        long lastSequence;

        @Nullable
        String lastLink;
    }

    private Chain chain(InstitutionId institution) {
        return chains.computeIfAbsent(institution, i -> new Chain());
    }

    @Override
    public void record(AuditEvent event) {
        AuditEvent stored = AuditChain.storable(Objects.requireNonNull(event, "event"));
        Chain c = chain(stored.institution());
        synchronized (c) {
            long seq = c.lastSequence + 1;
            AuditLink link = null;
            if (settings != null) {
                AuditKey key = settings.keys().current();
                String previous = c.lastLink == null ? AuditChain.GENESIS : c.lastLink;
                link = new AuditLink(key.id(), previous, AuditChain.link(key, previous, seq, stored));
                c.lastLink = link.mac();
                if (seq % settings.checkpointEvery() == 0) {
                    c.checkpoints.put(
                            seq, AuditCheckpoint.sign(key, stored.institution(), seq, link.mac(), stored.at()));
                }
            }
            c.events.put(seq, new AuditRecord(seq, stored, link));
            c.lastSequence = seq;
        }
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        Chain c = chains.get(query.institution());
        if (c == null) {
            return List.of();
        }
        List<AuditRecord> all;
        synchronized (c) {
            all = new ArrayList<>(c.events.values());
        }
        return all.stream()
                .filter(query::matches)
                .sorted(Comparator.comparing((AuditRecord r) -> r.event().at())
                        .thenComparingLong(AuditRecord::sequence)
                        .reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public List<AuditRecord> chain(InstitutionId institution, long fromSequence, int limit) {
        Chain c = chains.get(institution);
        if (c == null) {
            return List.of();
        }
        synchronized (c) {
            return c.events.tailMap(fromSequence, true).values().stream()
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public List<AuditCheckpoint> checkpoints(InstitutionId institution, long fromSequence, int limit) {
        Chain c = chains.get(institution);
        if (c == null) {
            return List.of();
        }
        synchronized (c) {
            return c.checkpoints.tailMap(fromSequence, true).values().stream()
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public Optional<AuditCheckpoint> checkpoint(InstitutionId institution, Instant at) {
        Chain c = chains.get(institution);
        if (c == null || settings == null) {
            return Optional.empty();
        }
        synchronized (c) {
            if (c.lastLink == null) {
                return Optional.empty();
            }
            AuditCheckpoint cp =
                    AuditCheckpoint.sign(settings.keys().current(), institution, c.lastSequence, c.lastLink, at);
            c.checkpoints.put(cp.sequence(), cp);
            return Optional.of(cp);
        }
    }

    @Override
    public AuditPurge purge(InstitutionId institution, Instant before, Instant at) {
        Chain c = chains.get(institution);
        if (c == null) {
            return AuditPurge.nothing(institution);
        }
        synchronized (c) {
            AuditRecord last = null;
            for (AuditRecord r : c.events.values()) {
                if (!r.event().at().isBefore(before)) {
                    break;
                }
                last = r;
            }
            if (last == null) {
                return AuditPurge.nothing(institution);
            }
            long cut = last.sequence();
            int deleted = c.events.headMap(cut, true).size();
            AuditCheckpoint checkpoint = null;
            if (settings != null && last.link() != null) {
                checkpoint = c.checkpoints.get(cut);
                if (checkpoint == null) {
                    checkpoint = AuditCheckpoint.sign(
                            settings.keys().current(),
                            institution,
                            cut,
                            last.link().mac(),
                            at);
                    c.checkpoints.put(cut, checkpoint);
                }
            }
            c.events.headMap(cut, true).clear();
            c.checkpoints.headMap(cut, false).clear();
            return new AuditPurge(institution, deleted, cut, checkpoint);
        }
    }

    @Override
    public List<InstitutionId> institutions() {
        return List.copyOf(chains.keySet());
    }

    /**
     * Replaces or removes one stored event as it is, without touching the chain head: for tests that tamper with the
     * trail and check that a verifier notices.
     *
     * @param institution the institution
     * @param sequence where
     * @param record the event to store there (its own sequence number as given), or {@code null} to remove the event
     */
    public void overwrite(InstitutionId institution, long sequence, @Nullable AuditRecord record) {
        Chain c = chain(institution);
        synchronized (c) {
            if (record == null) {
                c.events.remove(sequence);
            } else {
                c.events.put(sequence, record);
            }
        }
    }

    /**
     * Removes every stored checkpoint of an institution: for tests that play an attacker covering their tracks.
     *
     * @param institution the institution
     */
    public void clearCheckpoints(InstitutionId institution) {
        Chain c = chain(institution);
        synchronized (c) {
            c.checkpoints.clear();
        }
    }

    /** Forgets every event and checkpoint of every institution. */
    public void clear() {
        chains.clear();
    }
}
