package dev.patientportal.core;

import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A patient's personal data as the clinic's records hold it, read through
 * {@link dev.patientportal.core.spi.PatientDirectory}; the portal shows exactly this and never changes it.
 *
 * <p>Everything here except the ids is personal data: {@link #toString()} shows only the ids.
 *
 * @param institution the institution whose record this is
 * @param patient the patient
 * @param givenName given name
 * @param familyName family name
 * @param birthDate date of birth, if recorded
 * @param email e-mail address, if recorded
 * @param phone phone number, if recorded
 * @param taj TAJ, if recorded
 * @param address postal address as one text, if recorded
 * @param locale the language the patient prefers for messages
 */
public record PatientProfile(
        InstitutionId institution,
        PatientId patient,
        String givenName,
        String familyName,
        @Nullable LocalDate birthDate,
        @Nullable EmailAddress email,
        @Nullable PhoneNumber phone,
        @Nullable TajNumber taj,
        @Nullable String address,
        Locale locale) {

    /**
     * Checks the required fields.
     *
     * @param institution the institution whose record this is
     * @param patient the patient
     * @param givenName given name
     * @param familyName family name
     * @param birthDate date of birth, if recorded
     * @param email e-mail address, if recorded
     * @param phone phone number, if recorded
     * @param taj TAJ, if recorded
     * @param address postal address as one text, if recorded
     * @param locale the language the patient prefers for messages
     */
    public PatientProfile {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(patient, "patient");
        java.util.Objects.requireNonNull(givenName, "givenName");
        java.util.Objects.requireNonNull(familyName, "familyName");
        java.util.Objects.requireNonNull(locale, "locale");
    }

    /** Shows only the ids; the rest is personal data. */
    @Override
    public String toString() {
        return "PatientProfile[institution=" + institution + ", patient=" + patient + "]";
    }
}
