package dev.patientportal.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The secret key under which audit events are chained: each event's link is an HMAC-SHA256 under it (see
 * {@link AuditChain}). A key of its own, never the one-time-code keys nor the pseudonym key, so that rotating one does
 * not touch the others.
 *
 * <p>Every node of a cluster must use the same keys; keep them in the host's secret store, not in the database, and
 * pass them Base64-encoded from configuration or the environment ({@link #fromBase64}). The id is stored beside each
 * link, so keys can rotate (see {@link AuditKeyring}). {@link #toString()} shows only the id. Immutable.
 */
public final class AuditKey {
    /** The least key length accepted: 256 bits. */
    public static final int MIN_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final byte[] secret;
    private final boolean random;

    private AuditKey(String id, byte[] secret, boolean random) {
        this.id = id;
        this.secret = secret;
        this.random = random;
    }

    /**
     * A key from its bytes.
     *
     * @param id a short name, 1 to 32 letters, digits or {@code . _ -}, for example {@code "audit-2026"}
     * @param secret at least {@link #MIN_BYTES} random bytes; copied
     * @return the key
     * @throws IllegalArgumentException when the id is malformed or the secret too short
     */
    public static AuditKey of(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("audit key id must be 1 to 32 letters, digits or . _ -");
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("audit key must have at least " + MIN_BYTES + " bytes");
        }
        return new AuditKey(id, secret.clone(), false);
    }

    /**
     * A key from its Base64 form (standard or URL-safe alphabet), as a secret store or an environment variable holds
     * it.
     *
     * @param id the key id
     * @param base64 the key bytes in Base64
     * @return the key
     * @throws IllegalArgumentException when the text is not Base64, or as {@link #of}
     */
    public static AuditKey fromBase64(String id, String base64) {
        Objects.requireNonNull(base64, "base64");
        String s = base64.strip().replace('-', '+').replace('_', '/');
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("audit key is not Base64"); // never echo the secret
        }
        return of(id, bytes);
    }

    /**
     * A fresh random key of 256 bits, for tests and demos. A chain made with it can be verified only while the process
     * holds the key: never use it where the audit must outlive a restart.
     *
     * @param id the key id
     * @return the key
     */
    public static AuditKey random(String id) {
        byte[] bytes = new byte[MIN_BYTES];
        RANDOM.nextBytes(bytes);
        AuditKey checked = of(id, bytes);
        return new AuditKey(checked.id, checked.secret, true);
    }

    /**
     * Tells whether this key was made by {@link #random} in this process: no other node, and no later start of this
     * one, has it, so the chain it links cannot be verified after a restart.
     *
     * @return {@code true} for a random key
     */
    public boolean isRandom() {
        return random;
    }

    /**
     * Returns the key id.
     *
     * @return the id, stored beside every link made with this key
     */
    public String id() {
        return id;
    }

    /**
     * Returns a copy of the secret bytes, for the HMAC implementation.
     *
     * @return the bytes
     */
    public byte[] secret() {
        return secret.clone();
    }

    /** Keys are equal when id and secret are; compared in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AuditKey k && id.equals(k.id) && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Shows only the id. */
    @Override
    public String toString() {
        return "AuditKey[" + id + "]";
    }
}
