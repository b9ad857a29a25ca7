package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    static final Map<String, String> VALUES = Map.of(
            MessageType.INSTITUTION_NAME,
            "Clinic & Co <Test>",
            MessageType.PORTAL_URL,
            "https://portal.example.org/?a=1&b=2");
    static final Locale ES = Locale.forLanguageTag("es");
    static final Locale HU = Locale.forLanguageTag("hu");

    @Test
    void the_shipped_texts_pass_the_linter_in_spanish_hungarian_and_english() {
        assertThat(Templates.defaults().locales()).containsExactlyInAnyOrder(Locale.ENGLISH, ES, HU);
    }

    @Test
    void a_variable_the_message_does_not_allow_is_a_configuration_error_naming_the_template() {
        assertThatThrownBy(() -> Templates.builder()
                        .withDefaults()
                        .put(
                                ES,
                                MessageType.DOCUMENT_PUBLISHED,
                                TemplatePart.SMS_TEXT,
                                "Hola {{patientName}}: {{portalUrl}}")
                        .put(HU, MessageType.ACCESS_GRANTED, TemplatePart.PUSH_BODY, "Kód: {{code}}")
                        .build())
                .isInstanceOfSatisfying(
                        TemplateLintException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "es/document-published.sms.text: uses {{patientName}}, which document-published does not"
                                                + " allow (allowed: institutionName, portalUrl)",
                                        "hu/access-granted.push.body: uses {{code}}, which access-granted does not allow"
                                                + " (allowed: institutionName, portalUrl)"));
    }

    @Test
    void malformed_placeholders_unknown_keys_and_partial_channels_are_reported_together() {
        String properties = """
                document-published.email.subject = Neues Dokument {{institutionName}
                document-published.fax.text = no such part
                reservation-booked.push.title = Termin
                """;
        assertThatThrownBy(() -> Templates.builder()
                        .withDefaults()
                        .load(Locale.GERMAN, new StringReader(properties))
                        .build())
                .isInstanceOfSatisfying(
                        TemplateLintException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "de/document-published.email.subject: has a malformed placeholder (use {{name}} with letters"
                                                + " and digits only)",
                                        "de/document-published.fax.text: unknown template key",
                                        "de/reservation-booked.push.body: missing, while other PUSH parts are given",
                                        "de/document-published.email.text: missing, while other EMAIL parts are given"));
    }

    @Test
    void english_needs_every_text_and_a_login_code_text_needs_the_code() {
        assertThatThrownBy(() -> Templates.builder()
                        .put(Locale.ENGLISH, MessageType.LOGIN_CODE, TemplatePart.SMS_TEXT, "Your code is ready")
                        .build())
                .isInstanceOfSatisfying(
                        TemplateLintException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "en/login-code.sms.text: a login-code text must contain {{code}}",
                                        "en/document-published.email.subject: missing; English is the last fallback and needs"
                                                + " every text"));
    }

    @Test
    void the_fallback_chain_goes_exact_locale_then_language_then_institution_default_then_english() {
        Templates t = Templates.builder()
                .withDefaults()
                .put(
                        Locale.forLanguageTag("es-MX"),
                        MessageType.DOCUMENT_PUBLISHED,
                        TemplatePart.SMS_TEXT,
                        "MX: {{portalUrl}}")
                .build();

        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.SMS, Locale.forLanguageTag("es-MX"), HU))
                .isEqualTo(Locale.forLanguageTag("es-MX"));
        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.EMAIL, Locale.forLanguageTag("es-MX"), HU))
                .isEqualTo(ES);
        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.SMS, Locale.forLanguageTag("es-AR"), HU))
                .isEqualTo(ES);
        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.SMS, Locale.GERMAN, HU))
                .isEqualTo(HU);
        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.SMS, Locale.GERMAN, Locale.FRENCH))
                .isEqualTo(Locale.ENGLISH);
    }

    @Test
    void a_host_overrides_a_text_and_adds_a_language() {
        Templates t = Templates.builder()
                .withDefaults()
                .put(HU, MessageType.DOCUMENT_PUBLISHED, TemplatePart.SMS_TEXT, "Uj dokumentum: {{portalUrl}}")
                .load(Locale.GERMAN, new StringReader("""
                        document-published.push.title = Neues Dokument
                        document-published.push.body = Ein neues Dokument ist im Patientenportal.
                        """))
                .build();

        assertThat(t.renderSms(MessageType.DOCUMENT_PUBLISHED, HU, HU, VALUES).text())
                .isEqualTo("Uj dokumentum: https://portal.example.org/?a=1&b=2");
        assertThat(t.renderPush(MessageType.DOCUMENT_PUBLISHED, Locale.GERMAN, HU, VALUES)
                        .title())
                .isEqualTo("Neues Dokument");
        assertThat(t.renderEmail(MessageType.DOCUMENT_PUBLISHED, Locale.GERMAN, HU, VALUES)
                        .locale())
                .isEqualTo(HU);
    }

    @Test
    void values_are_escaped_in_html_only() {
        RenderedEmail e = Templates.defaults().renderEmail(MessageType.DOCUMENT_PUBLISHED, Locale.ENGLISH, HU, VALUES);

        assertThat(e.html())
                .contains("<strong>Clinic &amp; Co &lt;Test&gt;</strong>")
                .contains("href=\"https://portal.example.org/?a=1&amp;b=2\"");
        assertThat(e.text()).contains("Clinic & Co <Test>");
    }

    @Test
    void rendering_refuses_a_value_the_message_does_not_allow() {
        assertThatThrownBy(() -> Templates.defaults()
                        .renderSms(
                                MessageType.DOCUMENT_PUBLISHED,
                                HU,
                                HU,
                                Map.of(
                                        MessageType.INSTITUTION_NAME,
                                        "x",
                                        MessageType.PORTAL_URL,
                                        "https://x.example",
                                        "patientName",
                                        "Erzsébet")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Erzsébet");
    }
}
