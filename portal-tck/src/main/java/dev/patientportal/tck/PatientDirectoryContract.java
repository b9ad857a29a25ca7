package dev.patientportal.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.testkit.TestPatients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PatientDirectory} must do: return exactly the record the host holds, scoped to the institution,
 * and nothing for an unknown patient. A subclass gives the directory and a way to put a record into the host's data.
 */
public abstract class PatientDirectoryContract extends ContractSupport {
    /** For subclasses. */
    protected PatientDirectoryContract() {}

    /**
     * Returns the directory under test, reading the host's data.
     *
     * @return the directory
     */
    protected abstract PatientDirectory directory();

    /**
     * Puts a record into the host's data, the way the host would store it.
     *
     * @param profile the record
     */
    protected abstract void hostHas(PatientProfile profile);

    @Test
    @DisplayName("a patient's record comes back field for field")
    void returnsTheRecordAsHeld() {
        InstitutionId clinic = newInstitution();
        PatientProfile record = TestPatients.next(clinic, newPatient());
        hostHas(record);
        assertThat(inTx(() -> directory().find(clinic, record.patient()))).contains(record);
    }

    @Test
    @DisplayName("an unknown patient is empty, not an error")
    void unknownIsEmpty() {
        assertThat(inTx(() -> directory().find(newInstitution(), newPatient()))).isEmpty();
    }

    @Test
    @DisplayName("the same patient id in another institution is another patient")
    void scopedToTheInstitution() {
        InstitutionId clinic = newInstitution();
        InstitutionId other = newInstitution();
        PatientId shared = newPatient();
        PatientProfile here = TestPatients.next(clinic, shared);
        hostHas(here);
        assertThat(inTx(() -> directory().find(other, shared))).isEmpty();
        PatientProfile there = TestPatients.next(other, shared);
        hostHas(there);
        assertThat(inTx(() -> directory().find(clinic, shared))).contains(here);
        assertThat(inTx(() -> directory().find(other, shared))).contains(there);
    }
}
