package dev.patientportal.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An audit event as stored: its place in the institution's sequence and its link in the chain.
 *
 * @param sequence the event's number in its institution's chain, from 1, without gaps
 * @param event the event, its time at microsecond precision (see {@link AuditChain#storable})
 * @param link the event's link, or {@code null} for an event stored before the chain began (recorded by an earlier
 *     version, or by stores given no {@link AuditKeyring})
 */
public record AuditRecord(
        long sequence, AuditEvent event, @Nullable AuditLink link) {
    /**
     * Checks the fields.
     *
     * @param sequence the event's number in its institution's chain, from 1, without gaps
     * @param event the event, its time at microsecond precision (see {@link AuditChain#storable})
     * @param link the event's link, or {@code null} for an event stored before the chain began (recorded by an earlier
     *     version, or by stores given no {@link AuditKeyring})
     */
    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive");
        }
        Objects.requireNonNull(event, "event");
    }
}
