package dev.patientportal.notify.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A push registration token of one app installation, as the push provider issued it (an FCM registration token).
 *
 * <p>A token identifies a device, so {@link #toString()} shows only {@link #ref()}, a short hash that is safe for logs
 * and delivery reports.
 *
 * @param value the token as issued; 1 to 4096 printable characters without white space
 */
public record PushToken(String value) {
    /**
     * Checks the token's shape.
     *
     * @param value the token as issued; 1 to 4096 printable characters without white space
     * @throws IllegalArgumentException when it is empty, too long or contains white space or control characters
     */
    public PushToken {
        if (value == null
                || value.isEmpty()
                || value.length() > 4096
                || value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a push token is 1 to 4096 printable characters without white space");
        }
    }

    /**
     * Returns the token with this value.
     *
     * @param value the token as issued
     * @return the token
     */
    public static PushToken of(String value) {
        return new PushToken(value);
    }

    /**
     * Returns a short, stable, PHI-free reference to this token: {@code "push:"} and 12 hex digits of its SHA-256.
     *
     * @return the reference
     */
    public String ref() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "push:" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Shows only {@link #ref()}. */
    @Override
    public String toString() {
        return "PushToken[" + ref() + "]";
    }
}
