package dev.patientportal.testkit.behaviour;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TajNumber;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Sample data for the behaviour tests: real tiny files, fake patients, fresh ids. */
final class Samples {
    private Samples() {}

    /** A minimal, well-formed PDF 1.4 file. */
    static final byte[] PDF = ("%PDF-1.4\n"
                    + "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                    + "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** A 1x1 PNG: signature, IHDR, IDAT, IEND. */
    static final byte[] PNG = HexFormat.of()
            .parseHex("89504e470d0a1a0a"
                    + "0000000d49484452000000010000000108060000001f15c489"
                    + "0000000d49444154789c6360000002000100ffff03000006000557bfabd4"
                    + "0000000049454e44ae426082");

    /** The start of a Windows executable. */
    static final byte[] EXE = withPadding("MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000", 256);

    /** The start of a ZIP archive. */
    static final byte[] ZIP = withPadding("PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000", 128);

    /** An HTML page. */
    static final byte[] HTML = ("<!DOCTYPE html>\n<html><head><title>x</title></head>"
                    + "<body><script>alert(1)</script></body></html>\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** SVG markup with a script handler and no XML declaration or namespace: Tika's magic alone sees plain text. */
    static final byte[] SVG = "<svg onload=\"alert(1)\"><circle r=\"5\"/></svg>\n".getBytes(StandardCharsets.US_ASCII);

    /** A file that is a PDF to a PDF reader and a page with a script to a browser. */
    static final byte[] PDF_HTML_POLYGLOT = ("%PDF-1.4\n"
                    + "<html><body><script>alert(document.domain)</script></body></html>\n"
                    + "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                    + "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** Plain text of at least {@code textBytes} bytes, then an HTML page with a script. */
    static byte[] textThenScript(int textBytes) {
        StringBuilder text = new StringBuilder();
        while (text.length() < textBytes) {
            text.append("Hemoglobin 140 g/L, leukocytes 6.1 G/L, all within the reference range.\n");
        }
        return (text + "<html><body><script>alert(1)</script></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    static InstitutionId institution() {
        return InstitutionId.of("inst-" + UUID.randomUUID());
    }

    static PatientId patient() {
        return PatientId.of("pat-" + UUID.randomUUID());
    }

    static PatientProfile profile(
            InstitutionId institution,
            PatientId patient,
            @Nullable EmailAddress email,
            @Nullable PhoneNumber phone,
            @Nullable TajNumber taj) {
        return new PatientProfile(
                institution, patient, "Test", "Patient", null, email, phone, taj, null, Locale.ENGLISH);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PDF padded with a comment to exactly {@code size} bytes. */
    static byte[] pdfOfSize(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PDF);
        out.writeBytes("%".getBytes(StandardCharsets.US_ASCII));
        while (out.size() < size) {
            out.write('x');
        }
        return out.toByteArray();
    }

    /** Every string value of the events' details, to look for personal data. */
    static List<String> detailValues(List<AuditEvent> events) {
        return events.stream().flatMap(e -> e.details().values().stream()).toList();
    }

    private static byte[] withPadding(String head, int size) {
        byte[] bytes = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(h, 0, bytes, 0, h.length);
        return bytes;
    }
}
