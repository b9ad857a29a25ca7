package dev.patientportal.auth.internal;

import dev.patientportal.auth.ServerKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Random ids, codes and tokens from {@link SecureRandom}; HMAC-SHA256 under a server key with domain separation; and
 * SHA-256 of tokens. Nothing here logs, and no exception carries an input.
 */
public final class Secrets {
    /** Bytes of a challenge or session id: 128 bits. */
    public static final int ID_BYTES = 16;
    /** Bytes of a session token: 256 bits. */
    public static final int TOKEN_BYTES = 32;
    /** Characters of a challenge or session id in URL-safe Base64. */
    public static final int ID_CHARS = 22;
    /** Characters of a session token in URL-safe Base64. */
    public static final int TOKEN_CHARS = 43;

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final char SEPARATOR = '\u001f'; // unit separator: cannot occur in any normalised part

    // Mac.getInstance and Mac.init cost more than the HMAC of a short input: each thread keeps its engines.
    private static final ThreadLocal<MacSlots> MACS = ThreadLocal.withInitial(MacSlots::new);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Secrets::newSha256);

    private final SecureRandom random;

    /**
     * Creates a source of secrets.
     *
     * @param random the generator; {@link SecureRandom} is thread-safe
     */
    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /**
     * A random URL-safe string.
     *
     * @param bytes how many random bytes
     * @return the bytes in URL-safe Base64 without padding
     */
    public String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return URL.encodeToString(b);
    }

    /**
     * A one-time code: uniformly random decimal digits.
     *
     * @param length how many digits
     * @return the code
     */
    public String digits(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(c);
    }

    /**
     * HMAC-SHA256 of the parts under a key, with a purpose label first so that a MAC made for one purpose never
     * stands for another.
     *
     * @param key the server key
     * @param purpose the label, for example {@code "code"}
     * @param parts the parts, joined by a separator that cannot occur in them
     * @return 32 bytes
     */
    public static byte[] hmac(ServerKey key, String purpose, String... parts) {
        StringBuilder sb = new StringBuilder(purpose);
        for (String p : parts) {
            sb.append(SEPARATOR).append(p);
        }
        MacSlots slots = MACS.get();
        slots.computed++;
        return slots.forKey(key).doFinal(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How many HMACs this thread has computed so far: a test hook, so that a test can require equal work of real and
     * decoy logins. It costs an increment of a field the thread already holds.
     *
     * @return the count since the thread's first HMAC
     */
    public static long hmacsOnThisThread() {
        return MACS.get().computed;
    }

    /**
     * SHA-256 of a string's UTF-8 bytes.
     *
     * @param value the value, such as a session token
     * @return 32 bytes
     */
    public static byte[] sha256(String value) {
        MessageDigest digest = SHA256.get();
        return digest.digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tells whether a string has the shape of a URL-safe id of the given length, without looking it up.
     *
     * @param value the string
     * @param chars the expected length
     * @return {@code true} when it could be one
     */
    public static boolean isUrlSafe(@Nullable String value, int chars) {
        if (value == null || value.length() != chars) {
            return false;
        }
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A short, non-secret reference to a secret handle for audit and logs: the first 16 hex digits of its SHA-256.
     *
     * @param handle a challenge id
     * @return the reference, {@code c-} and 16 hex digits
     */
    public static String reference(String handle) {
        return "c-" + java.util.HexFormat.of().formatHex(sha256(handle), 0, 8);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * One thread's HMAC engines for the last few server keys it used, found by identity: a keyring holds few keys (the
     * current one and those still verifying), and {@code doFinal} leaves an engine ready for the next input.
     */
    private static final class MacSlots {
        private static final int SLOTS = 4;

        private final @Nullable ServerKey[] keys = new ServerKey[SLOTS];
        private final @Nullable Mac[] macs = new Mac[SLOTS];
        private int next;
        long computed;

        @SuppressWarnings("ReferenceEquality") // by identity on purpose: a ServerKey is found, not compared
        Mac forKey(ServerKey key) {
            for (int i = 0; i < SLOTS; i++) {
                Mac mac = macs[i];
                if (keys[i] == key && mac != null) {
                    return mac;
                }
            }
            Mac mac;
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
            keys[next] = key;
            macs[next] = mac;
            next = (next + 1) % SLOTS;
            return mac;
        }
    }
}
