package dev.patientportal.notify.firebase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.LocalHttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code builder(..).endpoint(..)}: a channel with an app of its own, sending the SDK's real requests to a stand-in. */
class FirebaseEndpointTest {
    static final GoogleCredentials FAKE = GoogleCredentials.create(
            new AccessToken("fake-access-token", new Date(System.currentTimeMillis() + 3_600_000)));

    LocalHttpServer fcm;

    @BeforeEach
    void start() {
        fcm = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        fcm.close();
    }

    @Test
    void sends_the_http_v1_request_to_the_endpoint_and_close_deletes_the_app() {
        fcm.answer(FirebasePushChannelTest::ok);
        String name;
        try (FirebasePushChannel push = FirebasePushChannel.builder(FAKE, "demo-project")
                .endpoint(URI.create("http://127.0.0.1:" + fcm.port()))
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .appName(name = "endpoint-test-" + System.nanoTime())
                .build()) {

            List<DeliveryResult> results =
                    push.send(FirebasePushChannelTest.MESSAGE, List.of(PushToken.of("device-token-1")));

            assertThat(results).containsExactly(DeliveryResult.sent("projects/demo-project/messages/device-token-1"));
            LocalHttpServer.Received request = fcm.received().get(0);
            assertThat(request.path()).isEqualTo("/v1/projects/demo-project/messages:send");
            assertThat(request.header("Authorization")).isEqualTo("Bearer fake-access-token");
            assertThat(FirebaseApp.getApps()).extracting(FirebaseApp::getName).contains(name);
        }
        assertThat(FirebaseApp.getApps()).extracting(FirebaseApp::getName).doesNotContain(name);
    }

    @Test
    void keeps_the_endpoints_own_path_and_classifies_fcm_errors() {
        fcm.answer(r -> FirebasePushChannelTest.fcmError(404, "NOT_FOUND", "UNREGISTERED"));
        try (FirebasePushChannel push = FirebasePushChannel.builder(FAKE, "demo-project")
                .endpoint(URI.create("http://localhost:" + fcm.port() + "/fcm"))
                .build()) {

            List<DeliveryResult> results = push.send(FirebasePushChannelTest.MESSAGE, List.of(PushToken.of("gone")));

            assertThat(results)
                    .containsExactly(DeliveryResult.failed(FailureReason.UNREGISTERED_TOKEN, "fcm-unregistered"));
            assertThat(fcm.received().get(0).path()).isEqualTo("/fcm/v1/projects/demo-project/messages:send");
        }
    }

    @Test
    void the_token_never_goes_in_clear_beyond_the_loopback_host() {
        assertThatThrownBy(() -> FirebasePushChannel.builder(FAKE, "demo-project")
                        .endpoint(URI.create("http://fcm-mock.example.org"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> FirebasePushChannel.builder(FAKE, " ")
                        .timeouts(Duration.ZERO, Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("projectId")
                .hasMessageContaining("timeouts");
    }
}
