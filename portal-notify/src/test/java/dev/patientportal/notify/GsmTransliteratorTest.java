package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GsmTransliteratorTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Új dokumentum érhető el a Betegportálon.|Uj dokumentum érheto el a Betegportalon.",
                "ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP|ARVIZTURO TÜKÖRFUROGÉP",
                "árvíztűrő tükörfúrógép|arvizturo tükörfurogép",
                "Su código: válido 5 minutos.|Su codigo: valido 5 minutos.",
                "¿Cita confirmada? ¡Sí! Niño, señal.|¿Cita confirmada? ¡Si! Niño, señal.",
                "“Quoted” – ‘single’ … ok|\"Quoted\" - 'single' ... ok",
                "Łódź, façade, Ærø|Lodz, facade, Ærø",
                "Hospital 🏥 ✓|Hospital ? ?",
                "€ [ok] {x} ~ ^ \\|€ [ok] {x} ~ ^ \\"
            })
    void rewrites_into_the_gsm_alphabet(String input, String expected) {
        assertThat(GsmTransliterator.transliterate(input)).isEqualTo(expected);
        assertThat(GsmTransliterator.isGsm7(expected)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"a\u00A0b,a b", "10:30\u202FAM,10:30 AM"})
    void special_spaces_become_plain_spaces(String input, String expected) {
        assertThat(GsmTransliterator.transliterate(input)).isEqualTo(expected);
    }
}
