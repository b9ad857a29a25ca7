package dev.patientportal.notify.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.PhoneNumber;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.SmsSegments;
import dev.patientportal.notify.spi.SmsMessage;
import dev.patientportal.notify.support.LocalHttpServer;
import dev.patientportal.notify.support.LocalHttpServer.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Twilio SDK sends its real requests through a custom HTTP client to a loopback server. */
class TwilioSmsChannelTest {
    static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "test-auth-token";
    static final String TEXT = "Clínica Demo: Új dokumentum érhető el a Betegportálon. https://portal.example.org";
    static final SmsMessage MESSAGE =
            new SmsMessage(new PhoneNumber("+36201234567"), TEXT, SmsSegments.count(TEXT), "n-1");

    LocalHttpServer twilio;

    @BeforeEach
    void start() {
        twilio = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    TwilioSmsChannel.Builder channel(Duration readTimeout) {
        return TwilioSmsChannel.builder(ACCOUNT, TOKEN)
                .httpClient(new LoopbackTwilioHttpClient(twilio.port(), readTimeout));
    }

    static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    static Reply created(String sid) {
        return Reply.json(201, """
                {"sid":"%s","account_sid":"%s","status":"queued","num_segments":"2","direction":"outbound-api",
                 "api_version":"2010-04-01","date_created":"Mon, 02 Mar 2026 08:00:00 +0000"}""".formatted(sid, ACCOUNT));
    }

    static Reply error(int status, int code) {
        return Reply.json(status, """
                {"code":%d,"message":"The 'To' number +36201234567 is not valid.","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}""".formatted(code, code, status));
    }

    @Test
    void posts_the_message_form_with_basic_auth_and_returns_the_sid() {
        twilio.answer(r -> created("SM00000000000000000000000000000001"));
        TwilioSmsChannel sms = channel(Duration.ofSeconds(5))
                .from("+15005550006")
                .statusCallback(URI.create("https://portal.example.org/twilio/status"))
                .build();

        DeliveryResult result = sms.send(MESSAGE);

        assertThat(result).isEqualTo(DeliveryResult.sent("SM00000000000000000000000000000001"));
        LocalHttpServer.Received request = twilio.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("X-Original-Host")).isEqualTo("api.twilio.com");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
        assertThat(request.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(form(request.body()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "To", "+36201234567",
                        "From", "+15005550006",
                        "Body", TEXT,
                        "StatusCallback", "https://portal.example.org/twilio/status"));
    }

    @Test
    void a_messaging_service_replaces_the_sender_number() {
        twilio.answer(r -> created("SM00000000000000000000000000000002"));
        TwilioSmsChannel sms = channel(Duration.ofSeconds(5))
                .messagingService("MG0123456789abcdef0123456789abcdef")
                .build();

        sms.send(MESSAGE);

        assertThat(form(twilio.received().get(0).body()))
                .containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef")
                .doesNotContainKey("From")
                .doesNotContainKey("StatusCallback");
    }

    @Test
    void an_invalid_number_fails_for_good_without_the_number_in_the_result() {
        twilio.answer(r -> error(400, 21211));

        DeliveryResult result =
                channel(Duration.ofSeconds(5)).from("+15005550006").build().send(MESSAGE);

        assertThat(result).isEqualTo(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));
        assertThat(result.toString()).doesNotContain("36201234567");
    }

    @Test
    void an_opted_out_recipient_fails_for_good() {
        twilio.answer(r -> error(400, 21610));

        assertThat(channel(Duration.ofSeconds(5)).from("+15005550006").build().send(MESSAGE))
                .isEqualTo(DeliveryResult.failed(FailureReason.OPTED_OUT, "twilio-21610"));
    }

    @Test
    void too_many_requests_is_retried_later_honouring_retry_after() {
        twilio.answer(r -> error(429, 20429).withHeader("Retry-After", "7"));

        assertThat(channel(Duration.ofSeconds(5)).from("+15005550006").build().send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(Duration.ofSeconds(7), "http-429"));
    }

    @Test
    void a_server_error_is_retried_later_after_the_sdks_own_retries() {
        twilio.answer(r -> error(500, 20500));

        assertThat(channel(Duration.ofSeconds(5)).from("+15005550006").build().send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "http-500"));
        assertThat(twilio.received()).hasSize(3); // the SDK's reliableRequest tries three times on 5xx
    }

    @Test
    void a_timeout_is_retried_later() {
        twilio.answer(r -> created("SM-late").delayed(2_000));

        assertThat(channel(Duration.ofMillis(200)).from("+15005550006").build().send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "timeout"));
    }

    @Test
    void a_refused_connection_is_retried_later() {
        twilio.close();

        assertThat(channel(Duration.ofSeconds(1)).from("+15005550006").build().send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "connection-refused"));
    }

    @Test
    void the_builder_names_every_problem() {
        assertThatThrownBy(() -> TwilioSmsChannel.builder("XX1", " ").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accountSid")
                .hasMessageContaining("authToken")
                .hasMessageContaining("from(number) or messagingService(sid)");
    }
}
