package dev.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadChecksTest {
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        '\r',
        '\n',
        0x1a,
        '\n',
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        8,
        6,
        0,
        0,
        0,
        0x1f,
        0x15,
        (byte) 0xc4,
        (byte) 0x89
    };
    static final byte[] ZIP = {
        'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    static final byte[] HTML = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);

    @Test
    @DisplayName("media types come from the bytes, not from a name or a claim")
    void detectsFromBytes() {
        assertThat(MediaTypes.detect(PDF)).isEqualTo("application/pdf");
        assertThat(MediaTypes.detect(PNG)).isEqualTo("image/png");
        assertThat(MediaTypes.detect(ZIP)).isEqualTo("application/zip");
        assertThat(MediaTypes.detect(HTML)).isEqualTo("text/html");
    }

    @Test
    @DisplayName("a type outside the allowed set, or a declared type that disagrees, is refused")
    void checksAllowedAndDeclared() {
        Set<String> allowed = Set.of("application/pdf", "image/png");
        assertThat(MediaTypes.detectAndCheck(PDF, "application/pdf; charset=binary", allowed))
                .isEqualTo("application/pdf");
        assertThat(MediaTypes.detectAndCheck(PDF, null, allowed)).isEqualTo("application/pdf");
        assertThatThrownBy(() -> MediaTypes.detectAndCheck(HTML, "application/pdf", allowed))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("mediaType"));
        assertThatThrownBy(() -> MediaTypes.detectAndCheck(PDF, "image/png", allowed))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("mediaType"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lelet.pdf", "Lelet_árvíztűrő tükörfúrógép.pdf", "résultat (1).png", "検査結果.pdf"})
    @DisplayName("ordinary file names in any script are accepted")
    void acceptsOrdinaryNames(String name) {
        assertThat(FileNames.checkSafe(name))
                .isEqualTo(java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../etc/passwd",
                "a/b.pdf",
                "a\\b.pdf",
                ".htaccess",
                "x.pdf.",
                "C:evil.pdf",
                "a\u0000.pdf",
                "a\r\nSet-Cookie: x.pdf",
                "rtl\u202Efdp.exe",
                "a;b.pdf",
                "",
                "   "
            })
    @DisplayName("paths, control and invisible characters, leading dots and separators are refused")
    void refusesUnsafeNames(String name) {
        assertThatThrownBy(() -> FileNames.checkSafe(name))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("fileName"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CON",
                "con.pdf",
                "Prn.txt",
                "AUX",
                "nul.tar.gz",
                "COM1.pdf",
                "com9",
                "LPT1",
                "lpt9.png",
                "COM0.pdf",
                "LPT\u00b2.pdf",
                "CONIN$.txt",
                "con .pdf",
                "result.pdf.exe",
                "result.PDF.Exe",
                "a.pdf.scr",
                "b.txt.bat",
                "c.png.cmd",
                "d.pdf.js",
                "e.pdf .exe",
                "f.jpg.vbs",
                "g.pdf.ps1"
            })
    @DisplayName("Windows device names and double extensions ending in an executable type are refused")
    void refusesDeviceNamesAndExecutableDoubleExtensions(String name) {
        assertThatThrownBy(() -> FileNames.checkSafe(name)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("fileName");
            assertThat(e.getMessage()).doesNotContain(name);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "console.pdf",
                "control.txt",
                "com10.pdf",
                "lpt.pdf",
                "auxiliary.png",
                "nullable.pdf",
                "setup.exe",
                "v1.2.pdf",
                "2026.03.02 lelet.pdf",
                "Dr. Kovács lelete.pdf",
                "परीक्षा.pdf",
                "Tiếng Việt.pdf",
                "e\u0301.pdf",
                "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd.pdf"
            })
    @DisplayName("names that only resemble device names, single executable extensions and ordinary marks pass the "
            + "name check")
    void acceptsLookalikes(String name) {
        assertThat(FileNames.checkSafe(name)).isNotEmpty();
    }

    @Test
    @DisplayName("floods of combining marks are refused, in one run or spread over the letters")
    void refusesCombiningMarkFloods() {
        for (String name : new String[] {
            "a" + "\u0301".repeat(150) + ".pdf",
            "a\u0301\u0302\u0303\u0304\u0305.pdf",
            "z\u0336\u0335\u0334a\u0336\u0335\u0334l\u0336\u0335\u0334g\u0336\u0335\u0334o.pdf"
        }) {
            assertThatThrownBy(() -> FileNames.checkSafe(name))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("fileName"));
        }
    }

    @Test
    @DisplayName("over-long names are refused")
    void refusesLongNames() {
        assertThatThrownBy(() -> FileNames.checkSafe("a".repeat(197) + ".pdf")).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("a cursor round-trips a keyset position, and a forged one is a validation error")
    void cursors() {
        Document d = new Document(
                DocumentId.of("doc-7"),
                InstitutionId.of("c"),
                PatientId.of("p"),
                DocumentType.of("LAB"),
                "a.pdf",
                "application/pdf",
                1,
                "00",
                DocumentState.VISIBLE,
                Instant.parse("2026-01-02T03:04:05.123456Z"),
                StaffId.of("s"),
                Instant.EPOCH,
                1);
        var position = Cursors.decode(Cursors.after(d));
        assertThat(position).isNotNull();
        assertThat(position.createdAt()).isEqualTo(d.createdAt());
        assertThat(position.id()).isEqualTo(d.id());
        assertThat(Cursors.decode(null)).isNull();
        for (String forged : new String[] {"!!", "bm9wZQ", "MjAyNi0wMS0wMnxkb2MgNw", "x".repeat(500)}) {
            assertThatThrownBy(() -> Cursors.decode(forged))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }
}
