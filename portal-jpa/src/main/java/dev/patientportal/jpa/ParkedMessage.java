package dev.patientportal.jpa;

import dev.patientportal.core.NotificationIntent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A notification the dispatcher gave up on, as {@link OutboxAdmin} shows it to staff.
 *
 * @param intent the intent; holds no personal data
 * @param attempts how many deliveries were attempted
 * @param lastError the last PHI-free reason code (a delivery's reason, {@code exception:<Class>}, or
 *     {@code attempts-exhausted:lease-expired}), or {@code null}
 * @param parkedAt when it was parked
 */
public record ParkedMessage(
        NotificationIntent intent, int attempts, @Nullable String lastError, Instant parkedAt) {
    /**
     * Checks the fields.
     *
     * @param intent the intent; holds no personal data
     * @param attempts how many deliveries were attempted
     * @param lastError the last PHI-free reason code (a delivery's reason, {@code exception:<Class>}, or
     *     {@code attempts-exhausted:lease-expired}), or {@code null}
     * @param parkedAt when it was parked
     */
    public ParkedMessage {
        java.util.Objects.requireNonNull(intent, "intent");
        java.util.Objects.requireNonNull(parkedAt, "parkedAt");
    }
}
