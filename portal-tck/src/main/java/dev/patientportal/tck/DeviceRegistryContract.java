package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.testkit.Race;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeviceRegistry} must do: list tokens per institution, patient and app, register idempotently, move
 * a token handed to another patient, remove only what the caller holds, and lose no registration under concurrent use.
 */
public abstract class DeviceRegistryContract extends SpiContract<DeviceRegistry> {
    private static final String APP = "clinic-app";

    private final InstitutionId clinic = Fresh.institution();
    private final PatientId patient = Fresh.patient();

    /** For subclasses. */
    protected DeviceRegistryContract() {}

    private DeviceRegistry registry() {
        return underTest();
    }

    /**
     * A fresh token.
     *
     * @return the token
     */
    protected static PushToken newToken() {
        return PushToken.of("tok-" + UUID.randomUUID());
    }

    private void register(InstitutionId institution, PatientId p, String app, PushToken token) {
        inUnitOfWork(() -> registry().register(institution, p, app, token));
    }

    private List<PushToken> tokens(InstitutionId institution, PatientId p, String app) {
        return inUnitOfWork(() -> registry().tokens(institution, p, app));
    }

    @Nested
    @DisplayName("registration")
    class Registration {
        @Test
        @DisplayName("a patient without devices has no tokens")
        void a_patient_without_devices_has_no_tokens() {
            assertThat(tokens(clinic, patient, APP)).isEmpty();
        }

        @Test
        @DisplayName("registered tokens are listed per institution, patient and app")
        void registered_tokens_are_listed_per_institution_patient_and_app() {
            PushToken phone = newToken();
            PushToken tablet = newToken();
            register(clinic, patient, APP, phone);
            register(clinic, patient, APP, tablet);

            assertThat(tokens(clinic, patient, APP)).containsExactlyInAnyOrder(phone, tablet);
            assertThat(tokens(clinic, patient, "other-app")).isEmpty();
            assertThat(tokens(Fresh.institution(), patient, APP)).isEmpty();
            assertThat(tokens(clinic, Fresh.patient(), APP)).isEmpty();
        }

        @Test
        @DisplayName("registering the same token again is idempotent")
        void registering_again_is_idempotent() {
            PushToken token = newToken();
            register(clinic, patient, APP, token);
            register(clinic, patient, APP, token);

            assertThat(tokens(clinic, patient, APP)).containsExactly(token);
        }

        @Test
        @DisplayName("a token registered for another patient moves to that patient")
        void a_token_registered_for_another_patient_moves_to_that_patient() {
            PushToken handedOver = newToken();
            PatientId next = Fresh.patient();
            register(clinic, patient, APP, handedOver);
            register(clinic, next, APP, handedOver);

            assertThat(tokens(clinic, patient, APP)).isEmpty();
            assertThat(tokens(clinic, next, APP)).containsExactly(handedOver);
        }

        @Test
        @DisplayName("the same token in another institution or app is a separate registration")
        void the_same_token_in_another_institution_or_app_is_a_separate_registration() {
            PushToken token = newToken();
            InstitutionId other = Fresh.institution();
            register(clinic, patient, APP, token);
            register(other, patient, APP, token);
            register(clinic, patient, "other-app", token);

            assertThat(inUnitOfWork(() -> registry().removeToken(clinic, APP, token)))
                    .isTrue();
            assertThat(tokens(other, patient, APP)).containsExactly(token);
            assertThat(tokens(clinic, patient, "other-app")).containsExactly(token);
        }

        @Test
        @DisplayName("a malformed app name is rejected with IllegalArgumentException")
        void a_malformed_app_is_rejected() {
            assertThatThrownBy(() -> register(clinic, patient, "no spaces allowed", newToken()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("removal")
    class Removal {
        @Test
        @DisplayName("a patient removes only their own token, once")
        void a_patient_removes_only_their_own_token() {
            PushToken mine = newToken();
            PushToken kept = newToken();
            register(clinic, patient, APP, mine);
            register(clinic, patient, APP, kept);

            assertThat(inUnitOfWork(() -> registry().remove(clinic, Fresh.patient(), APP, mine)))
                    .isFalse();
            assertThat(inUnitOfWork(() -> registry().remove(clinic, patient, APP, mine)))
                    .isTrue();
            assertThat(inUnitOfWork(() -> registry().remove(clinic, patient, APP, mine)))
                    .isFalse();
            assertThat(tokens(clinic, patient, APP)).containsExactly(kept);
        }

        @Test
        @DisplayName("a token the push service no longer knows is removed whoever holds it, once")
        void an_unregistered_token_is_removed_whoever_holds_it() {
            PushToken dead = newToken();
            register(clinic, patient, APP, dead);

            assertThat(inUnitOfWork(() -> registry().removeToken(clinic, APP, dead)))
                    .isTrue();
            assertThat(inUnitOfWork(() -> registry().removeToken(clinic, APP, dead)))
                    .isFalse();
            assertThat(tokens(clinic, patient, APP)).isEmpty();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("8 threads registering 10 tokens each at once: all 80 are listed")
        void concurrent_registrations_all_land() {
            int threads = 8;
            int perThread = 10;
            List<List<PushToken>> perThreadTokens = IntStream.range(0, threads)
                    .mapToObj(t -> Stream.generate(DeviceRegistryContract::newToken)
                            .limit(perThread)
                            .toList())
                    .toList();

            List<Race.Outcome<Void>> outcomes = Race.run(threads, t -> () -> {
                perThreadTokens.get(t).forEach(token -> register(clinic, patient, APP, token));
                return null;
            });

            Fresh.assertAllSucceeded(outcomes);
            assertThat(tokens(clinic, patient, APP))
                    .containsExactlyInAnyOrderElementsOf(
                            perThreadTokens.stream().flatMap(List::stream).toList());
        }
    }
}
