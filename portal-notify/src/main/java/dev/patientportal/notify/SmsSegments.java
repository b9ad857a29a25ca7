package dev.patientportal.notify;

import dev.patientportal.notify.internal.Gsm7;
import java.util.Objects;

/**
 * How an SMS text travels and what it costs: its encoding, its length in that encoding's units and the number of
 * segments a carrier bills.
 *
 * <p>GSM-7 is used when every character is in the GSM 03.38 default alphabet or its extension table (extension
 * characters such as {@code € [ ] { } ~ ^ | \} take two septets); one segment holds 160 septets, a concatenated
 * message 153 per segment. Any other character (Hungarian {@code ő ű}, Spanish {@code á í ó ú}, an emoji) makes the
 * whole message UCS-2: 70 UTF-16 code units in one segment, 67 per segment when concatenated; a character outside the
 * Basic Multilingual Plane is a surrogate pair and counts two. An escape pair or a surrogate pair is never split
 * across segments.
 *
 * <pre>{@code
 * SmsSegments.count("Uj dokumentum erheto el.");   // GSM7, 24 units, 1 segment
 * SmsSegments.count("Új dokumentum érhető el.");   // UCS2, 24 units, 1 segment (but 70 per segment, not 160)
 * }</pre>
 *
 * @param encoding the encoding the text needs
 * @param units GSM-7 septets (extension characters counting two) or UTF-16 code units
 * @param segments the number of segments billed; at least 1
 */
public record SmsSegments(Encoding encoding, int units, int segments) {

    /** The two SMS text encodings. */
    public enum Encoding {
        /** The GSM 03.38 7-bit default alphabet: 160 septets in one segment, 153 per concatenated segment. */
        GSM7(160, 153),
        /** UCS-2 (UTF-16 code units): 70 in one segment, 67 per concatenated segment. */
        UCS2(70, 67);

        private final int single;
        private final int perPart;

        Encoding(int single, int perPart) {
            this.single = single;
            this.perPart = perPart;
        }

        /**
         * Returns how many units fit in a message of one segment.
         *
         * @return 160 or 70
         */
        public int singleSegmentUnits() {
            return single;
        }

        /**
         * Returns how many units each segment of a concatenated message holds.
         *
         * @return 153 or 67
         */
        public int concatenatedSegmentUnits() {
            return perPart;
        }
    }

    /**
     * Checks the fields.
     *
     * @param encoding the encoding the text needs
     * @param units GSM-7 septets (extension characters counting two) or UTF-16 code units
     * @param segments the number of segments billed; at least 1
     * @throws IllegalArgumentException when units are negative or segments less than 1
     */
    public SmsSegments {
        Objects.requireNonNull(encoding, "encoding");
        if (units < 0 || segments < 1) {
            throw new IllegalArgumentException("units must be >= 0 and segments >= 1");
        }
    }

    /**
     * Counts the encoding, units and segments of a text.
     *
     * @param text the SMS text exactly as it will be sent
     * @return the count; an empty text is one segment of zero units
     */
    public static SmsSegments count(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return Gsm7.canEncode(text) ? countGsm(text) : countUcs2(text);
    }

    private static SmsSegments countGsm(CharSequence text) {
        int[] widths = text.codePoints().map(Gsm7::septets).toArray();
        return pack(Encoding.GSM7, widths);
    }

    private static SmsSegments countUcs2(CharSequence text) {
        int[] widths = text.codePoints().map(Character::charCount).toArray();
        return pack(Encoding.UCS2, widths);
    }

    /** Packs characters of the given widths into segments without splitting any character. */
    private static SmsSegments pack(Encoding encoding, int[] widths) {
        int units = 0;
        for (int w : widths) {
            units += w;
        }
        if (units <= encoding.single) {
            return new SmsSegments(encoding, units, 1);
        }
        int segments = 1;
        int used = 0;
        for (int w : widths) {
            if (used + w > encoding.perPart) {
                segments++;
                used = 0;
            }
            used += w;
        }
        return new SmsSegments(encoding, units, segments);
    }
}
