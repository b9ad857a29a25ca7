package dev.patientportal.notify.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.testkit.contract.ContractSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeviceRegistry} must do. Extend it and implement {@link #createRegistry()}; override
 * {@link #transactions()} when the registry needs a unit of work. Every test uses fresh institutions, patients and
 * tokens, so tests may share a database.
 */
public abstract class DeviceRegistryContract extends ContractSupport {
    /** The registry under test, created for each test. */
    protected DeviceRegistry registry;

    /** For subclasses. */
    protected DeviceRegistryContract() {}

    /**
     * Creates the registry under test; called before each test.
     *
     * @return the registry
     */
    protected abstract DeviceRegistry createRegistry();

    @BeforeEach
    final void createRegistryUnderTest() {
        registry = createRegistry();
    }

    private final InstitutionId clinic = newInstitution();
    private final PatientId patient = newPatient();
    private static final String APP = "clinic-app";

    /** A fresh token. */
    protected static PushToken newToken() {
        return PushToken.of("tok-" + UUID.randomUUID());
    }

    private void register(InstitutionId institution, PatientId p, String app, PushToken token) {
        doInTx(() -> registry.register(institution, p, app, token));
    }

    private List<PushToken> tokens(InstitutionId institution, PatientId p, String app) {
        return inTx(() -> registry.tokens(institution, p, app));
    }

    @Test
    void a_patient_without_devices_has_no_tokens() {
        assertThat(tokens(clinic, patient, APP)).isEmpty();
    }

    @Test
    void registered_tokens_are_listed_per_institution_patient_and_app() {
        PushToken phone = newToken();
        PushToken tablet = newToken();
        register(clinic, patient, APP, phone);
        register(clinic, patient, APP, tablet);

        assertThat(tokens(clinic, patient, APP)).containsExactlyInAnyOrder(phone, tablet);
        assertThat(tokens(clinic, patient, "other-app")).isEmpty();
        assertThat(tokens(newInstitution(), patient, APP)).isEmpty();
        assertThat(tokens(clinic, newPatient(), APP)).isEmpty();
    }

    @Test
    void registering_again_is_idempotent() {
        PushToken token = newToken();
        register(clinic, patient, APP, token);
        register(clinic, patient, APP, token);

        assertThat(tokens(clinic, patient, APP)).containsExactly(token);
    }

    @Test
    void a_token_registered_for_another_patient_moves_to_that_patient() {
        PushToken handedOver = newToken();
        PatientId next = newPatient();
        register(clinic, patient, APP, handedOver);
        register(clinic, next, APP, handedOver);

        assertThat(tokens(clinic, patient, APP)).isEmpty();
        assertThat(tokens(clinic, next, APP)).containsExactly(handedOver);
    }

    @Test
    void the_same_token_in_another_institution_or_app_is_a_separate_registration() {
        PushToken token = newToken();
        InstitutionId other = newInstitution();
        register(clinic, patient, APP, token);
        register(other, patient, APP, token);
        register(clinic, patient, "other-app", token);

        assertThat(inTx(() -> registry.removeToken(clinic, APP, token))).isTrue();
        assertThat(tokens(other, patient, APP)).containsExactly(token);
        assertThat(tokens(clinic, patient, "other-app")).containsExactly(token);
    }

    @Test
    void a_patient_removes_only_their_own_token() {
        PushToken mine = newToken();
        PushToken kept = newToken();
        register(clinic, patient, APP, mine);
        register(clinic, patient, APP, kept);

        assertThat(inTx(() -> registry.remove(clinic, newPatient(), APP, mine))).isFalse();
        assertThat(inTx(() -> registry.remove(clinic, patient, APP, mine))).isTrue();
        assertThat(inTx(() -> registry.remove(clinic, patient, APP, mine))).isFalse();
        assertThat(tokens(clinic, patient, APP)).containsExactly(kept);
    }

    @Test
    void an_unregistered_token_is_removed_whoever_holds_it() {
        PushToken dead = newToken();
        register(clinic, patient, APP, dead);

        assertThat(inTx(() -> registry.removeToken(clinic, APP, dead))).isTrue();
        assertThat(inTx(() -> registry.removeToken(clinic, APP, dead))).isFalse();
        assertThat(tokens(clinic, patient, APP)).isEmpty();
    }

    @Test
    void a_malformed_app_is_rejected() {
        assertThatThrownBy(() -> register(clinic, patient, "no spaces allowed", newToken()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrent_registrations_all_land() throws Exception {
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<PushToken> all = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<PushToken> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(newToken());
                }
                all.addAll(mine);
                done.add(pool.submit(() -> {
                    start.await();
                    mine.forEach(token -> register(clinic, patient, APP, token));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens(clinic, patient, APP)).containsExactlyInAnyOrderElementsOf(all);
    }
}
