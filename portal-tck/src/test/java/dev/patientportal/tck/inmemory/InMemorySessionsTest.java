package dev.patientportal.tck.inmemory;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.tck.SessionResolverContract;
import dev.patientportal.testkit.InMemorySessions;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemorySessions passes the SessionResolver contract")
class InMemorySessionsTest extends SessionResolverContract {
    private static final InMemorySessions SHARED = new InMemorySessions();

    @Override
    protected SessionResolver subject() {
        return SHARED;
    }

    @Override
    protected String openSession(SessionResolver resolver, InstitutionId institution, PatientId patient) {
        return ((InMemorySessions) resolver).open(institution, patient);
    }
}
