package dev.patientportal.notify.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TwilioSignatureValidatorTest {
    static final String TOKEN = "12345";
    static final String URL = "https://portal.example.org/twilio/status?institution=clinic-1";
    static final Map<String, String> PARAMS = Map.of(
            "MessageSid",
            "SM00000000000000000000000000000001",
            "MessageStatus",
            "undelivered",
            "ErrorCode",
            "30003",
            "To",
            "+36201234567");

    /** Twilio's documented algorithm, computed here independently: HMAC-SHA1 over URL + sorted name/value pairs. */
    static String sign(String token, String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void accepts_a_callback_signed_with_the_auth_token() throws Exception {
        assertThat(new TwilioSignatureValidator(TOKEN).isValid(URL, PARAMS, sign(TOKEN, URL, PARAMS)))
                .isTrue();
    }

    @Test
    void rejects_a_tampered_parameter_another_token_or_a_missing_signature() throws Exception {
        TwilioSignatureValidator validator = new TwilioSignatureValidator(TOKEN);
        Map<String, String> tampered = new TreeMap<>(PARAMS);
        tampered.put("MessageStatus", "delivered");

        assertThat(validator.isValid(URL, tampered, sign(TOKEN, URL, PARAMS))).isFalse();
        assertThat(validator.isValid(URL, PARAMS, sign("another-token", URL, PARAMS)))
                .isFalse();
        assertThat(validator.isValid(URL, PARAMS, null)).isFalse();
        assertThat(validator.isValid(URL, PARAMS, "")).isFalse();
    }

    @Test
    void the_status_callback_keeps_only_phi_free_fields() {
        TwilioStatusCallback status = TwilioStatusCallback.from(PARAMS);

        assertThat(status)
                .isEqualTo(new TwilioStatusCallback("SM00000000000000000000000000000001", "undelivered", "30003"));
        assertThat(status.isFailure()).isTrue();
        assertThat(status.toString()).doesNotContain("36201234567");
    }
}
