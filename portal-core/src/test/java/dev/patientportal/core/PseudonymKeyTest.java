package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PseudonymKeyTest {
    private static final byte[] SECRET = new byte[32];

    static {
        for (int i = 0; i < SECRET.length; i++) {
            SECRET[i] = (byte) (i * 7 + 1);
        }
    }

    private static final String B64 = Base64.getEncoder().encodeToString(SECRET);
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-1");
    private static final LoginIdentity TAJ =
            LoginIdentity.tajAndPhone(TajNumber.parse("123456788"), PhoneNumber.parse("+36201234567"));

    @Test
    @DisplayName("a pseudonym is HMAC-SHA256 over length-prefixed purpose and parts, in URL-safe Base64")
    void pseudonym_matchesIndependentHmac() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        for (String s : List.of("lockout", "a", "bc")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(b.length).array());
            mac.update(b);
        }
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());

        String actual = PseudonymKey.fromBase64("p1", B64).pseudonym("lockout", "a", "bc");

        assertThat(actual).isEqualTo(expected).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    @DisplayName("length prefixes keep apart inputs that a plain join would confuse, and purposes stay apart")
    void pseudonym_isUnambiguous() {
        PseudonymKey key = PseudonymKey.fromBase64("p1", B64);
        assertThat(key.pseudonym("x", "ab", "c")).isNotEqualTo(key.pseudonym("x", "a", "bc"));
        assertThat(key.pseudonym("x", "a")).isNotEqualTo(key.pseudonym("xa"));
        assertThat(key.pseudonym("lockout", "a")).isNotEqualTo(key.pseudonym("send-limit", "a"));
        assertThat(key.identity(CLINIC, TAJ))
                .isEqualTo(key.pseudonym("active-identity", "clinic-1", "TAJ_AND_PHONE", "+36201234567", "123456788"));
        assertThat(key.identity("lockout", CLINIC, TAJ)).isNotEqualTo(key.identity(CLINIC, TAJ));
    }

    @Test
    @DisplayName("the same key gives the same pseudonym on every node; another key a different one")
    void pseudonym_stableUnderTheKeyOnly() {
        PseudonymKey a = PseudonymKey.fromBase64("p1", B64);
        PseudonymKey b = PseudonymKey.parse("other-id:" + Base64.getUrlEncoder().encodeToString(SECRET));
        PseudonymKey other = PseudonymKey.random("p1");
        assertThat(a.identity(CLINIC, TAJ)).isEqualTo(b.identity(CLINIC, TAJ));
        assertThat(other.identity(CLINIC, TAJ)).isNotEqualTo(a.identity(CLINIC, TAJ));
        assertThat(other.isRandom()).isTrue();
        assertThat(a.isRandom()).isFalse();
    }

    @Test
    @DisplayName("a short, malformed or missing key is refused without echoing it")
    void refusals_neverEchoTheKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> PseudonymKey.fromBase64("p1", shortKey))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("pseudonymKey"));
        assertThatThrownBy(() -> PseudonymKey.fromBase64("p1", "secret!!not-base64%"))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PseudonymKey.fromBase64("bad id", B64)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PseudonymKey.parse(B64))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining(B64);
        assertThatThrownBy(() -> PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY", Map.<String, String>of()::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTAL_PSEUDONYM_KEY");
        assertThat(PseudonymKey.fromEnvironment("K", Map.of("K", " p2:" + B64 + " ")::get)
                        .id())
                .isEqualTo("p2");
        assertThat(PseudonymKey.fromBase64("p1", B64).toString())
                .isEqualTo("PseudonymKey[p1]")
                .doesNotContain(B64);
    }

    @Test
    @DisplayName("threads computing pseudonyms at once all get the right answers")
    void pseudonym_threadSafe() throws Exception {
        PseudonymKey key = PseudonymKey.fromBase64("p1", B64);
        Map<Integer, String> expected = new ConcurrentHashMap<>();
        for (int i = 0; i < 200; i++) {
            expected.put(i, key.pseudonym("t", Integer.toString(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Set<Integer>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    Set<Integer> wrong = new HashSet<>();
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < 200; i++) {
                            if (!key.pseudonym("t", Integer.toString(i)).equals(expected.get(i))) {
                                wrong.add(i);
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Set<Integer>> f : results) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
