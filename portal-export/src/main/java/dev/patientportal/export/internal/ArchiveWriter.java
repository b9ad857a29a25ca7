package dev.patientportal.export.internal;

import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.PatientRecord;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes one record's archive; see {@code ExportArchive}. */
public final class ArchiveWriter {
    private static final int BUFFER = 64 * 1024;
    private final PatientRecord record;
    private final boolean fhir;

    /** What was written of one document. */
    record WrittenDocument(ExportedDocument document, String path, long size, String sha256, String sha1) {}

    /**
     * A writer for one record.
     *
     * @param record the record
     * @param fhir whether to add the FHIR bundle (HAPI must be on the class path)
     */
    public ArchiveWriter(PatientRecord record, boolean fhir) {
        this.record = record;
        this.fhir = fhir;
    }

    /**
     * Whether HAPI FHIR's R4 structures and base are on the class path.
     *
     * @return {@code true} when they are
     */
    public static boolean fhirOnClassPath() {
        ClassLoader loader = ArchiveWriter.class.getClassLoader();
        try {
            Class.forName("ca.uhn.fhir.context.FhirContext", false, loader);
            Class.forName("org.hl7.fhir.r4.model.Bundle", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Writes the archive to {@code out}, finishing the ZIP without closing {@code out}.
     *
     * @param out the target
     * @throws IOException when writing or reading a document fails
     */
    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new KeepOpen(out));
        List<String> files = new ArrayList<>();
        List<WrittenDocument> written = new ArrayList<>();
        for (ExportedDocument d : record.documents()) {
            String path = "documents/" + safe(d.document().id().value()) + "-"
                    + safe(d.document().fileName());
            written.add(document(zip, d, path));
            files.add(path);
        }
        JsonFiles json = new JsonFiles(record, written);
        for (String name : JsonFiles.NAMES) {
            zip.putNextEntry(new ZipEntry(name));
            json.write(name, zip);
            zip.closeEntry();
            files.add(name);
        }
        if (fhir) {
            zip.putNextEntry(new ZipEntry(FhirBundle.PATH));
            FhirBundle.write(record, written, zip);
            zip.closeEntry();
            files.add(FhirBundle.PATH);
        }
        zip.putNextEntry(new ZipEntry(JsonFiles.MANIFEST));
        json.manifest(files, fhir, zip);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Streams one document into its entry, counting and hashing on the way; never holds it whole. */
    private static WrittenDocument document(ZipOutputStream zip, ExportedDocument d, String path) throws IOException {
        zip.putNextEntry(new ZipEntry(path));
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha1 = digest("SHA-1");
        long size = 0;
        try (InputStream in = d.content().open()) {
            DigestOutputStream both = new DigestOutputStream(new DigestOutputStream(new KeepOpen(zip), sha1), sha256);
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                both.write(buffer, 0, n);
                size += n;
            }
            both.flush();
        }
        zip.closeEntry();
        return new WrittenDocument(
                d,
                path,
                size,
                HexFormat.of().formatHex(sha256.digest()),
                HexFormat.of().formatHex(sha1.digest()));
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this JVM", e);
        }
    }

    /** An entry name part: letters, digits, dot, dash and underscore; anything else (a slash included) becomes _. */
    static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || (c == '.' && i > 0);
            b.append(ok ? c : '_');
        }
        String out = b.toString();
        return out.isEmpty() || out.toLowerCase(Locale.ROOT).equals("..") ? "_" : out;
    }

    /** Passes writes through; close only flushes, so Jackson, HAPI and the digests cannot close the archive. */
    static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
