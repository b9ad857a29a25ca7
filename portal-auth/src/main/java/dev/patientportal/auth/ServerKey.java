package dev.patientportal.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret key of the server, with an id, under which one-time codes are stored as HMAC-SHA256. Without it, a stolen
 * store cannot be brute-forced offline. Identifiers for limits and lockouts are pseudonymised under a key of their own,
 * the {@link dev.patientportal.core.PseudonymKey}.
 *
 * <p>Every node of a cluster must use the same keys; keep them in the host's secret store, not in the database. The
 * id is stored beside each code so that keys can rotate (see {@link CodeKeyring}). {@link #toString()} shows only the
 * id. Immutable.
 */
public final class ServerKey {
    /** The least key length accepted: 256 bits. */
    public static final int MIN_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final byte[] secret;
    private final boolean random;

    private ServerKey(String id, byte[] secret, boolean random) {
        this.id = id;
        this.secret = secret;
        this.random = random;
    }

    /**
     * A key from its bytes.
     *
     * @param id a short name, 1 to 32 letters, digits or {@code . _ -}, for example {@code "2026-11"}
     * @param secret at least {@link #MIN_BYTES} random bytes; copied
     * @return the key
     * @throws IllegalArgumentException when the id is malformed or the secret too short
     */
    public static ServerKey of(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 1 to 32 letters, digits or . _ -");
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("key must have at least " + MIN_BYTES + " bytes");
        }
        return new ServerKey(id, secret.clone(), false);
    }

    /**
     * A key from its Base64 form (standard or URL-safe alphabet), as a secret store usually holds it.
     *
     * @param id the key id
     * @param base64 the key bytes in Base64
     * @return the key
     * @throws IllegalArgumentException when the text is not Base64, or as {@link #of}
     */
    public static ServerKey fromBase64(String id, String base64) {
        Objects.requireNonNull(base64, "base64");
        String s = base64.strip().replace('-', '+').replace('_', '/');
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not Base64"); // never echo the secret
        }
        return of(id, bytes);
    }

    /**
     * A fresh random key of 256 bits, for tests, demos and single-node hosts that accept that a restart ends every
     * login in progress.
     *
     * @param id the key id
     * @return the key
     */
    public static ServerKey random(String id) {
        byte[] bytes = new byte[MIN_BYTES];
        RANDOM.nextBytes(bytes);
        ServerKey checked = of(id, bytes);
        return new ServerKey(checked.id, checked.secret, true);
    }

    /**
     * Tells whether this key was made by {@link #random}, in this process: no other node, and no later start of this
     * one, has it.
     *
     * @return {@code true} for a random key
     */
    public boolean isRandom() {
        return random;
    }

    /**
     * Returns the key id.
     *
     * @return the id, stored beside every code made with this key
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
        return o instanceof ServerKey k && id.equals(k.id) && java.security.MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Shows only the id. */
    @Override
    public String toString() {
        return "ServerKey[" + id + "]";
    }
}
