package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.testkit.TestPatients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PatientDirectory} must do: return exactly the record the host holds, scoped to the institution,
 * and nothing for an unknown patient. A subclass gives the directory and a way to put a record into the host's data.
 */
public abstract class PatientDirectoryContract extends SpiContract<PatientDirectory> {
    /** For subclasses. */
    protected PatientDirectoryContract() {}

    /**
     * Puts a record into the host's data behind the directory from {@link #subject()}, the way the host would store it.
     *
     * @param profile the record
     */
    protected abstract void hostHas(PatientProfile profile);

    private PatientDirectory directory() {
        return underTest();
    }

    @Nested
    @DisplayName("reads")
    class Reads {
        @Test
        @DisplayName("a patient's record comes back field for field")
        void returnsTheRecordAsHeld() {
            InstitutionId clinic = Fresh.institution();
            PatientProfile record = TestPatients.next(clinic, Fresh.patient());
            hostHas(record);
            assertThat(inUnitOfWork(() -> directory().find(clinic, record.patient())))
                    .contains(record);
        }

        @Test
        @DisplayName("an unknown patient is empty, not an error")
        void unknownIsEmpty() {
            assertThat(inUnitOfWork(() -> directory().find(Fresh.institution(), Fresh.patient())))
                    .isEmpty();
        }

        @Test
        @DisplayName("the same patient id in another institution is another patient")
        void scopedToTheInstitution() {
            InstitutionId clinic = Fresh.institution();
            InstitutionId other = Fresh.institution();
            PatientId shared = Fresh.patient();
            PatientProfile here = TestPatients.next(clinic, shared);
            hostHas(here);
            assertThat(inUnitOfWork(() -> directory().find(other, shared))).isEmpty();
            PatientProfile there = TestPatients.next(other, shared);
            hostHas(there);
            assertThat(inUnitOfWork(() -> directory().find(clinic, shared))).contains(here);
            assertThat(inUnitOfWork(() -> directory().find(other, shared))).contains(there);
        }
    }
}
