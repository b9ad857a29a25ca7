package dev.patientportal.notify.firebase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.DeliveryReport;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.Fixture;
import dev.patientportal.notify.support.LocalHttpServer;
import dev.patientportal.notify.support.LocalHttpServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Firebase Admin SDK builds the real FCM HTTP v1 requests and parses the real responses; its transport sends
 * them to a loopback server that stands in for fcm.googleapis.com.
 */
class FirebasePushChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final PushMessage MESSAGE = new PushMessage(
            "New document",
            "A new document is available in your patient portal.",
            Map.of("type", "DOCUMENT_PUBLISHED", "notificationId", "n-1"),
            "n-1");

    LocalHttpServer fcm;
    FirebaseApp app;
    FirebasePushChannel channel;

    @BeforeEach
    void start() {
        fcm = new LocalHttpServer();
        app = firebaseApp(fcm.port());
        channel = FirebasePushChannel.create(app);
    }

    @AfterEach
    void stop() {
        app.delete();
        fcm.close();
    }

    /** A Firebase app with fake credentials whose HTTP transport goes to the loopback server. */
    static FirebaseApp firebaseApp(int port) {
        NetHttpTransport transport = new NetHttpTransport.Builder()
                .setConnectionFactory(url -> {
                    try {
                        return (HttpURLConnection) URI.create("http://127.0.0.1:" + port + url.getFile())
                                .toURL()
                                .openConnection(Proxy.NO_PROXY);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .build();
        FirebaseOptions options = FirebaseOptions.builder()
                .setCredentials(GoogleCredentials.create(
                        new AccessToken("fake-access-token", new Date(System.currentTimeMillis() + 3_600_000))))
                .setProjectId("demo-project")
                .setHttpTransport(transport)
                .build();
        return FirebaseApp.initializeApp(options, "test-" + UUID.randomUUID());
    }

    static String token(JsonNode request) {
        return request.path("message").path("token").asText();
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply fcmError(int status, String grpcStatus, String fcmCode) {
        return Reply.json(status, """
                {"error":{"code":%d,"message":"simulated","status":"%s","details":[
                {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"%s"}]}}""".formatted(status, grpcStatus, fcmCode));
    }

    static List<PushToken> tokens(int n) {
        return IntStream.range(0, n).mapToObj(i -> PushToken.of("token-" + i)).toList();
    }

    static Reply ok(LocalHttpServer.Received r) {
        return Reply.json(200, "{\"name\":\"projects/demo-project/messages/" + token(parse(r.body())) + "\"}");
    }

    @Test
    void sends_the_http_v1_request_with_generic_texts_and_id_only_data() {
        fcm.answer(FirebasePushChannelTest::ok);

        List<DeliveryResult> results = channel.send(MESSAGE, List.of(PushToken.of("device-token-1")));

        assertThat(results).containsExactly(DeliveryResult.sent("projects/demo-project/messages/device-token-1"));
        LocalHttpServer.Received request = fcm.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/projects/demo-project/messages:send");
        assertThat(request.header("Authorization")).isEqualTo("Bearer fake-access-token");
        JsonNode message = parse(request.body()).path("message");
        assertThat(message.path("token").asText()).isEqualTo("device-token-1");
        assertThat(message.path("notification").path("title").asText()).isEqualTo("New document");
        assertThat(message.path("notification").path("body").asText())
                .isEqualTo("A new document is available in your patient portal.");
        assertThat(message.path("data").properties()).hasSize(2);
        assertThat(message.path("data").path("type").asText()).isEqualTo("DOCUMENT_PUBLISHED");
        assertThat(message.path("data").path("notificationId").asText()).isEqualTo("n-1");
    }

    @Test
    void splits_more_than_500_tokens_into_batches_fcm_accepts() {
        fcm.answer(FirebasePushChannelTest::ok);
        List<PushToken> tokens = tokens(1001);

        List<DeliveryResult> results = channel.send(MESSAGE, tokens);

        assertThat(FirebasePushChannel.batches(tokens)).extracting(List::size).containsExactly(500, 500, 1);
        assertThat(results).hasSize(1001).allMatch(r -> r.status() == DeliveryResult.Status.SENT);
        assertThat(results.get(1000)).isEqualTo(DeliveryResult.sent("projects/demo-project/messages/token-1000"));
        assertThat(fcm.received()).hasSize(1001);
        assertThat(fcm.received().stream().map(r -> token(parse(r.body()))).distinct())
                .hasSize(1001);
    }

    @Test
    void reports_unregistered_tokens_as_permanent_failures_in_token_order() {
        fcm.answer(r -> token(parse(r.body())).equals("token-1") ? fcmError(404, "NOT_FOUND", "UNREGISTERED") : ok(r));

        List<DeliveryResult> results = channel.send(MESSAGE, tokens(3));

        assertThat(results.get(0).status()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(results.get(1))
                .isEqualTo(DeliveryResult.failed(FailureReason.UNREGISTERED_TOKEN, "fcm-unregistered"));
        assertThat(results.get(2).status()).isEqualTo(DeliveryResult.Status.SENT);
    }

    @Test
    void a_quota_error_is_retried_later_honouring_retry_after() {
        fcm.answer(r -> fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED").withHeader("Retry-After", "30"));

        List<DeliveryResult> results = channel.send(MESSAGE, tokens(2));

        assertThat(results).containsOnly(DeliveryResult.retryLater(Duration.ofSeconds(30), "fcm-quota-exceeded"));
    }

    @Test
    void a_server_error_is_retried_later() {
        fcm.answer(r -> fcmError(500, "INTERNAL", "INTERNAL"));

        assertThat(channel.send(MESSAGE, tokens(1))).containsExactly(DeliveryResult.retryLater(null, "fcm-internal"));
    }

    @Test
    void an_invalid_argument_is_a_permanent_rejection_without_pruning() {
        fcm.answer(r -> fcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));

        assertThat(channel.send(MESSAGE, tokens(1)))
                .containsExactly(DeliveryResult.failed(FailureReason.REJECTED, "fcm-invalid-argument"));
    }

    @Test
    void the_notifier_removes_tokens_fcm_reports_as_unregistered() {
        fcm.answer(
                r -> token(parse(r.body())).equals("dead-token") ? fcmError(404, "NOT_FOUND", "UNREGISTERED") : ok(r));
        Fixture f = new Fixture();
        PatientId patient = PatientId.of("p-push");
        f.patient(patient, Locale.forLanguageTag("es"));
        f.devices.register(Fixture.CLINIC, patient, Fixture.APP, PushToken.of("live-token"));
        f.devices.register(Fixture.CLINIC, patient, Fixture.APP, PushToken.of("dead-token"));
        PortalNotifier notifier =
                f.notifier(Fixture.settings().build()).push(channel).build();

        DeliveryReport report =
                notifier.deliver(Fixture.intent(NotificationIntent.Type.DOCUMENT_PUBLISHED, patient, false));

        assertThat(report.deliveries(Channel.PUSH)).hasSize(2);
        assertThat(f.devices.tokens(Fixture.CLINIC, patient, Fixture.APP)).containsExactly(PushToken.of("live-token"));
        assertThat(fcm.received())
                .extracting(r -> parse(r.body())
                        .path("message")
                        .path("notification")
                        .path("title")
                        .asText())
                .containsOnly("Nuevo documento");
    }

    @Test
    void a_refused_connection_is_retried_later() {
        fcm.close();

        List<DeliveryResult> results = channel.send(MESSAGE, tokens(1));

        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryResult.Status.RETRY_LATER));
    }
}
