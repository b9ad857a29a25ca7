package dev.patientportal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.StaffId;
import dev.patientportal.testkit.TestPatients;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An export of 200 MB of document content in a JVM whose whole heap is smaller than that (the module's surefire fork
 * runs with {@code -Xmx80m}): if the archive held any document whole in memory, or the whole archive, the test would
 * fail with {@link OutOfMemoryError}. The archive goes through a pipe to a reader that checks it as it comes, so
 * nothing of its size exists anywhere but in the stream.
 */
@DisplayName("A large export streams")
class LargeExportTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final int DOCUMENTS = 2;

    /** Deterministic content of any length, made as it is read; holds nothing but a position. */
    static final class Generated extends InputStream {
        private final long length;
        private final int seed;
        private long position;

        Generated(long length, int seed) {
            this.length = length;
            this.seed = seed;
        }

        private byte at(long i) {
            long x = (i + seed) * 0x9E3779B97F4A7C15L;
            return (byte) ((x >>> 29) ^ (i >>> 10));
        }

        @Override
        public int read() {
            return position < length ? at(position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int k = 0; k < n; k++) {
                b[off + k] = at(position++);
            }
            return n;
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("200 MB of documents go into the archive with a heap smaller than one document")
    void twoHundredMegabytes() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the fork's heap bound (-Xmx80m in portal-export's pom) is below one document's size")
                .isLessThan(SIZE / DOCUMENTS);
        InstitutionId clinic = InstitutionId.of("clinic-1");
        PatientId patient = PatientId.of("patient-1");
        Instant at = Instant.parse("2026-03-02T08:00:00Z");
        AtomicInteger opened = new AtomicInteger();
        String[] expected = new String[DOCUMENTS];
        List<ExportedDocument> documents = new java.util.ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            long length = SIZE / DOCUMENTS;
            int seed = i;
            expected[i] = sha256(new Generated(length, seed));
            Document d = new Document(
                    DocumentId.of("doc-" + i),
                    clinic,
                    patient,
                    DocumentType.of("IMAGING"),
                    "scan-" + i + ".dcm",
                    "application/octet-stream",
                    length,
                    expected[i],
                    DocumentState.VISIBLE,
                    at,
                    StaffId.of("staff-1"),
                    at,
                    1);
            documents.add(new ExportedDocument(d, () -> {
                opened.incrementAndGet();
                return new Generated(length, seed);
            }));
        }
        PatientRecord record = new PatientRecord(
                PatientRecord.Scope.PATIENT,
                at,
                clinic,
                patient,
                null,
                TestPatients.next(clinic, patient),
                List.of(),
                List.of(),
                documents,
                List.of(),
                List.of());

        PipedInputStream in = new PipedInputStream(1024 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                ExportArchive.write(record, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        java.util.Map<String, String> digests = new java.util.LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                CountingStream counted = new CountingStream(zip);
                digests.put(e.getName(), sha256(new NonClosing(counted)));
                total += counted.count;
            }
            // The entries end where the central directory starts, which the writer may still be writing: read the
            // pipe to its end before closing it, or the writer fails with "Pipe closed" (a race under load).
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The pipe broke because the writer failed (an OutOfMemoryError when it holds a document whole): say so.
            writer.join();
            throw e;
        }
        writer.join();

        assertThat(opened).hasValue(DOCUMENTS);
        assertThat(digests.get("documents/doc-0-scan-0.dcm")).isEqualTo(expected[0]);
        assertThat(digests.get("documents/doc-1-scan-1.dcm")).isEqualTo(expected[1]);
        assertThat(digests).containsKeys("fhir/bundle.json", "documents.json", "manifest.json");
        assertThat(total).isGreaterThan(SIZE);
    }

    /** Counts what passes. */
    static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Leaves the ZIP stream open when one entry's digest is done. */
    static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {}
    }
}
