package dev.patientportal.core.internal;

import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PortalException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON form of an {@link AuditCheckpoint}: one flat object of strings and one integer. Every value written is
 * drawn from a safe alphabet (ids, hex, ISO-8601), so writing needs no escapes; reading accepts exactly such objects
 * (in any key order, with whitespace) and nothing else, without a JSON library in core.
 */
public final class CheckpointJson {
    private static final Set<String> KEYS = Set.of("institution", "sequence", "head", "at", "keyId", "signature");

    private CheckpointJson() {}

    /** Writes a checkpoint. */
    public static String write(AuditCheckpoint c) {
        return "{\"institution\":\"" + c.institution().value() + "\",\"sequence\":" + c.sequence() + ",\"head\":\""
                + c.head() + "\",\"at\":\"" + c.at() + "\",\"keyId\":\"" + c.keyId() + "\",\"signature\":\""
                + c.signature() + "\"}";
    }

    /** Reads a checkpoint; anything else is an {@link IllegalArgumentException}. */
    /** A field the key check above has shown to be present. */
    private static String field(Map<String, String> fields, String name) {
        return Objects.requireNonNull(fields.get(name), name);
    }

    public static AuditCheckpoint read(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] pos = {0};
        String s = json.strip();
        expect(s, pos, '{');
        skip(s, pos);
        if (peek(s, pos) != '}') {
            while (true) {
                skip(s, pos);
                String key = string(s, pos);
                skip(s, pos);
                expect(s, pos, ':');
                skip(s, pos);
                String value = peek(s, pos) == '"' ? string(s, pos) : number(s, pos);
                if (!KEYS.contains(key) || fields.put(key, value) != null) {
                    throw new IllegalArgumentException("unexpected or repeated field in an audit checkpoint");
                }
                skip(s, pos);
                char c = next(s, pos);
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("malformed audit checkpoint JSON");
                }
            }
        } else {
            pos[0]++;
        }
        if (pos[0] != s.length() || !fields.keySet().equals(KEYS)) {
            throw new IllegalArgumentException("an audit checkpoint needs exactly the fields " + KEYS);
        }
        try {
            return new AuditCheckpoint(
                    InstitutionId.of(field(fields, "institution")),
                    Long.parseLong(field(fields, "sequence")),
                    field(fields, "head"),
                    Instant.parse(field(fields, "at")),
                    field(fields, "keyId"),
                    field(fields, "signature"));
        } catch (DateTimeParseException | NumberFormatException | PortalException e) {
            throw new IllegalArgumentException("malformed audit checkpoint field");
        }
    }

    private static void skip(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static char peek(String s, int[] pos) {
        if (pos[0] >= s.length()) {
            throw new IllegalArgumentException("truncated audit checkpoint JSON");
        }
        return s.charAt(pos[0]);
    }

    private static char next(String s, int[] pos) {
        char c = peek(s, pos);
        pos[0]++;
        return c;
    }

    private static void expect(String s, int[] pos, char c) {
        if (next(s, pos) != c) {
            throw new IllegalArgumentException("malformed audit checkpoint JSON");
        }
    }

    /** A string without escapes: none of the checkpoint's values needs one. */
    private static String string(String s, int[] pos) {
        expect(s, pos, '"');
        int end = s.indexOf('"', pos[0]);
        if (end < 0) {
            throw new IllegalArgumentException("truncated audit checkpoint JSON");
        }
        String value = s.substring(pos[0], end);
        if (value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("escapes are not expected in an audit checkpoint");
        }
        pos[0] = end + 1;
        return value;
    }

    private static String number(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
            pos[0]++;
        }
        if (start == pos[0] || pos[0] - start > 19) {
            throw new IllegalArgumentException("malformed number in an audit checkpoint");
        }
        return s.substring(start, pos[0]);
    }
}
