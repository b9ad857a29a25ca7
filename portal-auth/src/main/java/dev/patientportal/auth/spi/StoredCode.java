package dev.patientportal.auth.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One factor's code as stored: never the code, only {@code HMAC-SHA256(key, challenge id | factor | code)} and the id
 * of the key.
 *
 * @param keyId the id of the {@link dev.patientportal.auth.ServerKey} that made {@link #mac()}
 * @param mac the HMAC, 32 bytes; copied in and out
 * @param generation 1 for the first code, one more for each resend; lets a verification lose cleanly against a resend
 * @param expiresAt when the code stops being accepted
 * @param verified whether the code was already accepted
 * @param destinationKey a keyed pseudonym of the phone number or e-mail address, for send limits; never the address
 */
// The MAC is copied in and compared in constant time, never with the record's equals.
@SuppressWarnings("ArrayRecordComponent")
public record StoredCode(
        String keyId, byte[] mac, int generation, Instant expiresAt, boolean verified, String destinationKey) {

    /**
     * Copies the HMAC and checks the fields.
     *
     * @param keyId the id of the {@link dev.patientportal.auth.ServerKey} that made {@link #mac()}
     * @param mac the HMAC, 32 bytes; copied in and out
     * @param generation 1 for the first code, one more for each resend; lets a verification lose cleanly against a
     *     resend
     * @param expiresAt when the code stops being accepted
     * @param verified whether the code was already accepted
     * @param destinationKey a keyed pseudonym of the phone number or e-mail address, for send limits; never the address
     */
    public StoredCode {
        Objects.requireNonNull(keyId, "keyId");
        mac = Objects.requireNonNull(mac, "mac").clone();
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(destinationKey, "destinationKey");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1");
        }
    }

    /**
     * Returns a copy of the HMAC.
     *
     * @return the HMAC bytes
     */
    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /**
     * This code, accepted.
     *
     * @return a copy with {@link #verified()} set
     */
    public StoredCode asVerified() {
        return new StoredCode(keyId, mac, generation, expiresAt, true, destinationKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredCode c
                && keyId.equals(c.keyId)
                && java.util.Arrays.equals(mac, c.mac)
                && generation == c.generation
                && expiresAt.equals(c.expiresAt)
                && verified == c.verified
                && destinationKey.equals(c.destinationKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, java.util.Arrays.hashCode(mac), generation, expiresAt, verified, destinationKey);
    }

    /** Leaves out the HMAC and the pseudonym. */
    @Override
    public String toString() {
        return "StoredCode[keyId=" + keyId + ", generation=" + generation + ", expiresAt=" + expiresAt + ", verified="
                + verified + "]";
    }
}
