package dev.patientportal.core;

import org.jspecify.annotations.Nullable;

/**
 * What page of a patient's documents to list: newest first, optionally of one type.
 *
 * @param type only documents of this type, or {@code null} for all
 * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
 * @param limit the page size, 1 to 100
 */
public record DocumentFilter(
        @Nullable DocumentType type, @Nullable String cursor, int limit) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 20;

    /** The largest page size. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the page size.
     *
     * @param type only documents of this type, or {@code null} for all
     * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
     * @param limit the page size, 1 to 100
     * @throws ValidationException naming {@code limit} when it is outside 1 to 100
     */
    public DocumentFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    /**
     * The first page of all documents, {@value #DEFAULT_LIMIT} per page.
     *
     * @return the filter
     */
    public static DocumentFilter firstPage() {
        return new DocumentFilter(null, null, DEFAULT_LIMIT);
    }

    /**
     * The first page of documents of one type.
     *
     * @param type the document type
     * @return the filter
     */
    public static DocumentFilter ofType(DocumentType type) {
        return new DocumentFilter(type, null, DEFAULT_LIMIT);
    }

    /**
     * The page after a cursor, with the same type and size.
     *
     * @param nextCursor the previous page's {@link Page#nextCursor()}
     * @return the filter
     */
    public DocumentFilter after(String nextCursor) {
        return new DocumentFilter(type, nextCursor, limit);
    }

    /**
     * The same filter with another page size.
     *
     * @param newLimit the page size
     * @return the filter
     */
    public DocumentFilter withLimit(int newLimit) {
        return new DocumentFilter(type, cursor, newLimit);
    }
}
