package dev.patientportal.core.internal;

import dev.patientportal.core.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.jspecify.annotations.Nullable;

/**
 * Detects a media type with Apache Tika (tika-core) and checks it against what the clinic allows, what the uploader
 * declared and the file name's extension.
 *
 * <p>Detection takes both the bytes and the name (Tika's {@link Detector} with
 * {@link TikaCoreProperties#RESOURCE_NAME_KEY}): the bytes decide, and the name may only narrow a type the bytes
 * leave open (text that Tika's magic window sees as plain may be HTML by name). Text is then read in full for markup a
 * browser or image viewer would run: HTML tags such as {@code <script>}, SVG, XML declarations. Text with markup counts
 * as that markup's type ({@code text/html}, {@code image/svg+xml} or {@code application/xml}), so it is refused unless
 * the clinic allows that type. Finally the name's extension must be one of the detected type's extensions; a name with
 * no extension at all is stored with the type's usual one.
 */
public final class MediaTypes {
    private static final Tika TIKA = new Tika();
    private static final Detector DETECTOR = TIKA.getDetector();
    private static final MimeTypes REGISTRY = MimeTypes.getDefaultMimeTypes();

    /**
     * The extensions of the common types, the usual one first. Tika's own lists are longer (for {@code text/plain}
     * they include {@code .htc}, an HTML component), so these win.
     */
    private static final Map<String, List<String>> EXTENSIONS = Map.of(
            "application/pdf", List.of("pdf"),
            "image/png", List.of("png"),
            "image/jpeg", List.of("jpg", "jpeg", "jpe", "jfif", "jfi", "jif"),
            "image/gif", List.of("gif"),
            "image/tiff", List.of("tif", "tiff"),
            "text/plain", List.of("txt", "text"),
            "text/csv", List.of("csv"),
            "text/html", List.of("html", "htm"),
            "image/svg+xml", List.of("svg"),
            "application/xml", List.of("xml"));

    private static final Set<String> HTML_TAGS = Set.of(
            "script",
            "html",
            "head",
            "body",
            "iframe",
            "frame",
            "frameset",
            "object",
            "embed",
            "applet",
            "img",
            "image",
            "meta",
            "style",
            "link",
            "form",
            "input",
            "button",
            "base",
            "a",
            "video",
            "audio",
            "source",
            "math",
            "title",
            "template",
            "details",
            "marquee",
            "isindex",
            "!doctype");

    /** The type, and the name to store, of an upload that passed the checks. */
    public record Checked(String mediaType, String fileName) {}

    private MediaTypes() {}

    /** The media type of the content, as detected from its bytes alone, without parameters. */
    public static String detect(byte[] content) {
        return base(TIKA.detect(content));
    }

    /**
     * The media type of the content as detected from its bytes and its name together, without parameters.
     *
     * @param content the bytes
     * @param fileName the name, or {@code null} for the bytes alone
     * @return the type
     */
    public static String detect(byte[] content, @Nullable String fileName) {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        try (TikaInputStream in = TikaInputStream.get(content)) {
            return base(DETECTOR.detect(in, metadata).toString());
        } catch (IOException e) {
            throw new ValidationException("content", "could not be read");
        }
    }

    /**
     * Detects from the bytes alone and checks: the detected type must be allowed, and a declared type, when given,
     * must agree with it.
     *
     * @return the detected type
     */
    public static String detectAndCheck(byte[] content, @Nullable String declared, Set<String> allowed) {
        String detected = detect(content);
        checkAllowedAndDeclared(detected, declared, allowed);
        return detected;
    }

    /**
     * Detects from the bytes and the name, reads text for markup, and checks the type against the allowed ones, the
     * declared type and the name's extension.
     *
     * @param content the bytes
     * @param fileName the name, already {@linkplain FileNames#checkSafe checked}
     * @param declared the declared type, or {@code null}
     * @param allowed the allowed types
     * @return the type, and the name to store: the given one, or with the type's extension added when it had none
     * @throws ValidationException on {@code mediaType} for a type not allowed or not declared, on {@code fileName}
     *     for an extension of another type
     */
    public static Checked check(byte[] content, String fileName, @Nullable String declared, Set<String> allowed) {
        String byBytes = detect(content, null);
        String detected = detect(content, fileName);
        if (isText(byBytes) || isText(detected)) {
            String markup = markup(content);
            if (markup != null && !markup.equals(detected)) {
                if (!allowed.contains(markup)) {
                    throw new ValidationException(
                            "mediaType", "the content contains " + markup + " markup, which is not allowed");
                }
                detected = markup;
            }
        }
        checkAllowedAndDeclared(detected, declared, allowed);
        String extension = FileNames.extension(fileName);
        List<String> extensions = extensions(detected);
        if (extension == null) {
            return new Checked(detected, extensions.isEmpty() ? fileName : fileName + "." + extensions.get(0));
        }
        boolean agrees =
                extensions.isEmpty() ? byName(fileName).equals(MimeTypes.OCTET_STREAM) : extensions.contains(extension);
        if (!agrees) {
            throw new ValidationException("fileName", "the extension does not match the content's type " + detected);
        }
        return new Checked(detected, fileName);
    }

    /** The type the name alone suggests; {@code application/octet-stream} when Tika knows no type by it. */
    private static String byName(String fileName) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try {
            return base(DETECTOR.detect(null, metadata).toString());
        } catch (IOException e) {
            return MimeTypes.OCTET_STREAM;
        }
    }

    /** The extensions of a type, lower-case and without dots, the usual one first; empty when none is known. */
    static List<String> extensions(String mediaType) {
        List<String> known = EXTENSIONS.get(mediaType);
        if (known != null) {
            return known;
        }
        try {
            MimeType type = REGISTRY.forName(mediaType);
            return type.getExtensions().stream()
                    .map(e -> e.substring(1).toLowerCase(Locale.ROOT))
                    .distinct()
                    .toList();
        } catch (MimeTypeException e) {
            return List.of();
        }
    }

    /**
     * Reads text for markup a browser or image viewer acts on, wherever it is: Tika's magic looks at the first bytes
     * only, and a script after kilobytes of plain text is still a script.
     *
     * @return {@code image/svg+xml}, {@code text/html} or {@code application/xml}, or {@code null} for none
     */
    static @Nullable String markup(byte[] content) {
        String text = decode(content).toLowerCase(Locale.ROOT);
        boolean html = false;
        boolean xml = false;
        for (int lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
            int end = lt + 1;
            while (end < text.length() && isTagChar(text.charAt(end), end == lt + 1)) {
                end++;
            }
            String tag = text.substring(lt + 1, end);
            boolean closed = end == text.length()
                    || Character.isWhitespace(text.charAt(end))
                    || text.charAt(end) == '>'
                    || text.charAt(end) == '/';
            if (tag.equals("svg") && closed) {
                return "image/svg+xml";
            }
            if (HTML_TAGS.contains(tag) && closed) {
                html = true;
            } else if (tag.equals("?xml")
                    || tag.equals("!entity")
                    || tag.startsWith("xsl:")
                    || tag.startsWith("?xml-stylesheet")) {
                xml = true;
            }
        }
        return html ? "text/html" : xml ? "application/xml" : null;
    }

    private static boolean isTagChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z')
                || (!first && ((c >= '0' && c <= '9') || c == ':' || c == '-'))
                || (first && (c == '!' || c == '?'));
    }

    /** UTF-16 when it says so; otherwise byte by byte, which finds ASCII tags in UTF-8 and every 8-bit charset. */
    private static String decode(byte[] content) {
        if (content.length >= 2 && (content[0] & 0xff) == 0xfe && (content[1] & 0xff) == 0xff) {
            return new String(content, StandardCharsets.UTF_16BE);
        }
        if (content.length >= 2 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe) {
            return new String(content, StandardCharsets.UTF_16LE);
        }
        return new String(content, StandardCharsets.ISO_8859_1);
    }

    private static boolean isText(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.equals("application/xml") || mediaType.endsWith("+xml");
    }

    private static void checkAllowedAndDeclared(String detected, @Nullable String declared, Set<String> allowed) {
        if (!allowed.contains(detected)) {
            throw new ValidationException("mediaType", "the content's type " + detected + " is not allowed");
        }
        if (declared != null && !declared.isBlank() && !base(declared).equals(detected)) {
            throw new ValidationException(
                    "mediaType", "the declared type does not match the content (" + detected + ")");
        }
    }

    private static String base(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
