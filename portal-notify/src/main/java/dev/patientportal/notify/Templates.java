package dev.patientportal.notify;

import dev.patientportal.notify.internal.TemplateText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The message texts, per {@link MessageType}, {@link TemplatePart} and language, checked by a linter when built.
 *
 * <p>Texts carry no personal data: no name of the patient or doctor, no document title or type, no diagnosis; only
 * the variables of {@link MessageType#allowedVariables()} as {@code {{name}}} placeholders. The linter in
 * {@link Builder#build()} rejects, naming each template: a variable its message does not allow, a malformed
 * placeholder, an unknown key, a language that gives some parts of a channel but not all, a login-code text without
 * {@code {{code}}}, and a missing English text (English is the last fallback).
 *
 * <p>The defaults ship Spanish ({@code es}), Hungarian ({@code hu}) and English ({@code en}). A host overrides or adds
 * texts and languages:
 *
 * <pre>{@code
 * Templates templates = Templates.builder()
 *         .withDefaults()
 *         .put(Locale.forLanguageTag("hu"), MessageType.DOCUMENT_PUBLISHED, TemplatePart.SMS_TEXT,
 *                 "{{institutionName}}: uj dokumentum a Betegportalon: {{portalUrl}}")
 *         .load(Locale.forLanguageTag("de"), Files.newBufferedReader(dir.resolve("messages_de.properties")))
 *         .build();   // throws TemplateLintException naming every bad template
 * }</pre>
 *
 * <p>Properties keys are {@code <message>.<part>}, such as {@code document-published.sms.text} or
 * {@code login-code.email.subject}.
 *
 * <p>A template is chosen by the fallback chain: the patient's exact locale ({@code es-MX}), its language
 * ({@code es}), the institution's default locale and its language, then English. Within one message and channel all
 * parts come from the same language. Immutable and thread-safe.
 */
public final class Templates {
    /** The language every message must have, and the last fallback. */
    public static final Locale FALLBACK = Locale.ENGLISH;

    private static final List<String> DEFAULT_LANGUAGES = List.of("en", "es", "hu");

    private final Map<String, Map<MessageType, Map<TemplatePart, TemplateText>>> byLocale;

    private Templates(Map<String, Map<MessageType, Map<TemplatePart, TemplateText>>> byLocale) {
        this.byLocale = byLocale;
    }

    /**
     * The shipped Spanish, Hungarian and English texts.
     *
     * @return the templates
     */
    public static Templates defaults() {
        return builder().withDefaults().build();
    }

    /**
     * Starts an empty set of templates.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the languages that have at least one text.
     *
     * @return the locales
     */
    public Set<Locale> locales() {
        Set<Locale> locales = new LinkedHashSet<>();
        byLocale.keySet().forEach(tag -> locales.add(Locale.forLanguageTag(tag)));
        return Collections.unmodifiableSet(locales);
    }

    /**
     * Returns the language whose texts a message and channel use.
     *
     * @param type the message
     * @param channel the channel
     * @param preferred the patient's locale
     * @param institutionDefault the institution's default locale
     * @return the first locale of the fallback chain that has the channel's texts; English at last
     */
    public Locale resolve(MessageType type, Channel channel, Locale preferred, Locale institutionDefault) {
        for (String tag : chain(preferred, institutionDefault)) {
            Map<TemplatePart, TemplateText> parts =
                    byLocale.getOrDefault(tag, Map.of()).get(type);
            if (parts != null && parts.keySet().stream().anyMatch(p -> p.channel() == channel)) {
                return Locale.forLanguageTag(tag);
            }
        }
        throw new IllegalArgumentException(type.key() + " has no " + channel + " templates");
    }

    /**
     * Renders an e-mail.
     *
     * @param type the message
     * @param preferred the patient's locale
     * @param institutionDefault the institution's default locale
     * @param values the variables; each must be allowed for {@code type}
     * @return the texts
     * @throws IllegalArgumentException when a value is not allowed or a used variable has none
     */
    public RenderedEmail renderEmail(
            MessageType type, Locale preferred, Locale institutionDefault, Map<String, String> values) {
        Locale locale = resolve(type, Channel.EMAIL, preferred, institutionDefault);
        Map<TemplatePart, TemplateText> parts = parts(locale, type, values);
        return new RenderedEmail(
                locale,
                part(parts, TemplatePart.EMAIL_SUBJECT).render(values, false),
                part(parts, TemplatePart.EMAIL_TEXT).render(values, false),
                part(parts, TemplatePart.EMAIL_HTML).render(values, true));
    }

    /**
     * Renders an SMS text, as the template gives it (without transliteration).
     *
     * @param type the message
     * @param preferred the patient's locale
     * @param institutionDefault the institution's default locale
     * @param values the variables; each must be allowed for {@code type}
     * @return the text, with its segments
     * @throws IllegalArgumentException when a value is not allowed or a used variable has none
     */
    public RenderedSms renderSms(
            MessageType type, Locale preferred, Locale institutionDefault, Map<String, String> values) {
        Locale locale = resolve(type, Channel.SMS, preferred, institutionDefault);
        String text = part(parts(locale, type, values), TemplatePart.SMS_TEXT).render(values, false);
        return new RenderedSms(locale, text, SmsSegments.count(text));
    }

    /**
     * Renders a push notification.
     *
     * @param type the message; not {@link MessageType#LOGIN_CODE}
     * @param preferred the patient's locale
     * @param institutionDefault the institution's default locale
     * @param values the variables; each must be allowed for {@code type}
     * @return the texts
     * @throws IllegalArgumentException when a value is not allowed or a used variable has none
     */
    public RenderedPush renderPush(
            MessageType type, Locale preferred, Locale institutionDefault, Map<String, String> values) {
        Locale locale = resolve(type, Channel.PUSH, preferred, institutionDefault);
        Map<TemplatePart, TemplateText> parts = parts(locale, type, values);
        return new RenderedPush(
                locale,
                part(parts, TemplatePart.PUSH_TITLE).render(values, false),
                part(parts, TemplatePart.PUSH_BODY).render(values, false));
    }

    private Map<TemplatePart, TemplateText> parts(Locale locale, MessageType type, Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!type.allowedVariables().contains(name)) {
                throw new IllegalArgumentException(type.key() + " does not allow the variable " + name);
            }
        }
        // resolve(...) only answers locales that have the type, and build() refused a type missing a part.
        Map<MessageType, Map<TemplatePart, TemplateText>> types =
                Objects.requireNonNull(byLocale.get(locale.toLanguageTag()), "templates of a resolved locale");
        return Objects.requireNonNull(types.get(type), "templates of a resolved type");
    }

    private static TemplateText part(Map<TemplatePart, TemplateText> parts, TemplatePart part) {
        return Objects.requireNonNull(parts.get(part), "a part build() required");
    }

    private static List<String> chain(Locale preferred, Locale institutionDefault) {
        Set<String> chain = new LinkedHashSet<>();
        for (Locale l : List.of(preferred, institutionDefault)) {
            chain.add(l.toLanguageTag());
            chain.add(Locale.forLanguageTag(l.getLanguage()).toLanguageTag());
        }
        chain.add(FALLBACK.toLanguageTag());
        return new ArrayList<>(chain);
    }

    /** Collects texts and lints them. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<String, String>> texts = new TreeMap<>();

        private Builder() {}

        /**
         * Adds the shipped Spanish, Hungarian and English texts; later calls override them.
         *
         * @return this builder
         */
        public Builder withDefaults() {
            for (String language : DEFAULT_LANGUAGES) {
                String resource = "templates/messages_" + language + ".properties";
                try (InputStream in = Templates.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + resource);
                    }
                    load(Locale.forLanguageTag(language), new InputStreamReader(in, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resource, e);
                }
            }
            return this;
        }

        /**
         * Sets one text.
         *
         * @param locale the language, such as {@code hu} or {@code es-MX}
         * @param type the message
         * @param part the part
         * @param template the text with {@code {{variable}}} placeholders
         * @return this builder
         */
        public Builder put(Locale locale, MessageType type, TemplatePart part, String template) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(part, "part");
            return putKey(locale, type.key() + "." + part.key(), template);
        }

        /**
         * Adds texts from a properties source (read as UTF-8 characters by the given reader), keys as
         * {@code document-published.sms.text}. Unknown keys are reported by {@link #build()}.
         *
         * @param locale the language of the texts
         * @param properties the source; not closed
         * @return this builder
         * @throws UncheckedIOException when the source cannot be read
         */
        public Builder load(Locale locale, Reader properties) {
            Properties p = new Properties();
            try {
                p.load(properties);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read templates for " + locale.toLanguageTag(), e);
            }
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                putKey(locale, key, p.getProperty(key));
            }
            return this;
        }

        private Builder putKey(Locale locale, String key, String template) {
            Objects.requireNonNull(locale, "locale");
            Objects.requireNonNull(template, "template");
            String tag = locale.toLanguageTag();
            if ("und".equals(tag)) {
                throw new IllegalArgumentException("a template needs a language");
            }
            texts.computeIfAbsent(tag, t -> new TreeMap<>()).put(key, template);
            return this;
        }

        /**
         * Lints the texts and builds the templates.
         *
         * @return the templates
         * @throws TemplateLintException naming every offending template
         */
        public Templates build() {
            List<String> problems = new ArrayList<>();
            Map<String, Map<MessageType, Map<TemplatePart, TemplateText>>> byLocale = new TreeMap<>();
            texts.forEach((tag, keys) -> keys.forEach((key, source) -> {
                String name = tag + "/" + key;
                MessageType type = null;
                TemplatePart part = null;
                for (MessageType t : MessageType.values()) {
                    for (TemplatePart p : TemplatePart.values()) {
                        if (key.equals(t.key() + "." + p.key())) {
                            type = t;
                            part = p;
                        }
                    }
                }
                if (type == null || part == null || !type.channels().contains(part.channel())) {
                    problems.add(name + ": unknown template key");
                    return;
                }
                if (source.isBlank()) {
                    problems.add(name + ": is empty");
                    return;
                }
                List<String> syntax = new ArrayList<>();
                TemplateText text = TemplateText.parse(source, syntax);
                syntax.forEach(s -> problems.add(name + ": " + s));
                for (String variable : text.variables()) {
                    if (!type.allowedVariables().contains(variable)) {
                        problems.add(name + ": uses {{" + variable + "}}, which " + type.key()
                                + " does not allow (allowed: " + String.join(", ", type.allowedVariables()) + ")");
                    }
                }
                if (type == MessageType.LOGIN_CODE
                        && part != TemplatePart.EMAIL_SUBJECT
                        && !text.variables().contains(MessageType.CODE)) {
                    problems.add(name + ": a login-code text must contain {{code}}");
                }
                byLocale.computeIfAbsent(tag, t -> new EnumMap<>(MessageType.class))
                        .computeIfAbsent(type, t -> new EnumMap<>(TemplatePart.class))
                        .put(part, text);
            }));
            byLocale.forEach((tag, messages) -> messages.forEach((type, parts) -> {
                for (Channel channel : type.channels()) {
                    List<TemplatePart> ofChannel = partsOf(channel);
                    long given = ofChannel.stream().filter(parts::containsKey).count();
                    if (given > 0 && given < ofChannel.size()) {
                        ofChannel.stream()
                                .filter(p -> !parts.containsKey(p))
                                .forEach(p -> problems.add(tag + "/" + type.key() + "." + p.key()
                                        + ": missing, while other " + channel + " parts are given"));
                    }
                }
            }));
            Map<MessageType, Map<TemplatePart, TemplateText>> fallback =
                    byLocale.getOrDefault(FALLBACK.toLanguageTag(), Map.of());
            for (MessageType type : MessageType.values()) {
                for (Channel channel : type.channels()) {
                    for (TemplatePart p : partsOf(channel)) {
                        if (!fallback.getOrDefault(type, Map.of()).containsKey(p)) {
                            problems.add(FALLBACK.toLanguageTag() + "/" + type.key() + "." + p.key()
                                    + ": missing; English is the last fallback and needs every text");
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new TemplateLintException(problems);
            }
            Map<String, Map<MessageType, Map<TemplatePart, TemplateText>>> frozen = new TreeMap<>();
            byLocale.forEach((tag, messages) -> {
                Map<MessageType, Map<TemplatePart, TemplateText>> m = new EnumMap<>(MessageType.class);
                messages.forEach((type, parts) -> m.put(type, Collections.unmodifiableMap(new EnumMap<>(parts))));
                frozen.put(tag, Collections.unmodifiableMap(m));
            });
            return new Templates(Collections.unmodifiableMap(frozen));
        }

        private static List<TemplatePart> partsOf(Channel channel) {
            return java.util.Arrays.stream(TemplatePart.values())
                    .filter(p -> p.channel() == channel)
                    .toList();
        }
    }
}
