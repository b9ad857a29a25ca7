package dev.patientportal.core;

import dev.patientportal.core.internal.CheckpointJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The head of an institution's audit chain at one point, signed with an {@link AuditKey}: "event {@code sequence} of
 * this institution has the link {@code head}". Stores make one every so many events and on demand; a host exports them
 * ({@link #toJson()}) to somewhere the database's administrators cannot rewrite (a write-once bucket, a timestamping
 * service, an e-mail to the data protection officer), so that later a verifier can prove the chain up to there was not
 * rewritten, even by someone holding the key and the database. A verifier may also start from one: after retention
 * deleted the older events, the chain is verifiable from the checkpoint at the cut.
 *
 * <p>The signature is an HMAC: anyone with the audit keys can check it, and only they can make one.
 *
 * @param institution the institution
 * @param sequence the sequence number of the event at the head
 * @param head that event's link, 64 lower-case hex digits
 * @param at when the checkpoint was made, at microsecond precision
 * @param keyId the id of the key that signed it
 * @param signature the signature, 64 lower-case hex digits
 */
public record AuditCheckpoint(
        InstitutionId institution, long sequence, String head, Instant at, String keyId, String signature) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the fields and truncates the time to microseconds.
     *
     * @param institution the institution
     * @param sequence the sequence number of the event at the head
     * @param head that event's link, 64 lower-case hex digits
     * @param at when the checkpoint was made, at microsecond precision
     * @param keyId the id of the key that signed it
     * @param signature the signature, 64 lower-case hex digits
     * @throws IllegalArgumentException when the sequence is negative or a hash is not 64 lower-case hex digits
     */
    public AuditCheckpoint {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        if (!HEX64.matcher(head).matches() || !HEX64.matcher(signature).matches()) {
            throw new IllegalArgumentException("head and signature must be 64 lower-case hex digits");
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Makes a signed checkpoint.
     *
     * @param key the key to sign with, normally the keyring's current key
     * @param institution the institution
     * @param sequence the sequence number of the event at the head
     * @param head that event's link
     * @param at when it is made
     * @return the checkpoint
     */
    public static AuditCheckpoint sign(
            AuditKey key, InstitutionId institution, long sequence, String head, Instant at) {
        Objects.requireNonNull(key, "key");
        Instant t = at.truncatedTo(ChronoUnit.MICROS);
        return new AuditCheckpoint(
                institution, sequence, head, t, key.id(), AuditChain.signature(key, institution, sequence, head, t));
    }

    /**
     * Tells whether the signature is valid under one of the keys, in constant time.
     *
     * @param keys the keys; the one named by {@link #keyId()} must be among them
     * @return {@code true} when valid; {@code false} when forged, changed, or signed with a key not in the keyring
     */
    public boolean verifies(AuditKeyring keys) {
        return keys.find(keyId)
                .map(k -> MessageDigest.isEqual(
                        AuditChain.signature(k, institution, sequence, head, at).getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    /**
     * Writes the checkpoint as one JSON object, the form to anchor outside the database:
     * {@code {"institution":"clinic-1","sequence":1000,"head":"...","at":"2026-03-02T08:00:00Z","keyId":"audit-1",
     * "signature":"..."}}.
     *
     * @return the JSON text, on one line
     */
    public String toJson() {
        return CheckpointJson.write(this);
    }

    /**
     * Reads a checkpoint written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the checkpoint; check it with {@link #verifies} before trusting it
     * @throws IllegalArgumentException when the text is not such an object
     */
    public static AuditCheckpoint fromJson(String json) {
        return CheckpointJson.read(json);
    }
}
