package dev.patientportal.notify.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.util.List;

/**
 * The push tokens of patients' devices, per institution, patient and app. The clinic's mobile app registers a token
 * after the patient logs in and removes it at logout; the notifier reads the tokens to send push notifications and
 * removes a token the provider reports as unregistered.
 *
 * <p>An {@code app} is the host's name for one mobile app, such as {@code "clinic-app"}: 1 to 128 letters, digits or
 * {@code . _ : -}. A token belongs to at most one patient per institution and app: registering it for another patient
 * moves it, so a handed-over phone stops receiving the previous patient's notifications.
 *
 * <p><b>Threads and transactions:</b> every method may be called concurrently from any thread. The host calls
 * {@link #register} and {@link #remove} from its own request handling (inside its unit of work, if it has one); the
 * notifier calls {@link #tokens} and {@link #removeToken} each inside one call of the
 * {@link dev.patientportal.core.spi.TransactionRunner} given to {@code PortalNotifier.Builder#transactions}, outside
 * any provider call. Each method is atomic on its own. Failures of the store are reported as
 * {@link dev.patientportal.core.TemporaryFailureException}.
 */
public interface DeviceRegistry {
    /**
     * Registers a token for a patient's installation of an app. Idempotent; a token held by another patient of the
     * same institution and app moves to this patient.
     *
     * @param institution the institution
     * @param patient the patient logged in on the device
     * @param app the app
     * @param token the token
     * @throws IllegalArgumentException when {@code app} is malformed
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    void register(InstitutionId institution, PatientId patient, String app, PushToken token);

    /**
     * Removes one token of a patient, for example at logout in the app.
     *
     * @param institution the institution
     * @param patient the patient
     * @param app the app
     * @param token the token
     * @return {@code true} when the patient had the token
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    boolean remove(InstitutionId institution, PatientId patient, String app, PushToken token);

    /**
     * Removes a token whoever holds it, because the provider reported it as no longer registered.
     *
     * @param institution the institution
     * @param app the app
     * @param token the token
     * @return {@code true} when the token was registered
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    boolean removeToken(InstitutionId institution, String app, PushToken token);

    /**
     * Lists a patient's tokens for an app.
     *
     * @param institution the institution
     * @param patient the patient
     * @param app the app
     * @return the tokens, without duplicates, in no particular order; empty when none
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    List<PushToken> tokens(InstitutionId institution, PatientId patient, String app);

    /**
     * A registry in this JVM's memory, for tests and single-node hosts; lost at restart.
     *
     * @return a new, empty, thread-safe registry
     */
    static DeviceRegistry inMemory() {
        return new InMemoryDeviceRegistry();
    }

    /**
     * Checks an app name against the rule every registry applies (1 to 128 letters, digits or {@code . _ : -}), for
     * adapters and settings that take one.
     *
     * @param app the name
     * @return the name
     * @throws IllegalArgumentException when it is malformed or {@code null}
     */
    static String requireValidApp(String app) {
        return AppNames.check(app);
    }
}
