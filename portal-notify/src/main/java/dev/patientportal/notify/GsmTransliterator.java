package dev.patientportal.notify;

import dev.patientportal.notify.internal.Gsm7;
import java.text.Normalizer;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites text so that it fits the GSM-7 alphabet, which halves the cost of most Spanish and Hungarian SMS: one
 * {@code á}, {@code ő} or {@code ű} would otherwise make the whole message UCS-2 (70 characters a segment instead of
 * 160).
 *
 * <p>Characters GSM-7 has are kept ({@code é É ö ü ñ ¿ ¡ €}...). Others lose their accent ({@code á->a}, {@code í->i},
 * {@code ó->o}, {@code ú->u}, {@code ő->o}, {@code ű->u}, {@code ç->c}); typographic quotes, dashes, ellipses and
 * special spaces become their ASCII forms; anything left becomes {@code ?}. The result always satisfies
 * {@link #isGsm7(CharSequence)}.
 *
 * <pre>{@code
 * GsmTransliterator.transliterate("Új dokumentum érhető el"); // "Uj dokumentum érheto el"
 * }</pre>
 *
 * <p>Whether SMS texts are transliterated is the host's choice:
 * {@link PortalNotifier.Builder#smsTransliteration(boolean)}. Stateless and thread-safe.
 */
public final class GsmTransliterator {
    private static final Map<Integer, String> SPECIAL = Map.ofEntries(
            Map.entry(0x2018, "'"),
            Map.entry(0x2019, "'"),
            Map.entry(0x201A, "'"),
            Map.entry(0x2032, "'"),
            Map.entry(0x201C, "\""),
            Map.entry(0x201D, "\""),
            Map.entry(0x201E, "\""),
            Map.entry(0x00AB, "\""),
            Map.entry(0x00BB, "\""),
            Map.entry(0x2013, "-"),
            Map.entry(0x2014, "-"),
            Map.entry(0x2010, "-"),
            Map.entry(0x2011, "-"),
            Map.entry(0x2212, "-"),
            Map.entry(0x2026, "..."),
            Map.entry(0x00A0, " "),
            Map.entry(0x202F, " "),
            Map.entry(0x2009, " "),
            Map.entry(0x2007, " "),
            Map.entry(0x0009, " "),
            Map.entry(0x0142, "l"),
            Map.entry(0x0141, "L"),
            Map.entry(0x0111, "d"),
            Map.entry(0x0110, "D"),
            Map.entry(0x00F0, "d"),
            Map.entry(0x00D0, "D"),
            Map.entry(0x00FE, "th"),
            Map.entry(0x00DE, "TH"),
            Map.entry(0x0153, "oe"),
            Map.entry(0x0152, "OE"),
            Map.entry(0x00B7, "."),
            Map.entry(0x2022, "*"),
            Map.entry(0x00AA, "a"),
            Map.entry(0x00BA, "o"),
            Map.entry(0x00B0, "o"));

    private GsmTransliterator() {}

    /**
     * Rewrites a text into the GSM-7 alphabet.
     *
     * @param text any text
     * @return a text GSM-7 can encode
     */
    public static String transliterate(CharSequence text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(replacement(cp)));
        return out.toString();
    }

    /**
     * Tells whether GSM-7 can encode a text as it is.
     *
     * @param text the text
     * @return {@code true} when no character needs UCS-2
     */
    public static boolean isGsm7(CharSequence text) {
        return Gsm7.canEncode(Objects.requireNonNull(text, "text"));
    }

    private static String replacement(int cp) {
        if (Gsm7.septets(cp) > 0) {
            return Character.toString(cp);
        }
        String special = SPECIAL.get(cp);
        if (special != null) {
            return special;
        }
        String decomposed = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder();
        decomposed
                .codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK && Gsm7.septets(c) > 0)
                .forEach(kept::appendCodePoint);
        return kept.length() > 0 ? kept.toString() : "?";
    }
}
