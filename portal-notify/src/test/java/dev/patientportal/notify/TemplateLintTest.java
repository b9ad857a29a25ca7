package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The linter names exactly what is wrong: no given part reported missing, no complete channel refused. */
class TemplateLintTest {
    @Test
    void a_partial_channel_names_only_its_missing_parts() {
        String properties = """
                document-published.email.subject = Neues Dokument
                document-published.email.html = <p>{{portalUrl}}</p>
                """;
        assertThatThrownBy(() -> Templates.builder()
                        .withDefaults()
                        .load(Locale.GERMAN, new StringReader(properties))
                        .build())
                .isInstanceOfSatisfying(
                        TemplateLintException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "de/document-published.email.text: missing, while other EMAIL parts are given"));
    }

    @Test
    void a_language_may_give_one_channel_whole_and_leave_the_others_to_the_fallback() {
        Templates t = Templates.builder()
                .withDefaults()
                .load(Locale.GERMAN, new StringReader("""
                        document-published.email.subject = Neues Dokument
                        document-published.email.text = Ein neues Dokument: {{portalUrl}}
                        document-published.email.html = <p>{{portalUrl}}</p>
                        """))
                .build();

        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.EMAIL, Locale.GERMAN, Locale.ENGLISH))
                .isEqualTo(Locale.GERMAN);
        assertThat(t.resolve(MessageType.DOCUMENT_PUBLISHED, Channel.SMS, Locale.GERMAN, Locale.ENGLISH))
                .isEqualTo(Locale.ENGLISH);
        assertThat(t.locales()).contains(Locale.GERMAN);
    }
}
