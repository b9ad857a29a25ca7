package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The text form of a key ring, as configuration and environment variables hold it for every node of a cluster. */
class CodeKeyringTest {
    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B =
            Base64.getUrlEncoder().encodeToString("b".repeat(40).getBytes());

    @Test
    @DisplayName("parse reads id:base64 entries, the first one current, the others retired")
    void parsesEntriesCurrentFirst() {
        CodeKeyring ring = CodeKeyring.parse(" 2026-12:" + KEY_A + " ,\n2026-11:" + KEY_B + "\n");

        assertThat(ring.current().id()).isEqualTo("2026-12");
        assertThat(ring.ids()).containsExactly("2026-12", "2026-11");
        assertThat(ring.find("2026-11").orElseThrow().secret())
                .isEqualTo("b".repeat(40).getBytes());
        assertThat(ring.hasRandomKey()).isFalse();
    }

    @Test
    @DisplayName("the same text gives the same keys on every node")
    void sameTextSameKeys() {
        String text = "k1:" + KEY_B;
        assertThat(CodeKeyring.parse(text).current())
                .isEqualTo(CodeKeyring.parse(text).current());
    }

    @Test
    @DisplayName("malformed entries are named by position, never echoed")
    void malformedEntriesNamedNotEchoed() {
        assertThatThrownBy(() -> CodeKeyring.parse("k1:" + KEY_A + ",secret-without-id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 of 2")
                .hasMessageNotContaining("secret-without-id")
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> CodeKeyring.parse("k1:c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> CodeKeyring.parse("k1:" + KEY_A + ",k1:" + KEY_B))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the id k1");
        assertThatThrownBy(() -> CodeKeyring.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an entry without an id or without a secret is not id:base64; a bad key names its entry's position")
    void entriesNeedBothHalves() {
        for (String text : new String[] {":" + KEY_A, "k1:", "k1:" + KEY_A + ",k2:"}) {
            assertThatThrownBy(() -> CodeKeyring.parse(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(" is not id:base64");
        }
        assertThatThrownBy(() -> CodeKeyring.parse("k1:" + KEY_A + ",k2:c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key ring entry 2 of 2: ")
                .hasMessageContaining("at least 32 bytes");
        assertThat(CodeKeyring.parse("k:" + KEY_A).current().id())
                .as("a one-character id")
                .isEqualTo("k");
    }

    @Test
    @DisplayName("keys are equal by id and secret; two random keys never share a secret")
    void keyEquality() {
        ServerKey a = ServerKey.fromBase64("k", KEY_A);
        assertThat(a).isEqualTo(ServerKey.fromBase64("k", KEY_A));
        assertThat(a).isNotEqualTo(ServerKey.fromBase64("k", KEY_B));
        assertThat(a).isNotEqualTo(ServerKey.fromBase64("j", KEY_A));
        assertThat(a).isNotEqualTo("k");
        ServerKey r1 = ServerKey.random("r");
        ServerKey r2 = ServerKey.random("r");
        assertThat(r1).isNotEqualTo(r2);
        assertThat(r1.secret()).isNotEqualTo(r2.secret()).isNotEqualTo(new byte[r1.secret().length]);
    }

    @Test
    @DisplayName("fromEnvironment names the variable when it is missing or wrong")
    void fromEnvironmentNamesTheVariable() {
        assertThat(CodeKeyring.fromEnvironment("PORTAL_CODE_KEYS", Map.of("PORTAL_CODE_KEYS", "k1:" + KEY_A)::get)
                        .current()
                        .id())
                .isEqualTo("k1");
        assertThatThrownBy(() -> CodeKeyring.fromEnvironment("PORTAL_CODE_KEYS", name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTAL_CODE_KEYS is not set");
        assertThatThrownBy(() -> CodeKeyring.fromEnvironment("PORTAL_CODE_KEYS", name -> "nonsense"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PORTAL_CODE_KEYS: ");
    }

    @Test
    @DisplayName("a random key is known as one, so a cluster can refuse it")
    void randomKeysAreMarked() {
        assertThat(CodeKeyring.random().hasRandomKey()).isTrue();
        assertThat(ServerKey.random("r").isRandom()).isTrue();
        assertThat(ServerKey.fromBase64("k", KEY_A).isRandom()).isFalse();
        assertThat(CodeKeyring.of(ServerKey.fromBase64("k", KEY_A), ServerKey.random("old"))
                        .hasRandomKey())
                .isTrue();
    }
}
