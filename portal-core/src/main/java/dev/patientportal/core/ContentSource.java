package dev.patientportal.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a document's bytes come from: an upload's, which the portal opens once, reads at most the configured size limit
 * plus one byte of, and closes; or an exported document's ({@link ExportedDocument#content()}), which opens the stored
 * bytes as a stream each time it is called.
 */
@FunctionalInterface
public interface ContentSource {
    /**
     * Opens the content. Called once per upload, on the caller's thread.
     *
     * @return a fresh stream; the portal closes it
     * @throws IOException if the content cannot be read; reported as a {@link ValidationException} on {@code content}
     */
    InputStream open() throws IOException;

    /**
     * Content held in memory.
     *
     * @param bytes the content; not copied, so do not change it afterwards
     * @return the source
     */
    static ContentSource ofBytes(byte[] bytes) {
        java.util.Objects.requireNonNull(bytes, "bytes");
        return () -> new ByteArrayInputStream(bytes);
    }

    /**
     * Content in a file.
     *
     * @param path the file
     * @return the source
     */
    static ContentSource ofPath(Path path) {
        java.util.Objects.requireNonNull(path, "path");
        return () -> Files.newInputStream(path);
    }
}
