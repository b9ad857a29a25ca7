package dev.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where each limit of the upload and argument checks falls, one character either side. */
class UploadCheckEdgesTest {

    @Test
    @DisplayName("a file name of 200 characters passes, 201 do not")
    void nameLength() {
        String name200 = "a".repeat(196) + ".pdf";
        assertThat(FileNames.checkSafe(name200)).isEqualTo(name200);
        assertThatThrownBy(() -> FileNames.checkSafe("a" + name200))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("fileName"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "x.pdf, pdf",
                "a.b, b",
                "a., none",
                ".pdf, none",
                "x.PDF, pdf",
                "f.az, az",
                "f.AZ, az",
                "f.a09, a09",
                "f.a-1, a-1",
                "f.2026, none",
                "f.a`, none",
                "f.a{, none",
                "f.a@, none",
                "f.a[, none",
                "f.a/, none",
                "f.a:, none",
                "f.abcdefghijklmnop, abcdefghijklmnop",
                "f.abcdefghijklmnopq, none",
                "lelet 2026.03, none"
            })
    void extensions(String name, String extension) {
        assertThat(FileNames.extension(name)).isEqualTo(extension);
    }

    @Test
    @DisplayName("four combining marks in a row pass, five do not; marks may equal, not outnumber, other characters")
    void combiningMarks() {
        String mark = "\u0301"; // x + acute has no precomposed form, so NFC keeps the mark
        assertThat(FileNames.checkSafe("xxxxx" + mark.repeat(4) + ".pdf")).startsWith("xxxxx");
        assertThatThrownBy(() -> FileNames.checkSafe("xxxxxx" + mark.repeat(5) + ".pdf"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("stack");
        assertThat(FileNames.checkSafe("x" + mark + ".pdf")).isEqualTo("x" + mark + ".pdf");
        assertThatThrownBy(() -> FileNames.checkSafe("x" + mark + mark + ".pdf"))
                .as("the dot before the extension is not a letter of the stem")
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("more combining marks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<svg>", "text <svg/>", "<SVG\n", "<svg"})
    void svgIsFound(String text) {
        assertThat(MediaTypes.markup(bytes(text))).isEqualTo("image/svg+xml");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            delimiter = '|',
            value = {
                "plain text, no tags|none",
                "<svgx>|none",
                "<1svg>|none",
                "< svg>|none",
                "a<b|none",
                "<a href=x>|text/html",
                "<html>|text/html",
                "x<script>|text/html",
                "<!doctype html>|text/html",
                "<iframe/>|text/html",
                "<htm>|none",
                "<html-x>|none",
                "<html:x>|none",
                "<?xml version='1.0'?>|application/xml",
                "<!ENTITY x 'y'>|application/xml",
                "<xsl:stylesheet>|application/xml",
                "<zz9:a>|none",
                "<a0>|none",
                "<a9>|none",
                "<!-- comment -->|none"
            })
    void markup(String text, String type) {
        assertThat(MediaTypes.markup(bytes(text))).isEqualTo(type);
    }

    @Test
    @DisplayName("UTF-16 text is read as UTF-16 when its byte order mark says so, either way round")
    void utf16() {
        byte[] be = "\uFEFF<script>".getBytes(StandardCharsets.UTF_16BE);
        byte[] le = "\uFEFF<script>".getBytes(StandardCharsets.UTF_16LE);
        assertThat(be[0] & 0xff).isEqualTo(0xfe);
        assertThat(le[0] & 0xff).isEqualTo(0xff);
        assertThat(MediaTypes.markup(be)).isEqualTo("text/html");
        assertThat(MediaTypes.markup(le)).isEqualTo("text/html");
        assertThat(MediaTypes.markup("<script>".getBytes(StandardCharsets.UTF_16BE)))
                .as("no mark: byte by byte")
                .isNull();
    }

    @Test
    @DisplayName("the name helps detection: comma-separated values named .csv are text/csv, not text/plain")
    void nameHelpsDetection() {
        byte[] csv = "id,value\n1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MediaTypes.detect(csv, "values.csv")).isEqualTo("text/csv");
        assertThat(MediaTypes.detect(csv, null)).isEqualTo("text/plain");
        assertThat(MediaTypes.check(csv, "values.csv", null, Set.of("text/plain", "text/csv"))
                        .mediaType())
                .isEqualTo("text/csv");
    }

    @Test
    @DisplayName("extensions of a type: the portal's own list first, then Tika's registry, none for an unknown type")
    void extensionsOfTypes() {
        assertThat(MediaTypes.extensions("application/pdf")).containsExactly("pdf");
        assertThat(MediaTypes.extensions("text/csv")).contains("csv").allMatch(e -> !e.startsWith("."));
        assertThat(MediaTypes.extensions("application/x-no-such-type")).isEmpty();
    }

    @Test
    @DisplayName("argument checks return what they accepted and refuse one past each limit")
    void checks() {
        assertThat(Checks.identifier("key", "abc-1")).isEqualTo("abc-1");
        assertThat(Checks.text("reason", "x".repeat(5), 5)).isEqualTo("xxxxx");
        assertThatThrownBy(() -> Checks.text("reason", "x".repeat(6), 5)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Checks.text("reason", " ", 5)).isInstanceOf(ValidationException.class);
        assertThat(Checks.positive("ttl", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> Checks.positive("ttl", Duration.ZERO)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Checks.positive("ttl", Duration.ofSeconds(-1)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Checks.positive("ttl", null)).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("booking confirmations remember the last 4096 reservations")
    void confirmationsCapacity() {
        BookingConfirmations confirmations = new BookingConfirmations();
        InstitutionId clinic = InstitutionId.of("c1");
        for (int i = 0; i < 4096; i++) {
            assertThat(confirmations.claim(clinic, ReservationId.of("r" + i))).isTrue();
        }
        assertThat(confirmations.claim(clinic, ReservationId.of("r0")))
                .as("still remembered")
                .isFalse();
        assertThat(confirmations.claim(clinic, ReservationId.of("r4096"))).isTrue();
        assertThat(confirmations.claim(clinic, ReservationId.of("r0")))
                .as("the eldest was dropped")
                .isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
