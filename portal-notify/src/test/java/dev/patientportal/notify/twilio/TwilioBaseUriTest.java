package dev.patientportal.notify.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.support.LocalHttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code baseUri(..)}: the SDK's own HTTP client sends its real requests to a local stand-in of Twilio's API. */
class TwilioBaseUriTest {
    LocalHttpServer twilio;

    @BeforeEach
    void start() {
        twilio = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void sends_the_real_request_to_the_base_uri_with_basic_auth() {
        twilio.answer(r -> TwilioSmsChannelTest.created("SM00000000000000000000000000000042"));
        TwilioSmsChannel sms = TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, TwilioSmsChannelTest.TOKEN)
                .from("+15005550006")
                .baseUri(URI.create("http://127.0.0.1:" + twilio.port()))
                .build();

        DeliveryResult result = sms.send(TwilioSmsChannelTest.MESSAGE);

        assertThat(result).isEqualTo(DeliveryResult.sent("SM00000000000000000000000000000042"));
        LocalHttpServer.Received request = twilio.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + TwilioSmsChannelTest.ACCOUNT + "/Messages.json");
        assertThat(request.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((TwilioSmsChannelTest.ACCOUNT + ":" + TwilioSmsChannelTest.TOKEN)
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(TwilioSmsChannelTest.form(request.body()))
                .containsEntry("To", "+36201234567")
                .containsEntry("From", "+15005550006")
                .containsEntry("Body", TwilioSmsChannelTest.TEXT);
    }

    @Test
    void keeps_the_base_uris_own_path_and_classifies_its_errors_as_twilios() {
        twilio.answer(r -> TwilioSmsChannelTest.error(400, 21211));
        TwilioSmsChannel sms = TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, TwilioSmsChannelTest.TOKEN)
                .from("+15005550006")
                .baseUri(URI.create("http://localhost:" + twilio.port() + "/twilio/"))
                .build();

        DeliveryResult result = sms.send(TwilioSmsChannelTest.MESSAGE);

        assertThat(result).isEqualTo(DeliveryResult.failed(FailureReason.INVALID_NUMBER, "twilio-21211"));
        assertThat(twilio.received().get(0).path())
                .isEqualTo("/twilio/2010-04-01/Accounts/" + TwilioSmsChannelTest.ACCOUNT + "/Messages.json");
    }

    @Test
    void a_closed_port_is_a_retry_later() {
        int port = twilio.port();
        twilio.close();
        TwilioSmsChannel sms = TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, TwilioSmsChannelTest.TOKEN)
                .from("+15005550006")
                .baseUri(URI.create("http://127.0.0.1:" + port))
                .build();

        assertThat(sms.send(TwilioSmsChannelTest.MESSAGE).status()).isEqualTo(DeliveryResult.Status.RETRY_LATER);
    }

    @Test
    void credentials_never_go_in_clear_beyond_the_loopback_host() {
        assertThatThrownBy(() -> TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, "t")
                        .from("+15005550006")
                        .baseUri(URI.create("http://twilio-mock.example.org"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baseUri");
        assertThatThrownBy(() -> TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, "t")
                        .from("+15005550006")
                        .baseUri(URI.create("/relative"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baseUri");
        TwilioSmsChannel.builder(TwilioSmsChannelTest.ACCOUNT, "t")
                .from("+15005550006")
                .baseUri(URI.create("https://twilio-gateway.example.org/api"))
                .build();
    }
}
