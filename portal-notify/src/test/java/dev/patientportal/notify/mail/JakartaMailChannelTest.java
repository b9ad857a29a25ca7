package dev.patientportal.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.MessageType;
import dev.patientportal.notify.RenderedEmail;
import dev.patientportal.notify.Templates;
import dev.patientportal.notify.spi.EmailMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real SMTP: Jakarta Mail (Angus) sends to a GreenMail server on a free loopback port. */
class JakartaMailChannelTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final Templates TEMPLATES = Templates.defaults();
    static final Map<String, String> VALUES = Map.of(
            MessageType.INSTITUTION_NAME, "Szent Rókus Klinika", MessageType.PORTAL_URL, "https://portal.example.org/");

    JakartaMailChannel channel() {
        return JakartaMailChannel.create(
                SmtpSettings.builder("127.0.0.1", SMTP.getSmtp().getPort(), EmailAddress.parse("portal@clinic.example"))
                        .security(SmtpSettings.Security.NONE)
                        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                        .build());
    }

    static EmailMessage message(RenderedEmail r, String to) {
        return new EmailMessage(
                EmailAddress.parse(to),
                "Szent Rókus Klinika",
                r.subject(),
                r.text(),
                r.html(),
                r.locale(),
                "4b4e6a0e-0000-4000-8000-000000000001");
    }

    @Test
    void sends_a_hungarian_notification_with_text_and_html_parts_in_utf8() throws Exception {
        RenderedEmail rendered = TEMPLATES.renderEmail(
                MessageType.DOCUMENT_PUBLISHED, Locale.forLanguageTag("hu-HU"), Locale.ENGLISH, VALUES);

        DeliveryResult result = channel().send(message(rendered, "teszt.elek@example.test"));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getMessageID())
                .isEqualTo(((DeliveryResult.Sent) result).providerId())
                .endsWith("@clinic.example>");
        assertThat(received.getSubject()).isEqualTo("Új dokumentum a Betegportálon");
        assertThat(received.getHeader("Subject", null)).startsWith("=?UTF-8?"); // encoded-word, not raw 8-bit
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Szent Rókus Klinika");
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo("portal@clinic.example");
        assertThat(received.getRecipients(Message.RecipientType.TO)[0].toString())
                .isEqualTo("teszt.elek@example.test");
        assertThat(received.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(received.getHeader("Content-Language", null)).isEqualTo("hu");
        assertThat(received.getHeader("X-Patient-Portal-Reference", null))
                .isEqualTo("4b4e6a0e-0000-4000-8000-000000000001");

        MimeMultipart alternative = (MimeMultipart) received.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(text.getContentType()).contains("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).contains("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent())
                .contains("Új dokumentum érhető el az Ön számára a(z) Szent Rókus Klinika Betegportálján.")
                .contains("https://portal.example.org/");
        assertThat((String) html.getContent())
                .contains("<a href=\"https://portal.example.org/\">")
                .contains("<strong>Szent Rókus Klinika</strong>");
    }

    @Test
    void the_wire_message_carries_no_recipient_data_beyond_the_address() throws Exception {
        RenderedEmail rendered = TEMPLATES.renderEmail(
                MessageType.DOCUMENT_PUBLISHED, Locale.forLanguageTag("es"), Locale.ENGLISH, VALUES);

        channel().send(message(rendered, "maria.garcia@example.test"));

        String wire = GreenMailUtil.getWholeMessage(SMTP.getReceivedMessages()[0]);
        // the address appears in To only; nothing else about the patient is in the message
        assertThat(wire.split("maria.garcia@example.test", -1)).hasSize(2);
        assertThat(wire)
                .doesNotContainIgnoringCase("garcia ")
                .doesNotContain("Blood")
                .doesNotContain("LAB_RESULT");
    }

    @Test
    void a_login_code_email_carries_the_code() throws Exception {
        RenderedEmail rendered = TEMPLATES.renderEmail(
                MessageType.LOGIN_CODE,
                Locale.forLanguageTag("es"),
                Locale.ENGLISH,
                Map.of(
                        MessageType.INSTITUTION_NAME,
                        "Clínica Demo",
                        MessageType.PORTAL_URL,
                        "https://portal.example.org/",
                        MessageType.CODE,
                        "482913",
                        MessageType.VALID_MINUTES,
                        "5"));

        channel().send(message(rendered, "paciente@example.test"));

        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Su código de acceso");
        assertThat((String)
                        ((MimeMultipart) received.getContent()).getBodyPart(0).getContent())
                .contains("Clínica Demo es 482913")
                .contains("válido durante 5 minutos");
    }
}
