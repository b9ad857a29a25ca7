package dev.patientportal.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server keys login uses: one {@linkplain #current() current} key for everything new, and retired keys that still
 * verify codes stored under them. Immutable and thread-safe.
 *
 * <p>To rotate: deploy a keyring with the new key as current and the old one retired; after the longest challenge
 * lifetime (at most one hour) drop the old key. Limits and lockout counters are keyed with the current key, so a
 * rotation starts them afresh; rotate rarely.
 *
 * <pre>{@code
 * CodeKeyring keys = CodeKeyring.of(
 *         ServerKey.fromBase64("2026-12", secrets.get("portal-key-2026-12")),
 *         ServerKey.fromBase64("2026-11", secrets.get("portal-key-2026-11")));   // retired, still verifies
 * }</pre>
 */
public final class CodeKeyring {
    private final ServerKey current;
    private final Map<String, ServerKey> byId;

    private CodeKeyring(ServerKey current, Map<String, ServerKey> byId) {
        this.current = current;
        this.byId = byId;
    }

    /**
     * A keyring.
     *
     * @param current the key for new codes
     * @param retired older keys that still verify codes made with them
     * @return the keyring
     * @throws IllegalArgumentException when two keys share an id
     */
    public static CodeKeyring of(ServerKey current, ServerKey... retired) {
        Objects.requireNonNull(current, "current");
        Map<String, ServerKey> byId = new LinkedHashMap<>();
        byId.put(current.id(), current);
        for (ServerKey k : retired) {
            Objects.requireNonNull(k, "retired key");
            if (byId.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException("two keys share the id " + k.id());
            }
        }
        return new CodeKeyring(current, Collections.unmodifiableMap(byId));
    }

    /**
     * A keyring with one fresh random key, for tests, demos and single-node hosts (see {@link ServerKey#random}).
     *
     * @return the keyring
     */
    public static CodeKeyring random() {
        return of(ServerKey.random("k1"));
    }

    /**
     * Returns the key for new codes.
     *
     * @return the current key
     */
    public ServerKey current() {
        return current;
    }

    /**
     * Finds a key by id.
     *
     * @param id the id stored beside a code
     * @return the key, or empty when it was dropped
     */
    public Optional<ServerKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Returns the ids of every key, current first.
     *
     * @return the ids
     */
    public List<String> ids() {
        return List.copyOf(new ArrayList<>(byId.keySet()));
    }

    /** Shows only the ids. */
    @Override
    public String toString() {
        return "CodeKeyring[current=" + current.id() + ", keys=" + byId.keySet() + "]";
    }
}
