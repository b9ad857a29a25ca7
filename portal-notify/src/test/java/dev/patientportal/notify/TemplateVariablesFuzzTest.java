package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Template variables, fuzzed. Templates and their values are the host's configuration, not a patient's input, so the
 * contract is the linter's: a template either builds or is refused with a {@link TemplateLintException} naming its
 * key, never another exception, and never repeating the template's text. A built template replaces every placeholder
 * with its value verbatim (HTML-escaped in HTML), and a value is never read as a template: {@code {{code}}} in an
 * institution's name stays text. Tries: {@code portal.fuzz.tries} per property (CI: 10 000).
 */
class TemplateVariablesFuzzTest {
    private static final Locale DE = Locale.GERMAN;
    private static final Pattern WELL_FORMED = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9]*)\\s*}}");
    private static final List<String> NAMES = List.of(
            MessageType.INSTITUTION_NAME,
            MessageType.PORTAL_URL,
            MessageType.STARTS_AT,
            MessageType.CODE,
            MessageType.VALID_MINUTES,
            "patientName",
            "documentTitle",
            "x1");

    private static final Templates LOGIN_CODES = Templates.builder()
            .withDefaults()
            .put(DE, MessageType.LOGIN_CODE, TemplatePart.SMS_TEXT, "{{institutionName}}|{{code}}|{{portalUrl}}")
            .put(DE, MessageType.LOGIN_CODE, TemplatePart.EMAIL_SUBJECT, "Code")
            .put(DE, MessageType.LOGIN_CODE, TemplatePart.EMAIL_TEXT, "{{code}} {{institutionName}}")
            .put(DE, MessageType.LOGIN_CODE, TemplatePart.EMAIL_HTML, "<b>{{code}}</b>{{institutionName}}")
            .build();

    // jqwik makes one instance per property: the shipped texts are read once, each try overrides the German ones.
    private final Templates.Builder builder = Templates.builder().withDefaults();

    /** Every literal run of a generated template starts with this, which no lint message has of its own. */
    private static final String MARK = "7é";

    /** Literal runs and placeholders, well-formed or not, allowed or not. */
    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> literal = Arbitraries.strings()
                .withChars("abcXYZ019 .,:/áőű€<>&\"'\n")
                .ofMaxLength(12)
                .map(s -> MARK + s);
        Arbitrary<String> placeholder = Arbitraries.oneOf(
                Arbitraries.of(NAMES).map(n -> "{{" + n + "}}"),
                Arbitraries.of(NAMES).map(n -> "{{ " + n + "  }}"),
                Arbitraries.of("{{", "}}", "{{}}", "{{1a}}", "{{a-b}}", "{ {code}}", "{{code}", "{{{code}}}", "{"));
        return Combinators.combine(literal, placeholder)
                .as(String::concat)
                .list()
                .ofMaxSize(5)
                .map(parts -> String.join("", parts))
                .flatMap(body -> Arbitraries.strings()
                        .withChars("abc 19é")
                        .ofMaxLength(6)
                        .map(tail -> body + tail));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of(
                        "{{code}}",
                        "{{portalUrl}}",
                        "<script>alert(1)</script>",
                        "a & b",
                        "\"'",
                        "$1 \\0",
                        "{{",
                        "}}"));
    }

    @Property
    @Label("a host's SMS template builds or is refused by the linter alone, naming the key and not the text")
    void smsTemplate(@ForAll MessageType type, @ForAll("templates") String template) {
        Templates built;
        try {
            for (MessageType each : MessageType.values()) { // undo the previous try's German text
                builder.put(
                        DE,
                        each,
                        TemplatePart.SMS_TEXT,
                        "{{code}} {{portalUrl}}".substring(each == MessageType.LOGIN_CODE ? 0 : 9));
            }
            built = builder.put(DE, type, TemplatePart.SMS_TEXT, template).build();
        } catch (TemplateLintException refused) {
            assertThat(refused.problems())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p).startsWith("de/" + type.key() + ".sms.text: "));
            assertThat(refused.getMessage())
                    .as("no literal text of the template")
                    .doesNotContain(MARK);
            assertThat(expectedProblems(type, template))
                    .as("refused only for a reason")
                    .isTrue();
            return;
        }
        assertThat(expectedProblems(type, template))
                .as("a template with a problem is refused")
                .isFalse();

        Map<String, String> values = new HashMap<>();
        for (String name : type.allowedVariables()) {
            values.put(name, "<" + name + ">");
        }
        String text = built.renderSms(type, DE, DE, values).text();
        Matcher m = WELL_FORMED.matcher(template);
        assertThat(text).isEqualTo(m.replaceAll(r -> Matcher.quoteReplacement("<" + r.group(1) + ">")));
        assertThat(text).doesNotContain("{{", "}}");
    }

    /** What the linter must find: a variable the message does not allow, a stray brace pair, a code-less code text. */
    private static boolean expectedProblems(MessageType type, String template) {
        if (template.isBlank()) {
            return true;
        }
        Matcher m = WELL_FORMED.matcher(template);
        Set<String> used = new HashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        String rest = m.replaceAll("\u0000"); // keeps the literal runs apart, as the parser sees them
        return !type.allowedVariables().containsAll(used)
                || rest.contains("{{")
                || rest.contains("}}")
                || (type == MessageType.LOGIN_CODE && !used.contains(MessageType.CODE));
    }

    @Property
    @Label("values are filled in verbatim, escaped in HTML, and never expanded again")
    void valuesAreNeverTemplates(
            @ForAll("values") String name, @ForAll("values") String url, @ForAll("values") String code) {
        Templates t = LOGIN_CODES;
        Map<String, String> values =
                Map.of(MessageType.INSTITUTION_NAME, name, MessageType.PORTAL_URL, url, MessageType.CODE, code);

        RenderedSms sms = t.renderSms(MessageType.LOGIN_CODE, DE, DE, values);
        RenderedEmail email = t.renderEmail(MessageType.LOGIN_CODE, DE, DE, values);

        assertThat(sms.text()).isEqualTo(name + "|" + code + "|" + url);
        assertThat(sms.segments()).isEqualTo(SmsSegments.count(sms.text()));
        assertThat(email.text()).isEqualTo(code + " " + name);
        assertThat(email.html()).isEqualTo("<b>" + escaped(code) + "</b>" + escaped(name));
    }

    private static String escaped(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
