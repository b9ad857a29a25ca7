package dev.patientportal.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the clinic accepts as a document upload. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * DocumentPolicy policy = DocumentPolicy.builder()
 *         .maxSizeBytes(10 * 1024 * 1024)
 *         .allowedMediaTypes(Set.of("application/pdf", "image/jpeg"))
 *         .documentTypes(Set.of(DocumentType.of("LAB_RESULT"), DocumentType.of("DISCHARGE")))
 *         .build();
 * }</pre>
 *
 * @param maxSizeBytes the largest content accepted
 * @param allowedMediaTypes media types accepted, as detected from the content
 * @param documentTypes the institution's document type codes; empty accepts any code
 */
public record DocumentPolicy(long maxSizeBytes, Set<String> allowedMediaTypes, Set<DocumentType> documentTypes) {
    /** The default size limit: 20 MiB. */
    public static final long DEFAULT_MAX_SIZE = 20L * 1024 * 1024;

    /** The default media types: PDF, PNG, JPEG and plain text. */
    public static final Set<String> DEFAULT_MEDIA_TYPES =
            Set.of("application/pdf", "image/png", "image/jpeg", "text/plain");

    /**
     * Checks the settings and copies the sets.
     *
     * @param maxSizeBytes the largest content accepted
     * @param allowedMediaTypes media types accepted, as detected from the content
     * @param documentTypes the institution's document type codes; empty accepts any code
     * @throws IllegalArgumentException naming every invalid setting
     */
    public DocumentPolicy {
        allowedMediaTypes = Set.copyOf(allowedMediaTypes);
        documentTypes = Set.copyOf(documentTypes);
        List<String> problems = problems(maxSizeBytes, allowedMediaTypes);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid DocumentPolicy: " + String.join("; ", problems));
        }
    }

    private static List<String> problems(long maxSizeBytes, Set<String> allowedMediaTypes) {
        List<String> problems = new ArrayList<>();
        if (maxSizeBytes < 1 || maxSizeBytes > 1024L * 1024 * 1024) {
            problems.add("maxSizeBytes must be between 1 byte and 1 GiB");
        }
        if (allowedMediaTypes.isEmpty()) {
            problems.add("allowedMediaTypes must not be empty");
        }
        return problems;
    }

    /**
     * The default policy: 20 MiB, PDF, PNG, JPEG and plain text, any document type code.
     *
     * @return the default policy
     */
    public static DocumentPolicy defaults() {
        return builder().build();
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether a document type code is accepted.
     *
     * @param type the code
     * @return {@code true} when accepted
     */
    public boolean accepts(DocumentType type) {
        return documentTypes.isEmpty() || documentTypes.contains(type);
    }

    /** Builds a {@link DocumentPolicy}; {@link #build()} checks every setting and reports all problems at once. */
    public static final class Builder {
        private long maxSizeBytes = DEFAULT_MAX_SIZE;
        private Set<String> allowedMediaTypes = DEFAULT_MEDIA_TYPES;
        private Set<DocumentType> documentTypes = Set.of();

        private Builder() {}

        /**
         * Sets the largest content accepted (default 20 MiB, at most 1 GiB). Uploads are buffered in memory up to this
         * size while they are checked, so keep it modest.
         *
         * @param max bytes
         * @return this builder
         */
        public Builder maxSizeBytes(long max) {
            this.maxSizeBytes = max;
            return this;
        }

        /**
         * Sets the media types accepted, as detected from the content.
         *
         * @param types media types such as {@code application/pdf}
         * @return this builder
         */
        public Builder allowedMediaTypes(Set<String> types) {
            this.allowedMediaTypes = new LinkedHashSet<>(types);
            return this;
        }

        /**
         * Sets the institution's document type codes; empty accepts any code.
         *
         * @param types the codes
         * @return this builder
         */
        public Builder documentTypes(Set<DocumentType> types) {
            this.documentTypes = new LinkedHashSet<>(types);
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException naming every invalid setting
         */
        public DocumentPolicy build() {
            List<String> problems = problems(maxSizeBytes, allowedMediaTypes);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid DocumentPolicy: " + String.join("; ", problems));
            }
            return new DocumentPolicy(maxSizeBytes, allowedMediaTypes, documentTypes);
        }
    }
}
