package dev.patientportal.notify;

/**
 * The facts a {@link NotificationPolicy} decides on, gathered by the notifier at delivery time. Booleans and a count
 * only: no personal data.
 *
 * @param grantActive whether the patient's access grant is active (always {@code true} when the notifier has no grant
 *     store to ask)
 * @param smsEnabled whether the grant enables SMS notifications, as the intent says and, when the notifier has a grant
 *     store, as the grant still says
 * @param hasEmail whether the patient record has an e-mail address
 * @param hasMobile whether the patient record has a phone number that can receive SMS
 * @param devices how many devices of the institution's app the patient has registered
 * @param subjectVisible whether the document concerned is visible to the patient (always {@code true} when the intent
 *     is not about a document or the notifier has no document store to ask)
 */
public record PatientFacts(
        boolean grantActive,
        boolean smsEnabled,
        boolean hasEmail,
        boolean hasMobile,
        int devices,
        boolean subjectVisible) {
    /**
     * Checks the device count.
     *
     * @param grantActive whether the patient's access grant is active (always {@code true} when the notifier has no
     *     grant store to ask)
     * @param smsEnabled whether the grant enables SMS notifications, as the intent says and, when the notifier has a
     *     grant store, as the grant still says
     * @param hasEmail whether the patient record has an e-mail address
     * @param hasMobile whether the patient record has a phone number that can receive SMS
     * @param devices how many devices of the institution's app the patient has registered
     * @param subjectVisible whether the document concerned is visible to the patient (always {@code true} when the
     *     intent is not about a document or the notifier has no document store to ask)
     * @throws IllegalArgumentException when it is negative
     */
    public PatientFacts {
        if (devices < 0) {
            throw new IllegalArgumentException("devices must not be negative");
        }
    }
}
