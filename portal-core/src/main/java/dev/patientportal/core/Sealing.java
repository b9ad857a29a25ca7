package dev.patientportal.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256-GCM of {@link PseudonymKey#seal} and {@link PseudonymKey#unseal}: the key is HMAC-SHA256 under the
 * pseudonym key of {@code "seal-key"} and the purpose, the nonce 12 random bytes, the tag 128 bits, the associated text
 * authenticated with the value. A sealed value is {@code <key id>:<URL-safe Base64 of nonce, ciphertext and tag>}.
 */
final class Sealing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private Sealing() {}

    static String seal(PseudonymKey key, String purpose, String associated, String plaintext) {
        Objects.requireNonNull(associated, "associated");
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(key, Cipher.ENCRYPT_MODE, purpose, nonce);
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return key.id() + ":" + URL.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    /** Opens the Base64 part of a sealed value under the key its id named. */
    static String unseal(PseudonymKey key, String purpose, String associated, String base64) {
        Objects.requireNonNull(associated, "associated");
        byte[] bytes;
        try {
            bytes = URL_DECODER.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PortalException("A sealed value is malformed");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new PortalException("A sealed value is malformed");
        }
        try {
            Cipher cipher = cipher(key, Cipher.DECRYPT_MODE, purpose, Arrays.copyOf(bytes, NONCE_BYTES));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new PortalException(
                    "A sealed value was changed, or belongs to another row or purpose (key id " + key.id() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    private static Cipher cipher(PseudonymKey key, int mode, String purpose, byte[] nonce)
            throws GeneralSecurityException {
        byte[] derived = key.mac("seal-key", purpose);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(derived, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            return cipher;
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }
}
