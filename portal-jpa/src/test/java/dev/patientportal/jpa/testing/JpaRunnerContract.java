package dev.patientportal.jpa.testing;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.testkit.TestPatients;
import dev.patientportal.testkit.contract.TransactionRunnerContract;
import java.time.Instant;
import java.util.UUID;

/**
 * portal-testkit's {@link TransactionRunnerContract} for {@link dev.patientportal.jpa.ResourceLocalTransactionRunner}
 * on one database. The transactional resource is the grant table: a marker is a grant whose patient id is the marker.
 */
public abstract class JpaRunnerContract extends TransactionRunnerContract {
    private final InstitutionId clinic = InstitutionId.of("runner-" + UUID.randomUUID());

    /** For the nested classes of each database's contract test. */
    protected JpaRunnerContract() {}

    /**
     * Returns the database the contract runs on.
     *
     * @return the database
     */
    protected abstract DatabaseExtension db();

    @Override
    protected TransactionRunner runner() {
        return db().runner();
    }

    @Override
    protected void writeMarker(String marker) {
        PatientProfile p = TestPatients.next(clinic, PatientId.of(marker));
        Instant now = Instant.parse("2026-11-30T00:00:00Z");
        JpaStores.create(db().runner()).grants().insert(new AccessGrant(clinic, p.patient(),
                LoginIdentity.tajAndPhone(p.taj(), p.phone()), false, GrantStatus.ACTIVE, null, 1, now, now,
                StaffId.of("runner-contract")));
    }

    @Override
    protected boolean isCommitted(String marker) {
        return db().runner().inTransaction(
                () -> JpaStores.create(db().runner()).grants().find(clinic, PatientId.of(marker)).isPresent());
    }
}
