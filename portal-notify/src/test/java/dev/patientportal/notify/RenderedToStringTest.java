package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RenderedToStringTest {
    @Test
    @DisplayName("rendered messages keep their text, which may hold a login code, out of toString")
    void renderedMessagesAreRedacted() {
        String text = "Your code is 482913";
        assertThat(new RenderedEmail(Locale.ENGLISH, "Code 482913", text, "<p>" + text + "</p>").toString())
                .doesNotContain("482913");
        assertThat(new RenderedSms(Locale.ENGLISH, text, SmsSegments.count(text)).toString())
                .doesNotContain("482913")
                .contains("segments");
        assertThat(new RenderedPush(Locale.ENGLISH, "Code 482913", text).toString())
                .doesNotContain("482913");
    }
}
