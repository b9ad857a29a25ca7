package dev.patientportal.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The server keys login uses: one {@linkplain #current() current} key for everything new, and retired keys that still
 * verify codes stored under them. Immutable and thread-safe.
 *
 * <p>To rotate: deploy a keyring with the new key as current and the old one retired; after the longest challenge
 * lifetime (at most one hour) drop the old key. Send limits and lockout counters are keyed with the
 * {@link dev.patientportal.core.PseudonymKey pseudonym key}, not with these keys, so a rotation (rolling or not) keeps
 * them.
 *
 * <pre>{@code
 * CodeKeyring keys = CodeKeyring.of(
 *         ServerKey.fromBase64("2026-12", secrets.get("portal-key-2026-12")),
 *         ServerKey.fromBase64("2026-11", secrets.get("portal-key-2026-11")));   // retired, still verifies
 * }</pre>
 *
 * <p><b>A cluster</b> gives the same keyring to every node, usually as one line of configuration or one environment
 * variable: {@code id:base64} entries separated by commas, the current key first (see {@link #parse}):
 *
 * <pre>{@code
 * // PORTAL_CODE_KEYS=2026-12:q3Jm...Xw=,2026-11:8fKd...a0=      (openssl rand -base64 32, one per key)
 * CodeKeyring keys = CodeKeyring.fromEnvironment("PORTAL_CODE_KEYS");
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
     * A keyring with one fresh random key, for tests, demos and single-node hosts (see {@link ServerKey#random}). Two
     * nodes with different random keys reject each other's codes, so {@code portal-jpa}'s {@code JpaPortal} refuses
     * one unless the host says it runs a single node.
     *
     * @return the keyring
     */
    public static CodeKeyring random() {
        return of(ServerKey.random("k1"));
    }

    /**
     * Reads a keyring from its text form: {@code id:base64} entries separated by commas (white space around them is
     * ignored), the current key first, then retired ones that still verify, for example
     * {@code "2026-12:q3Jm...Xw=,2026-11:8fKd...a0="}. Each key is 32 bytes or more in Base64 (standard or URL-safe),
     * as {@code openssl rand -base64 32} makes them. To rotate, put the new key first and keep the old one after it for
     * an hour, then drop it.
     *
     * @param text the entries
     * @return the keyring
     * @throws IllegalArgumentException naming the entry that is malformed (never its secret), a key too short, or an
     *     id given twice
     */
    public static CodeKeyring parse(String text) {
        Objects.requireNonNull(text, "text");
        List<ServerKey> keys = new ArrayList<>();
        String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            if (entry.isEmpty() || colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "key ring entry " + (i + 1) + " of " + entries.length + " is not id:base64");
            }
            try {
                keys.add(ServerKey.fromBase64(entry.substring(0, colon).strip(), entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "key ring entry " + (i + 1) + " of " + entries.length + ": " + e.getMessage());
            }
        }
        return of(keys.get(0), keys.subList(1, keys.size()).toArray(new ServerKey[0]));
    }

    /**
     * Reads a keyring in the form of {@link #parse} from an environment variable, the same on every node.
     *
     * @param variable the variable's name, for example {@code "PORTAL_CODE_KEYS"}
     * @return the keyring
     * @throws IllegalStateException when the variable is not set or blank
     * @throws IllegalArgumentException as {@link #parse}, with the variable's name
     */
    public static CodeKeyring fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static CodeKeyring fromEnvironment(String variable, Function<String, @Nullable String> environment) {
        Objects.requireNonNull(variable, "variable");
        String text = environment.apply(variable);
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("The environment variable " + variable + " is not set: give every node"
                    + " the same key ring as id:base64[,id:base64...], a key made by `openssl rand -base64 32`");
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage());
        }
    }

    /**
     * Tells whether a key of this ring was made by {@link ServerKey#random} in this process, so no other node shares
     * it.
     *
     * @return {@code true} when a key is random
     */
    public boolean hasRandomKey() {
        return byId.values().stream().anyMatch(ServerKey::isRandom);
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
