package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the segment count and the transliteration. Tries: {@code portal.fuzz.tries} each (CI: 10 000; inside
 * PIT: {@code portal.mutation.fuzz.tries}).
 */
class SmsSegmentsProperties {
    /** Letters and signs of Spanish, Hungarian and English texts, the GSM extension table, and an emoji or two. */
    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> chars = Arbitraries.of(
                "a", "b", "z", "A", " ", ".", ",", ":", "/", "0", "9", "é", "á", "í", "ó", "ú", "ő", "ű", "ö", "ü", "ñ",
                "¿", "¡", "€", "[", "]", "{", "~", "\n", "😀", "🏥", "–", "…");
        return chars.list().ofMaxSize(700).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> accented() {
        return Arbitraries.of("a", "e", " ", ".", "é", "á", "í", "ó", "ú", "ő", "ű", "ö", "ü", "ñ", "Á", "Ő", "Ű")
                .list()
                .ofMaxSize(700)
                .map(l -> String.join("", l));
    }

    @Property
    void never_fewer_segments_than_characters_over_153(@ForAll("messages") String text) {
        SmsSegments s = SmsSegments.count(text);
        long characters = text.codePoints().count();
        if (s.segments() > 1) {
            assertThat((long) s.segments() * 153).isGreaterThanOrEqualTo(characters);
        } else {
            assertThat(s.units()).isLessThanOrEqualTo(s.encoding().singleSegmentUnits());
        }
        assertThat((long) s.segments() * s.encoding().concatenatedSegmentUnits())
                .isGreaterThanOrEqualTo(s.segments() > 1 ? s.units() : 0);
    }

    @Property
    void units_are_septets_or_utf16_code_units(@ForAll("messages") String text) {
        SmsSegments s = SmsSegments.count(text);
        if (s.encoding() == SmsSegments.Encoding.UCS2) {
            assertThat(s.units()).isEqualTo(text.length());
        } else {
            assertThat(s.units())
                    .isBetween(
                            (int) text.codePoints().count(),
                            2 * (int) text.codePoints().count());
        }
    }

    @Property
    void appending_never_lowers_the_count(@ForAll("messages") String text, @ForAll("messages") String more) {
        assertThat(SmsSegments.count(text + more).segments())
                .isGreaterThanOrEqualTo(SmsSegments.count(text).segments());
    }

    @Property
    void transliteration_always_yields_gsm7(@ForAll("messages") String text) {
        String plain = GsmTransliterator.transliterate(text);
        assertThat(GsmTransliterator.isGsm7(plain)).isTrue();
        assertThat(SmsSegments.count(plain).encoding()).isEqualTo(SmsSegments.Encoding.GSM7);
    }

    @Property
    void transliterating_spanish_and_hungarian_letters_never_costs_more(@ForAll("accented") String text) {
        String plain = GsmTransliterator.transliterate(text);
        assertThat(plain.codePoints().count()).isEqualTo(text.codePoints().count());
        assertThat(SmsSegments.count(plain).segments())
                .isLessThanOrEqualTo(SmsSegments.count(text).segments());
    }
}
