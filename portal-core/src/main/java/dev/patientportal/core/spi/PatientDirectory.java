package dev.patientportal.core.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import java.util.Optional;

/**
 * The host's patient records, read-only. The portal shows a patient exactly what this returns and checks access grants
 * against it.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread, inside the unit of work of the operation that
 * needs it (see {@link TransactionRunner}); may be called concurrently. It must not change anything.
 */
@FunctionalInterface
public interface PatientDirectory {
    /**
     * Looks up a patient's record.
     *
     * @param institution the institution whose records to search
     * @param patient the patient
     * @return the record, or empty when the institution has no such patient
     * @throws dev.patientportal.core.TemporaryFailureException when the host's records cannot be reached
     */
    Optional<PatientProfile> find(InstitutionId institution, PatientId patient);
}
