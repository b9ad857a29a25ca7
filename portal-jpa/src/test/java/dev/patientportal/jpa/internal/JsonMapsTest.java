package dev.patientportal.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON of audit details and intent attributes. The literal texts below are what the hand-written codec that came
 * before Jackson ({@code FlatJson}) stored for these maps: existing rows must read back the same, and new rows are
 * written the same way (sorted keys, so equal maps give equal text).
 */
class JsonMapsTest {
    private static final Map<Map<String, String>, String> WRITTEN_BY_THE_OLD_CODEC = Map.of(
            Map.of(),
            "{}",
            Map.of("factor", "SMS", "count", "3"),
            "{\"count\":\"3\",\"factor\":\"SMS\"}",
            Map.of("reason", "quote \" backslash \\ slash / done"),
            "{\"reason\":\"quote \\\" backslash \\\\ slash / done\"}",
            Map.of("lines", "a\nb\rc\td"),
            "{\"lines\":\"a\\nb\\rc\\td\"}",
            Map.of("ünïcødé", "Clínica Demo ő ű \uD83D\uDC8A"),
            "{\"ünïcødé\":\"Clínica Demo ő ű \uD83D\uDC8A\"}",
            Map.of("b", "2", "a", "1", "c", "", "A", "0"),
            "{\"A\":\"0\",\"a\":\"1\",\"b\":\"2\",\"c\":\"\"}");

    @Test
    @DisplayName("rows written by the old codec read back as the same maps")
    void readsWhatTheOldCodecWrote() {
        WRITTEN_BY_THE_OLD_CODEC.forEach(
                (map, text) -> assertThat(JsonMaps.read(text)).isEqualTo(map));
        assertThat(JsonMaps.read("{\"ctl\":\"\\u0000\\u0001\\u0008\\u000c\\u001f\u007f\"}"))
                .isEqualTo(Map.of("ctl", "\u0000\u0001\b\f\u001f\u007f"));
    }

    @Test
    @DisplayName("maps are written as the old codec wrote them, keys sorted")
    void writesWhatTheOldCodecWrote() {
        WRITTEN_BY_THE_OLD_CODEC.forEach(
                (map, text) -> assertThat(JsonMaps.write(map)).isEqualTo(text));
        Map<String, String> insertionOrder = new HashMap<>();
        for (int i = 20; i > 0; i--) {
            insertionOrder.put("k" + i, "v" + i);
        }
        assertThat(JsonMaps.write(insertionOrder))
                .isEqualTo(JsonMaps.write(Map.copyOf(insertionOrder)))
                .startsWith("{\"k1\":\"v1\",\"k10\":\"v10\",");
    }

    @Test
    @DisplayName("control characters survive a round trip")
    void controlCharactersRoundTrip() {
        Map<String, String> map = Map.of("ctl", "\u0000\u0001\b\f\u001f\u007f\u2028");

        assertThat(JsonMaps.read(JsonMaps.write(map))).isEqualTo(map);
    }

    @Test
    @DisplayName("whitespace around the tokens is accepted")
    void acceptsWhitespace() {
        assertThat(JsonMaps.read(" { \"a\" : \"1\" ,\n\t\"b\":\"2\" } ")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "[]",
                "null",
                "\"a\"",
                "{",
                "{\"a\":\"1\"",
                "{\"a\":1}",
                "{\"a\":null}",
                "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":[\"b\"]}",
                "{\"a\":true}",
                "{\"a\":\"1\"} x",
                "{\"a\":\"1\"}{}",
                "{a:\"1\"}",
                "{\"a\":\"1\",}",
                "{\"a\":\"\\x\"}"
            })
    @DisplayName("anything but a flat object of strings is rejected")
    void rejectsAnythingElse(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonMaps.read(text));
    }

    @Test
    @DisplayName("the message of a rejection names the position, never the content")
    void rejectionNamesNoContent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JsonMaps.read("{\"taj\":\"123456788\" secret}"))
                .withMessageNotContaining("123456788")
                .withMessageNotContaining("secret")
                .withMessageContaining("column");
    }

    @Test
    @DisplayName("a null value is a programming error")
    void rejectsNullValues() {
        Map<String, String> map = new HashMap<>();
        map.put("a", null);

        assertThatNullPointerException().isThrownBy(() -> JsonMaps.write(map));
    }
}
