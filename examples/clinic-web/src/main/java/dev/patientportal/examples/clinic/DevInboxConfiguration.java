package dev.patientportal.examples.clinic;

import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Profile {@code demo} (the default): the channels that keep every message in the {@link DevInbox} instead of sending
 * it (the starter backs off from its own channels when these beans exist), and the dev inbox page at
 * {@code /dev/inbox}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DevInboxConfiguration {
    /** For Spring. */
    public DevInboxConfiguration() {}

    /**
     * The inbox.
     *
     * @return an empty inbox
     */
    @Bean
    public DevInbox devInbox() {
        return new DevInbox(Clock.systemUTC());
    }

    /**
     * E-mail into the inbox.
     *
     * @param inbox the inbox
     * @return the channel
     */
    @Bean
    public EmailChannel devInboxEmail(DevInbox inbox) {
        return inbox.email();
    }

    /**
     * SMS into the inbox.
     *
     * @param inbox the inbox
     * @return the channel
     */
    @Bean
    public SmsChannel devInboxSms(DevInbox inbox) {
        return inbox.sms();
    }

    /**
     * Push into the inbox.
     *
     * @param inbox the inbox
     * @return the channel
     */
    @Bean
    public PushChannel devInboxPush(DevInbox inbox) {
        return inbox.push();
    }

    /** The dev inbox page: every message, newest first; found by component scanning, in profile {@code demo} only. */
    @Controller
    @Profile("demo")
    public static final class InboxPage {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Budapest"));

        private final DevInbox inbox;

        /**
         * Creates the page.
         *
         * @param inbox the inbox
         */
        public InboxPage(DevInbox inbox) {
            this.inbox = inbox;
        }

        /**
         * Renders the inbox.
         *
         * @param request the request
         * @param response the response, for the language cookie
         * @return the page
         */
        @GetMapping(path = "/dev/inbox", produces = MediaType.TEXT_HTML_VALUE)
        @ResponseBody
        public String inbox(HttpServletRequest request, HttpServletResponse response) {
            String lang = Html.lang(request, response);
            response.setHeader("Cache-Control", "no-store");
            StringBuilder b = new StringBuilder();
            b.append("<h1>")
                    .append(Html.esc(Texts.get(lang, "inbox.title")))
                    .append("</h1><p>")
                    .append(Html.esc(Texts.get(lang, "inbox.hint")))
                    .append(" <a href=\"/dev/inbox\">")
                    .append(Html.esc(Texts.get(lang, "reload")))
                    .append("</a></p>");
            var messages = inbox.messages();
            if (messages.isEmpty()) {
                b.append("<p id=\"inbox-empty\">")
                        .append(Html.esc(Texts.get(lang, "inbox.empty")))
                        .append("</p>");
            }
            b.append("<ol class=\"inbox\" id=\"inbox\">");
            for (DevInbox.Message m : messages) {
                b.append("<li><article class=\"msg\" data-id=\"")
                        .append(m.id())
                        .append("\" data-kind=\"")
                        .append(m.kind())
                        .append("\" data-to=\"")
                        .append(Html.esc(m.to()))
                        .append("\"><h2><span class=\"kind\">")
                        .append(m.kind())
                        .append("</span> ")
                        .append(Html.esc(Texts.get(lang, "inbox.to")))
                        .append(" <span class=\"to\">")
                        .append(Html.esc(m.to()))
                        .append("</span> <time>")
                        .append(TIME.format(m.at()))
                        .append("</time></h2>");
                if (!m.subject().isEmpty()) {
                    b.append("<p class=\"subject\"><strong>")
                            .append(Html.esc(m.subject()))
                            .append("</strong></p>");
                }
                b.append("<pre class=\"text\">").append(Html.esc(m.text())).append("</pre></article></li>");
            }
            b.append("</ol>");
            return Html.page(
                    lang,
                    Texts.get(lang, "inbox.title"),
                    "/dev/inbox",
                    "<a href=\"/\">" + Html.esc(Texts.get(lang, "clinic")) + "</a>",
                    b.toString());
        }
    }
}
