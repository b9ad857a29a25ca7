package dev.patientportal.core;

import java.util.Objects;

/**
 * How an audit store chains events: under which keys, and how often it signs a checkpoint of the chain's head.
 *
 * <pre>{@code
 * AuditChainSettings chain = AuditChainSettings.of(
 *         AuditKeyring.of(AuditKey.fromBase64("audit-2026", System.getenv("PORTAL_AUDIT_KEY"))));
 * }</pre>
 *
 * @param keys the audit keys: the current one links new events and signs checkpoints
 * @param checkpointEvery a checkpoint is stored with every event whose sequence number is a multiple of this, 1 to
 *     1,000,000
 */
public record AuditChainSettings(AuditKeyring keys, int checkpointEvery) {
    /** The default interval between stored checkpoints, in events. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

    /**
     * Checks the fields.
     *
     * @param keys the audit keys: the current one links new events and signs checkpoints
     * @param checkpointEvery a checkpoint is stored with every event whose sequence number is a multiple of this, 1 to
     *     1,000,000
     * @throws IllegalArgumentException when the interval is outside 1 to 1,000,000
     */
    public AuditChainSettings {
        Objects.requireNonNull(keys, "keys");
        if (checkpointEvery < 1 || checkpointEvery > 1_000_000) {
            throw new IllegalArgumentException("checkpointEvery must be between 1 and 1000000");
        }
    }

    /**
     * Settings with a checkpoint every {@value #DEFAULT_CHECKPOINT_EVERY} events.
     *
     * @param keys the audit keys
     * @return the settings
     */
    public static AuditChainSettings of(AuditKeyring keys) {
        return new AuditChainSettings(keys, DEFAULT_CHECKPOINT_EVERY);
    }

    /**
     * The same settings with another checkpoint interval.
     *
     * @param events the interval, in events
     * @return the settings
     */
    public AuditChainSettings withCheckpointEvery(int events) {
        return new AuditChainSettings(keys, events);
    }
}
