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
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
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

    private static final String OTHER_B64 = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    @DisplayName("a sealed value is AES-256-GCM under HMAC(key, 'seal-key', purpose), nonce first, bound to its row")
    void seal_matchesIndependentAesGcm() throws Exception {
        PseudonymKey key = PseudonymKey.fromBase64("p1", B64);
        String sealed = key.seal("grant-identity", "clinic-1/p-1", "TAJ_AND_PHONE\n+36201234567\n123456788");

        assertThat(sealed).startsWith("p1:").doesNotContain("36201234567").doesNotContain("123456788");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        for (String s : List.of("seal-key", "grant-identity")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(b.length).array());
            mac.update(b);
        }
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(3));
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(mac.doFinal(), "AES"),
                new GCMParameterSpec(128, java.util.Arrays.copyOf(bytes, 12)));
        aes.updateAAD("clinic-1/p-1".getBytes(StandardCharsets.UTF_8));
        String plain = new String(aes.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);

        assertThat(plain).isEqualTo("TAJ_AND_PHONE\n+36201234567\n123456788");
        assertThat(key.unseal("grant-identity", "clinic-1/p-1", sealed)).isEqualTo(plain);
        // a fresh nonce each time: equal values do not give equal sealed values
        assertThat(key.seal("grant-identity", "clinic-1/p-1", plain)).isNotEqualTo(sealed);
    }

    @Test
    @DisplayName("a sealed value does not open for another row, another purpose, another key, or once changed")
    void unseal_refusesWhatDoesNotBelong() {
        PseudonymKey key = PseudonymKey.fromBase64("p1", B64);
        String sealed = key.seal("grant-identity", "clinic-1/p-1", "secret value");
        char last = sealed.charAt(sealed.length() - 2);
        String changed = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> key.unseal("grant-identity", "clinic-1/p-2", sealed))
                .isInstanceOf(PortalException.class)
                .hasMessageContaining("another row");
        assertThatThrownBy(() -> key.unseal("other", "clinic-1/p-1", sealed)).isInstanceOf(PortalException.class);
        assertThatThrownBy(() -> key.unseal("grant-identity", "clinic-1/p-1", changed))
                .isInstanceOf(PortalException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(
                        () -> PseudonymKey.fromBase64("p1", OTHER_B64).unseal("grant-identity", "clinic-1/p-1", sealed))
                .isInstanceOf(PortalException.class);
        assertThatThrownBy(
                        () -> PseudonymKey.fromBase64("p2", OTHER_B64).unseal("grant-identity", "clinic-1/p-1", sealed))
                .isInstanceOf(PortalException.class)
                .hasMessageContaining("id p1");
        assertThatThrownBy(() -> key.unseal("grant-identity", "clinic-1/p-1", "p1:%%%"))
                .isInstanceOf(PortalException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> key.unseal("grant-identity", "clinic-1/p-1", "p1:AAAA"))
                .isInstanceOf(PortalException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    @DisplayName("after a rotation the previous key opens what it sealed; the new key seals, and pseudonyms change")
    void rotation_previousKeysOpenOnly() {
        PseudonymKey old = PseudonymKey.fromBase64("p1", B64);
        String sealedByOld = old.seal("grant-identity", "row", "value");
        PseudonymKey ring = PseudonymKey.parse("p2:" + OTHER_B64 + ", p1:" + B64);

        assertThat(ring.id()).isEqualTo("p2");
        assertThat(ring.previous()).extracting(PseudonymKey::id).containsExactly("p1");
        assertThat(ring.unseal("grant-identity", "row", sealedByOld)).isEqualTo("value");
        assertThat(ring.sealedUnderThisKey(sealedByOld)).isFalse();
        String sealedByNew = ring.seal("grant-identity", "row", "value");
        assertThat(sealedByNew).startsWith("p2:");
        assertThat(ring.sealedUnderThisKey(sealedByNew)).isTrue();
        assertThatThrownBy(() -> old.unseal("grant-identity", "row", sealedByNew))
                .isInstanceOf(PortalException.class);
        assertThat(ring.pseudonym("lockout", "a"))
                .isEqualTo(PseudonymKey.fromBase64("p2", OTHER_B64).pseudonym("lockout", "a"))
                .isNotEqualTo(old.pseudonym("lockout", "a"));
        assertThat(ring.toString()).isEqualTo("PseudonymKey[p2, previous [p1]]").doesNotContain(B64);
        assertThatThrownBy(() -> PseudonymKey.parse("p1:" + OTHER_B64 + ",p1:" + B64))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("two keys have the id p1");
        assertThatThrownBy(() -> PseudonymKey.parse("p2:" + OTHER_B64 + ",")).isInstanceOf(ValidationException.class);
    }
}
