package dev.patientportal.notify.internal;

/**
 * The GSM 03.38 default alphabet and its extension table, as code points. Extension characters are sent as an escape
 * plus the character, so they take two septets.
 */
public final class Gsm7 {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {}

    /**
     * Returns how many septets a code point takes in GSM-7.
     *
     * @param codePoint the character
     * @return 1 for the basic set, 2 for the extension table, 0 when GSM-7 cannot encode it
     */
    public static int septets(int codePoint) {
        if (codePoint == 0x1B) {
            return 0; // the escape itself is not a character a text may carry
        }
        if (codePoint < 0x10000) {
            char c = (char) codePoint;
            if (BASIC.indexOf(c) >= 0) {
                return 1;
            }
            if (EXTENSION.indexOf(c) >= 0) {
                return 2;
            }
        }
        return 0;
    }

    /**
     * Tells whether GSM-7 can encode every character of a text.
     *
     * @param text the text
     * @return {@code true} when the text needs no UCS-2
     */
    public static boolean canEncode(CharSequence text) {
        return text.codePoints().allMatch(cp -> septets(cp) > 0);
    }
}
