package dev.patientportal.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * An opened document: its metadata and a stream of its bytes. Close it when done.
 *
 * @param document the metadata
 * @param stream the bytes
 */
public record DocumentContent(Document document, InputStream stream) implements AutoCloseable {
    /**
     * Checks the fields.
     *
     * @param document the metadata
     * @param stream the bytes
     */
    public DocumentContent {
        java.util.Objects.requireNonNull(document, "document");
        java.util.Objects.requireNonNull(stream, "stream");
    }

    /**
     * Reads every byte; for small documents and tests.
     *
     * @return the content
     * @throws TemporaryFailureException if the content store fails while reading
     */
    public byte[] readAllBytes() {
        try (InputStream in = stream) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TemporaryFailureException("Reading document content failed", e);
        }
    }

    /** Closes the stream. */
    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new TemporaryFailureException("Closing document content failed", e);
        }
    }
}
