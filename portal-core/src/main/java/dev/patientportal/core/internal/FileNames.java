package dev.patientportal.core.internal;

import dev.patientportal.core.ValidationException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks an uploaded file name before it is stored and later offered as a download name: no path, no control or
 * format characters, no leading dot, no characters that are special in file systems or HTTP headers, at most 200
 * characters. Letters of every script are fine ("lelet_árvíztűrő.pdf").
 *
 * <p>Also refused, because a patient's computer would misread the name: Windows device names (CON, PRN, AUX, NUL,
 * COM0-COM9, LPT0-LPT9 and their superscript forms, CONIN$, CONOUT$) with or without an extension and in any case;
 * more than {@value #MAX_MARK_RUN} combining marks in a row, or more combining marks than other characters before the
 * extension (text that spills over its neighbours on screen); and a double extension whose last part is an executable
 * type ("result.pdf.exe"). Whether the extension agrees with the content is {@link MediaTypes}' check.
 *
 * <p>Messages never repeat the name, which may hold personal data.
 */
public final class FileNames {
    private static final int MAX = 200;
    /** Vietnamese, Hebrew with points and Indic scripts stack at most three or four marks on one letter. */
    static final int MAX_MARK_RUN = 4;

    private static final int MAX_EXTENSION = 16;

    private static final Set<String> DEVICE_NAMES = Set.of(
            "CON",
            "PRN",
            "AUX",
            "NUL",
            "CONIN$",
            "CONOUT$",
            "COM0",
            "COM1",
            "COM2",
            "COM3",
            "COM4",
            "COM5",
            "COM6",
            "COM7",
            "COM8",
            "COM9",
            "COM\u00b9",
            "COM\u00b2",
            "COM\u00b3",
            "LPT0",
            "LPT1",
            "LPT2",
            "LPT3",
            "LPT4",
            "LPT5",
            "LPT6",
            "LPT7",
            "LPT8",
            "LPT9",
            "LPT\u00b9",
            "LPT\u00b2",
            "LPT\u00b3");

    /** Extensions Windows, macOS or a Linux desktop runs, or opens in a script host, on a double click. */
    private static final Set<String> EXECUTABLE = Set.of(
            "exe",
            "com",
            "bat",
            "cmd",
            "scr",
            "pif",
            "msi",
            "msp",
            "mst",
            "dll",
            "cpl",
            "ocx",
            "sys",
            "vbs",
            "vbe",
            "js",
            "jse",
            "jar",
            "ps1",
            "psm1",
            "psd1",
            "ps1xml",
            "wsf",
            "wsc",
            "wsh",
            "hta",
            "lnk",
            "url",
            "reg",
            "inf",
            "scf",
            "msc",
            "gadget",
            "application",
            "appx",
            "msix",
            "appref-ms",
            "sh",
            "bash",
            "command",
            "app",
            "apk",
            "py",
            "pyw",
            "pl",
            "rb",
            "elf",
            "run",
            "bin",
            "desktop");

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
            if (Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED) {
                throw new ValidationException("fileName", "contains control or invisible characters");
            }
            if ("/\\:*?\"<>|;".indexOf(cp) >= 0) {
                throw new ValidationException("fileName", "must not contain / \\ : * ? \" < > | ;");
            }
            i += Character.charCount(cp);
        }
        checkMarks(n);
        if (isDeviceName(n)) {
            throw new ValidationException("fileName", "must not be a device name reserved by Windows");
        }
        String last = extension(n);
        if (last != null && EXECUTABLE.contains(last) && extension(stem(n)) != null) {
            throw new ValidationException(
                    "fileName", "must not end in an executable extension after another extension");
        }
        return n;
    }

    /**
     * The name's extension, lower-case: what follows its last dot, when that is 1 to 16 ASCII letters, digits or
     * hyphens with at least one letter. "Dr. Kovács lelete" and "lelet 2026.03" have none.
     *
     * @param name a file name
     * @return the extension without the dot, or {@code null}
     */
    public static @Nullable String extension(String name) {
        String n = name.strip();
        int dot = n.lastIndexOf('.');
        if (dot <= 0 || dot == n.length() - 1) {
            return null;
        }
        String ext = n.substring(dot + 1);
        if (ext.length() > MAX_EXTENSION) {
            return null;
        }
        boolean letter = false;
        for (int i = 0; i < ext.length(); i++) {
            char c = ext.charAt(i);
            boolean asciiLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!asciiLetter && !(c >= '0' && c <= '9') && c != '-') {
                return null;
            }
            letter |= asciiLetter;
        }
        return letter ? ext.toLowerCase(Locale.ROOT) : null;
    }

    /** The name without its {@linkplain #extension extension}, or the whole name when it has none. */
    static String stem(String name) {
        String n = name.strip();
        return extension(n) == null ? n : n.substring(0, n.lastIndexOf('.')).strip();
    }

    /** Windows reads the part before the first dot, trailing spaces dropped, as the device name. */
    private static boolean isDeviceName(String n) {
        int dot = n.indexOf('.');
        String base = (dot < 0 ? n : n.substring(0, dot)).stripTrailing();
        return DEVICE_NAMES.contains(base.toUpperCase(Locale.ROOT));
    }

    private static void checkMarks(String n) {
        String stem = stem(n);
        int run = 0;
        int marks = 0;
        int others = 0;
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            run = mark ? run + 1 : 0;
            if (run > MAX_MARK_RUN) {
                throw new ValidationException(
                        "fileName", "must not stack more than " + MAX_MARK_RUN + " combining marks");
            }
            if (i < stem.length()) {
                if (mark) {
                    marks++;
                } else {
                    others++;
                }
            }
            i += Character.charCount(cp);
        }
        if (marks > others) {
            throw new ValidationException("fileName", "must not have more combining marks than letters");
        }
    }
}
