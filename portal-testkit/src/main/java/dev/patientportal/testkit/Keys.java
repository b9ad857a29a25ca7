package dev.patientportal.testkit;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.SlotId;

/** Composite map keys of the in-memory stores. */
final class Keys {
    private Keys() {}

    record Patient(InstitutionId institution, PatientId patient) {}

    record Doc(InstitutionId institution, DocumentId id) {}

    record SlotKey(InstitutionId institution, SlotId id) {}

    record ReservationKey(InstitutionId institution, ReservationId id) {}

    record Idempotency(InstitutionId institution, PatientId patient, String key) {}
}
