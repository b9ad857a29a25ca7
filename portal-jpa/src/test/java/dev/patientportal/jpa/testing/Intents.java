package dev.patientportal.jpa.testing;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Notification intents for the outbox tests. */
public final class Intents {
    private Intents() {}

    /**
     * A document-published intent with a fresh id.
     *
     * @param n a number to vary the patient
     * @return the intent
     */
    public static NotificationIntent intent(int n) {
        return new NotificationIntent(
                UUID.randomUUID(),
                NotificationIntent.Type.DOCUMENT_PUBLISHED,
                InstitutionId.of("inst-outbox"),
                PatientId.of("pat-" + n),
                "doc-" + n,
                n % 2 == 0,
                Instant.parse("2026-03-02T08:00:00Z"),
                Map.of("n", Integer.toString(n), "quote", "\"a\\b\"\n"));
    }
}
