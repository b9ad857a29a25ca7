package dev.patientportal.testkit;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.spi.PatientDirectory;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A host's patient records held in memory: {@link #put} a {@link PatientProfile} and the portal finds it.
 *
 * <p>Thread-safe.
 */
public final class InMemoryPatientDirectory implements PatientDirectory {
    private final ConcurrentMap<Keys.Patient, PatientProfile> profiles = new ConcurrentHashMap<>();

    /** Creates an empty directory. */
    public InMemoryPatientDirectory() {}

    /**
     * Adds or replaces a patient record, keyed by its institution and patient id.
     *
     * @param profile the record
     * @return the record, for chaining in tests
     */
    public PatientProfile put(PatientProfile profile) {
        Objects.requireNonNull(profile, "profile");
        profiles.put(new Keys.Patient(profile.institution(), profile.patient()), profile);
        return profile;
    }

    /**
     * Removes a patient record, as if the clinic deleted it.
     *
     * @param institution the institution
     * @param patient the patient
     * @return whether there was a record
     */
    public boolean remove(InstitutionId institution, PatientId patient) {
        return profiles.remove(new Keys.Patient(institution, patient)) != null;
    }

    /** Removes every record. */
    public void clear() {
        profiles.clear();
    }

    @Override
    public Optional<PatientProfile> find(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        return Optional.ofNullable(profiles.get(new Keys.Patient(institution, patient)));
    }
}
