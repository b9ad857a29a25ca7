package dev.patientportal.core.internal;

import dev.patientportal.core.ValidationException;
import java.text.Normalizer;

/**
 * Checks an uploaded file name before it is stored and later offered as a download name: no path, no control or
 * format characters, no leading dot, no characters that are special in file systems or HTTP headers, at most 200
 * characters. Letters of every script are fine ("lelet_árvíztűrő.pdf").
 */
public final class FileNames {
    private static final int MAX = 200;

    private FileNames() {}

    /** Returns the name in Unicode NFC if it is safe; otherwise a validation error on {@code fileName}. */
    public static String checkSafe(String name) {
        String n = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
        if (n.isEmpty()) {
            throw new ValidationException("fileName", "is required");
        }
        if (n.length() > MAX) {
            throw new ValidationException("fileName", "must be at most " + MAX + " characters");
        }
        if (n.startsWith(".") || n.endsWith(".")) {
            throw new ValidationException("fileName", "must not start or end with a dot");
        }
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED) {
                throw new ValidationException("fileName", "contains control or invisible characters");
            }
            if ("/\\:*?\"<>|;".indexOf(cp) >= 0) {
                throw new ValidationException("fileName", "must not contain / \\ : * ? \" < > | ;");
            }
            i += Character.charCount(cp);
        }
        return n;
    }
}
