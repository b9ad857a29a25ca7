package dev.patientportal.testkit.inmemory;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.testkit.InMemorySessions;
import dev.patientportal.testkit.contract.SessionResolverContract;

class InMemorySessionsTest extends SessionResolverContract {
    private static final InMemorySessions SHARED = new InMemorySessions();

    @Override
    protected SessionResolver createResolver() {
        return SHARED;
    }

    @Override
    protected String openSession(SessionResolver resolver, InstitutionId institution, PatientId patient) {
        return ((InMemorySessions) resolver).open(institution, patient);
    }
}
