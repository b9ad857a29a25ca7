package dev.patientportal.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.notify.GsmTransliterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Gsm7Test {
    @Test
    void the_first_characters_of_each_table_are_in_it() {
        assertThat(Gsm7.septets('@')).isEqualTo(1);
        assertThat(Gsm7.septets('\f'))
                .as("form feed, the first of the extension table")
                .isEqualTo(2);
        assertThat(Gsm7.septets('€')).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x1B, 0x00, 0x0151, 0x0171, 0x10000, 0x1F3E5})
    void escape_nul_hungarian_double_acute_and_astral_characters_are_not_gsm7(int codePoint) {
        assertThat(Gsm7.septets(codePoint)).isZero();
        assertThat(Gsm7.canEncode("ok " + Character.toString(codePoint))).isFalse();
        assertThat(GsmTransliterator.isGsm7(Character.toString(codePoint))).isFalse();
    }

    @Test
    void a_text_is_gsm7_only_when_every_character_is() {
        assertThat(Gsm7.canEncode("")).isTrue();
        assertThat(Gsm7.canEncode("Kód: 123456 {ok}")).isFalse();
        assertThat(GsmTransliterator.isGsm7("Kod: 123456 {ok} é")).isTrue();
    }
}
