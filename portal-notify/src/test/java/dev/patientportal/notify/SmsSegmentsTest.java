package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patientportal.notify.SmsSegments.Encoding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmsSegmentsTest {
    /** Every line of the oracle computed outside the code (testdata/sms-segments.jsonl, Perl's Encode::GSM0338). */
    static Stream<Arguments> oracle() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = Objects.requireNonNull(SmsSegmentsTest.class.getResourceAsStream("/sms-segments.jsonl"));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Arguments> cases = lines.lines()
                    .filter(l -> !l.isBlank())
                    .map(l -> {
                        try {
                            JsonNode n = json.readTree(l);
                            return Arguments.of(
                                    n.get("text").asText(),
                                    Encoding.valueOf(n.get("encoding").asText()),
                                    n.get("units").asInt(),
                                    n.get("segments").asInt());
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertThat(cases).hasSize(200);
            return cases.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("oracle")
    void matches_the_independent_oracle(String text, Encoding encoding, int units, int segments) {
        assertThat(SmsSegments.count(text)).isEqualTo(new SmsSegments(encoding, units, segments));
    }

    static Stream<Arguments> known() {
        return Stream.of(
                Arguments.of("", Encoding.GSM7, 0, 1),
                Arguments.of("a".repeat(160), Encoding.GSM7, 160, 1),
                Arguments.of("a".repeat(161), Encoding.GSM7, 161, 2),
                Arguments.of("a".repeat(306), Encoding.GSM7, 306, 2),
                Arguments.of("a".repeat(307), Encoding.GSM7, 307, 3),
                Arguments.of("€", Encoding.GSM7, 2, 1),
                Arguments.of("{}[]~^|\\", Encoding.GSM7, 16, 1),
                Arguments.of("€".repeat(80), Encoding.GSM7, 160, 1),
                Arguments.of("€".repeat(81), Encoding.GSM7, 162, 2), // 76 escape pairs fill 152 septets, 5 go on
                Arguments.of("é ö ü ñ Ñ ¿ ¡ à", Encoding.GSM7, 15, 1),
                Arguments.of("á", Encoding.UCS2, 1, 1),
                Arguments.of("ő".repeat(70), Encoding.UCS2, 70, 1),
                Arguments.of("ő".repeat(71), Encoding.UCS2, 71, 2),
                Arguments.of("ű".repeat(134), Encoding.UCS2, 134, 2),
                Arguments.of("ű".repeat(135), Encoding.UCS2, 135, 3),
                Arguments.of("😀", Encoding.UCS2, 2, 1),
                Arguments.of("😀".repeat(35), Encoding.UCS2, 70, 1),
                Arguments.of("😀".repeat(36), Encoding.UCS2, 72, 2),
                Arguments.of("a" + "😀".repeat(34), Encoding.UCS2, 69, 1),
                Arguments.of("x".repeat(66) + "😀" + "y".repeat(10), Encoding.UCS2, 78, 2));
    }

    @ParameterizedTest
    @MethodSource("known")
    void counts_known_cases(String text, Encoding encoding, int units, int segments) {
        assertThat(SmsSegments.count(text)).isEqualTo(new SmsSegments(encoding, units, segments));
    }

    @Test
    void never_splits_an_escape_pair_or_a_surrogate_pair() {
        // 152 septets, then an escape pair: it cannot straddle, so the pair opens segment 2
        assertThat(SmsSegments.count("a".repeat(152) + "€" + "a".repeat(10)).segments())
                .isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(152) + "€" + "a".repeat(152)).segments())
                .isEqualTo(3);
        // 66 code units, then a surrogate pair: it opens segment 2
        assertThat(SmsSegments.count("á".repeat(66) + "😀" + "á".repeat(66)).segments())
                .isEqualTo(3);
    }

    static final Templates TEMPLATES = Templates.defaults();
    static final Map<String, String> VALUES = Map.of(
            MessageType.INSTITUTION_NAME,
            "Clinica Demo",
            MessageType.PORTAL_URL,
            "https://portal.example.org",
            MessageType.STARTS_AT,
            "3 dic 2026, 10:30");

    @Test
    void one_hungarian_accent_makes_the_real_template_output_ucs2_and_transliteration_gsm7() {
        String hu = TEMPLATES
                .renderSms(
                        MessageType.DOCUMENT_PUBLISHED,
                        Locale.forLanguageTag("hu"),
                        Locale.ENGLISH,
                        Map.of(
                                MessageType.INSTITUTION_NAME,
                                "Clinica Demo",
                                MessageType.PORTAL_URL,
                                "https://portal.example.org"))
                .text();
        assertThat(hu).isEqualTo("Clinica Demo: Új dokumentum érhető el a Betegportálon. https://portal.example.org");

        assertThat(SmsSegments.count(hu)).isEqualTo(new SmsSegments(Encoding.UCS2, 81, 2));
        String plain = GsmTransliterator.transliterate(hu);
        assertThat(plain)
                .isEqualTo("Clinica Demo: Uj dokumentum érheto el a Betegportalon. https://portal.example.org");
        assertThat(SmsSegments.count(plain)).isEqualTo(new SmsSegments(Encoding.GSM7, 81, 1));
    }

    @Test
    void spanish_template_output_is_gsm7_until_an_accent_appears() {
        String doc = TEMPLATES
                .renderSms(
                        MessageType.DOCUMENT_PUBLISHED,
                        Locale.forLanguageTag("es"),
                        Locale.ENGLISH,
                        Map.of(
                                MessageType.INSTITUTION_NAME,
                                "Clinica Demo",
                                MessageType.PORTAL_URL,
                                "https://portal.example.org"))
                .text();
        assertThat(SmsSegments.count(doc).encoding()).isEqualTo(Encoding.GSM7);

        String accented = TEMPLATES
                .renderSms(
                        MessageType.DOCUMENT_PUBLISHED,
                        Locale.forLanguageTag("es"),
                        Locale.ENGLISH,
                        Map.of(
                                MessageType.INSTITUTION_NAME,
                                "Clínica Demo",
                                MessageType.PORTAL_URL,
                                "https://portal.example.org"))
                .text();
        assertThat(SmsSegments.count(accented).encoding()).isEqualTo(Encoding.UCS2);

        String code = TEMPLATES
                .renderSms(
                        MessageType.LOGIN_CODE,
                        Locale.forLanguageTag("es"),
                        Locale.ENGLISH,
                        Map.of(
                                MessageType.INSTITUTION_NAME,
                                "Clinica Demo",
                                MessageType.PORTAL_URL,
                                "https://portal.example.org",
                                MessageType.CODE,
                                "482913",
                                MessageType.VALID_MINUTES,
                                "5"))
                .text();
        assertThat(code).contains("código").contains("Válido");
        assertThat(SmsSegments.count(code).encoding()).isEqualTo(Encoding.UCS2);
        assertThat(SmsSegments.count(GsmTransliterator.transliterate(code)))
                .isEqualTo(new SmsSegments(Encoding.GSM7, code.length(), 1));
        assertThat(VALUES).isNotEmpty();
    }
}
