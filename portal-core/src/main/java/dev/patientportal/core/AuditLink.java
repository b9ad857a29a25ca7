package dev.patientportal.core;

import java.util.Objects;

/**
 * Where a stored audit event sits in its institution's chain: the key it was linked under, the link of the event before
 * it, and its own link, {@code HMAC-SHA256(key, previous, sequence, event)} as {@link AuditChain#link} computes it.
 *
 * @param keyId the id of the {@link AuditKey} the link was made with
 * @param previous the link of the event before, or {@link AuditChain#GENESIS} for the first event of the chain; 64
 *     lower-case hex digits
 * @param mac this event's link; 64 lower-case hex digits
 */
public record AuditLink(String keyId, String previous, String mac) {
    /**
     * Checks the fields.
     *
     * @param keyId the id of the {@link AuditKey} the link was made with
     * @param previous the link of the event before, or {@link AuditChain#GENESIS} for the first event of the chain; 64
     *     lower-case hex digits
     * @param mac this event's link; 64 lower-case hex digits
     */
    public AuditLink {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(mac, "mac");
    }
}
