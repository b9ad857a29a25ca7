package dev.patientportal.auth.spi;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link SessionStore#inMemory()}: sessions by id, and an index from token hash to id. Ending all sessions of a patient
 * scans the sessions, which is fine for the number one node holds.
 */
final class CaffeineSessionStore implements SessionStore {
    private static final HexFormat HEX = HexFormat.of();

    private final ConcurrentMap<String, SessionRecord> byId;
    private final ConcurrentMap<String, String> idByHash;

    /**
     * Creates a store.
     *
     * @param retention how long after its last write a session is kept
     * @param maximumSize how many sessions are kept at most
     */
    CaffeineSessionStore(Duration retention, long maximumSize) {
        this.byId = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(maximumSize)
                .<String, SessionRecord>build()
                .asMap();
        this.idByHash = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(maximumSize)
                .<String, String>build()
                .asMap();
    }

    /**
     * Creates a store over maps the caller owns, for tests that inspect the raw state.
     *
     * @param byId sessions by id
     * @param idByHash session ids by hex token hash
     */
    CaffeineSessionStore(ConcurrentMap<String, SessionRecord> byId, ConcurrentMap<String, String> idByHash) {
        this.byId = byId;
        this.idByHash = idByHash;
    }

    @Override
    public void insert(SessionRecord session) {
        String hash = HEX.formatHex(session.tokenHash());
        if (idByHash.putIfAbsent(hash, session.sessionId()) != null) {
            throw new ConflictException("A session with this token exists");
        }
        if (byId.putIfAbsent(session.sessionId(), session) != null) {
            idByHash.remove(hash, session.sessionId());
            throw new ConflictException("A session with this id exists");
        }
    }

    @Override
    public Optional<SessionRecord> findByTokenHash(byte[] tokenHash) {
        String id = idByHash.get(HEX.formatHex(tokenHash));
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean touch(String sessionId, Instant seenAt) {
        return byId.computeIfPresent(sessionId, (k, s) -> seenAt.isAfter(s.lastSeenAt()) ? s.withLastSeenAt(seenAt) : s)
                != null;
    }

    @Override
    public boolean delete(String sessionId) {
        SessionRecord removed = byId.remove(sessionId);
        if (removed == null) {
            return false;
        }
        idByHash.remove(HEX.formatHex(removed.tokenHash()), sessionId);
        return true;
    }

    @Override
    public int deleteAll(InstitutionId institution, PatientId patient) {
        int ended = 0;
        for (SessionRecord s : byId.values()) {
            if (s.institution().equals(institution) && s.patient().equals(patient) && delete(s.sessionId())) {
                ended++;
            }
        }
        return ended;
    }
}
