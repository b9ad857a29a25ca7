package dev.patientportal.core.internal;

import dev.patientportal.core.ValidationException;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;

/**
 * Detects a media type from content bytes with Apache Tika's magic-number detector (tika-core), ignoring the file
 * name, and checks it against what the clinic allows and what the uploader declared.
 */
public final class MediaTypes {
    private static final Tika TIKA = new Tika();

    private MediaTypes() {}

    /** The media type of the content, as detected from its bytes, without parameters. */
    public static String detect(byte[] content) {
        return base(TIKA.detect(content));
    }

    /**
     * Detects and checks: the detected type must be allowed, and a declared type, when given, must agree with it.
     *
     * @return the detected type
     */
    public static String detectAndCheck(byte[] content, @Nullable String declared, Set<String> allowed) {
        String detected = detect(content);
        if (!allowed.contains(detected)) {
            throw new ValidationException("mediaType", "the content's type " + detected + " is not allowed");
        }
        if (declared != null && !declared.isBlank() && !base(declared).equals(detected)) {
            throw new ValidationException("mediaType", "the declared type does not match the content (" + detected
                    + ")");
        }
        return detected;
    }

    private static String base(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
