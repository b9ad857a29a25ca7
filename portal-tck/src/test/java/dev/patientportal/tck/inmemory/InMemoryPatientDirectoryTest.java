package dev.patientportal.tck.inmemory;

import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.tck.PatientDirectoryContract;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryPatientDirectory passes the PatientDirectory contract")
class InMemoryPatientDirectoryTest extends PatientDirectoryContract {
    private final InMemoryPatientDirectory directory = new InMemoryPatientDirectory();

    @Override
    protected PatientDirectory subject() {
        return directory;
    }

    @Override
    protected void hostHas(PatientProfile profile) {
        directory.put(profile);
    }
}
