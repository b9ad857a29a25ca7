package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** No silent UTC: an institution names its zone, and every time in a message carries the zone's name or offset. */
class ZoneInMessagesTest {
    private static InstitutionSettings in(ZoneId zone) {
        return InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                .zone(zone)
                .build();
    }

    @Test
    @DisplayName("institution settings without a zone are refused, naming zone(ZoneId)")
    void theZoneIsRequired() {
        assertThatThrownBy(() -> InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zone(ZoneId)");
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the last Sunday of October 2026 in Budapest: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice
                "2026-10-25T00:30:00Z | hu | 2026. okt. 25. 2:30 CEST",
                "2026-10-25T01:30:00Z | hu | 2026. okt. 25. 2:30 CET",
                "2026-10-25T00:30:00Z | en | Oct 25, 2026, 2:30 AM CEST",
                "2026-10-25T01:30:00Z | en | Oct 25, 2026, 2:30 AM CET",
                "2026-10-25T01:30:00Z | es | 25 oct 2026 2:30 CET"
            })
    @DisplayName("the repeated hour of the fall-back night reads one way only")
    void theFallBackHourIsToldApart(String instant, String language, String expected) {
        assertThat(MessageRenderer.formatStart(
                        instant, in(ZoneId.of("Europe/Budapest")), Locale.forLanguageTag(language)))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("a fixed zone shows its name too, so UTC is never implied")
    void aFixedZoneIsNamed() {
        assertThat(MessageRenderer.formatStart("2026-10-25T01:30:00Z", in(ZoneOffset.UTC), Locale.ENGLISH))
                .endsWith("1:30 AM GMT");
        assertThat(MessageRenderer.formatStart("2026-10-25T01:30:00Z", in(ZoneId.of("UTC")), Locale.ENGLISH))
                .endsWith("1:30 AM UTC");
    }
}
