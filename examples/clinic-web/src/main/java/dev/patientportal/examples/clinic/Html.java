package dev.patientportal.examples.clinic;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The server-rendered pages' frame: escaping, the language of a request, the page around a body. */
final class Html {
    /** The cookie that holds the chosen language, shared with the patient's pages. */
    static final String LANG_COOKIE = "lang";

    private static final List<String> LANGUAGES = List.of("en", "es", "hu");

    private Html() {}

    static String esc(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The request's language: {@code ?lang=} (which is then remembered in a cookie), else the cookie, else English.
     */
    static String lang(HttpServletRequest request, HttpServletResponse response) {
        String asked = request.getParameter("lang");
        if (asked != null && LANGUAGES.contains(asked)) {
            Cookie c = new Cookie(LANG_COOKIE, asked);
            c.setPath("/");
            c.setMaxAge(365 * 24 * 3600);
            c.setAttribute("SameSite", "Lax");
            response.addCookie(c);
            return asked;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (LANG_COOKIE.equals(c.getName()) && LANGUAGES.contains(c.getValue())) {
                    return c.getValue();
                }
            }
        }
        return "en";
    }

    /** The language switch: links to the same page in each language. */
    static String languageSwitch(String lang, String path) {
        StringBuilder b = new StringBuilder("<nav class=\"langs\" aria-label=\"Language / Idioma / Nyelv\"><ul>");
        for (String l : LANGUAGES) {
            String name = switch (l) {
                case "es" -> "Español";
                case "hu" -> "Magyar";
                default -> "English";
            };
            String sep = path.contains("?") ? "&" : "?";
            b.append("<li><a lang=\"")
                    .append(l)
                    .append("\" href=\"")
                    .append(esc(path + sep + "lang=" + l))
                    .append("\"")
                    .append(l.equals(lang) ? " aria-current=\"true\"" : "")
                    .append(">")
                    .append(name)
                    .append("</a></li>");
        }
        return b.append("</ul></nav>").toString();
    }

    static String page(String lang, String title, String path, String header, String body) {
        return "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>"
                + "<a class=\"skip\" href=\"#main\">" + esc(Texts.get(lang, "skip")) + "</a>"
                + "<header class=\"top\"><div class=\"brand\">" + header + "</div>" + languageSwitch(lang, path)
                + "</header><main id=\"main\" tabindex=\"-1\">" + body + "</main></body></html>";
    }
}
