package dev.patientportal.jpa.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads a flat JSON object of strings ({@code {"factor":"SMS","count":"3"}}), enough for audit details and
 * intent attributes without a JSON library. Keys are written sorted, so equal maps give equal text.
 */
public final class FlatJson {
    private FlatJson() {}

    /**
     * Writes a map as a JSON object.
     *
     * @param map the map
     * @return the JSON text
     */
    public static String write(Map<String, String> map) {
        StringBuilder sb = new StringBuilder(16 + map.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    /**
     * Reads a JSON object whose values are all strings.
     *
     * @param json the text
     * @return the map
     * @throws IllegalArgumentException when the text is not such an object
     */
    public static Map<String, String> read(String json) {
        Reader r = new Reader(json);
        Map<String, String> map = new TreeMap<>();
        r.skipWhitespace();
        r.expect('{');
        r.skipWhitespace();
        if (r.peek() == '}') {
            r.pos++;
        } else {
            while (true) {
                r.skipWhitespace();
                String key = r.string();
                r.skipWhitespace();
                r.expect(':');
                r.skipWhitespace();
                map.put(key, r.string());
                r.skipWhitespace();
                char c = r.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("Malformed JSON object at " + (r.pos - 1));
                }
            }
        }
        r.skipWhitespace();
        if (r.pos != json.length()) {
            throw new IllegalArgumentException("Trailing characters after JSON object");
        }
        return Map.copyOf(map);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("Unexpected end of JSON");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("Expected '" + c + "' at " + (pos - 1));
            }
        }

        void skipWhitespace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("Truncated escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("Bad escape at " + (pos - 1));
                }
            }
        }
    }
}
