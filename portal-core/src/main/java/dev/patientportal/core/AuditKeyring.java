package dev.patientportal.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit keys: one {@linkplain #current() current} key that links every new event and signs every new checkpoint,
 * and retired keys that still verify the links made under them. Immutable and thread-safe.
 *
 * <p>Rotation: deploy a keyring with the new key as current and the old one retired, on every node at once (a node
 * still linking with the old key makes no invalid link, only an older key id). The chain stays one chain: the first
 * event under the new key links to the last one under the old. A verifier needs every key whose id occurs in the range
 * it walks, so retire a key only when {@link AuditMaintenance retention} has deleted the last event linked with it, or
 * keep it for as long as the events are kept. Dropping a key does not weaken the events already linked; it only makes
 * them unverifiable.
 *
 * <pre>{@code
 * AuditKeyring keys = AuditKeyring.of(
 *         AuditKey.fromBase64("audit-2027", System.getenv("PORTAL_AUDIT_KEY_2027")),
 *         AuditKey.fromBase64("audit-2026", System.getenv("PORTAL_AUDIT_KEY_2026")));   // retired, still verifies
 * }</pre>
 */
public final class AuditKeyring {
    private final AuditKey current;
    private final Map<String, AuditKey> byId;

    private AuditKeyring(AuditKey current, Map<String, AuditKey> byId) {
        this.current = current;
        this.byId = byId;
    }

    /**
     * A keyring.
     *
     * @param current the key for new links and checkpoints
     * @param retired older keys that still verify links made with them
     * @return the keyring
     * @throws IllegalArgumentException when two keys share an id
     */
    public static AuditKeyring of(AuditKey current, AuditKey... retired) {
        Objects.requireNonNull(current, "current");
        Map<String, AuditKey> byId = new LinkedHashMap<>();
        byId.put(current.id(), current);
        for (AuditKey k : retired) {
            Objects.requireNonNull(k, "retired key");
            if (byId.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException("two audit keys share the id " + k.id());
            }
        }
        return new AuditKeyring(current, Collections.unmodifiableMap(byId));
    }

    /**
     * A keyring with one fresh random key, for tests and demos (see {@link AuditKey#random}).
     *
     * @return the keyring
     */
    public static AuditKeyring random() {
        return of(AuditKey.random("audit-1"));
    }

    /**
     * Returns the key for new links and checkpoints.
     *
     * @return the current key
     */
    public AuditKey current() {
        return current;
    }

    /**
     * Finds a key by id.
     *
     * @param id the id stored beside a link or a checkpoint
     * @return the key, or empty when it is not in this keyring
     */
    public Optional<AuditKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Returns the ids of every key, current first.
     *
     * @return the ids
     */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Shows only the ids. */
    @Override
    public String toString() {
        return "AuditKeyring[current=" + current.id() + ", keys=" + byId.keySet() + "]";
    }
}
